import type { ArticleContent, ArticleMeta } from '../../src/format.ts';
import { openIndex, type HelpIndex, type SearchResponse } from '../../src/open-index.ts';
import type { WidgetConfig } from '../config.ts';
import { deepLink, parseDeepLink } from '../deep-link.ts';
import type { Emitter } from '../events.ts';

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
}

export interface State {
  open: boolean;
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
  view: { kind: 'search' } | ArticleView;
  /** Articles for the current page, shown before anything is typed. */
  suggestions: ArticleMeta[];
  /** Most important articles, shown when nothing matches. */
  popular: ArticleMeta[];
}

export interface StoreOptions {
  config: WidgetConfig;
  emitter: Emitter;
  /** Injected so tests can open any index; defaults to `openIndex`. */
  open?: (source: string) => Promise<HelpIndex>;
  location?: Pick<Location, 'pathname' | 'hash' | 'href'>;
  history?: Pick<History, 'pushState' | 'replaceState' | 'back' | 'state'>;
}

// Spinners only appear for searches slower than this, so fast ones never flash (Autocomplete's stallThreshold).
const STALL_MS = 300;
// A query is "settled" (worth an analytics event) once typing pauses this long.
const SETTLE_MS = 700;

export type Store = ReturnType<typeof createStore>;

/** The widget's state and everything that changes it, free of any UI. */
export function createStore({ config, emitter, open = (source) => openIndex(source), location = window.location, history = window.history }: StoreOptions) {
  let state: State = { open: false, query: '', index: 'idle', stalled: false, active: -1, view: { kind: 'search' }, suggestions: [], popular: [] };
  const listeners = new Set<() => void>();
  let index: Promise<HelpIndex | undefined> | undefined;
  let searchId = 0;
  let pending: Promise<SearchResponse | undefined> = Promise.resolve(undefined);
  let settleTimer: ReturnType<typeof setTimeout> | undefined;

  const set = (patch: Partial<State>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };

  function loadIndex(): Promise<HelpIndex | undefined> {
    if (!index) {
      set({ index: 'loading', indexError: undefined });
      index = open(config.index).then(
        (loaded) => {
          set({ index: 'ready', suggestions: loaded.suggest(location.pathname), popular: loaded.popular() });
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
    clearTimeout(settleTimer);
    if (!query.trim()) {
      set({ response: undefined, stalled: false, active: -1 });
      return undefined;
    }
    const stall = setTimeout(() => id === searchId && set({ stalled: true }), STALL_MS);
    const loaded = await loadIndex();
    let response: SearchResponse | undefined;
    try {
      response = await loaded?.search(query, { limit: 8 });
    } catch (error) {
      console.warn((error as Error).message);
    }
    clearTimeout(stall);
    // A newer query was typed meanwhile: its answer wins.
    if (id !== searchId) return response;
    set({ response, stalled: false, active: -1 });
    settleTimer = setTimeout(() => {
      if (!response) return;
      emitter.emit('search', { query });
      emitter.emit('results', { query, count: response.results.length });
    }, SETTLE_MS);
    return response;
  }

  async function showArticle(slug: string, anchor?: string, push = true) {
    const query = state.view.kind === 'article' ? state.view.query : state.query;
    set({ view: { kind: 'article', slug, anchor, query, status: 'loading' } });
    if (push && config.deepLink) {
      const url = deepLink(config.deepLink, slug, anchor);
      if (location.hash !== url) history.pushState({ selfserve: true }, '', url);
    }
    const loaded = await loadIndex();
    const meta = loaded?.get(slug);
    let content: ArticleContent | undefined;
    try {
      content = meta && (await loaded!.article(slug));
    } catch (error) {
      console.warn((error as Error).message);
    }
    const view = state.view;
    if (view.kind !== 'article' || view.slug !== slug || view.anchor !== anchor) return;
    set({ view: { ...view, meta, content, status: content ? 'ready' : 'error' } });
    if (content) emitter.emit('article', { slug, anchor, query: query || undefined });
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
