/** The parts of the app that load on demand, by name. */
export interface LazyModules {
  article: typeof import('./lazy/article.ts');
  languages: typeof import('./lazy/languages.ts');
}
