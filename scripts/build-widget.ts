// Builds the widget into dist/widget/: the script-tag IIFE (selfserve.js), its lazily loaded app
// (selfserve-app.js) and the app's on-demand parts (selfserve-article.js, selfserve-languages.js),
// the terms explained in place (selfserve-explain.js, loaded by the loader for data-explain),
// and an ES module build for bundlers (esm/). Part of `npm run build` (build-package.ts).
import preact from '@preact/preset-vite';
import { readFileSync } from 'node:fs';
import { cp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { build as vite, type InlineConfig, type Plugin } from 'vite';
import { integrityOf } from './integrity.ts';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'dist', 'widget');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

/** Settings every widget build shares (also used by vite.config.ts for `npm run dev`). */
export const widgetConfig: InlineConfig = {
  root,
  configFile: false,
  logLevel: 'warn',
  plugins: [preact()],
  resolve: {
    alias: {
      // The compact build has Index, export/import and no Worker (which would need import.meta.url).
      flexsearch: path.join(root, 'node_modules/flexsearch/dist/flexsearch.compact.module.min.js'),
    },
  },
  define: { __SELFSERVE_VERSION__: JSON.stringify(version) },
  build: { outDir: out, emptyOutDir: false, target: 'es2020', minify: true, reportCompressedSize: false, copyPublicDir: false },
};

function lib(entry: string, fileName: string, format: 'es' | 'iife', outDir: string): InlineConfig {
  return {
    ...widgetConfig,
    build: {
      ...widgetConfig.build,
      outDir,
      lib: { entry: path.join(root, entry), formats: [format], fileName: () => fileName, name: 'SelfserveWidget' },
      // Only the ES module build for bundlers splits: the script-tag files are each one file with an
      // integrity hash. And only it keeps its whitespace and pure annotations, for bundlers to shake:
      // Vite leaves them in every ES library, but the script-tag files go straight to browsers.
      rolldownOptions: { output: fileName === 'selfserve.mjs' ? { codeSplitting: true } : { codeSplitting: false, minify: true, comments: false } },
    },
  };
}

/** The parts of the app loaded on demand (widget/app/lazy/<name>.ts). */
const LAZY_MODULES = ['article', 'languages'];

const toAliases = (alias: unknown) => Object.entries((alias ?? {}) as Record<string, string>).map(([find, replacement]) => ({ find, replacement }));


/**
 * Builds the three outputs into `outDir` (default `dist/`). The app is built first: the script-tag
 * loader carries its integrity hash. Resolves to the integrity of selfserve.js, for the script tag.
 * `plugins` are added to each of its builds.
 */
export async function buildWidget(outDir = out, plugins: Plugin[] = []): Promise<string> {
  // Built for production whoever runs it. Vite and the Preact preset follow NODE_ENV, which vitest
  // sets to "test": the tests' widget had Preact's devtools hooks and development JSX, 9.5 kB more
  // than the one shipped.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    return await buildFiles(outDir, (config) => vite({ ...config, plugins: [...(config.plugins ?? []), ...plugins] }));
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

async function buildFiles(outDir: string, build: (config: InlineConfig) => Promise<unknown>): Promise<string> {
  // The parts the app loads on demand, each one self-contained file, hashed for the app to pin.
  const modules: Record<string, { file: string; integrity: string }> = {};
  for (const name of LAZY_MODULES) {
    const file = `selfserve-${name}.js`;
    await build(lib(`widget/app/lazy/${name}-script.ts`, file, 'es', outDir));
    modules[name] = { file, integrity: integrityOf(await readFile(path.join(outDir, file))) };
  }
  const app = lib('widget/app/entry-module.ts', 'selfserve-app.js', 'es', outDir);
  await build({
    ...app,
    define: { ...app.define, __SELFSERVE_MODULES__: JSON.stringify(modules) },
    resolve: { alias: [...toAliases(app.resolve?.alias), { find: /^\.\/modules\.ts$/, replacement: path.join(root, 'widget/app/modules-script.ts') }] },
  });
  const appIntegrity = integrityOf(await readFile(path.join(outDir, 'selfserve-app.js')));
  // Terms explained in place (data-explain): loaded by the loader itself, without the app.
  // Every function of the explain module runs as soon as it loads (it marks the page at once), so
  // Chromium is told to compile them all while the file streams in, off the main thread, instead of
  // parsing each again on the main thread at its first call (V8's explicit compile hints).
  const explain = lib('widget/explain/entry-script.ts', 'selfserve-explain.js', 'es', outDir);
  const { rolldownOptions } = explain.build!;
  await build({ ...explain, build: { ...explain.build, rolldownOptions: { ...rolldownOptions, output: { ...rolldownOptions?.output, postBanner: '//# allFunctionsCalledOnLoad' } } } });
  const explainIntegrity = integrityOf(await readFile(path.join(outDir, 'selfserve-explain.js')));
  const loader = lib('widget/entry-script.ts', 'selfserve.js', 'iife', outDir);
  await build({ ...loader, define: { ...loader.define, __SELFSERVE_APP_INTEGRITY__: JSON.stringify(appIntegrity), __SELFSERVE_EXPLAIN_INTEGRITY__: JSON.stringify(explainIntegrity) } });
  // The ES module build's chunks have hashed names: clear the last build's, or they pile up.
  await rm(path.join(outDir, 'esm'), { recursive: true, force: true });
  await build(lib('widget/entry-esm.ts', 'selfserve.mjs', 'es', path.join(outDir, 'esm')));
  // Translations of the widget's text, fetched next to the app when a page needs one.
  for (const dir of [outDir, path.join(outDir, 'esm')]) await cp(path.join(root, 'widget/app/locales'), path.join(dir, 'locales'), { recursive: true });
  return integrityOf(await readFile(path.join(outDir, 'selfserve.js')));
}
