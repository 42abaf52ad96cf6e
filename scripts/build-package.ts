// `npm run build` (and `prepack`): compiles what the npm package ships into dist/:
//   dist/widget/         the widget (selfserve.js and the parts it loads), built by build-widget.ts
//   dist/index.js        the universal API (`import { openIndex } from 'selfserve'` in a browser)
//   dist/node.js         the Node API (the same, and `openIndex` also reads a folder)
//   dist/collector.js    the analytics collector, a request handler for Node's http
//   dist/cli.js          the `selfserve` command; each command is a chunk loaded when it runs
//   dist/build-worker.js the build's worker threads (sanitizing and tokenizing articles)
//   dist/write-worker.js the thread that writes a build's output while the next files are made
//   dist/types/          the .d.ts files of the public entries
import { execFileSync } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build } from 'rolldown';
import { buildWidget } from './build-widget.ts';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

/** Entry points of the compiled JavaScript, by output name. */
const ENTRIES = { index: 'src/index.ts', node: 'src/node/index.ts', collector: 'src/node/collector.ts', cli: 'scripts/cli.ts', 'build-worker': 'scripts/build/build-worker.ts', 'write-worker': 'scripts/build/write-worker.ts' };

/** Runtime dependencies and Node's own modules stay imports: npm installs the former. */
const dependencies = Object.keys(pkg.dependencies);
const isExternal = (id: string) =>
  id.startsWith('node:') || builtinModules.includes(id) || dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`));

async function compileJavaScript(): Promise<void> {
  await build({
    cwd: root,
    input: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.join(root, file)])),
    platform: 'node',
    external: isExternal,
    logLevel: 'warn',
    output: { dir: dist, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: false },
  });
}

/** Declarations of the public entries; imports rewritten from `.ts` (our sources) to `.js`. */
async function compileTypes(): Promise<void> {
  const out = path.join(dist, 'types');
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.types.json')], { cwd: root, stdio: 'inherit' });
  for (const file of await readdir(out, { recursive: true })) {
    if (!file.endsWith('.d.ts')) continue;
    const target = path.join(out, file);
    const text = await readFile(target, 'utf8');
    await writeFile(target, text.replace(/(from\s+|import\s*\(\s*|import\s+)(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2'));
  }
}

export async function buildPackage(): Promise<void> {
  // Only what this build writes: dist/ also holds the demo's index and inbox.
  for (const name of ['widget', 'chunks', 'types', ...Object.keys(ENTRIES).map((entry) => `${entry}.js`)]) {
    await rm(path.join(dist, name), { recursive: true, force: true });
  }
  await buildWidget(path.join(dist, 'widget'));
  await compileJavaScript();
  await compileTypes();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  await buildPackage();
  console.log(`Built the package into dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s: widget/, index.js, node.js, cli.js, types/`);
}
