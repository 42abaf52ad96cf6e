/** What the widget tells the page, through `Selfserve.on()` and as `selfserve:<name>` DOM events on `window`. */
export interface WidgetEvents {
  open: { query?: string };
  close: Record<string, never>;
  /** A query the visitor settled on (typing paused), not every keystroke. */
  search: { query: string };
  results: { query: string; count: number };
  article: { slug: string; anchor?: string; query?: string };
}

export type EventName = keyof WidgetEvents;
export type Handler<E extends EventName> = (detail: WidgetEvents[E]) => void;

export interface Emitter {
  on<E extends EventName>(event: E, handler: Handler<E>): () => void;
  emit<E extends EventName>(event: E, detail: WidgetEvents[E]): void;
}

/** An emitter whose handlers can never break the widget, nor the widget the page. */
export function createEmitter(): Emitter {
  const handlers = new Map<string, Set<(detail: unknown) => void>>();
  return {
    on(event, handler) {
      const set = handlers.get(event) ?? new Set();
      set.add(handler as (detail: unknown) => void);
      handlers.set(event, set);
      return () => set.delete(handler as (detail: unknown) => void);
    },
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
