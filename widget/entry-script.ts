// The script-tag build (dist/selfserve.js): a small IIFE that loads the rest (selfserve-app.js, next
// to it) only when the widget is opened or the browser is idle.
import { install } from './loader.ts';
import { loadPinnedModule } from './pinned-module.ts';
import type { ExplainModule } from './explain/types.ts';
import type { AppModule } from './types.ts';

declare const __SELFSERVE_APP_INTEGRITY__: string;
declare const __SELFSERVE_EXPLAIN_INTEGRITY__: string;

const script = document.currentScript as HTMLScriptElement | null;
const base = script?.src || document.baseURI;
/** Loads selfserve-app.js, pinned by the integrity hash this file carries. */
const loadApp = () => loadPinnedModule<AppModule>(new URL('selfserve-app.js', base), __SELFSERVE_APP_INTEGRITY__, 'selfserve:app', (detail) => detail as AppModule);

/** Loads selfserve-explain.js (terms explained in place), only for pages that ask for it. */
const loadExplain = () =>
  loadPinnedModule<ExplainModule>(new URL('selfserve-explain.js', base), __SELFSERVE_EXPLAIN_INTEGRITY__, 'selfserve:explain', (detail) => detail as ExplainModule);

// Loaded from the folder `selfserve build` wrote, the script finds the index beside itself.
install(loadApp, script, script?.src ? new URL('./', script.src).href : undefined, loadExplain);
