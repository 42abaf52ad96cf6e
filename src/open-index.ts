import type * as z from 'zod/mini';
import { createIndexes, importShard, type FieldName, type SearchIndexes } from './engine.ts';
import { SelfserveIndexError } from './errors.ts';
import { fetchLoader, type IndexLoader } from './fetch-loader.ts';
import {
  FORMAT_VERSION,
  bucketOf,
  compareTerms,
  contentBucketSchema,
  glossarySchema,
  manifestSchema,
  metaBucketSchema,
  paths,
  rootSchema,
  shardSchema,
  versionSchema,
  type ArticleContent,
  type ArticleMeta,
  type ArticleSummary,
  type IndexRoot,
  type Manifest,
} from './format.ts';
import { findTerm, termEntry, type TermEntry } from './search/answer.ts';
import { excerpt, highlight } from './search/highlight.ts';
import { pageMatches } from './pages.ts';
import { correctedQuery, corrections } from './search/corrections.ts';
import { queryPairs, rankArticles, rarestTokens, tokensNeedingTypos, typedPastStem, TYPO_KEEP_PREFIX, type RecordTable, type TermLookup } from './search/rank.ts';
import { rankRules, type RankRules } from './search/rules.ts';
import { MAX_QUERY_TOKENS, queryTokens, type Token } from './text/tokenize.ts';

export type { IndexLoader } from './fetch-loader.ts';

/** A folder path (Node only), a base URL (relative to the page in a browser), or your own loader. */
export type IndexSource = string | URL | IndexLoader;

export interface OpenIndexOptions {
  /**
   * The link of an article (and section) in results and answers.
   * Default: `#help/<slug>` plus `#<anchor>` — the widget's deep link.
   */
  articleUrl?: (slug: string, anchor?: string) => string;
  /** The `fetch` used for URL sources. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** How long each file of the index may take to arrive, from request to last byte, in milliseconds. Default: 8000. */
  timeout?: number;
  /**
   * The language to search in (a BCP 47 tag). The index of that language is loaded, else the one of
   * its primary language (`es-MX` → `es`), else the help center's default. Default: the default.
   */
  locale?: string;
}

export interface SearchOptions {
  /** Most results to return. Default: 10. */
  limit?: number;
  /**
   * Passages of the articles around the matched words. They come from the articles' text, loaded
   * for the results; with `false` the results come sooner, with their descriptions as excerpts,
   * and `withExcerpts()` adds the passages later. Default: true.
   */
  excerpts?: boolean;
  /** Words that match nothing are searched as the words one letter away ("pasword" → password). Default: true. */
  typos?: boolean;
  /** Ranking rules to switch off, for measuring what each earns (see `RankRules`). Default: all on. */
  rules?: Partial<RankRules>;
  /**
   * The visitor is still typing, so the query's last word may be unfinished: it counts as the
   * beginning of longer words only from 3 letters on, finished words count only as typed, and
   * typos are looked for only in finished words. A keystroke then loads a shard or two instead of
   * every shard a one-letter prefix spans. Search again without it once typing pauses. Default: false.
   */
  typing?: boolean;
  /**
   * Abandons the search when aborted: it then fetches no article metadata or text and rejects
   * with the signal's reason. Parts of the index already on their way are still kept for later
   * searches. For a query superseded by the next keystroke.
   */
  signal?: AbortSignal;
}

/** A section of an article that matched, linking to its heading. */
export interface SectionHit {
  anchor: string;
  heading: string;
  url: string;
  /** Escaped HTML: the matched words are in `<mark>` (empty until excerpts are loaded). */
  excerpt: string;
}

export interface SearchResult {
  slug: string;
  title: string;
  description?: string;
  url: string;
  /** The best matching section, when one answers better than the article's intro. */
  section?: SectionHit;
  /** Other matching sections, best first (at most 3). */
  sections: SectionHit[];
  /** Escaped HTML: a passage of the best match with the matched words in `<mark>`. */
  excerpt: string;
  score: number;
}

/** A definition the query asked for: "GPRR" → what a GPRR charge is. */
export interface Answer {
  term: string;
  definition: string;
  slug: string;
  title: string;
  url: string;
}

export interface SearchResponse {
  query: string;
  results: SearchResult[];
  answer?: Answer;
  /** Words taken as typos: the query as searched ("reset password" for "reset pasword") and the words put in (["password"]). */
  corrected?: { query: string; words: string[] };
  /** Made with `excerpts: false`: the passages are still to come (see `withExcerpts`). */
  partial?: true;
}

const defaults: Required<Pick<OpenIndexOptions, 'articleUrl'>> = {
  articleUrl: (slug, anchor) => `#help/${slug}${anchor ? `#${anchor}` : ''}`,
};

const MAX_SUBSECTIONS = 3;
// The words of a long message read before its rarest are chosen: each costs the shards it is in.
const MAX_READ_TOKENS = 64;
// Articles plus sections: each costs 8 bytes of the record table, allocated when the index opens.
const MAX_RECORDS = 4_000_000;
// While typing, shorter beginnings of words are not looked up: one or two letters begin too many.
const TYPING_PREFIX_MIN = 3;
const NAME_FIELDS: FieldName[] = ['title', 'keywords', 'heading'];
// The highest term, for ranges: every term that begins with a prefix sorts below prefix + this.
const HIGH = '\uffff';

/** A loaded shard's terms in order, and whether each names something (title, keywords, heading). */
interface LoadedShard {
  terms: string[];
  named: boolean[];
}

/**
 * A help index opened for searching. Only its root is loaded at first; a search loads the term
 * shards its words need and the metadata of the articles it shows, an opened article its content.
 * Everything loaded is kept, so a word typed again or an article opened twice costs nothing.
 */
export class HelpIndex {
  private readonly table: RecordTable;
  private readonly indexes: SearchIndexes = createIndexes();
  private readonly shards = new Map<number, Promise<LoadedShard>>();
  private readonly loadedShards = new Map<number, LoadedShard>();
  private readonly metaBuckets = new Map<number, Promise<ArticleMeta[]>>();
  private readonly contentBuckets = new Map<number, Promise<ArticleContent[]>>();
  private readonly glossary = new Map<0, Promise<TermEntry[]>>();
  private readonly lookup: TermLookup;
  /** First article number of each bucket. */
  private readonly bucketStarts: number[] = [];

  constructor(
    readonly manifest: Manifest,
    private readonly root: IndexRoot,
    private readonly loader: IndexLoader,
    private readonly options: Required<Pick<OpenIndexOptions, 'articleUrl'>>,
  ) {
    const counts = root.sections;
    const recordCount = counts.reduce((n, c) => n + 1 + c, 0);
    this.table = { article: new Int32Array(recordCount), section: new Int32Array(recordCount), articleCount: counts.length, titleWords: root.titleWords };
    let id = 0;
    counts.forEach((count, article) => {
      for (let s = 0; s <= count; s++, id++) {
        this.table.article[id] = article;
        this.table.section[id] = s;
      }
    });
    let start = 0;
    for (const size of root.buckets.sizes) {
      this.bucketStarts.push(start);
      start += size;
    }
    this.lookup = {
      ids: (field, term) => (this.loadedShards.has(this.shardOf(term)) ? (this.indexes[field].search(term, { limit: 1e9 }) as number[]) : []),
      completions: (prefix, limit) => this.completions(prefix, limit),
    };
  }

  /** The language of this index. */
  get locale(): string {
    return this.root.locale;
  }

  /** The metadata of an article, or undefined when the index has no such article. */
  async get(slug: string): Promise<ArticleMeta | undefined> {
    const bucket = bucketOf(slug, this.bucketStarts.length);
    return (await this.metaBucket(bucket)).find((article) => article.slug === slug);
  }

  /**
   * Articles to offer before anything is typed: those whose `pages:` globs match `pathname`, else
   * the most important ones (lowest `order` first).
   */
  suggest(pathname?: string, limit = 5): ArticleSummary[] {
    const { featured } = this.root;
    const contextual = pathname ? featured.filter((a) => a.pages?.some((glob) => pageMatches(glob, pathname))) : [];
    return (contextual.length ? sortByOrder(contextual) : this.popular(limit)).slice(0, limit);
  }

  /** The most important articles, by `order` (articles without one come last). */
  popular(limit = 5): ArticleSummary[] {
    return sortByOrder(this.root.featured.filter((a) => a.order !== undefined)).slice(0, limit);
  }

  /** The URL (or path) of a file of the index, such as an article's image. */
  resolve(path: string): string {
    return this.loader.locate(path);
  }

  /** The link of an article or one of its sections. */
  url(slug: string, anchor?: string): string {
    return this.options.articleUrl(slug, anchor);
  }

  /**
   * Searches the help center. Every word counts but none is required, so long questions still find
   * the article that answers most of them; prefixes and one-letter typos match too.
   */
  async search(query: string, { limit = 10, excerpts = true, typing = false, signal, typos: typoTolerant = true, rules: switched }: SearchOptions = {}): Promise<SearchResponse> {
    const { locale } = this;
    const rules = rankRules(typoTolerant ? switched : { ...switched, typos: false });
    const read = queryTokens(query, locale, rules.rarestWords ? MAX_READ_TOKENS : MAX_QUERY_TOKENS);
    const glossary = this.loadGlossary();
    // While typing, only the word at the caret is unfinished; the others are as meant.
    const open = typing && !/\s$/.test(query) ? read.at(-1) : undefined;
    const lookup: TermLookup = typing ? { ids: this.lookup.ids, completions: (prefix, n) => (prefix === open?.surface && prefix.length >= TYPING_PREFIX_MIN ? this.lookup.completions(prefix, n) : []) } : this.lookup;
    await this.loadShards(read.flatMap((token) => (typing ? this.shardsWhileTyping(token, token === open) : this.shardsFor(token))));
    let tokens = rarestTokens(lookup, read, MAX_QUERY_TOKENS);
    // Words that match nothing are retried as typos, among the words that begin the same way.
    const typos = tokensNeedingTypos(lookup, tokens, rules).filter((token) => token !== open);
    await this.loadShards([...typos.flatMap((token) => this.range(token.surface.slice(0, TYPO_KEEP_PREFIX))), ...queryPairs(tokens, rules).map((pair) => this.shardOf(pair))]);
    signal?.throwIfAborted();
    const ranked = tokens.length ? rankArticles(lookup, this.table, tokens, limit, locale, rules) : [];
    const metas = await Promise.all(ranked.map((hit) => this.metaAt(hit.article)));
    const response: SearchResponse = { query, results: [] };
    const fixed = ranked.length ? corrections(this.lookup, typos, locale, TYPO_KEEP_PREFIX) : [];
    if (fixed.length) {
      response.corrected = { query: correctedQuery(query, fixed), words: fixed.map((c) => c.to) };
      // The corrected words are the ones the results contain, so they are the ones highlighted.
      tokens = queryTokens(response.corrected.query, locale);
    }
    const term = findTerm(query.slice(0, 1000), await glossary, locale);
    if (term) {
      const article = await this.metaAt(term.article);
      response.answer = { term: term.term, definition: term.definition, slug: article.slug, title: article.title, url: this.url(article.slug, term.anchor) };
    }
    response.results = ranked.map((hit, i) => {
      const article = metas[i];
      const sections = hit.sections.slice(0, MAX_SUBSECTIONS).map(({ section }): SectionHit => {
        const { anchor, heading } = article.sections[section - 1];
        return { anchor, heading, url: this.url(article.slug, anchor), excerpt: '' };
      });
      return {
        slug: article.slug,
        title: article.title,
        description: article.description,
        url: this.url(article.slug),
        section: sections[0],
        sections,
        excerpt: article.description ? highlight(article.description, tokens, locale) : '',
        score: Math.round(hit.score * 1000) / 1000,
      };
    });
    signal?.throwIfAborted();
    return excerpts ? this.withExcerpts(response) : { ...response, partial: true };
  }

  /** A response with passages of each result around the matched words, from the articles' text. */
  async withExcerpts(response: SearchResponse): Promise<SearchResponse> {
    const { locale } = this;
    const tokens = queryTokens(response.corrected?.query ?? response.query, locale, MAX_READ_TOKENS);
    const articles = await Promise.all(response.results.map((r) => Promise.all([this.get(r.slug), this.article(r.slug)])));
    const results = response.results.map((result, i): SearchResult => {
      const [meta, content] = articles[i];
      const text = (anchor: string) => content.text[(meta?.sections.findIndex((s) => s.anchor === anchor) ?? -1) + 1] ?? '';
      const sections = result.sections.map((s) => ({ ...s, excerpt: excerpt(text(s.anchor), tokens, undefined, locale) }));
      // A section is the answer when it matched better than anything in the intro.
      const best = sections[0];
      const intro = excerpt([result.description, content.text[0]].filter(Boolean).join(' '), tokens, undefined, locale);
      return { ...result, section: best, sections, excerpt: best && !intro.includes('<mark>') ? best.excerpt : intro };
    });
    const { partial: _, ...complete } = response;
    return { ...complete, results };
  }

  /** An article's rendered, sanitized HTML and section text; loaded once, then kept. */
  async article(slug: string): Promise<ArticleContent> {
    const bucket = bucketOf(slug, this.bucketStarts.length);
    const content = (await this.contentBucket(bucket)).find((article) => article.slug === slug);
    if (!content) throw new SelfserveIndexError('missing', slug, `no article "${slug}" in this index`);
    return content;
  }

  /** The shards holding a token's word, the words it begins, and the stems it may be typed past. */
  private shardsFor(token: Token): number[] {
    return [this.shardOf(token.stem), ...this.range(token.surface), ...typedPastStem(token).map((stem) => this.shardOf(stem))];
  }

  /** While typing: a finished word's own shard; the word at the caret also the words it begins, from 3 letters. */
  private shardsWhileTyping(token: Token, open: boolean): number[] {
    if (!open || token.surface.length < TYPING_PREFIX_MIN) return [this.shardOf(token.stem)];
    return this.shardsFor(token);
  }

  /** The shard whose terms include `term`. */
  private shardOf(term: string): number {
    const { shards } = this.root;
    let lo = 0;
    let hi = shards.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (compareTerms(shards[mid].from, term) <= 0) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The shards holding the terms that begin with `prefix`. */
  private range(prefix: string): number[] {
    const first = this.shardOf(prefix);
    const last = this.shardOf(prefix + HIGH);
    return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  }

  private completions(prefix: string, limit: number): string[] {
    const found: string[] = [];
    for (const number of this.range(prefix)) {
      const shard = this.loadedShards.get(number);
      if (!shard) continue;
      for (let i = lowerBound(shard.terms, prefix); i < shard.terms.length && shard.terms[i].startsWith(prefix); i++) {
        if (shard.named[i] && shard.terms[i] !== prefix) found.push(shard.terms[i]);
      }
    }
    // The shortest words are the likeliest ends of what is being typed.
    return found.sort((a, b) => a.length - b.length || compareTerms(a, b)).slice(0, limit);
  }

  private loadShards(numbers: number[]): Promise<unknown> {
    return Promise.all([...new Set(numbers)].map((number) => this.once(this.shards, number, async () => {
      const file = paths.shard(this.locale, this.root.shards[number].hash);
      const data = await loadJson(this.loader, file, shardSchema, this.root.shardBytes);
      try {
        importShard(this.indexes, data.terms);
      } catch (cause) {
        throw new SelfserveIndexError('corrupt', this.loader.locate(file), `${this.loader.locate(file)} could not be loaded into the search engine: rebuild the index`, { cause });
      }
      const loaded = { terms: data.terms.map((entry) => entry[0]), named: data.terms.map((entry) => NAME_FIELDS.some((_, f) => entry[f + 1].length > 0)) };
      this.loadedShards.set(number, loaded);
      return loaded;
    })));
  }

  private loadGlossary(): Promise<TermEntry[]> {
    const { glossary } = this.root;
    if (!glossary) return Promise.resolve([]);
    return this.once(this.glossary, 0, () =>
      loadJson(this.loader, paths.glossary(this.locale, glossary.hash), glossarySchema, glossary.bytes).then((data) =>
        // An entry naming an article the index does not have would fail every search for its term.
        data.terms.filter(({ article }) => article < this.table.articleCount).map(({ term, definition, article, anchor }) => termEntry(term, definition, article, anchor, this.locale)),
      ),
    );
  }


  /** The bucket holding article number `article`. */
  private bucketAt(article: number): number {
    const starts = this.bucketStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= article) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private async metaAt(article: number): Promise<ArticleMeta> {
    const bucket = this.bucketAt(article);
    const meta = (await this.metaBucket(bucket))[article - this.bucketStarts[bucket]];
    if (!meta) throw new SelfserveIndexError('corrupt', this.loader.locate(paths.meta(this.locale, bucket, this.root.buckets.metaHash)), 'an article of the index is missing from its bucket: rebuild the index');
    return meta;
  }

  private metaBucket(bucket: number): Promise<ArticleMeta[]> {
    const { metaHash, metaBytes } = this.root.buckets;
    return this.once(this.metaBuckets, bucket, () => loadJson(this.loader, paths.meta(this.locale, bucket, metaHash), metaBucketSchema, metaBytes).then((data) => data.articles));
  }

  private contentBucket(bucket: number): Promise<ArticleContent[]> {
    const { contentHash, contentBytes } = this.root.buckets;
    return this.once(this.contentBuckets, bucket, () => loadJson(this.loader, paths.content(this.locale, bucket, contentHash), contentBucketSchema, contentBytes).then((data) => data.articles));
  }

  /** Loads a part once and keeps it; a failed load is dropped, so the next attempt retries. */
  private once<K, V>(map: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
    let value = map.get(key);
    if (!value) {
      value = load();
      map.set(key, value);
      value.catch(() => map.delete(key));
    }
    return value;
  }

}

/** The first position in sorted `terms` not below `term`. */
function lowerBound(terms: string[], term: string): number {
  let lo = 0;
  let hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareTerms(terms[mid], term) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const sortByOrder = (articles: readonly ArticleSummary[]) =>
  [...articles].sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || a.title.localeCompare(b.title));

async function loadJson<T extends z.ZodMiniType>(loader: IndexLoader, path: string, schema: T, maxBytes?: number): Promise<z.output<T>> {
  return validate(loader, path, await readJson(loader, path, maxBytes), schema);
}

async function readJson(loader: IndexLoader, path: string, maxBytes?: number): Promise<unknown> {
  const text = await loader.load(path, { maxBytes });
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new SelfserveIndexError('corrupt', loader.locate(path), `${loader.locate(path)} is not valid JSON (truncated or damaged?): rebuild the index with \`selfserve build\``, { cause });
  }
}

function validate<T extends z.ZodMiniType>(loader: IndexLoader, path: string, data: unknown, schema: T): z.output<T> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SelfserveIndexError('corrupt', loader.locate(path), `${loader.locate(path)} is not a valid Selfserve index file (${issue.path.join('.') || 'file'}: ${issue.message}): rebuild the index with \`selfserve build\``);
  }
  return parsed.data;
}

/**
 * Opens a help index built by `selfserve build`: loads and validates its manifest and the root of
 * one language's index. Rejects with a `SelfserveIndexError` for a missing, corrupt or
 * incompatible index.
 */
export async function openIndex(source: IndexSource, options: OpenIndexOptions = {}): Promise<HelpIndex> {
  const loader = typeof source === 'object' && 'load' in source ? source : fetchLoader(source, options.fetch, options.timeout);
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
  const manifest = validate(loader, 'manifest.json', data, manifestSchema);
  const locale = pickLocale(manifest, options.locale);
  const entry = manifest.indexes[locale];
  if (!entry) throw new SelfserveIndexError('corrupt', loader.locate('manifest.json'), `${loader.locate('manifest.json')} lists no index for its default language "${locale}": rebuild the index`);
  const root = await loadJson(loader, entry.root, rootSchema, entry.bytes);
  const records = root.sections.reduce((n, c) => n + 1 + c, 0);
  if (records > MAX_RECORDS) {
    throw new SelfserveIndexError('corrupt', loader.locate(entry.root), `${loader.locate(entry.root)} claims ${records} articles and sections, more than the ${MAX_RECORDS} any index holds: rebuild the index`);
  }
  if (!root.shards.length || !root.buckets.sizes.length || root.buckets.sizes.reduce((n, s) => n + s, 0) !== root.sections.length) {
    throw new SelfserveIndexError('corrupt', loader.locate(entry.root), `${loader.locate(entry.root)} does not add up (no shards, or buckets that do not hold every article): rebuild the index`);
  }
  const articleUrl = options.articleUrl ?? defaults.articleUrl;
  return new HelpIndex(manifest, root, loader, { articleUrl });
}
/** The language to load: the one asked for, else its primary language, else the default. */
export function pickLocale(manifest: Pick<Manifest, 'locales' | 'defaultLocale'>, wanted?: string): string {
  if (!wanted) return manifest.defaultLocale;
  const lower = wanted.toLowerCase();
  const exact = manifest.locales.find((l) => l.toLowerCase() === lower);
  const primary = manifest.locales.find((l) => l.toLowerCase() === lower.split('-')[0]);
  return exact ?? primary ?? manifest.defaultLocale;
}

