import type { ArticleContent, ArticleMeta, ArticleSummary } from '../../src/format.ts';
import { openIndex, type HelpIndex, type SearchResponse } from '../../src/open-index.ts';
import { needsLanguage, registerLanguages } from '../../src/text/languages.ts';
import type { WidgetConfig } from '../config.ts';
import { deepLink, parseDeepLink } from '../deep-link.ts';
import type { Emitter } from '../events.ts';
import { loadModule } from './modules.ts';
import { createTrail, type Trail } from './trail.ts';

export type IndexStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface ArticleView {
  kind: 'article';
  slug: string;
  anchor?: string;
  /** The query that led here, to highlight its words. */
  query: string;
  status: 'loading' | 'ready' | 'error';
  meta?: ArticleMeta;
  content?: ArticleContent;
  /** The article's HTML, sanitized again in the browser (see lazy/article.ts). */
  html?: string;
}

export interface ContactView {
  kind: 'contact';
  /** Where Back returns to. */
  from: { kind: 'search' } | ArticleView;
}

export interface State {
  open: boolean;
  /** The language asked for (the widget's text and, where the help center has it, the articles). */
  locale: string;
  /** The language of the loaded index (the help center's default when it lacks `locale`). */
  contentLocale?: string;
  query: string;
  index: IndexStatus;
  /** Why the index could not load, for the console and the error message. */
  indexError?: string;
  /** Results for `query` (or for the query before it, while the new one runs). */
  response?: SearchResponse;
  /** A search has been running for longer than the stall threshold. */
  stalled: boolean;
  /** Index of the active option in the listbox; -1 for none. */
  active: number;
  view: { kind: 'search' } | ArticleView | ContactView;
  /** Answers to "Did this answer your question?", by article. */
  feedback: Record<string, 'helpful' | 'asking' | 'not-helpful'>;
  /** Articles for the current page, shown before anything is typed. */
  suggestions: ArticleSummary[];
  /** Most important articles, shown when nothing matches. */
  popular: ArticleSummary[];
}

export interface StoreOptions {
  config: WidgetConfig;
  emitter: Emitter;
  /** Injected so tests can open any index; defaults to `openIndex`. */
  open?: (source: string, locale: string) => Promise<HelpIndex>;
  location?: Pick<Location, 'pathname' | 'hash' | 'href'>;
  history?: Pick<History, 'pushState' | 'replaceState' | 'back' | 'state'>;
  /** What the visitor did, for the contact form. */
  trail?: Trail;
}

// Spinners only appear for searches slower than this, so fast ones never flash (Autocomplete's stallThreshold).
const STALL_MS = 300;
// Excerpts load for results still shown after this long.
const EXCERPT_DELAY_MS = 150;
// A query is "settled" (worth an analytics event) once typing pauses this long.
const SETTLE_MS = 700;

export type Store = ReturnType<typeof createStore>;

/** The widget's state and everything that changes it, free of any UI. */
export function createStore({ config, emitter, open = (source, locale) => openIndex(source, { locale, timeout: config.timeout }), location = window.location, history = window.history, trail = createTrail() }: StoreOptions) {
  let state: State = { open: false, locale: config.lang, query: '', index: 'idle', stalled: false, active: -1, view: { kind: 'search' }, suggestions: [], popular: [], feedback: {} };
  const now = () => new Date().toISOString();
  const listeners = new Set<() => void>();
  let index: Promise<HelpIndex | undefined> | undefined;
  let searchId = 0;
  let pending: Promise<SearchResponse | undefined> = Promise.resolve(undefined);
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  let settle: (() => void) | undefined;
  /** Records the pending settled search now (an article opened, the panel closed). */
  const flushSettle = () => {
    clearTimeout(settleTimer);
    const run = settle;
    settle = undefined;
    run?.();
  };

  const set = (patch: Partial<State>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };

  function loadIndex(): Promise<HelpIndex | undefined> {
    if (!index) {
      set({ index: 'loading', indexError: undefined });
      index = open(config.index, state.locale)
        .then(async (loaded) => {
          // The help center's language rules, unless built in: searches must tokenize as the build did.
          if (needsLanguage(loaded.locale)) registerLanguages((await loadModule('languages')).otherLanguages);
          return loaded;
        })
        .then(
          (loaded) => {
            set({ index: 'ready', contentLocale: loaded.locale, suggestions: loaded.suggest(location.pathname), popular: loaded.popular() });
            return loaded;
          },
          (error: Error) => {
            console.warn(error.message);
            index = undefined;
            set({ index: 'error', indexError: error.message });
            return undefined;
          },
        );
    }
    return index;
  }

  async function runSearch(query: string): Promise<SearchResponse | undefined> {
    const id = ++searchId;
    // The previous query was not settled on: it is not reported.
    clearTimeout(settleTimer);
    settle = undefined;
    if (!query.trim()) {
      set({ response: undefined, stalled: false, active: -1 });
      return undefined;
    }
    const stall = setTimeout(() => id === searchId && set({ stalled: true }), STALL_MS);
    const loaded = await loadIndex();
    let response: SearchResponse | undefined;
    let failure: string | undefined;
    try {
      // Results first, with their descriptions; the passages that matched follow.
      response = await loaded?.search(query, { limit: 8, excerpts: false });
    } catch (error) {
      // A part of the index the search needed did not load: say so, like an index that did not open.
      failure = (error as Error).message;
      console.warn(failure);
    }
    clearTimeout(stall);
    // A newer query was typed meanwhile: its answer wins.
    if (id !== searchId) return response;
    if (failure) {
      set({ response: undefined, stalled: false, active: -1, index: 'error', indexError: failure });
      return undefined;
    }
    set({ response, stalled: false, active: -1, ...(loaded && state.index === 'error' ? { index: 'ready', indexError: undefined } : {}) });
    if (loaded && response?.results.length) {
      // Passages follow once typing pauses: fetching them for every keystroke would spend the
      // visitor's data and the page's time on results already replaced.
      const quick = response;
      setTimeout(() => {
        if (id !== searchId) return;
        loaded.withExcerpts(quick).then(
          (full) => state.response === quick && set({ response: full }),
          (error: Error) => {
            console.warn(error.message);
            // The results stand without their passages.
            if (state.response === quick) set({ response: { ...quick, partial: undefined } });
          },
        );
      }, EXCERPT_DELAY_MS);
    }
    settle = () => {
      if (!response) return;
      const count = response.results.length;
      trail.add({ type: 'search', query, results: count, shown: response.results.map((r) => r.title), answer: response.answer?.term, time: now() });
      emitter.emit('search', { query });
      emitter.emit('results', { query, count });
      if (!count) emitter.emit('no-results', { query });
    };
    settleTimer = setTimeout(flushSettle, SETTLE_MS);
    return response;
  }

  async function showArticle(slug: string, anchor?: string, push = true) {
    flushSettle();
    const query = state.view.kind === 'article' ? state.view.query : state.query;
    set({ view: { kind: 'article', slug, anchor, query, status: 'loading' } });
    if (push && config.deepLink) {
      const url = deepLink(config.deepLink, slug, anchor);
      if (location.hash !== url) history.pushState({ selfserve: true }, '', url);
    }
    const loaded = await loadIndex();
    let meta: ArticleMeta | undefined;
    let content: ArticleContent | undefined;
    let html: string | undefined;
    try {
      const sanitizer = loadModule('article');
      // Awaited below, after the article: until then its failure must not count as unhandled.
      sanitizer.catch(() => {});
      meta = await loaded?.get(slug);
      content = meta && (await loaded!.article(slug));
      if (content) html = (await sanitizer).sanitizeArticle(content.html, (path) => loaded!.resolve(path));
    } catch (error) {
      console.warn((error as Error).message);
    }
    const view = state.view;
    if (view.kind !== 'article' || view.slug !== slug || view.anchor !== anchor) return;
    if (html === undefined) content = undefined;
    set({ view: { ...view, meta, content, html, status: content ? 'ready' : 'error' } });
    if (!content) return;
    trail.add({ type: 'article', slug, title: content.title, section: meta?.sections.find((s) => s.anchor === anchor)?.heading, query: query || undefined, time: now() });
    emitter.emit('article', { slug, anchor, query: query || undefined });
  }

  /** Leaves the article view; drops our history entry so Back/Forward stay in step. */
  function leaveArticle() {
    if (state.view.kind !== 'article') return;
    set({ view: { kind: 'search' } });
    if (config.deepLink && parseDeepLink(location.hash, config.deepLink)) {
      if ((history.state as { selfserve?: boolean } | null)?.selfserve) history.back();
      else history.replaceState(history.state, '', location.href.replace(/#.*$/, ''));
    }
  }

  return {
    get: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    open(query?: string) {
      const wasOpen = state.open;
      set({ open: true });
      void loadIndex();
      if (query !== undefined) {
        set({ query, view: { kind: 'search' } });
        void runSearch(query);
      }
      if (!wasOpen) emitter.emit('open', { query });
    },
    close() {
      if (!state.open) return;
      flushSettle();
      if (config.deepLink && parseDeepLink(location.hash, config.deepLink)) {
        history.replaceState(history.state, '', location.href.replace(/#.*$/, ''));
      }
      set({ open: false, view: { kind: 'search' } });
      emitter.emit('close', {});
    },
    setQuery(query: string) {
      set({ query });
      pending = runSearch(query);
      return pending;
    },
    /** Resolves once the search for the current query has answered. */
    settled(): Promise<unknown> {
      return pending;
    },
    search(query: string) {
      const wasOpen = state.open;
      set({ open: true, query, view: { kind: 'search' } });
      void loadIndex();
      if (!wasOpen) emitter.emit('open', { query });
      return runSearch(query);
    },
    openArticle(slug: string, anchor?: string) {
      const wasOpen = state.open;
      set({ open: true });
      if (!wasOpen) emitter.emit('open', {});
      return showArticle(slug, anchor);
    },
    back: leaveArticle,
    /** Follows the URL after Back/Forward: a deep link shows its article, anything else the results. */
    route(hash: string) {
      const link = parseDeepLink(hash, config.deepLink);
      if (link) {
        const view = state.view;
        if (view.kind === 'article' && view.slug === link.slug && view.anchor === link.anchor && state.open) return;
        if (!state.open) {
          set({ open: true });
          emitter.emit('open', {});
        }
        void showArticle(link.slug, link.anchor, false);
      } else if (state.view.kind === 'article') {
        set({ view: { kind: 'search' } });
      }
    },
    /** "Did this answer your question?": yes, or no (then asks why), or the reason. */
    feedback(slug: string, helpful: boolean, reason?: string, comment?: string) {
      if (!helpful && reason === undefined) {
        set({ feedback: { ...state.feedback, [slug]: 'asking' } });
        return;
      }
      const query = state.view.kind === 'article' && state.view.query ? state.view.query : undefined;
      set({ feedback: { ...state.feedback, [slug]: helpful ? 'helpful' : 'not-helpful' } });
      const title = state.view.kind === 'article' && state.view.slug === slug ? state.view.content?.title : undefined;
      trail.add({ type: 'feedback', slug, title, helpful, reason, comment: comment || undefined, time: now() });
      emitter.emit('feedback', { slug, helpful, reason, comment: comment || undefined, query });
    },
    showContact() {
      flushSettle();
      const from = state.view.kind === 'contact' ? state.view.from : state.view;
      set({ open: true, view: { kind: 'contact', from } });
    },
    leaveContact() {
      if (state.view.kind === 'contact') set({ view: state.view.from });
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
      index = undefined;
      set({ locale, response: undefined, index: 'idle' });
      if (slug) void showArticle(slug, undefined, false);
      else void loadIndex().then(() => (state.query ? runSearch(state.query) : undefined));
    },
    setActive(active: number) {
      set({ active });
    },
    retry() {
      void loadIndex().then(() => (state.query ? runSearch(state.query) : undefined));
    },
    preload() {
      void loadIndex();
    },
  };
}
