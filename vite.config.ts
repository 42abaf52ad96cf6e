// `npm run dev`: the demo site with the widget's source and hot reload (no CSP: Vite injects inline
// scripts). `npm test`: vitest, configured below.
import preact from '@preact/preset-vite';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
const demo = path.join(root, 'widget/demo');
const pages: Record<string, string> = { '/': 'index.html', '/account': 'account.html', '/account/bill': 'bill.html', '/help-center': 'help-center.html', '/es': 'es.html', '/ja': 'ja.html', '/ar': 'ar.html' };

/** Serves the demo pages at their clean URLs and the built index at /help/, using the widget's source. */
function demoSite(): Plugin {
  return {
    name: 'selfserve-demo',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://x');
        const page = pages[url.pathname.replace(/(.)\/$/, '$1')];
        try {
          if (page) {
            const html = (await readFile(path.join(demo, page), 'utf8')).replace(
              /<script src="\/selfserve\.js"/,
              '<script type="module" src="/widget/entry-esm.ts" data-selfserve',
            );
            res.setHeader('content-type', 'text/html');
            res.end(await server.transformIndexHtml(url.pathname, html));
            return;
          }
          if (url.pathname.startsWith('/help/')) {
            res.end(await readFile(path.join(root, 'dist', url.pathname)));
            return;
          }
          if (url.pathname === '/demo.css' || url.pathname === '/demo-bill.js') {
            res.setHeader('content-type', url.pathname.endsWith('.css') ? 'text/css' : 'text/javascript');
            res.end(await readFile(path.join(demo, url.pathname)));
            return;
          }
        } catch {
          res.statusCode = 404;
          res.end('Not found: run `npx selfserve build content --out dist/help` first');
          return;
        }
        next();
      });
    },
  };
}

const ALL_TESTS = ['test/**/*.test.ts', 'test/**/*.test.tsx'];
// The tests that run in-process and need nothing built. Every other test (the CLI as a subprocess,
// the widget in Chromium, the packed package) waits for the build in test/widget/e2e/global-setup.ts,
// so a new test file lands there unless it is listed here.
const UNIT_TESTS = [
  'test/src/*.test.ts',
  'test/src/search/**/*.test.ts',
  'test/src/text/**/*.test.ts',
  'test/widget/app/**/*.test.{ts,tsx}',
  'test/widget/config.test.ts',
  'test/widget/explain/**/*.test.ts',
  'test/scripts/build/**/*.test.ts',
  'test/scripts/content/**/*.test.ts',
  'test/scripts/chromium.test.ts',
  'test/scripts/diagnostics.test.ts',
];

export default defineConfig({
  plugins: [preact(), demoSite()],
  resolve: {
    alias: { flexsearch: path.join(root, 'node_modules/flexsearch/dist/flexsearch.compact.module.min.js') },
  },
  define: { __SELFSERVE_VERSION__: JSON.stringify('dev') },
  server: { port: Number(process.env.PORT ?? 5173) },
  test: {
    // Two projects, so unit tests start at once and only the tests of the built package wait for
    // its build. `npx vitest run --project unit` runs the fast half alone. Test files share their
    // worker's modules (isolate: false): importing the core again for each small file took longer
    // than its tests, and playwright-core alone takes half a second to import for each browser
    // test file (the whole run: 3.6 min → 3.0). They pass in any order (checked with
    // --sequence.shuffle); each file's temporary folders go after it (test/helpers/cleanup.ts).
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT_TESTS, isolate: false, globalSetup: ['test/helpers/temp-root.ts'] } },
      {
        extends: true,
        // Builds the package (dist/) and the sample index once.
        test: { name: 'built', isolate: false, include: ALL_TESTS, exclude: [...UNIT_TESTS, '**/node_modules/**'], globalSetup: ['test/helpers/temp-root.ts', 'test/widget/e2e/global-setup.ts'] },
      },
    ],
    // Removes each test file's temporary folders after it (see test/helpers/content.ts).
    setupFiles: ['test/helpers/cleanup.ts'],
    // CI reads the JSON report for its pass/fail count (.ci/run).
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
    // One test file per core, not vitest's default of one fewer: most files wait on Chromium or a
    // CLI subprocess, so on 2 cores two at a time take 3.9 minutes instead of 4.8.
    maxWorkers: availableParallelism(),
    testTimeout: 30_000,
    // Polls wait for the page to catch up; on a loaded CI machine a lazy chunk alone can take over
    // vitest's default second. A longer wait only slows a test that fails anyway.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
  },
});
