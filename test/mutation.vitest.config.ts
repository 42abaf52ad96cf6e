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
    // These test opening and loading an index (src/open-index.ts, not mutated); the 1,200-article
    // build of the sharded test alone would cost six seconds per mutant.
    exclude: ['test/src/sharded.test.ts', 'test/src/open-index.test.ts'],
    // Stryker switches mutants at run time, so modules need not be loaded afresh for each test file:
    // one process, no isolation, saves seconds per mutant.
    pool: 'threads',
    isolate: false,
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
