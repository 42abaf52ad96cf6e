import type { SearchResponse } from '../src/open-index.ts';
import { fromScript, helpWord, resolveConfig, type ConfigInput, type WidgetConfig } from './config.ts';
import { afterPaint } from './after-paint.ts';
import { parseDeepLink } from './deep-link.ts';
import { createEmitter, type EventName, type Handler } from './events.ts';
import { createHost, type Host } from './host.ts';
import { isEditable } from './editable.ts';
import { icon } from './icons.ts';
import type { ExplainController, ExplainModule } from './explain/types.ts';
import type { AppController, AppModule } from './types.ts';

/** `window.Selfserve`: the one global the widget adds. */
export interface SelfserveApi {
  /** Starts the widget with options (merged over the script tag's `data-*` attributes). */
  init(options?: ConfigInput): void;
  /** Opens the panel, optionally searching for `query`. */
  open(query?: string): void;
  close(): void;
  /** Opens an article (and scrolls to a section) inside the widget. */
  openArticle(slug: string, anchor?: string): void;
  /** Opens the panel with results for `query`; resolves to them (undefined if search is unavailable). */
  search(query: string): Promise<SearchResponse | undefined>;
  /** Marks and explains the defined terms in an element, or in the elements a selector matches now and later. */
  explain(target: Element | string): void;
  /** Removes every mark `explain()` and `data-explain` made. */
  unexplain(): void;
  /** Listens to widget events; returns a function that stops listening. */
  on<E extends EventName>(event: E, handler: Handler<E>): () => void;
  /**
   * Tells the widget who the visitor is: their email fills the contact form, and all of it goes with
   * their message. `null` forgets them (on sign-out). Loads nothing by itself.
   */
  identify(visitor: { email?: string; name?: string; id?: string | number } | null): void;
  readonly version: string;
}

declare global {
  interface Window {
    Selfserve?: SelfserveApi;
  }
}

declare const __SELFSERVE_VERSION__: string;
const VERSION = typeof __SELFSERVE_VERSION__ === 'string' ? __SELFSERVE_VERSION__ : 'dev';
const MARK = Symbol.for('selfserve');

/** Runs `fn` now, or when the DOM is ready. */
const whenReady = (fn: () => void) =>
  document.readyState === 'loading' ? document.addEventListener('DOMContentLoaded', fn, { once: true }) : fn();

/** Runs `fn` once the page's deferred scripts have run (DOMContentLoaded), or soon if they have. */
function afterPageScripts(fn: () => void) {
  if (document.readyState === 'complete') return void setTimeout(fn);
  let done = false;
  const once = () => {
    if (!done) fn();
    done = true;
  };
  document.addEventListener('DOMContentLoaded', once, { once: true });
  // A script added after DOMContentLoaded (readyState "interactive") still gets `load`.
  window.addEventListener('load', once, { once: true });
}

/** Guards every entry point: the widget never throws into the host page. */
function safe<A extends unknown[], R>(fn: (...args: A) => R, fallback?: R) {
  return (...args: A): R => {
    try {
      return fn(...args);
    } catch (error) {
      console.error('selfserve:', error);
      return fallback as R;
    }
  };
}

/**
 * Installs `window.Selfserve` and starts the widget: at once when the script tag has `data-index`;
 * when it has none but was loaded from `home` (the folder `selfserve build` wrote, with the index in
 * it), once the page's other scripts have run, so one of them may still call `init()` instead. The
 * heavy part (Preact UI, search engine, index) comes from `loadApp` on first open or idle time.
 */
export function install(
  loadApp: () => Promise<AppModule>,
  script: HTMLScriptElement | null,
  home?: string,
  loadExplain?: () => Promise<ExplainModule>,
): SelfserveApi {
  const existing = window.Selfserve as (SelfserveApi & { [MARK]?: true }) | undefined;
  if (existing?.[MARK]) {
    console.warn('selfserve: the widget script is included more than once on this page; the first one is used.');
    return existing;
  }
  const emitter = createEmitter();
  let config: WidgetConfig | undefined;
  let host: Host | undefined;
  let launcher: HTMLButtonElement | undefined;
  let app: Promise<AppController | undefined> | undefined;
  let returnFocus: Element | null = null;
  /** The app once loaded, to ask whether the panel is open (its store holds that, nobody else). */
  let mounted: AppController | undefined;
  const isOpen = () => mounted?.isOpen() ?? false;
  let visitor: unknown;
  /**
   * Keys typed after the panel was asked for and before its search box had focus ("/" then a
   * query at once lost the query's first letters to the page): the app takes them (`takeTyped`).
   */
  let typed: string | undefined;

  let explainer: Promise<ExplainController | undefined> | undefined;

  /** The explain module and its glossary, loaded on the first `explain()` or with `data-explain`. */
  function explainController(): Promise<ExplainController | undefined> {
    const current = config;
    if (!current || !loadExplain) return Promise.resolve(undefined);
    // After the next frame: the launcher just added and the page's own first frame are laid out and
    // painted first (on a long statement, a prepaint of all of it), not in turn with the marking.
    explainer ??= afterPaint()
      .then(loadExplain)
      .then((module) =>
        module.startExplain({
          config: current,
          openArticle: (slug, anchor) => api.openArticle(slug, anchor),
          // Sent once the app is there: it owns analytics, whose listener must hear the event.
          shown: (detail) => void (current.analytics ? controller() : Promise.resolve()).then(() => emitter.emit('explain', detail)),
        }),
      )
      .catch((error) => {
        console.error('selfserve: could not explain terms on this page:', error);
        explainer = undefined;
        return undefined;
      });
    return explainer;
  }

  function controller(): Promise<AppController | undefined> {
    if (!config || !host) return Promise.resolve(undefined);
    const context = {
      host,
      config,
      emitter,
      visitor,
      inline: Boolean(config.mount && host.element.parentElement !== document.body),
      onOpenChange,
      takeTyped: () => {
        const keys = typed ?? '';
        typed = undefined;
        return keys;
      },
    };
    app ??= (async () => {
      launcher?.setAttribute('aria-busy', 'true');
      try {
        const module = await loadApp();
        mounted = module.mount(context);
        return mounted;
      } catch (error) {
        console.error('selfserve: could not load the help widget:', error);
        app = typed = undefined;
        return undefined;
      } finally {
        launcher?.removeAttribute('aria-busy');
      }
    })();
    return app;
  }

  function onOpenChange(open: boolean) {
    launcher?.setAttribute('aria-expanded', String(open));
    if (open) return;
    // Focus goes back where it was when the panel opened (the launcher, or the page's own button).
    const target = returnFocus instanceof HTMLElement && returnFocus.isConnected ? returnFocus : launcher;
    target?.focus();
    returnFocus = null;
  }

  /** The widget itself could not load: say so where the visitor looked, with the contact path. */
  function showUnavailable() {
    if (!host || !config) return;
    host.root.querySelector('.ss-toast')?.remove();
    const toast = document.createElement('div');
    toast.className = 'ss-toast';
    toast.setAttribute('role', 'alert');
    toast.textContent = 'Help is unavailable right now. Please try again later.';
    // An email address or a contact page still works; a form endpoint needs the widget itself.
    const contact = config.contact;
    if (contact && (contact.startsWith('mailto:') || contact.includes('{query}'))) {
      const link = document.createElement('a');
      link.href = contact.replace(/\{query\}/g, '');
      link.textContent = 'Contact support';
      toast.append(' ', link);
    }
    host.root.append(toast);
    setTimeout(() => toast.remove(), 10_000);
  }

  const rememberFocus = () => {
    if (returnFocus) return;
    const active = document.activeElement;
    returnFocus = active && active !== document.body && active !== host?.element ? active : launcher ?? null;
  };

  function start(options: ConfigInput = {}) {
    if (config) {
      console.warn('selfserve: init() was called again; the widget is already running.');
      return;
    }
    config = resolveConfig({ ...(home ? { index: home } : {}), ...fromScript(script), ...options });
    const current = config;
    whenReady(safe(() => mountWidget(current)));
  }

  function mountWidget(current: WidgetConfig) {
    const mountPoint = current.mount ? document.querySelector(current.mount) : null;
    if (current.mount && !mountPoint) console.error(`selfserve: data-mount="${current.mount}" matches no element: showing the floating widget instead.`);
    host = createHost(current, mountPoint ?? document.body);
    if (mountPoint) {
      void controller();
    } else if (current.launcher === true) {
      launcher = document.createElement('button');
      launcher.type = 'button';
      launcher.className = 'ss-launcher';
      launcher.setAttribute('aria-haspopup', 'dialog');
      launcher.setAttribute('aria-expanded', 'false');
      const label = document.createElement('span');
      label.textContent = current.launcherLabel ?? helpWord(current.lang);
      launcher.append(icon('help'), label);
      launcher.addEventListener('click', () => api.open());
      // Start fetching the UI as soon as the visitor shows intent.
      launcher.addEventListener('pointerenter', () => void controller(), { once: true });
      launcher.addEventListener('focus', () => void controller(), { once: true });
      host.root.append(launcher);
    } else if (typeof current.launcher === 'string') {
      const selector = current.launcher;
      for (const element of document.querySelectorAll(selector)) element.setAttribute('aria-haspopup', 'dialog');
      document.addEventListener('click', (event) => {
        const target = event.target instanceof Element ? event.target.closest(selector) : null;
        if (!target) return;
        event.preventDefault();
        returnFocus = target;
        api.open();
      });
    }
    listenForShortcuts(current, mountPoint !== null);
    document.addEventListener(
      'keydown',
      safe((event: KeyboardEvent) => {
        if (typed === undefined || event.key?.length !== 1 || event.ctrlKey || event.metaKey || event.altKey || isEditable(event.composedPath()[0])) return;
        // Closed, or focus reached the panel (an article, say) without the app taking them: left to
        // the page. (Before that, focus is on the page or on the launcher that was clicked.)
        const active = host!.shadow.activeElement;
        if (mounted && (!isOpen() || (active && active !== launcher))) typed = undefined;
        else {
          typed += event.key;
          event.preventDefault();
        }
      }),
      true,
    );
    if (current.deepLink) {
      const link = parseDeepLink(location.hash, current.deepLink);
      if (link) api.openArticle(link.slug, link.anchor);
      window.addEventListener('popstate', () => void controller().then((c) => c?.route(location.hash)));
      window.addEventListener('hashchange', () => {
        if (parseDeepLink(location.hash, current.deepLink)) void controller().then((c) => c?.route(location.hash));
      });
    }
    if (current.explain) api.explain(current.explain);
    preloadWhenIdle();
  }

  function listenForShortcuts(current: WidgetConfig, inline: boolean) {
    const keys = current.shortcuts.map(parseShortcut);
    if (!keys.length) return;
    document.addEventListener('keydown', safe((event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const match = keys.find((k) => k.matches(event));
      if (!match) return;
      const target = event.composedPath()[0];
      const ours = target instanceof Node && host?.shadow.contains(target);
      // Never steal keys while the visitor types in a field of the page (or a plain key in ours).
      if (isEditable(target) && (!match.modified || !ours)) return;
      event.preventDefault();
      // A modified shortcut (Ctrl/⌘+K) toggles, like in other search dialogs. Inline (data-mount)
      // the widget is always open: the app takes the visitor to its search box (see `mount`).
      if (isOpen() && match.modified && !inline) api.close();
      else if (!isOpen() || inline) api.open();
    }));
  }

  function preloadWhenIdle() {
    const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
    if (connection?.saveData) return;
    const idle = () => {
      const run = () => void controller().then((c) => c?.preload());
      if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout: 4000 });
      else setTimeout(run, 2000);
    };
    if (document.readyState === 'complete') idle();
    else window.addEventListener('load', idle, { once: true });
  }

  const api: SelfserveApi & { [MARK]: true } = {
    [MARK]: true,
    version: VERSION,
    init: safe(start),
    open: safe((query?: string) => {
      if (!config) start();
      rememberFocus();
      // Until the box has focus, whether the app is still on its way or was mounted already (a
      // pointer over the launcher mounts it): the panel shows and focuses its box a frame later.
      if (!isOpen()) typed ??= '';
      void controller().then((c) => (c ? c.open(query) : showUnavailable()));
    }),
    close: safe(() => void app?.then((c) => c?.close())),
    openArticle: safe((slug: string, anchor?: string) => {
      if (!config) start();
      rememberFocus();
      void controller().then((c) => (c ? c.openArticle(slug, anchor) : showUnavailable()));
    }),
    search: (query: string) => {
      try {
        if (!config) start();
        rememberFocus();
        return controller().then((c) => c?.search(query)).catch(() => undefined);
      } catch {
        return Promise.resolve(undefined);
      }
    },
    explain: safe((target: Element | string) => {
      if (!config) start();
      whenReady(() => void explainController().then(safe((c) => c?.add(target))));
    }),
    unexplain: safe(() => void explainer?.then(safe((c) => c?.clear()))),
    on: (event, handler) => emitter.on(event, handler),
    identify: safe((who: unknown) => {
      visitor = who;
      void app?.then((c) => c?.identify(who));
    }),
  };
  window.Selfserve = api;
  if (script?.hasAttribute('data-index')) start();
  else if (home) afterPageScripts(safe(() => config || start()));
  return api;
}

interface Shortcut {
  modified: boolean;
  matches(event: KeyboardEvent): boolean;
}

/** "mod+k" → Ctrl+K or ⌘K; "/" → the slash key; "shift+?" … */
function parseShortcut(spec: string): Shortcut {
  const parts = spec.split('+');
  const key = parts.pop()!;
  const mods = new Set(parts);
  const modified = mods.has('mod') || mods.has('ctrl') || mods.has('meta') || mods.has('alt');
  return {
    modified,
    matches(event) {
      if (event.key?.toLowerCase() !== key) return false;
      const mod = event.ctrlKey || event.metaKey;
      if (mods.has('mod') ? !mod : (mods.has('ctrl') !== event.ctrlKey || mods.has('meta') !== event.metaKey)) return false;
      return mods.has('alt') === event.altKey;
    },
  };
}
