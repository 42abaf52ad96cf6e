import type * as z from 'zod/mini';
import { importIndexes, type ExportedIndexes, type SearchIndexes } from './engine.ts';
import { SelfserveIndexError } from './errors.ts';
import { fetchLoader, type IndexLoader } from './fetch-loader.ts';
import {
  FORMAT_VERSION,
  articleContentSchema,
  indexDataSchema,
  manifestSchema,
  metaSchema,
  versionSchema,
  type ArticleContent,
  type ArticleMeta,
  type Manifest,
} from './format.ts';
import { findTerm, termEntry, type TermEntry } from './search/answer.ts';
import { excerpt } from './search/highlight.ts';
import { pageMatches } from './pages.ts';
import { rankArticles, type RecordTable } from './search/rank.ts';
import { queryTokens } from './text/tokenize.ts';

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
  /** How long to wait for a server to start answering, in milliseconds. Default: 8000. */
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
}

/** A section of an article that matched, linking to its heading. */
export interface SectionHit {
  anchor: string;
  heading: string;
  url: string;
  /** Escaped HTML: the matched words are in `<mark>`. */
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
}

const defaults: Required<Pick<OpenIndexOptions, 'articleUrl'>> = {
  articleUrl: (slug, anchor) => `#help/${slug}${anchor ? `#${anchor}` : ''}`,
};

const MAX_SUBSECTIONS = 3;

/** A loaded help index: search it, and load articles when they are opened. */
export class HelpIndex {
  readonly articles: readonly ArticleMeta[];
  private readonly table: RecordTable;
  private readonly terms: TermEntry[] = [];
  private readonly bySlug = new Map<string, number>();
  private readonly contents = new Map<string, Promise<ArticleContent>>();
  private readonly sizes: Map<string, number>;

  constructor(
    readonly manifest: Manifest,
    articles: ArticleMeta[],
    private readonly indexes: SearchIndexes,
    private readonly loader: IndexLoader,
    private readonly options: Required<Pick<OpenIndexOptions, 'articleUrl'>>,
    /** The language of this index. */
    readonly locale: string,
  ) {
    this.articles = articles;
    this.sizes = fileSizes(manifest);
    const recordCount = articles.reduce((n, a) => n + 1 + a.sections.length, 0);
    this.table = { article: new Int32Array(recordCount), section: new Int32Array(recordCount), articleCount: articles.length };
    let id = 0;
    articles.forEach((article, i) => {
      this.bySlug.set(article.slug, i);
      for (let s = 0; s <= article.sections.length; s++, id++) {
        this.table.article[id] = i;
        this.table.section[id] = s;
      }
      for (const { term, definition, anchor } of article.terms ?? []) this.terms.push(termEntry(term, definition, i, anchor, locale));
    });
  }

  /** The metadata of an article, or undefined. */
  get(slug: string): ArticleMeta | undefined {
    const i = this.bySlug.get(slug);
    return i === undefined ? undefined : this.articles[i];
  }

  /**
   * Articles to offer before anything is typed: those whose `pages:` globs match `pathname`, else
   * the most important ones (lowest `order` first).
   */
  suggest(pathname?: string, limit = 5): ArticleMeta[] {
    const contextual = pathname ? this.articles.filter((a) => a.pages?.some((glob) => pageMatches(glob, pathname))) : [];
    return (contextual.length ? sortByOrder(contextual) : this.popular(limit)).slice(0, limit);
  }

  /** The most important articles, by `order` (articles without one come last). */
  popular(limit = 5): ArticleMeta[] {
    return sortByOrder(this.articles.filter((a) => a.order !== undefined)).slice(0, limit);
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
  async search(query: string, { limit = 10 }: SearchOptions = {}): Promise<SearchResponse> {
    const { locale } = this;
    const tokens = queryTokens(query, locale);
    const ranked = tokens.length ? rankArticles(this.indexes, this.table, tokens, locale).slice(0, Math.max(0, limit)) : [];
    const response: SearchResponse = { query, results: [] };
    const term = findTerm(query.slice(0, 1000), this.terms, locale);
    if (term) {
      const article = this.articles[term.article];
      response.answer = {
        term: term.term,
        definition: term.definition,
        slug: article.slug,
        title: article.title,
        url: this.url(article.slug, term.anchor),
      };
    }
    const contents = await Promise.all(ranked.map((r) => this.article(this.articles[r.article].slug)));
    response.results = ranked.map((hit, i) => {
      const article = this.articles[hit.article];
      const text = contents[i].text;
      const sections = hit.sections.slice(0, MAX_SUBSECTIONS).map(({ section }): SectionHit => {
        const { anchor, heading } = article.sections[section - 1];
        return { anchor, heading, url: this.url(article.slug, anchor), excerpt: excerpt(text[section] ?? '', tokens, undefined, locale) };
      });
      // A section is the answer when it matched better than anything in the intro.
      const best = sections[0];
      const intro = excerpt([article.description, text[0]].filter(Boolean).join(' '), tokens, undefined, locale);
      return {
        slug: article.slug,
        title: article.title,
        description: article.description,
        url: this.url(article.slug),
        section: best,
        sections,
        excerpt: best && !intro.includes('<mark>') ? best.excerpt : intro,
        score: Math.round(hit.score * 1000) / 1000,
      };
    });
    return response;
  }

  /** An article's rendered, sanitized HTML and section text; fetched once, then cached. */
  article(slug: string): Promise<ArticleContent> {
    const meta = this.get(slug);
    if (!meta) return Promise.reject(new SelfserveIndexError('missing', slug, `no article "${slug}" in this index`));
    let content = this.contents.get(slug);
    if (!content) {
      content = loadJson(this.loader, meta.content, articleContentSchema, this.sizes.get(meta.content));
      // A failed load is not cached, so opening the article again retries.
      content.catch(() => this.contents.delete(slug));
      this.contents.set(slug, content);
    }
    return content;
  }
}

const sortByOrder = (articles: readonly ArticleMeta[]) =>
  [...articles].sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || a.title.localeCompare(b.title));

/** The size the manifest promises for each file. */
const fileSizes = (manifest: Manifest) => new Map(manifest.files.map((file) => [file.path, file.bytes]));

async function loadJson<T extends z.ZodMiniType>(loader: IndexLoader, path: string, schema: T, maxBytes?: number): Promise<z.output<T>> {
  const text = await loader.load(path, { maxBytes });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new SelfserveIndexError('corrupt', loader.locate(path), `${loader.locate(path)} is not valid JSON (truncated or damaged?): rebuild the index with \`selfserve build\``, { cause });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SelfserveIndexError('corrupt', loader.locate(path), `${loader.locate(path)} is not a valid Selfserve index file (${issue.path.join('.') || 'file'}: ${issue.message}): rebuild the index with \`selfserve build\``);
  }
  return parsed.data;
}

/**
 * Opens a help index built by `selfserve build`: loads and validates its manifest, metadata and
 * search data (not the article bodies, which load when opened). Rejects with a `SelfserveIndexError`
 * for a missing, corrupt or incompatible index.
 */
export async function openIndex(source: IndexSource, options: OpenIndexOptions = {}): Promise<HelpIndex> {
  const loader = typeof source === 'object' && 'load' in source ? source : fetchLoader(source, options.fetch, options.timeout);
  // The version first: an index of another version may not even have this version's shape.
  const { version } = await loadJson(loader, 'manifest.json', versionSchema);
  if (version !== FORMAT_VERSION) {
    throw new SelfserveIndexError(
      'incompatible',
      loader.locate('manifest.json'),
      `${loader.locate('manifest.json')} has index format version ${version}, but this Selfserve reads version ${FORMAT_VERSION}: rebuild the index with the same Selfserve version as the widget`,
    );
  }
  const manifest = await loadJson(loader, 'manifest.json', manifestSchema);
  const sizes = fileSizes(manifest);
  const locale = pickLocale(manifest, options.locale);
  const files = manifest.indexes[locale];
  if (!files) throw new SelfserveIndexError('corrupt', loader.locate('manifest.json'), `${loader.locate('manifest.json')} lists no index for its default language "${locale}": rebuild the index`);
  const [meta, data] = await Promise.all([
    loadJson(loader, files.meta, metaSchema, sizes.get(files.meta) ?? 0),
    loadJson(loader, files.index, indexDataSchema, sizes.get(files.index) ?? 0),
  ]);
  let indexes: SearchIndexes;
  try {
    indexes = importIndexes(data as ExportedIndexes);
  } catch (cause) {
    throw new SelfserveIndexError('corrupt', loader.locate(files.index), `${loader.locate(files.index)} could not be loaded into the search engine: rebuild the index`, { cause });
  }
  const articleUrl = options.articleUrl ?? defaults.articleUrl;
  return new HelpIndex(manifest, meta.articles, indexes, loader, { articleUrl }, locale);
}

/** The language to load: the one asked for, else its primary language, else the default. */
export function pickLocale(manifest: Pick<Manifest, 'locales' | 'defaultLocale'>, wanted?: string): string {
  if (!wanted) return manifest.defaultLocale;
  const lower = wanted.toLowerCase();
  const exact = manifest.locales.find((l) => l.toLowerCase() === lower);
  const primary = manifest.locales.find((l) => l.toLowerCase() === lower.split('-')[0]);
  return exact ?? primary ?? manifest.defaultLocale;
}

