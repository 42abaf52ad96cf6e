// The script-tag build (dist/selfserve.js): a small IIFE that loads the rest (selfserve-app.js, next
// to it) only when the widget is opened or the browser is idle.
import { install } from './loader.ts';
import type { AppModule } from './types.ts';

declare const __SELFSERVE_APP_INTEGRITY__: string;

const script = document.currentScript as HTMLScriptElement | null;
const base = script?.src || document.baseURI;
let attempt = 0;

/**
 * Loads selfserve-app.js as a module script carrying its Subresource Integrity hash (known at build
 * time), so a page that pins selfserve.js with `integrity` pins the whole widget.
 */
function loadApp(): Promise<AppModule> {
  return new Promise((resolve, reject) => {
    const element = document.createElement('script');
    element.type = 'module';
    element.crossOrigin = 'anonymous';
    element.integrity = __SELFSERVE_APP_INTEGRITY__;
    // A failed module stays failed in the browser's module map: retries need a fresh URL.
    element.src = new URL(`selfserve-app.js${attempt++ ? `?retry=${attempt}` : ''}`, base).href;
    const onApp = (event: Event) => resolve((event as CustomEvent<AppModule>).detail);
    document.addEventListener('selfserve:app', onApp, { once: true });
    element.addEventListener('error', () => {
      document.removeEventListener('selfserve:app', onApp);
      element.remove();
      reject(new Error(`could not load ${element.src}`));
    });
    document.head.append(element);
  });
}

install(loadApp, script);
