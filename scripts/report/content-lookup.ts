import path from 'node:path';
import { openIndex, SelfserveIndexError, type HelpIndex, type IndexLoader } from '../../src/node/index.ts';
import { buildIndex } from '../build/build-index.ts';
import { compileContent } from '../build/compile.ts';
import { layoutOutput } from '../build/layout.ts';
import { Diagnostics, formatDiagnostic } from '../diagnostics.ts';
import { ReportError } from './report-error.ts';

/**
 * A wording "already matches" an article when the article is among the first results a visitor
 * sees for it: lower down, it is as good as missing.
 */
export const MATCH_RANK = 3;

/** An article as the report shows it, and where `--apply` writes. */
export interface ArticleFacts {
  title: string;
  /** Absolute path of its markdown file (with `--content` only). */
  file?: string;
  /** Relative to the content folder. */
  relPath?: string;
  /** Its current aliases (with `--content` only: the index does not publish them). */
  aliases?: string[];
}

/** What the report asks of the help center: the project's own search, as visitors get it. */
export interface ContentLookup {
  article(slug: string, locale?: string): Promise<ArticleFacts | undefined>;
  /** Whether a search for `wording` shows `slug` among the first `MATCH_RANK` results. */
  matches(wording: string, slug: string, locale?: string): Promise<boolean>;
  /** Whether a search for `query` finds anything, an article or a defined term. */
  finds(query: string, locale?: string): Promise<boolean>;
}


/** Opens one index per language on first use. */
function lookupOver(open: (locale?: string) => Promise<HelpIndex>, files?: Map<string, ArticleFacts>): ContentLookup {
  const indexes = new Map<string, Promise<HelpIndex>>();
  const index = (locale = '') => {
    if (!indexes.has(locale)) indexes.set(locale, open(locale || undefined));
    return indexes.get(locale)!;
  };
  return {
    async article(slug, locale) {
      const meta = await (await index(locale)).get(slug);
      if (!meta) return undefined;
      return { ...files?.get(`${meta.locale}\0${slug}`), title: meta.title };
    },
    async matches(wording, slug, locale) {
      const { results } = await (await index(locale)).search(wording, { limit: MATCH_RANK, excerpts: false });
      return results.some((r) => r.slug === slug);
    },
    async finds(query, locale) {
      const response = await (await index(locale)).search(query, { limit: 1, excerpts: false });
      return response.results.length > 0 || response.answer !== undefined;
    },
  };
}

/** `--index <dir>`: a folder written by `selfserve build`. */
export async function lookupIndex(dir: string): Promise<ContentLookup> {
  try {
    await openIndex(dir);
  } catch (error) {
    if (error instanceof SelfserveIndexError) throw new ReportError(error.message);
    throw error;
  }
  return lookupOver((locale) => openIndex(dir, { locale }));
}

/** `--content <dir>`: the articles, compiled and indexed in memory exactly as `selfserve build` would. */
export async function lookupContent(dir: string): Promise<ContentLookup> {
  const diagnostics = new Diagnostics();
  const contentDir = path.resolve(dir);
  const compiled = await compileContent(contentDir, diagnostics).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw new ReportError(`content folder ${dir} does not exist`);
    throw error;
  });
  if (diagnostics.errors) {
    const first = diagnostics.sorted().find((d) => d.severity === 'error');
    throw new ReportError(`the content in ${dir} has errors (run \`selfserve check ${dir}\`)${first ? `; the first: ${formatDiagnostic(first)}` : ''}`);
  }
  if (!compiled.articles.length) throw new ReportError(`no articles found in ${dir}`);
  const { files } = layoutOutput(buildIndex(compiled));
  const loader: IndexLoader = {
    locate: (file) => `(${dir}, compiled) ${file}`,
    async load(file) {
      const data = files.get(file);
      if (data === undefined) throw new SelfserveIndexError('missing', file, `${file} is not in the compiled index`);
      return data.toString();
    },
  };
  const facts = new Map<string, ArticleFacts>();
  for (const article of compiled.articles) {
    facts.set(`${article.locale}\0${article.slug}`, { title: article.frontmatter.title, file: article.file, relPath: article.relPath, aliases: article.frontmatter.aliases ?? [] });
  }
  return lookupOver((locale) => openIndex(loader, { locale }), facts);
}
