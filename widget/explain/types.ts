import type { WidgetConfig } from '../config.ts';

/** What the loader gives the explain module. */
export interface ExplainContext {
  config: WidgetConfig;
  /** "Read more": opens the article (at a section) in the widget. */
  openArticle(slug: string, anchor?: string): void;
  /** A definition was shown: the `explain` event. */
  shown(detail: { term: string; slug?: string }): void;
}

/** What the loader asks of the explain module once its glossary is loaded. */
export interface ExplainController {
  /** Marks the defined terms in an element, or in every element matching a selector, now and later. */
  add(target: Element | string): void;
  /** Removes every mark, stop and listener: the page is as it was. */
  clear(): void;
}

export interface ExplainModule {
  startExplain(context: ExplainContext): Promise<ExplainController>;
}
