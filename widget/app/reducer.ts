import type { ArticleContent, ArticleMeta, ArticleSummary } from '../../src/format.ts';
import type { SearchResponse } from '../../src/open-index.ts';
import type { Token } from '../../src/text/tokenize.ts';

export type IndexStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface ArticleView {
  kind: 'article';
  slug: string;
  anchor?: string;
  /** Opened at the top: the section that matched the query best, where its words are highlighted. */
  matched?: string;
  /** The query that led here, and its words as searched, to highlight them. */
  query: string;
  words: Token[];
  /** `missing`: the index has no such article (an old link); `error`: it did not load. */
  status: 'loading' | 'ready' | 'error' | 'missing';
  meta?: ArticleMeta;
  content?: ArticleContent;
  /** The article's HTML, sanitized again in the browser (see lazy/article.ts). */
  html?: string;
  /**
   * The message to support it was opened from (an article the contact form offered), which Back
   * returns to: the visitor was writing, not searching.
   */
  returnTo?: ContactView;
}

export interface ContactView {
  kind: 'contact';
  /** Where Back returns to. */
  from: { kind: 'search' } | ArticleView;
}

export type Feedback = 'helpful' | 'asking' | 'not-helpful';

/** Everything the widget shows, changed only by `reduce`. */
export interface State {
  open: boolean;
  /** The language asked for (the widget's text and, where the help center has it, the articles). */
  locale: string;
  /** The language of the loaded index (the help center's default when it lacks `locale`). */
  contentLocale?: string;
  query: string;
  /** Search exactly what was typed: the visitor turned the typo correction down. */
  exact: boolean;
  index: IndexStatus;
  /** Why the index could not load, for the console and the error message. */
  indexError?: string;
  /** The latest answer, for `query` or for a query typed before it. */
  response?: SearchResponse;
  /** The latest answer that had results: shown while a newer query is still on its way. */
  lastResults?: SearchResponse;
  /** A search has been running for longer than the stall threshold. */
  stalled: boolean;
  /** Typing has paused on `query`: from now on, no results means none. */
  paused: boolean;
  /** Index of the active option in the listbox; -1 for none. */
  active: number;
  view: { kind: 'search' } | ArticleView | ContactView;
  /** Answers to "Did this answer your question?", by article. */
  feedback: Record<string, Feedback>;
  /** Articles shown before anything is typed. */
  suggestions: ArticleSummary[];
  /** Whether `suggestions` are meant for this page (a `pages:` glob matched) or the popular ones. */
  contextual: boolean;
  /** Most important articles, shown when nothing matches. */
  popular: ArticleSummary[];
}

export type Action =
  /** `query`: what the page opened the panel with, for the "open" event. */
  | { type: 'opened'; query?: string }
  | { type: 'closed' }
  /** `typing`: a key was pressed (more may follow); a query set by the page or a link is final. */
  | { type: 'queryChanged'; query: string; typing: boolean; exact?: boolean }
  | { type: 'typingPaused' }
  | { type: 'searchStalled' }
  | { type: 'resultsArrived'; response: SearchResponse | undefined }
  | { type: 'searchFailed'; error: string }
  | { type: 'indexLoading' }
  | { type: 'indexReady'; contentLocale: string; suggestions: ArticleSummary[]; contextual: boolean; popular: ArticleSummary[] }
  | { type: 'indexFailed'; error: string }
  | { type: 'activeChanged'; active: number }
  | { type: 'articleRequested'; slug: string; anchor?: string; matched?: string }
  | { type: 'articleArrived'; view: ArticleView }
  /** Back from an article: to the message it was opened from, else to the results. */
  | { type: 'articleLeft' }
  | { type: 'feedbackAsked'; slug: string }
  | { type: 'feedbackGiven'; slug: string; helpful: boolean }
  | { type: 'contactShown' }
  | { type: 'contactLeft' }
  | { type: 'localeChanged'; locale: string };

export const initialState = (locale: string): State => ({
  open: false,
  locale,
  query: '',
  exact: false,
  index: 'idle',
  stalled: false,
  paused: true,
  active: -1,
  view: { kind: 'search' },
  feedback: {},
  suggestions: [],
  contextual: false,
  popular: [],
});

/** The widget's state after an action: pure, so every transition is tested without a browser. */
export function reduce(state: State, action: Action): State {
  switch (action.type) {
    case 'opened':
      return { ...state, open: true };
    case 'closed':
      // The view stays: reopening returns to where the visitor was.
      return { ...state, open: false, active: -1 };
    case 'queryChanged': {
      const empty = !action.query.trim();
      return {
        ...state,
        query: action.query,
        exact: action.exact ?? false,
        paused: !action.typing,
        active: -1,
        view: state.view.kind === 'search' ? state.view : { kind: 'search' },
        ...(empty ? { response: undefined, lastResults: undefined, stalled: false } : {}),
      };
    }
    case 'typingPaused':
      return { ...state, paused: true };
    case 'searchStalled':
      return { ...state, stalled: true };
    case 'resultsArrived': {
      const { response } = action;
      return {
        ...state,
        response,
        lastResults: response?.results.length ? response : state.lastResults,
        stalled: false,
        active: -1,
        ...(response && state.index === 'error' ? { index: 'ready' as const, indexError: undefined } : {}),
      };
    }
    case 'searchFailed':
      return { ...state, response: undefined, stalled: false, active: -1, index: 'error', indexError: action.error };
    case 'indexLoading':
      return { ...state, index: 'loading', indexError: undefined };
    case 'indexReady':
      return { ...state, index: 'ready', indexError: undefined, contentLocale: action.contentLocale, suggestions: action.suggestions, contextual: action.contextual, popular: action.popular };
    case 'indexFailed':
      return { ...state, index: 'error', indexError: action.error };
    case 'activeChanged':
      return { ...state, active: action.active };
    case 'articleRequested': {
      const { view } = state;
      // One the contact form offered was not found by the query typed before: nothing to highlight.
      const { query, words } = view.kind === 'article' ? view : view.kind === 'contact' ? { query: '', words: [] } : { query: state.query, words: state.response?.query === state.query ? state.response.tokens : [] };
      // An article's link followed keeps the way back to the message.
      const returnTo = view.kind === 'contact' ? view : view.kind === 'article' ? view.returnTo : undefined;
      return { ...state, open: true, view: { kind: 'article', slug: action.slug, anchor: action.anchor, matched: action.matched, query, words, status: 'loading', returnTo } };
    }
    case 'articleArrived': {
      const { view } = state;
      // Another article was asked for meanwhile: that one wins.
      if (view.kind !== 'article' || view.slug !== action.view.slug || view.anchor !== action.view.anchor) return state;
      return { ...state, view: action.view };
    }
    case 'articleLeft':
      return state.view.kind === 'article' ? { ...state, view: state.view.returnTo ?? { kind: 'search' } } : state;
    case 'feedbackAsked':
      return { ...state, feedback: { ...state.feedback, [action.slug]: 'asking' } };
    case 'feedbackGiven':
      return { ...state, feedback: { ...state.feedback, [action.slug]: action.helpful ? 'helpful' : 'not-helpful' } };
    case 'contactShown': {
      const { view } = state;
      // From an article the form offered: back to that message, not to a new one that leads there.
      if (view.kind === 'article' && view.returnTo) return { ...state, open: true, view: view.returnTo };
      const from = view.kind === 'contact' ? view.from : view;
      return { ...state, open: true, view: { kind: 'contact', from } };
    }
    case 'contactLeft':
      return state.view.kind === 'contact' ? { ...state, view: state.view.from } : state;
    case 'localeChanged':
      return { ...state, locale: action.locale, response: undefined, lastResults: undefined, index: 'idle' };
  }
}
