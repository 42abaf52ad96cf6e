// The tests Stryker runs for each mutant (stryker.config.mjs): the core's unit tests, with the same
// resolve and define as every test, none of the browser tests.
import { defineConfig } from 'vitest/config';
import base from '../vite.config.ts';

export default defineConfig({
  root: base.root ?? new URL('..', import.meta.url).pathname,
  resolve: base.resolve,
  define: base.define,
  test: {
    include: ['test/src/**/*.test.ts'],
    // Each mutant reruns the tests that cover it, their builds included: these three build large
    // help centers (the sample one in three languages, 1,200 articles) and would cost seconds per
    // mutant. They test the whole search and the loading of an index (src/open-index.ts, not
    // mutated); the small fixtures of the other tests pin the mutated code.
    exclude: ['test/src/search/search.test.ts', 'test/src/sharded.test.ts', 'test/src/open-index.test.ts'],
    // Stryker switches mutants at run time, so modules need not be loaded afresh for each test file:
    // one process, no isolation, saves seconds per mutant.
    // Temporary folders as in every test run (see test/helpers/temp-root.ts).
    globalSetup: ['test/helpers/temp-root.ts'],
    setupFiles: ['test/helpers/cleanup.ts'],
    pool: 'threads',
    isolate: false,
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
