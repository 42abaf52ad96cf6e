// zod/mini: the same validation as zod at a fraction of the size, since the widget ships this file.
import * as z from 'zod/mini';
import { FIELD_NAMES, type FieldName } from './engine.ts';

/**
 * The files the build writes and the runtime reads (see docs/index-format.md). Every file the
 * runtime loads is validated against these schemas before use.
 */
export const FORMAT_VERSION = 2;

const count = z.int().check(z.nonnegative());

const fileRef = z.object({
  /** Path relative to the index folder, with a content hash in the name. */
  path: z.string().check(z.minLength(1)),
  /** SHA-256 of the file, hex, first 16 characters (also in the name). */
  hash: z.string().check(z.regex(/^[0-9a-f]{8,64}$/)),
  bytes: count,
});
export type FileRef = z.infer<typeof fileRef>;

/** The index of one language. */
export const localeIndexSchema = z.object({
  /** Article metadata needed to show results (titles, sections, terms). */
  meta: z.string().check(z.minLength(1)),
  /** The search index data; a later format version splits it into parts loaded on demand. */
  index: z.string().check(z.minLength(1)),
  articleCount: count,
  sectionCount: count,
});
export type LocaleIndex = z.infer<typeof localeIndexSchema>;

/** Just enough of a manifest to know whether this reader understands it. */
export const versionSchema = z.looseObject({ format: z.literal('selfserve-index'), version: z.int() });

export const manifestSchema = z.looseObject({
  format: z.literal('selfserve-index'),
  version: z.int(),
  /** Hash of every file's hash: changes exactly when the output changes. */
  buildId: z.string().check(z.minLength(1)),
  articleCount: count,
  sectionCount: count,
  locales: z.array(z.string()),
  defaultLocale: z.string(),
  /** One index per language: a reader loads only its own. */
  indexes: z.record(z.string(), localeIndexSchema),
  /** Every file of the output, including the per-article content files. */
  files: z.array(fileRef),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const termSchema = z.object({
  term: z.string(),
  definition: z.string(),
  /** The section that explains the term, if one mentions it. */
  anchor: z.optional(z.string()),
});

export const articleMetaSchema = z.object({
  slug: z.string(),
  title: z.string(),
  description: z.optional(z.string()),
  tags: z.optional(z.array(z.string())),
  pages: z.optional(z.array(z.string())),
  terms: z.optional(z.array(termSchema)),
  related: z.optional(z.array(z.string())),
  locale: z.string(),
  order: z.optional(z.number()),
  updated: z.optional(z.string()),
  /** The content file holding this article's HTML and section text, loaded when it is opened. */
  content: z.string(),
  /** Other languages this article (the same slug) is available in. */
  translations: z.optional(z.array(z.string())),
  /** h2/h3 sections after the intro, in order; their global record ids follow the article's. */
  sections: z.array(z.object({ anchor: z.string(), heading: z.string(), level: z.int() })),
});
export type ArticleMeta = z.infer<typeof articleMetaSchema>;

export const metaSchema = z.object({
  articles: z.array(articleMetaSchema),
});
export type IndexMeta = z.infer<typeof metaSchema>;

const exportedField = z.record(z.string(), z.unknown());
export const indexDataSchema = z.object(
  Object.fromEntries(FIELD_NAMES.map((name) => [name, exportedField])) as Record<FieldName, typeof exportedField>,
);

/** One article's content file: rendered, sanitized HTML plus the plain text of each section. */
export const articleContentSchema = z.object({
  slug: z.string(),
  title: z.string(),
  html: z.string(),
  /** Plain text per section: index 0 is the intro, then one per `ArticleMeta.sections` entry. */
  text: z.array(z.string()),
});
export type ArticleContent = z.infer<typeof articleContentSchema>;
