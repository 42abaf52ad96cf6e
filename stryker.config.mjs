// `npm run test:mutation`: Stryker changes the ranking, engine and text code one small mutation at a
// time (a `<` for a `<=`, a rule dropped) and checks that some unit test fails each time. The share
// of mutants killed is the mutation score, reported in the README. CPU-heavy: one test process, and
// incremental, so a second run only retests what changed (reports/stryker-incremental.json).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['src/search/**/*.ts', 'src/engine.ts', 'src/text/**/*.ts'],
  testRunner: 'vitest',
  vitest: { configFile: 'test/mutation.vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  // Mutants in module-level constants would need every test run for each; the rules they feed are
  // tested through the code that reads them.
  ignoreStatic: true,
  concurrency: 1,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  thresholds: { high: 90, low: 80, break: 80 },
  timeoutMS: 20_000,
  tempDirName: '.stryker-tmp',
  // Stryker rewrites tsconfig.json through TypeScript's JavaScript API, which TypeScript 7 no longer
  // has; our tsconfig needs no rewriting (it points outside nothing), so Stryker is pointed past it.
  tsconfigFile: 'no-tsconfig-to-rewrite.json',
};
