import { registerAllLanguages } from './all-languages.ts';
import { postingsOf, recordFields, type FieldName, type Postings, type RecordText } from '../../src/engine.ts';
import { bucketOf, compareTerms, type ArticleContent, type ArticleMeta, type ArticleSummary, type Glossary, type Shard } from '../../src/format.ts';
import type { LexedBody } from '../content/render-markdown.ts';
import type { Compiled, CompiledArticle } from './compile.ts';
import type { RecordFields } from './render-pool.ts';

/** The index of one language, ready to lay out as files. */
export interface LocaleParts {
  /** In article-number order: bucket by bucket. */
  meta: ArticleMeta[];
  contents: ArticleContent[];
  /** The first article number of each bucket. */
  bucketStarts: number[];
  shards: { from: string; shard: Shard }[];
  featured: ArticleSummary[];
  glossary?: Glossary;
  sectionCount: number;
}

/** What goes into the index files for a compiled content folder: one index per language. */
export interface IndexParts {
  assets: Map<string, Buffer>;
  defaultLocale: string;
  locales: Map<string, LocaleParts>;
}

// Articles per bucket: small buckets keep the metadata of a page of results small, and the floor
// grows with the help center so the files stay a few thousand (hosts limit file counts).
const MAX_BUCKETS = 2500;
const MIN_BUCKET_SIZE = 4;
// A shard closes once its JSON passes this size (about a third of it after gzip): a search loads
// whole shards, so smaller ones carry fewer words it does not need, at the cost of a longer list
// of them in the root. A word with more postings than that gets a shard of its own.
const SHARD_BYTES = 12 * 1024;
// Articles with `order:` offered before anything is typed, at most.
const FEATURED_BY_ORDER = 20;

/**
 * Builds one search index per language, split into shards and buckets, from compiled articles.
 * Records already tokenized (on the build's worker threads) are taken as they are.
 */
export function buildIndex({ articles, defaultLocale, assets, tokenized }: Compiled): IndexParts {
  registerAllLanguages();
  const byLocale = new Map<string, CompiledArticle[]>();
  const localesOf = new Map<string, string[]>();
  for (const article of articles) {
    if (!byLocale.has(article.locale)) byLocale.set(article.locale, []);
    byLocale.get(article.locale)!.push(article);
    if (!localesOf.has(article.slug)) localesOf.set(article.slug, []);
    localesOf.get(article.slug)!.push(article.locale);
  }
  const locales = new Map<string, LocaleParts>();
  for (const [locale, list] of [...byLocale].sort((a, b) => a[0].localeCompare(b[0]))) {
    locales.set(locale, buildLocaleIndex(list, locale, (slug) => localesOf.get(slug)!.filter((l) => l !== locale), tokenized));
  }
  // A help center written only in other languages: its largest one is the default.
  const fallback = [...byLocale].sort((a, b) => b[1].length - a[1].length)[0]?.[0] ?? defaultLocale;
  return { assets, defaultLocale: locales.has(defaultLocale) ? defaultLocale : fallback, locales };
}

export const bucketCount = (articles: number) => Math.max(1, Math.ceil(articles / Math.max(MIN_BUCKET_SIZE, Math.ceil(articles / MAX_BUCKETS))));

function buildLocaleIndex(compiled: CompiledArticle[], locale: string, translations: (slug: string) => string[], tokenized?: Map<CompiledArticle, RecordFields[]>): LocaleParts {
  // Article numbers go bucket by bucket, so a bucket is a range of them and a slug finds its bucket
  // by hash alone: the root needs no list of slugs.
  const buckets = bucketCount(compiled.length);
  const articles = compiled
    .map((article) => ({ article, bucket: bucketOf(article.slug, buckets) }))
    .sort((a, b) => a.bucket - b.bucket || compareTerms(a.article.slug, b.article.slug));
  const bucketStarts: number[] = [];
  for (let b = 0, i = 0; b < buckets; b++) {
    while (i < articles.length && articles[i].bucket < b) i++;
    bucketStarts.push(i);
  }

  const records: [number, Partial<Record<FieldName, string>>][] = [];
  const meta: ArticleMeta[] = [];
  const contents: ArticleContent[] = [];
  const glossary: Glossary['terms'] = [];
  let id = 0;
  for (const [number, { article }] of articles.entries()) {
    const fm = article.frontmatter;
    const { sections } = article.lexed;
    const terms = Object.entries(fm.terms ?? {}).map(([term, definition]) => ({ term, definition, anchor: sectionMentioning(sections, term) }));
    const fields = tokenized?.get(article) ?? articleRecords(article).map((text) => recordFields(text, locale));
    for (const record of fields) records.push([id++, record]);
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
      translations: otherLocales.length ? otherLocales : undefined,
      sections: sections.slice(1).map((s) => ({ anchor: s.heading!.anchor, heading: s.heading!.text, level: s.heading!.depth })),
    });
    contents.push({ slug: article.slug, title: fm.title, html: article.html, text: sections.map((s) => s.text) });
    for (const { term, definition, anchor } of terms) glossary.push({ term, definition, article: number, slug: article.slug, anchor });
  }
  return {
    meta,
    contents,
    bucketStarts,
    shards: splitShards(postingsOf(records)),
    featured: featured(meta),
    glossary: glossary.length ? { terms: glossary } : undefined,
    sectionCount: id,
  };
}

/** The text of an article's index records: section 0 (title, keywords, intro), then one per section. */
export function articleRecords(article: CompiledArticle): RecordText[] {
  const fm = article.frontmatter;
  const { sections } = article.lexed;
  return [
    { title: fm.title, keywords: [...(fm.aliases ?? []), ...(fm.tags ?? []), ...Object.keys(fm.terms ?? {})], body: [fm.description, sections[0].text].filter(Boolean).join('\n') },
    ...sections.slice(1).map((section) => ({ heading: section.heading!.text, body: section.text })),
  ];
}

/** Cuts the sorted terms into shards of about `SHARD_BYTES`, their id lists delta-encoded. */
function splitShards(postings: Postings): { from: string; shard: Shard }[] {
  const shards: { from: string; shard: Shard }[] = [];
  let current: Shard['terms'] = [];
  let bytes = 0;
  for (const term of [...postings.keys()].sort(compareTerms)) {
    // One id list per field, in `FIELD_NAMES` order.
    const entry = [term, ...postings.get(term)!.map(deltas)] as Shard['terms'][number];
    const size = JSON.stringify(entry).length;
    if (current.length && bytes + size > SHARD_BYTES) {
      shards.push({ from: shards.length ? current[0][0] : '', shard: { terms: current } });
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  shards.push({ from: shards.length ? current[0]?.[0] ?? '' : '', shard: { terms: current } });
  return shards;
}

const deltas = (ids: number[]) => ids.map((id, i) => (i ? id - ids[i - 1] : id));

/** Articles for suggestions: all that name pages, and the first few by `order`. */
function featured(meta: ArticleMeta[]): ArticleSummary[] {
  const summary = ({ slug, title, description, pages, order }: ArticleMeta): ArticleSummary => ({ slug, title, description, pages, order });
  const byOrder = meta.filter((m) => m.order !== undefined).sort((a, b) => a.order! - b.order! || compareTerms(a.slug, b.slug)).slice(0, FEATURED_BY_ORDER);
  const chosen = new Set([...meta.filter((m) => m.pages?.length), ...byOrder]);
  return meta.filter((m) => chosen.has(m)).map(summary);
}

/** The anchor of the first section that names a term in its heading, else in its text. */
function sectionMentioning(sections: LexedBody['sections'], term: string): string | undefined {
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'iu');
  const withHeading = sections.filter((s) => s.heading);
  const hit = withHeading.find((s) => pattern.test(s.heading!.text)) ?? withHeading.find((s) => pattern.test(s.text));
  return hit?.heading?.anchor;
}
