// The tests Stryker runs for each mutant (stryker.config.mjs): the core's unit tests, with the same
// resolve and define as every test, none of the browser tests.
import { defineConfig } from 'vitest/config';
import base from '../vite.config.ts';

export default defineConfig({
  root: base.root ?? new URL('..', import.meta.url).pathname,
  resolve: base.resolve,
  define: base.define,
  test: { include: ['test/src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
});
