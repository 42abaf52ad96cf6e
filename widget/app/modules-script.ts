// The script-tag build's loader for the parts of the app loaded on demand: each is a module script
// next to selfserve-app.js carrying its integrity hash (known when the app is built), so the hash
// the page pins on selfserve.js covers them too. Each hands its exports over in a DOM event.
import type { LazyModules } from './modules-types.ts';

declare const __SELFSERVE_MODULES__: Record<keyof LazyModules, { file: string; integrity: string }>;

const loaded = new Map<string, Promise<unknown>>();

export function loadModule<K extends keyof LazyModules>(name: K): Promise<LazyModules[K]> {
  let module = loaded.get(name);
  if (!module) {
    const { file, integrity } = __SELFSERVE_MODULES__[name];
    module = new Promise((resolve, reject) => {
      const element = document.createElement('script');
      element.type = 'module';
      element.crossOrigin = 'anonymous';
      element.integrity = integrity;
      element.src = new URL(file, import.meta.url).href;
      const onModule = (event: Event) => {
        const { detail } = event as CustomEvent<{ name: string; exports: unknown }>;
        if (detail.name !== name) return;
        document.removeEventListener('selfserve:module', onModule);
        resolve(detail.exports);
      };
      document.addEventListener('selfserve:module', onModule);
      element.addEventListener('error', () => {
        document.removeEventListener('selfserve:module', onModule);
        element.remove();
        loaded.delete(name);
        reject(new Error(`could not load ${element.src}`));
      });
      document.head.append(element);
    });
    loaded.set(name, module);
  }
  return module as Promise<LazyModules[K]>;
}
