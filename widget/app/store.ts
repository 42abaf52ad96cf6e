import type { ArticleContent, ArticleMeta, ArticleSummary } from '../../src/format.ts';
import { matchLocale } from '../../src/index-files.ts';
import { openIndex, type HelpIndex, type SearchResponse } from '../../src/open-index.ts';
import { pageMatches } from '../../src/pages.ts';
import { needsLanguage, registerLanguages } from '../../src/text/languages.ts';
import { queryTokens } from '../../src/text/tokenize.ts';
import type { WidgetConfig } from '../config.ts';
import { deepLink, parseDeepLink } from '../deep-link.ts';
import type { Emitter } from '../events.ts';
import { systemClock, type Clock } from './clock.ts';
import { loadModule } from './modules.ts';
import { initialState, reduce, type Action, type ArticleView, type State } from './reducer.ts';
import { createTrail, type Trail } from './trail.ts';

export type { ArticleView, ContactView, IndexStatus, State } from './reducer.ts';

export interface StoreOptions {
  config: WidgetConfig;
  emitter: Emitter;
  /** Injected so tests can open any index; defaults to `openIndex`. */
  open?: (source: string, locale: string) => Promise<HelpIndex>;
  location?: Pick<Location, 'pathname' | 'hash' | 'href'>;
  history?: Pick<History, 'pushState' | 'replaceState' | 'back' | 'state'>;
  /** What the visitor did, for the contact form. */
  trail?: Trail;
  /** Timers and time; tests pass one they move forward by hand. */
  clock?: Clock;
  /** Told each time the panel opens or closes (the loader's launcher follows it). */
  onOpenChange?(open: boolean): void;
  /** The visitor's languages, most preferred first (see `elsewhere`). Default: `navigator.languages`. */
  languages?: readonly string[];
  /** How wide the list of results is now, in CSS pixels (see `passageLengthFor`); 0 or none: the panel's on a desktop. */
  listWidth?: () => number | undefined;
  /**
   * How wide a character of a passage is, on average, in CSS pixels, in the font it is shown in and
   * the script of `locale`'s text (see `passageLengthFor`); none: the font the lengths were measured with.
   */
  charWidth?: (locale: string) => number | undefined;
}

// Spinners only appear for searches slower than this, so fast ones never flash (Autocomplete's stallThreshold).
export const STALL_MS = 300;
// Typing has paused after this long without a key: the query is searched as finished, the titles
// and passages of its results load, and an empty answer now means "no results". Careful typists
// leave 150–250 ms between keys; every millisecond more is waited after the last key.
export const PAUSE_MS = 200;
// A query is "settled" (worth an analytics event) once typing pauses this long.
export const SETTLE_MS = 700;
// Articles listed for a query, each with up to two sections: more than a panel shows at once, and as
// many as a browser fetches at a time from one host over HTTP/1.1 (six), so their cards (titles and
// passages) arrive in one round trip.
const RESULTS = 6;
// The list's width and the passages' room in it: a section's passage is indented (76 px of the
// list are not its), and the panel's list is 419 px wide on a desktop (its passages 343).
const PANEL_LIST_WIDTH = 419;
const PASSAGE_INDENT = 76;
// The average width of a character of help text in the font passages were measured in (headless
// Chromium's default sans-serif at 13.5 px; see `charWidthIn` in mount.tsx for the text measured).
export const REFERENCE_CHAR_WIDTH = 6.47;
// The share of two lines' characters a passage may take: lines break between words, and some
// text is wider than the measured help text (capitals, digits, "·" between table cells).
const FILL = 0.8;

/**
 * The characters of a passage the list's two lines show (panel.css, .ss-option-text clamps it to
 * two), so the passage picked is the one whose matched words are in sight, end included: at
 * `listWidth` (90 in the desktop panel, 64 on a 320 px phone, up to 180, the API's own default, in a
 * wide page), in a font whose characters are `charWidth` wide on average (fewer in a site's wide
 * `--selfserve-font`, or in Japanese, whose characters are twice as wide).
 */
export function passageLengthFor(listWidth?: number, charWidth?: number): number {
  const room = (listWidth || PANEL_LIST_WIDTH) - PASSAGE_INDENT;
  return Math.min(180, Math.max(30, Math.round((2 * FILL * room) / (charWidth || REFERENCE_CHAR_WIDTH))));
}

/** The passage length of the desktop panel in the reference font (see `passageLengthFor`). */
export const PASSAGE_LENGTH = passageLengthFor();

// Other languages searched when the visitor's has no match (see `elsewhere`): each costs its root
// and the shards of the query's words.
const MAX_ELSEWHERE = 3;

export type Store = ReturnType<typeof createStore>;

/**
 * The widget's state and the effects that change it (loading, searching, history), free of any UI.
 * Every change goes through `reduce` as a named action; this is the one place that knows whether
 * the panel is open.
 */
export function createStore({
  config,
  emitter,
  open = (source, locale) => openIndex(source, { locale, timeout: config.timeout }),
  location = window.location,
  history = window.history,
  trail = createTrail(),
  clock = systemClock,
  onOpenChange,
  languages: preferredLanguages = navigator.languages ?? [],
  listWidth = () => undefined,
  charWidth = () => undefined,
}: StoreOptions) {
  let state: State = initialState(config.lang);
  const now = () => new Date(clock.now()).toISOString();
  const listeners = new Set<() => void>();
  let index: Promise<HelpIndex | undefined> | undefined;
  /** The help center's other languages, opened to look for what the visitor's found nothing for (see `elsewhere`). */
  const others = new Map<string, Promise<HelpIndex>>();
  let searchId = 0;
  /** Aborts the search a newer keystroke superseded, so it fetches nothing more. */
  let searching: AbortController | undefined;
  let pending: Promise<SearchResponse | undefined> = Promise.resolve(undefined);
  let pauseTimer: unknown;
  /** Searches the query being typed as finished, without waiting for the pause (Enter was pressed). */
  let finishTyping: (() => Promise<SearchResponse | undefined>) | undefined;
  let settleTimer: unknown;
  let settle: (() => void) | undefined;
  /** Records the pending settled search now (an article opened, the panel closed). */
  const flushSettle = () => {
    clock.clearTimeout(settleTimer);
    const run = settle;
    settle = undefined;
    run?.();
  };

  const dispatch = (action: Action) => {
    const before = state;
    state = reduce(state, action);
    if (state === before) return;
    if (state.open !== before.open) {
      onOpenChange?.(state.open);
      if (state.open) emitter.emit('open', { query: action.type === 'opened' ? action.query : undefined });
      else emitter.emit('close', {});
    }
    for (const listener of listeners) listener();
  };

  function loadIndex(): Promise<HelpIndex | undefined> {
    if (!index) {
      dispatch({ type: 'indexLoading' });
      // A language searched already for what the visitor's had not (`elsewhere`) comes with its shards.
      index = (others.get(state.locale) ?? open(config.index, state.locale))
        .then(async (loaded) => {
          // The help center's language rules, unless built in: searches must tokenize as the build did.
          if (needsLanguage(loaded.locale)) registerLanguages((await loadModule('languages')).otherLanguages);
          return loaded;
        })
        .then(
          (loaded) => {
            dispatch({ type: 'indexReady', contentLocale: loaded.locale, ...suggestionsFor(loaded, location.pathname), popular: loaded.popular() });
            return loaded;
          },
          (error: Error) => {
            console.warn(error.message);
            index = undefined;
            dispatch({ type: 'indexFailed', error: error.message });
            return undefined;
          },
        );
    }
    return index;
  }

  /** `typing`: a key was just pressed, so the last word may be unfinished (cheaper, see SearchOptions). */
  async function runSearch(query: string, exact = false, typing = false, settleMs = SETTLE_MS): Promise<SearchResponse | undefined> {
    const id = ++searchId;
    searching?.abort();
    const controller = (searching = new AbortController());
    // The previous query was not settled on: it is not reported.
    clock.clearTimeout(settleTimer);
    settle = undefined;
    if (!query.trim()) return undefined;
    const stall = clock.setTimeout(() => id === searchId && dispatch({ type: 'searchStalled' }), STALL_MS);
    // The key shows first: ranking and the list it changes come in the frames after (a search over
    // loaded shards runs without waiting, so it would otherwise hold back the keystroke's own frame).
    if (typing) await clock.afterPaint();
    if (id !== searchId) {
      clock.clearTimeout(stall);
      return undefined;
    }
    const loaded = await loadIndex();
    let response: SearchResponse | undefined;
    let failure: string | undefined;
    try {
      // The results with the passages that matched (both come in each result's card). While keys
      // follow each other, only results whose cards are loaded show: the rest wait for a pause.
      response = await loaded?.search(query, { limit: RESULTS, typos: !exact, typing, loadedOnly: typing, signal: controller.signal, passageLength: loaded && passageLengthFor(listWidth(), charWidth(loaded.locale)) });
    } catch (error) {
      // Superseded by a newer query, whose answer wins.
      if (controller.signal.aborted) {
        clock.clearTimeout(stall);
        return undefined;
      }
      // A part of the index the search needed did not load: say so, like an index that did not open.
      failure = (error as Error).message;
      console.warn(failure);
    }
    clock.clearTimeout(stall);
    // A newer query was typed meanwhile: its answer wins.
    if (id !== searchId) return response;
    if (failure) {
      // A keystroke's search is tried again as the finished query once typing pauses: only that
      // one says search is unavailable (a part that failed to load is fetched anew).
      if (!typing) dispatch({ type: 'searchFailed', error: failure });
      return undefined;
    }
    dispatch({ type: 'resultsArrived', response });
    settle = () => {
      if (!response) return;
      const count = response.results.length;
      trail.add({ type: 'search', query, results: count, shown: response.results.map((r) => r.title), answer: response.answer?.term, time: now() });
      emitter.emit('search', { query });
      emitter.emit('results', { query, count });
      if (!count) emitter.emit('no-results', { query });
    };
    settleTimer = clock.setTimeout(flushSettle, settleMs);
    return response;
  }

  /** A new query: typed key by key (`typing`), or set at once by the page or a button. */
  function changeQuery(query: string, typing: boolean, exact = false) {
    clock.clearTimeout(pauseTimer);
    finishTyping = undefined;
    dispatch({ type: 'queryChanged', query, typing, exact });
    pending = runSearch(query, exact, typing);
    if (typing) {
      const lastKey = clock.now();
      // Once typing pauses, the query is searched as finished; only its answer can say "no results".
      finishTyping = () => {
        clock.clearTimeout(pauseTimer);
        finishTyping = undefined;
        if (state.query !== query) return pending;
        // Already left for an article or the contact form: that search was reported as it stood.
        if (state.view.kind !== 'search') return void dispatch({ type: 'typingPaused' }), pending;
        // Settled counts from the last key, not from this second search.
        pending = runSearch(query, exact, false, Math.max(0, SETTLE_MS - (clock.now() - lastKey))).then((response) => {
          if (state.query === query) dispatch({ type: 'typingPaused' });
          return response;
        });
        return pending;
      };
      pauseTimer = clock.setTimeout(() => finishTyping?.(), PAUSE_MS);
    }
    return pending;
  }

  async function showArticle(slug: string, anchor?: string, push = true, matched?: string) {
    flushSettle();
    dispatch({ type: 'articleRequested', slug, anchor, matched });
    const requested = state.view as ArticleView;
    if (push && config.deepLink) {
      const url = deepLink(config.deepLink, slug, anchor);
      if (location.hash !== url) history.pushState({ selfserve: true }, '', url);
    }
    const loaded = await loadIndex();
    let meta: ArticleMeta | undefined;
    let content: ArticleContent | undefined;
    let html: string | undefined;
    let failed = !loaded;
    try {
      const sanitizer = loadModule('article');
      // Awaited below, after the article: until then its failure must not count as unhandled.
      sanitizer.catch(() => {});
      // The page's metadata and its HTML, in one round trip.
      const body = loaded?.article(slug);
      body?.catch(() => {});
      meta = await loaded?.get(slug);
      content = meta && (await body);
      if (content) html = (await sanitizer).sanitizeArticle(content.html, (path) => loaded!.resolve(path));
    } catch (error) {
      failed = true;
      console.warn((error as Error).message);
    }
    if (html === undefined) content = undefined;
    // An index that loaded without the article: the link is old, and trying again cannot help.
    const status = content ? 'ready' : failed ? 'error' : 'missing';
    dispatch({ type: 'articleArrived', view: { ...requested, meta, content, html, status } });
    const view = state.view;
    if (!content || view.kind !== 'article' || view.slug !== slug || view.anchor !== anchor) return;
    trail.add({ type: 'article', slug, title: content.title, section: meta?.sections.find((s) => s.anchor === anchor)?.heading, query: requested.query || undefined, time: now() });
    emitter.emit('article', { slug, anchor, query: requested.query || undefined, ...(requested.returnTo && { via: 'contact' as const }) });
  }

  /** Leaves the article view (for the message it came from, else the results); drops our history entry so Back/Forward stay in step. */
  function leaveArticle() {
    if (state.view.kind !== 'article') return;
    dispatch({ type: 'articleLeft' });
    if (config.deepLink && parseDeepLink(location.hash, config.deepLink)) {
      if ((history.state as { selfserve?: boolean } | null)?.selfserve) history.back();
      else history.replaceState(history.state, '', location.href.replace(/#.*$/, ''));
    }
  }

  return {
    get: () => state,
    dispatch,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    open(query?: string) {
      dispatch({ type: 'opened', query });
      if (query !== undefined) {
        void loadIndex();
        return void changeQuery(query, false);
      }
      void loadIndex();
      // Back where the visitor was: an article they were reading gets its address again.
      const { view } = state;
      if (view.kind === 'article' && config.deepLink) {
        const url = deepLink(config.deepLink, view.slug, view.anchor);
        if (location.hash !== url) history.replaceState(history.state, '', location.href.replace(/#.*$/, '') + url);
      }
    },
    close() {
      if (!state.open) return;
      flushSettle();
      if (config.deepLink && parseDeepLink(location.hash, config.deepLink)) {
        history.replaceState(history.state, '', location.href.replace(/#.*$/, ''));
      }
      dispatch({ type: 'closed' });
    },
    isOpen: () => state.open,
    /** A key typed in the search box. */
    setQuery: (query: string) => changeQuery(query, true),
    /** Searches what was typed, without reading any word as a typo ("Search instead for …"). */
    searchExactly: () => changeQuery(state.query, false, true),
    /** Resolves once the search for the current query has answered. */
    settled(): Promise<unknown> {
      return pending;
    },
    /** Searches a query still being typed as finished, now (Enter pressed before typing paused); resolves with its answer. */
    finish(): Promise<unknown> {
      return finishTyping?.() ?? pending;
    },
    search(query: string) {
      dispatch({ type: 'opened', query });
      void loadIndex();
      return changeQuery(query, false);
    },
    /** Opens an article, at a section (`anchor`); `matched` names the section to highlight the query in. */
    openArticle(slug: string, anchor?: string, matched?: string) {
      return showArticle(slug, anchor, true, matched);
    },
    back: leaveArticle,
    /** Follows the URL after Back/Forward: a deep link shows its article, anything else the results. */
    route(hash: string) {
      const link = parseDeepLink(hash, config.deepLink);
      if (link) {
        const view = state.view;
        if (view.kind === 'article' && view.slug === link.slug && view.anchor === link.anchor && state.open) return Promise.resolve();
        return showArticle(link.slug, link.anchor, false);
      }
      if (state.view.kind === 'article') dispatch({ type: 'articleLeft' });
      return Promise.resolve();
    },
    /** "No" to "Did this answer your question?": asks why, before anything is recorded. */
    askWhy(slug: string) {
      dispatch({ type: 'feedbackAsked', slug });
    },
    /** "Did this answer your question?": yes, or no with an optional reason and comment. */
    feedback(slug: string, helpful: boolean, reason?: string, comment?: string) {
      const query = state.view.kind === 'article' && state.view.query ? state.view.query : undefined;
      dispatch({ type: 'feedbackGiven', slug, helpful });
      const title = state.view.kind === 'article' && state.view.slug === slug ? state.view.content?.title : undefined;
      trail.add({ type: 'feedback', slug, title, helpful, reason: reason || undefined, comment: comment || undefined, time: now() });
      emitter.emit('feedback', { slug, helpful, reason: reason || undefined, comment: comment || undefined, query });
    },
    showContact() {
      flushSettle();
      dispatch({ type: 'contactShown' });
    },
    leaveContact() {
      dispatch({ type: 'contactLeft' });
    },
    /** Articles that may answer a message to support, as the visitor writes it (see `ContactState.answers`). */
    async answersFor(message: string, limit: number): Promise<ArticleSummary[]> {
      const loaded = await loadIndex();
      if (!loaded) return [];
      try {
        const { results } = await loaded.search(message, { limit, excerpts: false });
        return results.map(({ slug, title, description }) => ({ slug, title, description }));
      } catch (error) {
        // A nicety beside the form: the message can be sent all the same.
        console.warn((error as Error).message);
        return [];
      }
    },
    /**
     * When nothing matches in the visitor's language: the first of the help center's other
     * languages whose articles match `query` as typed (no typo guesses: a near miss in a language
     * the visitor did not type in is not an answer), with up to `limit` of them. A Japanese
     * question typed on an English page finds the Japanese articles. The visitor's own languages
     * are tried first, then the help center's default, at most `MAX_ELSEWHERE` in all.
     */
    async elsewhere(query: string, limit = 3): Promise<{ locale: string; results: ArticleSummary[] } | undefined> {
      const loaded = await loadIndex();
      // Words that mean nothing in the visitor's language ("not", "the") found nothing for want of
      // words, not of a translation.
      if (!loaded || !queryTokens(query, loaded.locale).length) return undefined;
      const { locales, defaultLocale } = loaded.manifest;
      const wanted = [...preferredLanguages, defaultLocale].map((tag) => matchLocale(locales, tag));
      const tried = [...new Set([...wanted, ...locales])].filter((l): l is string => l !== undefined && l !== loaded.locale).slice(0, MAX_ELSEWHERE);
      for (const locale of tried) {
        try {
          let other = others.get(locale);
          if (!other) others.set(locale, (other = open(config.index, locale)));
          const opened = await other;
          if (needsLanguage(opened.locale)) registerLanguages((await loadModule('languages')).otherLanguages);
          const { results } = await opened.search(query, { limit, typos: false, excerpts: false });
          if (results.length) return { locale: opened.locale, results: results.map(({ slug, title, description }) => ({ slug, title, description })) };
        } catch (error) {
          // A nicety beside "no results": the contact path next to it still works.
          others.delete(locale);
          console.warn((error as Error).message);
        }
      }
      return undefined;
    },
    /** What to read next after a "No": the article's `related`, else the next-best results for the query. */
    async nextSteps(slug: string, query: string, limit = 3): Promise<ArticleSummary[]> {
      const loaded = await loadIndex();
      if (!loaded) return [];
      try {
        const meta = await loaded.get(slug);
        const related = (await Promise.all((meta?.related ?? []).map((s) => loaded.get(s)))).filter((a): a is ArticleMeta => Boolean(a));
        if (related.length) return related.slice(0, limit);
        // Opened without a search: articles like this one.
        const like = query.trim() || meta?.title || '';
        const response = like ? await loaded.search(like, { limit: limit + 1, excerpts: false }) : undefined;
        return (response?.results ?? []).filter((r) => r.slug !== slug).slice(0, limit);
      } catch (error) {
        // Suggestions are a nicety: the contact path next to them still works.
        console.warn((error as Error).message);
        return [];
      }
    },
    /** Shows the widget (and the articles, where translated) in another language. */
    switchLocale(locale: string, slug?: string) {
      if (locale === state.locale && !slug) return;
      // The search that led here is recorded in the language it was made in.
      flushSettle();
      index = undefined;
      dispatch({ type: 'localeChanged', locale });
      if (slug) void showArticle(slug, undefined, false);
      // The query is searched again in the new language: Back from the article shows its results.
      void loadIndex().then(() => (state.query ? runSearch(state.query) : undefined));
    },
    /**
     * Moves the active option (arrow keys, pointer); `slug` is its article, fetched now so that
     * choosing it opens at once (results bring only their cards).
     */
    setActive(active: number, slug?: string) {
      dispatch({ type: 'activeChanged', active });
      if (slug) void index?.then((loaded) => Promise.all([loaded?.get(slug), loaded?.article(slug)])).catch(() => {});
    },
    retry() {
      return loadIndex().then(() => (state.query ? runSearch(state.query, state.exact) : undefined));
    },
    /** Starts loading the index; resolves when it is ready (or failed). */
    preload() {
      return loadIndex();
    },
  };
}

/** The articles for this page (a `pages:` glob matched), else the popular ones, and which it is. */
function suggestionsFor(index: HelpIndex, pathname: string): { suggestions: ArticleSummary[]; contextual: boolean } {
  const suggestions = index.suggest(pathname);
  return { suggestions, contextual: suggestions.some((article) => article.pages?.some((glob) => pageMatches(glob, pathname))) };
}
