import type * as z from 'zod/mini';
import { SelfserveIndexError } from './errors.ts';
import type { IndexLoader } from './fetch-loader.ts';
import {
  FORMAT_VERSION,
  articleCardSchema,
  blockOf,
  bucketOf,
  contentBucketSchema,
  glossarySchema,
  manifestSchema,
  metaBucketSchema,
  paths,
  shardSchema,
  type ArticleCard,
  type ArticleContent,
  type ArticleMeta,
  type Glossary,
  type IndexRoot,
  type Manifest,
  type Shard,
  versionSchema,
} from './format.ts';
import { LoadOnce } from './load-once.ts';
import { lastHolding } from './sorted.ts';

/**
 * The files of one language's index past its root: term shards, article cards, metadata and content
 * buckets, the glossary. Each is fetched when first asked for, validated, and kept.
 */
export class IndexFiles {
  private readonly shards = new LoadOnce<number, Shard>();
  private readonly cards = new LoadOnce<number, ArticleCard>();
  private readonly metas = new LoadOnce<number, ArticleMeta[]>();
  private readonly contents = new LoadOnce<number, ArticleContent[]>();
  /** The article number of each slug whose card has arrived. */
  private readonly numbers = new Map<string, number>();

  /** First article number of each bucket. */
  private readonly bucketStarts: number[] = [];

  constructor(
    readonly loader: IndexLoader,
    readonly root: IndexRoot,
  ) {
    let start = 0;
    for (const size of root.buckets.sizes) {
      this.bucketStarts.push(start);
      start += size;
    }
  }

  /** The card of article number `article`: what its search result shows. */
  cardAt(article: number): Promise<ArticleCard> {
    return this.cards.get(article, async () => {
      // A damaged shard could name an article the index does not have.
      if (!(article >= 0 && article < this.root.sections.length)) throw new SelfserveIndexError('corrupt', this.loader.locate(`${this.root.locale}/cards/`), `the index has no article number ${article}: rebuild the index`);
      const path = paths.card(this.root.locale, article, this.blockHash(this.bucketOfArticle(article)));
      const card = await loadJson(this.loader, path, articleCardSchema, this.root.cards.bytes);
      this.numbers.set(card.slug, article);
      return card;
    });
  }

  /** Whether the card of article number `article` has arrived. */
  hasCardAt(article: number): boolean {
    return this.cards.loaded(article) !== undefined;
  }

  /** The card of the article with this slug, or undefined when the index has none. */
  async cardOf(slug: string): Promise<ArticleCard | undefined> {
    let article = this.numbers.get(slug);
    if (article === undefined) {
      const bucket = bucketOf(slug, this.bucketStarts.length);
      const at = (await this.meta(bucket)).findIndex((meta) => meta.slug === slug);
      if (at < 0) return undefined;
      article = this.bucketStarts[bucket] + at;
    }
    return this.cardAt(article);
  }

  /** The metadata of the article with this slug, or undefined when the index has none. */
  async metaOf(slug: string): Promise<ArticleMeta | undefined> {
    return (await this.meta(bucketOf(slug, this.bucketStarts.length))).find((article) => article.slug === slug);
  }

  /** The content of the article with this slug, or undefined when the index has none. */
  async contentOf(slug: string): Promise<ArticleContent | undefined> {
    return (await this.content(bucketOf(slug, this.bucketStarts.length))).find((article) => article.slug === slug);
  }

  /** Term shard number `n` (see `IndexRoot.shards`). */
  shard(n: number): Promise<Shard> {
    return this.shards.get(n, () => loadJson(this.loader, paths.shard(this.root.locale, this.root.shards[n].hash), shardSchema, this.root.shardBytes));
  }

  /** The metadata of the articles in bucket `b`, in article-number order. */
  private meta(b: number): Promise<ArticleMeta[]> {
    return this.metas.get(b, () => loadJson(this.loader, paths.meta(this.root.locale, b, this.blockHash(b)), metaBucketSchema, this.root.buckets.metaBytes).then((data) => data.articles));
  }

  /** The rendered articles of bucket `b`. */
  private content(b: number): Promise<ArticleContent[]> {
    return this.contents.get(b, () => loadJson(this.loader, paths.content(this.root.locale, b, this.blockHash(b)), contentBucketSchema, this.root.buckets.contentBytes).then((data) => data.articles));
  }

  /** The hash in the names of bucket `b`'s files and its articles' cards. */
  private blockHash(b: number): string {
    const { sizes, blocks } = this.root.buckets;
    return blocks[blockOf(b, sizes.length, blocks.length)];
  }

  /** The bucket that holds article number `article`: the last to start at or before it. */
  private bucketOfArticle(article: number): number {
    return lastHolding(this.bucketStarts.length, (b) => this.bucketStarts[b] <= article);
  }

  /** The defined terms of the language (none when it has no glossary); fetched on each call. */
  glossary(): Promise<Glossary> {
    const { glossary } = this.root;
    if (!glossary) return Promise.resolve({ terms: [] });
    return loadJson(this.loader, paths.glossary(this.root.locale, glossary.hash), glossarySchema, glossary.bytes);
  }
}

/** Reads a file of the index, parses and validates it; rejects with a `SelfserveIndexError` that says how to fix it. */
export async function loadJson<T extends z.ZodMiniType>(loader: IndexLoader, path: string, schema: T, maxBytes?: number): Promise<z.output<T>> {
  return validate(loader, path, await readJson(loader, path, maxBytes), schema);
}

export async function readJson(loader: IndexLoader, path: string, maxBytes?: number): Promise<unknown> {
  const text = await loader.load(path, { maxBytes });
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new SelfserveIndexError('corrupt', loader.locate(path), `${loader.locate(path)} is not valid JSON (truncated or damaged?): rebuild the index with \`selfserve build\``, { cause });
  }
}

export function validate<T extends z.ZodMiniType>(loader: IndexLoader, path: string, data: unknown, schema: T): z.output<T> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SelfserveIndexError('corrupt', loader.locate(path), `${loader.locate(path)} is not a valid Selfserve index file (${issue.path.join('.') || 'file'}: ${issue.message}): rebuild the index with \`selfserve build\``);
  }
  return parsed.data;
}

/**
 * Loads and validates an index's manifest; rejects with a `SelfserveIndexError` for a manifest of
 * another format version, naming both versions.
 */
export async function loadManifest(loader: IndexLoader): Promise<Manifest> {
  // The version first: an index of another version may not even have this version's shape.
  const data = await readJson(loader, 'manifest.json');
  const { version } = validate(loader, 'manifest.json', data, versionSchema);
  if (version !== FORMAT_VERSION) {
    throw new SelfserveIndexError(
      'incompatible',
      loader.locate('manifest.json'),
      `${loader.locate('manifest.json')} has index format version ${version}, but this Selfserve reads version ${FORMAT_VERSION}: rebuild the index with the same Selfserve version as the widget`,
    );
  }
  return validate(loader, 'manifest.json', data, manifestSchema);
}

/** The language to load: the one asked for, else its primary language, else the default. */
export function pickLocale(manifest: Pick<Manifest, 'locales' | 'defaultLocale'>, wanted?: string): string {
  return (wanted && matchLocale(manifest.locales, wanted)) || manifest.defaultLocale;
}

/** Which of `locales` serves `wanted`: the same tag, else its primary language (`es-MX` → `es`); none else. */
export function matchLocale(locales: readonly string[], wanted: string): string | undefined {
  const lower = wanted.toLowerCase();
  return locales.find((l) => l.toLowerCase() === lower) ?? locales.find((l) => l.toLowerCase() === lower.split('-')[0]);
}
