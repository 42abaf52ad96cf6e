/**
 * Loads a module script of the widget carrying its Subresource Integrity hash (known at build time),
 * and resolves with what it hands over in a DOM event: how the script tag's loader gets the app, and
 * the app its on-demand parts, so the hash a page pins on selfserve.js covers them all. Adds no
 * global. `accept` picks this module's event out of others of the same name. Rejects after
 * `timeout` ms in all, so a server that trickles the file cannot leave the widget loading forever.
 */
export function loadPinnedModule<T>(url: URL, integrity: string, event: string, accept: (detail: unknown) => T | undefined, timeout = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const element = document.createElement('script');
    element.type = 'module';
    element.crossOrigin = 'anonymous';
    element.integrity = integrity;
    // A failed module stays failed in the browser's module map: each retry needs a fresh URL.
    const attempt = (attempts.get(url.href) ?? 0) + 1;
    attempts.set(url.href, attempt);
    if (attempt > 1) url.searchParams.set('retry', String(attempt));
    element.src = url.href;
    const fail = () => {
      clearTimeout(timer);
      document.removeEventListener(event, onEvent);
      element.remove();
      reject(new Error(`could not load ${element.src}`));
    };
    const timer = setTimeout(fail, timeout);
    const onEvent = (e: Event) => {
      const value = accept((e as CustomEvent).detail);
      if (value === undefined) return;
      clearTimeout(timer);
      document.removeEventListener(event, onEvent);
      resolve(value);
    };
    document.addEventListener(event, onEvent);
    element.addEventListener('error', fail);
    document.head.append(element);
  });
}

const attempts = new Map<string, number>();
