import type { TrailItem } from '../src/contact.ts';

/** What the widget tells the page, through `Selfserve.on()` and as `selfserve:<name>` DOM events on `window`. */
export interface WidgetEvents {
  open: { query?: string };
  close: Record<string, never>;
  /** A query the visitor settled on (typing paused), not every keystroke. */
  search: { query: string };
  results: { query: string; count: number };
  /** `via: 'contact'`: opened from the articles the contact form offered (or from a link in one), not from a search. */
  article: { slug: string; anchor?: string; query?: string; via?: 'contact' };
  /** A settled query that found nothing: a gap in the help center. */
  'no-results': { query: string };
  /** "Did this answer your question?" */
  feedback: { slug: string; helpful: boolean; reason?: string; comment?: string; query?: string };
  /**
   * The visitor asked to contact support (`stage: 'request'`), or sent a message (`'sent'`). A page
   * that listens with `Selfserve.on('contact', …)` handles requests itself (its own chat or ticket
   * form) and the widget does not show its form.
   */
  contact: { stage: 'request' | 'sent'; query: string; trail: TrailItem[] };
  /** A defined term's definition was shown on the page (`data-explain`); once per term and page view. */
  explain: { term: string; slug?: string };
}

export type EventName = keyof WidgetEvents;
export type Handler<E extends EventName> = (detail: WidgetEvents[E]) => void;

export interface Emitter {
  /** `internal` marks the widget's own listeners (analytics), which `has()` does not count. */
  on<E extends EventName>(event: E, handler: Handler<E>, internal?: boolean): () => void;
  /** Whether the page listens for `event` through `Selfserve.on()`. */
  has(event: EventName): boolean;
  emit<E extends EventName>(event: E, detail: WidgetEvents[E]): void;
}

/** An emitter whose handlers can never break the widget, nor the widget the page. */
export function createEmitter(): Emitter {
  const handlers = new Map<string, Set<(detail: unknown) => void>>();
  const internals = new Set<unknown>();
  return {
    on(event, handler, internal = false) {
      const set = handlers.get(event) ?? new Set();
      set.add(handler as (detail: unknown) => void);
      handlers.set(event, set);
      if (internal) internals.add(handler);
      return () => set.delete(handler as (detail: unknown) => void);
    },
    has: (event) => [...(handlers.get(event) ?? [])].some((handler) => !internals.has(handler)),
    emit(event, detail) {
      for (const handler of handlers.get(event) ?? []) {
        try {
          handler(detail);
        } catch (error) {
          console.error(`selfserve: a "${event}" handler threw`, error);
        }
      }
      try {
        window.dispatchEvent(new CustomEvent(`selfserve:${event}`, { detail }));
      } catch {
        // A page that broke CustomEvent loses the DOM event, not the widget.
      }
    },
  };
}
