// The script-tag build's loader for the parts of the app loaded on demand: each is a module script
// next to selfserve-app.js, pinned by its integrity hash (known when the app is built). Each hands
// its exports over in a `selfserve:module` event.
import { LoadOnce } from '../../src/load-once.ts';
import { loadPinnedModule } from '../pinned-module.ts';
import type { LazyModules } from './modules-types.ts';

declare const __SELFSERVE_MODULES__: Record<keyof LazyModules, { file: string; integrity: string }>;

// A failed load is forgotten, so opening the next article tries again.
const loaded = new LoadOnce<string, unknown>();

export function loadModule<K extends keyof LazyModules>(name: K): Promise<LazyModules[K]> {
  return loaded.get(name, () => {
    const { file, integrity } = __SELFSERVE_MODULES__[name];
    const accept = (detail: unknown) => {
      const { name: from, exports } = detail as { name: string; exports: unknown };
      return from === name ? exports : undefined;
    };
    return loadPinnedModule(new URL(file, import.meta.url), integrity, 'selfserve:module', accept);
  }) as Promise<LazyModules[K]>;
}
