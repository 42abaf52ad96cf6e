// zod/mini: the same validation as zod at a fraction of the size, since the widget ships this file.
import * as z from 'zod/mini';

/**
 * The files the build writes and the runtime reads (see docs/index-format.md). Every file the
 * runtime loads is validated against these schemas before use.
 *
 * A language's index is split so that a search downloads only what it needs: a small root, the
 * term shards holding the query's words, and one card for each article it shows. An article's
 * page (metadata and HTML) is in buckets, loaded when it is opened.
 */
export const FORMAT_VERSION = 8;

const count = z.int().check(z.nonnegative());
// Limits far beyond any real help center, so a tampered index cannot make the page allocate or
// lay out megabytes (a 2 MB title froze the page for 12 s; `sections: [150000000]` allocated 1 GB).
/** Text shown in a list or heading: titles, headings, descriptions, definitions. */
const shown = z.string().check(z.maxLength(4096, 'longer than 4096 characters'));
/** Names: slugs, anchors, terms, locales, `pages:` globs. */
const name = z.string().check(z.maxLength(512, 'longer than 512 characters'));
/** Sections of one article. */
const sectionCount = count.check(z.maximum(10_000, 'more than 10000 sections'));
/** A content hash in a file name: changes exactly when the file (or, for buckets and cards, any file of their block) does. */
const hash = z.string().check(z.regex(/^[0-9a-f]{8,64}$/));

/** The index of one language, as the manifest lists it. */
export const localeIndexSchema = z.object({
  /** Path of the language's root file, relative to the index folder. */
  root: z.string().check(z.minLength(1)),
  /** Its size: a larger file is refused. */
  bytes: count,
  articleCount: count,
  sectionCount: count,
  /**
   * The language's glossary (the same file as the root's `glossary`), listed here so pages that
   * explain terms in place load it without the root. A hash, not a path: a tampered manifest cannot
   * point pages at another file.
   */
  glossary: z.optional(z.object({ hash, bytes: count })),
});
export type LocaleIndex = z.infer<typeof localeIndexSchema>;

/** Just enough of a manifest to know whether this reader understands it. */
export const versionSchema = z.looseObject({ format: z.literal('selfserve-index'), version: z.int() });

export const manifestSchema = z.looseObject({
  format: z.literal('selfserve-index'),
  version: z.int(),
  /** Hash of every file's hash: changes exactly when the output changes. */
  buildId: hash,
  articleCount: count,
  sectionCount: count,
  locales: z.array(z.string()),
  defaultLocale: z.string(),
  /** One index per language: a reader loads only its own. */
  indexes: z.record(z.string(), localeIndexSchema),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** What a list of articles shows before anything is typed. */
export const articleSummarySchema = z.object({
  slug: name,
  title: shown,
  description: z.optional(shown),
  pages: z.optional(z.array(name).check(z.maxLength(100))),
  order: z.optional(z.number()),
});
export type ArticleSummary = z.infer<typeof articleSummarySchema>;

/** A term shard: every indexed word from its `from` up to the next shard's, in code-unit order. */
export const shardRefSchema = z.object({ from: z.string(), hash });
export type ShardRef = z.infer<typeof shardRefSchema>;

/** The root of one language's index: everything needed to know which other files a search needs. */
export const rootSchema = z.object({
  locale: z.string(),
  /** By article number: how many h2/h3 sections it has. Record ids follow from these (see docs). */
  sections: z.array(sectionCount).check(z.maxLength(1_000_000)),
  /** In term order; the first starts at "". */
  shards: z.array(shardRefSchema),
  /** The size of the largest shard: a larger file is refused. */
  shardBytes: count,
  /**
   * Articles are grouped into buckets by a hash of their slug (see `bucketOf`) and numbered bucket
   * by bucket: `sizes[b]` is how many articles bucket `b` holds. Buckets are grouped in turn into
   * `blocks` (see `blockOf`): the metadata and content buckets of a block, and the cards of its
   * articles, are named with the block's hash, so a change renames the files of one block, not of
   * all. `…Bytes` is the largest bucket of each kind.
   */
  buckets: z.object({ sizes: z.array(count), blocks: z.array(hash).check(z.minLength(1), z.maxLength(1024)), metaBytes: count, contentBytes: count }),
  /** One card per article, by article number (see `ArticleCard`), named with its block's hash; `bytes` is the largest. */
  cards: z.object({ bytes: count }),
  /** Articles with `pages:` or `order:`, for suggestions before anything is typed. */
  featured: z.array(articleSummarySchema).check(z.maxLength(100_000)),
  /** The glossary (`terms:` of every article), when there is one. */
  glossary: z.optional(z.object({ hash, bytes: count })),
});
export type IndexRoot = z.infer<typeof rootSchema>;

const ids = z.array(z.int());
/**
 * Per word: the record ids it occurs in for each field (title, keywords, heading, body, pairs), each
 * list sorted and delta-encoded (every number is the gap from the one before) so it gzips well. A
 * `pairs` term is two neighbouring words of a title or heading, joined by `+` (see `pairTerm`).
 */
export const shardSchema = z.object({
  terms: z.array(z.tuple([z.string(), ids, ids, ids, ids, ids])),
});
export type Shard = z.infer<typeof shardSchema>;

export const termSchema = z.object({
  term: name,
  definition: shown,
  /** The section that explains the term, if one mentions it. */
  anchor: z.optional(name),
});

export const glossarySchema = z.object({
  /**
   * Each defined term with the number of the article defining it, and its slug (for "Read more"
   * where the rest of the index is not loaded; absent in indexes built before it was added).
   */
  terms: z.array(z.object({ term: name, definition: shown, article: count, slug: z.optional(name), anchor: z.optional(name) })),
});
export type Glossary = z.infer<typeof glossarySchema>;

export const articleMetaSchema = z.object({
  slug: name,
  title: shown,
  description: z.optional(shown),
  tags: z.optional(z.array(name)),
  pages: z.optional(z.array(name)),
  terms: z.optional(z.array(termSchema)),
  related: z.optional(z.array(name)),
  locale: z.string(),
  order: z.optional(z.number()),
  updated: z.optional(z.string()),
  /** Other languages this article (the same slug) is available in. */
  translations: z.optional(z.array(z.string())),
  /** h2/h3 sections after the intro, in order; their record ids follow the article's. */
  sections: z.array(z.object({ anchor: name, heading: shown, level: z.int() })).check(z.maxLength(10_000)),
});
export type ArticleMeta = z.infer<typeof articleMetaSchema>;

export const metaBucketSchema = z.object({ articles: z.array(articleMetaSchema) });

/** One article's content: its rendered, sanitized HTML. */
export const articleContentSchema = z.object({
  slug: name,
  title: shown,
  html: z.string(),
});
export type ArticleContent = z.infer<typeof articleContentSchema>;

export const contentBucketSchema = z.object({ articles: z.array(articleContentSchema) });

/**
 * What a search result shows of an article, in a file of its own: its title, description and
 * sections, and the plain text of each section for the passages around the matched words. One
 * small file per result lets a page of results (titles and passages) arrive in one round trip.
 */
export const articleCardSchema = z.object({
  slug: name,
  title: shown,
  description: z.optional(shown),
  /**
   * h2/h3 sections after the intro, as in `ArticleMeta.sections`; `level` is 3 for an h3 (absent
   * for an h2, and in cards built before it was added): a section without text of its own shows
   * the passages of its h3s.
   */
  sections: z.array(z.object({ anchor: name, heading: shown, level: z.optional(z.literal(3)) })).check(z.maxLength(10_000)),
  /** Plain text per section: index 0 is the intro, then one per `sections` entry. */
  text: z.array(z.string()).check(z.maxLength(10_001)),
  /** Its aliases that hold stop words, which its index words leave out: for `exactName`. */
  aliases: z.optional(z.array(shown).check(z.maxLength(1000))),
});
export type ArticleCard = z.infer<typeof articleCardSchema>;

export { compareTerms } from './sorted.ts';

/** The bucket an article's slug belongs in, out of `count`: FNV-1a over its UTF-16 code units. */
export function bucketOf(slug: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < slug.length; i++) h = Math.imul(h ^ slug.charCodeAt(i), 0x01000193);
  return (h >>> 0) % count;
}

/**
 * The block of bucket `bucket` out of `buckets`, when they are grouped into `blocks` blocks of
 * consecutive buckets (see `IndexRoot.buckets`).
 */
export const blockOf = (bucket: number, buckets: number, blocks: number): number => Math.floor((bucket * blocks) / buckets);

/** Where each file of a language's index lives, relative to the index folder. */
export const paths = {
  root: (locale: string, hash: string) => `${locale}/index.${hash}.json`,
  shard: (locale: string, hash: string) => `${locale}/terms/${hash}.json`,
  meta: (locale: string, bucket: number, hash: string) => `${locale}/meta/${bucket}.${hash}.json`,
  content: (locale: string, bucket: number, hash: string) => `${locale}/content/${bucket}.${hash}.json`,
  card: (locale: string, article: number, hash: string) => `${locale}/cards/${article}.${hash}.json`,
  glossary: (locale: string, hash: string) => `${locale}/glossary.${hash}.json`,
};
