import { addRecord, createIndexes, exportIndexes } from '../../src/engine.ts';
import type { ArticleContent, ArticleMeta } from '../../src/format.ts';
import type { LexedBody } from '../content/render-markdown.ts';
import type { Compiled, CompiledArticle } from './compile.ts';

/** The index of one language. */
export interface LocaleParts {
  meta: ArticleMeta[];
  contents: ArticleContent[];
  index: ReturnType<typeof exportIndexes>;
  sectionCount: number;
}

/** What goes into the index files for a compiled content folder: one index per language. */
export interface IndexParts {
  assets: Map<string, Buffer>;
  defaultLocale: string;
  locales: Map<string, LocaleParts>;
}

/** Builds one search index per language, and the per-article content, from compiled articles. */
export function buildIndex({ articles, defaultLocale, assets }: Compiled): IndexParts {
  const byLocale = new Map<string, CompiledArticle[]>();
  for (const article of articles) byLocale.set(article.locale, [...(byLocale.get(article.locale) ?? []), article]);
  const localesOf = new Map<string, string[]>();
  for (const article of articles) localesOf.set(article.slug, [...(localesOf.get(article.slug) ?? []), article.locale]);
  const locales = new Map<string, LocaleParts>();
  for (const [locale, list] of [...byLocale].sort((a, b) => a[0].localeCompare(b[0]))) {
    locales.set(locale, buildLocaleIndex(list, locale, (slug) => localesOf.get(slug)!.filter((l) => l !== locale)));
  }
  return { assets, defaultLocale, locales };
}

function buildLocaleIndex(articles: CompiledArticle[], locale: string, translations: (slug: string) => string[]): LocaleParts {
  const indexes = createIndexes();
  const meta: ArticleMeta[] = [];
  const contents: ArticleContent[] = [];
  let id = 0;
  for (const article of articles) {
    const fm = article.frontmatter;
    const { sections } = article.lexed;
    const terms = Object.entries(fm.terms ?? {}).map(([term, definition]) => ({ term, definition, anchor: sectionMentioning(sections, term) }));
    addRecord(indexes, id++, {
      title: fm.title,
      keywords: [...(fm.aliases ?? []), ...(fm.tags ?? []), ...terms.map((t) => t.term)],
      body: [fm.description, sections[0].text].filter(Boolean).join('\n'),
    }, locale);
    for (const section of sections.slice(1)) addRecord(indexes, id++, { heading: section.heading!.text, body: section.text }, locale);
    const otherLocales = translations(article.slug);
    meta.push({
      slug: article.slug,
      title: fm.title,
      description: fm.description,
      tags: fm.tags,
      pages: fm.pages,
      terms: terms.length ? terms : undefined,
      related: fm.related,
      locale,
      order: fm.order,
      updated: fm.updated,
      // Named when the files are laid out.
      content: '',
      translations: otherLocales.length ? otherLocales : undefined,
      sections: sections.slice(1).map((s) => ({ anchor: s.heading!.anchor, heading: s.heading!.text, level: s.heading!.depth })),
    });
    contents.push({ slug: article.slug, title: fm.title, html: article.html, text: sections.map((s) => s.text) });
  }
  return { meta, contents, index: exportIndexes(indexes), sectionCount: id };
}

/** The anchor of the first section that names a term in its heading, else in its text. */
function sectionMentioning(sections: LexedBody['sections'], term: string): string | undefined {
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'iu');
  const withHeading = sections.filter((s) => s.heading);
  const hit = withHeading.find((s) => pattern.test(s.heading!.text)) ?? withHeading.find((s) => pattern.test(s.text));
  return hit?.heading?.anchor;
}
