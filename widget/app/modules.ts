// Parts of the app loaded only when needed: the article sanitizer (DOMPurify) when an article is
// opened, the language rules when the help center is not in English. Here they are plain dynamic
// imports (the ES module build, development, tests); the script-tag build swaps this file for
// modules-script.ts, which loads them with Subresource Integrity.
import type { LazyModules } from './modules-types.ts';

export function loadModule<K extends keyof LazyModules>(name: K): Promise<LazyModules[K]> {
  return (name === 'article' ? import('./lazy/article.ts') : import('./lazy/languages.ts')) as Promise<LazyModules[K]>;
}
