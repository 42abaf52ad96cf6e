import path from 'node:path';
import { compileContent } from '../build/compile.ts';
import { Diagnostics } from '../diagnostics.ts';

/** An article as every engine gets it: the same id, title and plain text. */
export interface Doc {
  id: string;
  title: string;
  /** Headings and text of every section, as plain text. */
  body: string;
}

/** Reads a content folder with Selfserve's own reader, so every engine indexes the same text. */
export async function loadCorpus(contentDir: string): Promise<Doc[]> {
  const compiled = await compileContent(path.resolve(contentDir), new Diagnostics());
  return compiled.articles
    .filter((a) => a.locale === compiled.defaultLocale)
    .map((a) => ({
      id: a.slug,
      title: a.frontmatter.title,
      body: [a.frontmatter.description, ...a.lexed.sections.map((s) => [s.heading?.text, s.text].filter(Boolean).join('\n'))].filter(Boolean).join('\n\n'),
    }));
}
