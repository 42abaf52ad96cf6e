import { SelfserveIndexError } from './errors.ts';
import { fetchLoader, type IndexLoader } from './fetch-loader.ts';
import { rootSchema, type ArticleCard, type ArticleContent, type ArticleMeta, type ArticleSummary, type IndexRoot, type Manifest } from './format.ts';
import { IndexFiles, loadJson, loadManifest, pickLocale } from './index-files.ts';
import { LoadOnce } from './load-once.ts';
import { pageMatches } from './pages.ts';
import { findTerm, termEntry, type TermEntry } from './search/answer.ts';
import { correctedQuery, corrections, readAsCorrected, spelledAsShown, type Correction } from './search/corrections.ts';
import { asideWords, pairsToLoad, rankArticles, rarestTokens, STORY_WORDS, tokensNeedingTypos, TYPO_KEEP_PREFIX, type RecordTable } from './search/rank.ts';
import type { SearchResponse } from './search/response.ts';
import { resultsOf, withPassages } from './search/results.ts';
import { rankRules, type RankRules } from './search/rules.ts';
import { byCoverage, coveredCount } from './search/coverage.ts';
import { TermShards } from './search/term-shards.ts';
import { splitCorrection, splitTerms, splitWord } from './search/splits.ts';
import { typoPrefixes } from './search/typos.ts';
import { MAX_QUERY_TOKENS, openStopWord, queryTokens, type Token } from './text/tokenize.ts';

export type { IndexLoader } from './fetch-loader.ts';
export { pickLocale } from './index-files.ts';
export type { Answer, SearchResponse, SearchResult, SectionHit } from './search/response.ts';

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
  /**
   * Most results to return. Default: 10. A smaller limit gives the first results of a larger one;
   * the cards of whole pages of six are loaded (a limit of 1 loads six).
   */
  limit?: number;
  /**
   * Passages of the articles around the matched words, from the text of each result's card (loaded
   * with its title). With `false` the results keep their descriptions as excerpts, and
   * `withExcerpts()` adds the passages when they are wanted. Default: true.
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
   * Shows only what is loaded: the term shards the query needs are fetched, but not the cards
   * (titles and text) of its results. When some have not arrived, the response lists no results
   * and says `unloaded`; search again without this to fetch them. For keystrokes in quick
   * succession, whose results would be replaced before anyone could read them. Default: false.
   */
  loadedOnly?: boolean;
  /**
   * Abandons the search when aborted: it then fetches no article cards and rejects
   * with the signal's reason. Parts of the index already on their way are still kept for later
   * searches. For a query superseded by the next keystroke.
   */
  signal?: AbortSignal;
  /**
   * Most characters of each passage (default 180). A layout that shows less asks for less, so
   * the passage picked is the one it shows with the most of the query's words: the widget's two
   * lines take about 110.
   */
  passageLength?: number;
}

const defaults: Required<Pick<OpenIndexOptions, 'articleUrl'>> = {
  articleUrl: (slug, anchor) => `#help/${slug}${anchor ? `#${anchor}` : ''}`,
};

// The words of a long message read before its rarest are chosen (see `rarestTokens`): each costs
// the shard it is in, and a message to support often tells its story first and asks last. At 64,
// the question after a story of 150 words was never read, and the story alone chose the results.
const MAX_READ_TOKENS = 160;
// Articles plus sections: each costs 8 bytes of the record table, allocated when the index opens.
const MAX_RECORDS = 4_000_000;

/**
 * A help index opened for searching. Only its root is loaded at first; a search loads the term
 * shards its words need and the metadata of the articles it shows, an opened article its content.
 * Everything loaded is kept, so a word typed again or an article opened twice costs nothing.
 */
export class HelpIndex {
  private readonly table: RecordTable;
  private readonly files: IndexFiles;
  private readonly shards: TermShards;
  private readonly terms = new LoadOnce<0, TermEntry[]>();

  constructor(
    readonly manifest: Manifest,
    private readonly root: IndexRoot,
    private readonly loader: IndexLoader,
    private readonly options: Required<Pick<OpenIndexOptions, 'articleUrl'>>,
  ) {
    this.table = recordTable(root.sections);
    this.files = new IndexFiles(loader, root);
    this.shards = new TermShards(this.files);
  }

  /** The language of this index. */
  get locale(): string {
    return this.root.locale;
  }

  /** The metadata of an article, or undefined when the index has no such article. */
  get(slug: string): Promise<ArticleMeta | undefined> {
    return this.files.metaOf(slug);
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
  async search(query: string, { limit = 10, excerpts = true, typing = false, loadedOnly = false, signal, typos: typoTolerant = true, rules: switched, passageLength }: SearchOptions = {}): Promise<SearchResponse> {
    const { locale } = this;
    const rules = rankRules(typoTolerant ? switched : { ...switched, typos: false });
    const words = queryTokens(query, locale, rules.rarestWords ? MAX_READ_TOKENS : MAX_QUERY_TOKENS);
    // Stop words alone ("can", "not"): the last may be the start of a word ("cancel").
    const opening = words.length ? undefined : openStopWord(query, locale);
    const read = opening ? [opening] : words;
    const glossary = this.glossary();
    // While typing, only the word at the caret is unfinished; the others are as meant.
    const open = typing && !/\s$/.test(query) ? read.at(-1) : undefined;
    const lookup = typing ? this.shards.typingLookup(open) : this.shards.lookup;
    await this.shards.load(read, typing, open);
    const tokens = rarestTokens(lookup, read, MAX_QUERY_TOKENS, asideWords(rules, locale));
    // Words that match nothing are retried as typos, among the words that begin the same way.
    const typos = tokensNeedingTypos(lookup, tokens, rules).filter((token) => token !== open);
    // The word pairs too; while typing, only those of finished words (the word at the caret is
    // likely to change, and its pair's shard with it).
    const paired = open ? tokens.filter((token) => token !== open) : tokens;
    const typoRanges = typos.flatMap((token) => typoPrefixes(token.surface, TYPO_KEEP_PREFIX));
    await Promise.all([...typoRanges.map((prefix) => this.shards.loadRange(prefix)), this.shards.loadTerms(pairsToLoad(paired, rules))]);
    signal?.throwIfAborted();
    const typosRead = corrections(this.shards.lookup, typos, locale, TYPO_KEEP_PREFIX);
    // Each typo is searched as the word it was read as; not in a message, whose words found
    // nowhere are names more often than typos ("Maria" is not marine). Nor is a message told of
    // them: its results are not those of the message "corrected" ("Regards, Carl" read as call).
    const message = tokens.length >= STORY_WORDS;
    const asRead = rules.typosAsRead && !message ? readAsCorrected(tokens, typosRead, locale) : tokens;
    const typosTold = message ? [] : typosRead;
    // Words found neither as typed nor as a typo may be two typed together ("simcard").
    const { searched, splits } = await this.splitWords(asRead, rules.splitWords ? typos.filter((token) => !typosRead.some((typo) => typo.from === token.surface)) : [], locale);
    // The pairs of the words read as typos or split with their neighbours: mostly in a shard
    // loaded for their first word, but not where a shard ends between the word and its pairs.
    if (searched !== tokens) await this.shards.loadTerms(pairsToLoad(searched.filter((token) => token !== open), rules));
    signal?.throwIfAborted();
    // Whole pages of results, as coverage reorders them page by page (cut to `limit` below).
    const ranked = searched.length ? rankArticles(lookup, this.table, searched, coveredCount(limit), locale, rules) : [];
    // The corrected words are the ones the results contain, so they are the ones highlighted.
    const responding = (typosShown: Correction[]): SearchResponse => {
      // Told only of results: a query that found nothing is shown as typed.
      const fixed = ranked.length ? [...typosShown, ...splits] : [];
      const corrected = fixed.length ? { query: correctedQuery(query, fixed), words: fixed.flatMap((c) => c.to.split(' ')) } : undefined;
      return { query, tokens: corrected ? queryTokens(corrected.query, locale) : searched, results: [], ...(corrected && { corrected }) };
    };
    const term = findTerm(query.slice(0, 1000), await glossary, locale);
    const shown = [...ranked.map((hit) => hit.article), ...(term ? [term.article] : [])];
    if (loadedOnly && !shown.every((article) => this.files.hasCardAt(article))) return { ...responding(typosTold), unloaded: true };
    const cards = await Promise.all(shown.map((article) => this.files.cardAt(article)));
    signal?.throwIfAborted();
    const response = responding(spelledAsShown(typosTold, cards.flatMap(cardTexts), locale));
    if (term) {
      const { slug, title } = cards[ranked.length];
      response.answer = { term: term.term, definition: term.definition, slug, title, anchor: term.anchor, url: this.url(slug, term.anchor) };
    }
    // Reordered by how much of their titles and headings the query names: the cards of the articles
    // shown carry both, so only those move.
    const cardOf = new Map(ranked.map((hit, i) => [hit.article, cards[i]]));
    const hits = byCoverage(ranked, cards, searched, rules, locale, query).slice(0, limit);
    const shownCards = hits.map((hit) => cardOf.get(hit.article)!);
    response.results = resultsOf(hits, shownCards, response.tokens, (slug, anchor) => this.url(slug, anchor), locale);
    if (!excerpts) return { ...response, partial: true };
    response.results = response.results.map((result, i) => withPassages(result, shownCards[i], response.tokens, locale, passageLength));
    return response;
  }

  /**
   * The query's tokens with each of `unread` that is two words typed together read as them (see
   * `splitWord`), and what the visitor is told of each.
   */
  private async splitWords(tokens: Token[], unread: Token[], locale?: string): Promise<{ searched: Token[]; splits: Correction[] }> {
    if (!unread.length) return { searched: tokens, splits: [] };
    await this.shards.loadTerms(splitTerms(unread, locale));
    const splits: Correction[] = [];
    const searched = tokens.flatMap((token) => {
      const halves = unread.includes(token) ? splitWord(this.shards.lookup, token, locale) : undefined;
      if (!halves) return [token];
      splits.push(splitCorrection(token, halves));
      return halves;
    });
    return { searched, splits };
  }

  /** A response made with `excerpts: false`, with the passages of each result around the matched words (`passageLength` as in `search`). */
  async withExcerpts(response: SearchResponse, { passageLength }: Pick<SearchOptions, 'passageLength'> = {}): Promise<SearchResponse> {
    const cards = await Promise.all(response.results.map((r) => this.files.cardOf(r.slug)));
    const results = response.results.map((result, i) => {
      const card = cards[i];
      if (!card) throw new SelfserveIndexError('missing', result.slug, `no article "${result.slug}" in this index`);
      return withPassages(result, card, response.tokens, this.locale, passageLength);
    });
    const { partial: _, ...complete } = response;
    return { ...complete, results };
  }

  /** An article's rendered, sanitized HTML; loaded once, then kept. */
  async article(slug: string): Promise<ArticleContent> {
    const content = await this.files.contentOf(slug);
    if (!content) throw new SelfserveIndexError('missing', slug, `no article "${slug}" in this index`);
    return content;
  }

  private glossary(): Promise<TermEntry[]> {
    return this.terms.get(0, async () =>
      // An entry naming an article the index does not have would fail every search for its term.
      (await this.files.glossary()).terms.filter(({ article }) => article < this.table.articleCount).map(({ term, definition, article, anchor }) => termEntry(term, definition, article, anchor, this.locale)),
    );
  }
}

/** Which article and section each record id is: ids run article by article, intro first. */
function recordTable(sections: number[]): RecordTable {
  const count = sections.reduce((n, c) => n + 1 + c, 0);
  const table = { article: new Int32Array(count), section: new Int32Array(count), articleCount: sections.length };
  let id = 0;
  sections.forEach((sectionCount, article) => {
    for (let s = 0; s <= sectionCount; s++, id++) {
      table.article[id] = article;
      table.section[id] = s;
    }
  });
  return table;
}

/** The words a result shows of its article (a correction is spelled as they are). */
const cardTexts = (card: ArticleCard) => [card.title, card.description ?? '', ...card.sections.map((section) => section.heading), ...card.text];

const sortByOrder = (articles: readonly ArticleSummary[]) =>
  [...articles].sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || a.title.localeCompare(b.title));

/**
 * Opens a help index built by `selfserve build`: loads and validates its manifest and the root of
 * one language's index. Rejects with a `SelfserveIndexError` for a missing, corrupt or
 * incompatible index.
 */
export async function openIndex(source: IndexSource, options: OpenIndexOptions = {}): Promise<HelpIndex> {
  const loader = typeof source === 'object' && 'load' in source ? source : fetchLoader(source, options.fetch, options.timeout);
  const manifest = await loadManifest(loader);
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
