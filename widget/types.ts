import type { SearchResponse } from '../src/open-index.ts';
import type { WidgetConfig } from './config.ts';
import type { Emitter } from './events.ts';
import type { Host } from './host.ts';

/** What the loader asks of the lazily loaded app. */
export interface AppController {
  open(query?: string): void;
  close(): void;
  /** Whether the panel is open: the app's store holds it, the loader asks. */
  isOpen(): boolean;
  openArticle(slug: string, anchor?: string): void;
  search(query: string): Promise<SearchResponse | undefined>;
  /** Starts loading the index without opening (idle time). */
  preload(): void;
  /** Syncs the view with the URL hash after Back/Forward. */
  route(hash: string): void;
  /** Who the visitor is, from `Selfserve.identify` (validated by the app); `null` forgets them. */
  identify(visitor: unknown): void;
}

export interface AppContext {
  host: Host;
  config: WidgetConfig;
  emitter: Emitter;
  /** Rendered inside a page element rather than as a floating dialog. */
  inline: boolean;
  /** What `Selfserve.identify` was last called with before the app loaded. */
  visitor?: unknown;
  /** Tells the loader the panel opened or closed (to update the launcher). */
  onOpenChange(open: boolean): void;
  /** The keys typed for the search box while it was on its way, once; typing then goes to the box. */
  takeTyped(): string;
}

export interface AppModule {
  mount(context: AppContext): AppController;
}
