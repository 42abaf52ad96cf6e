// `npm run build` (and `prepack`): compiles what the npm package ships into dist/:
//   dist/widget/         the widget (selfserve.js and the parts it loads), built by build-widget.ts
//   dist/index.js        the universal API (`import { openIndex } from 'selfserve'` in a browser)
//   dist/node.js         the Node API (the same, and `openIndex` also reads a folder)
//   dist/collector.js    the analytics collector, a request handler for Node's http
//   dist/cli.js          the `selfserve` command; each command is a chunk loaded when it runs,
//                        with the packages it uses bundled in (they are devDependencies)
//   dist/build-worker.js the build's worker threads (sanitizing and tokenizing articles)
//   dist/write-worker.js the thread that writes a build's output while the next files are made
//   dist/types/          the .d.ts files of the public entries
//   dist/THIRD-PARTY-LICENSES.md  the licenses of the packages bundled into the above
import { execFileSync } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build } from 'rolldown';
import { buildWidget } from './build-widget.ts';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

/** The API's entry points, by output name. */
const API_ENTRIES = { index: 'src/index.ts', node: 'src/node/index.ts', collector: 'src/node/collector.ts' };
/** The command's entry points: the CLI and the threads it starts. */
const CLI_ENTRIES = { cli: 'scripts/cli.ts', 'build-worker': 'scripts/build/build-worker.ts', 'write-worker': 'scripts/build/write-worker.ts' };

const isBuiltin = (id: string) => id.startsWith('node:') || builtinModules.includes(id);
/**
 * The API keeps its dependencies as imports: npm installs them, an app that uses them too loads one
 * copy, and its types name them.
 */
const dependencies = Object.keys(pkg.dependencies);
const isDependency = (id: string) => isBuiltin(id) || dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`));

/** The packages whose code went into a bundle, by folder in node_modules (see `writeLicenses`). */
const bundled = new Set<string>();
// Typed by its shape: it is also a plugin of Vite, whose Rolldown is another copy.
const notePackages = {
  name: 'selfserve:bundled-packages',
  generateBundle(_: unknown, bundle: Record<string, { type: string; moduleIds?: string[] }>) {
    for (const chunk of Object.values(bundle)) {
      for (const id of chunk.moduleIds ?? []) {
        const folder = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(id.replaceAll('\\', '/'))?.[1];
        if (folder) bundled.add(folder);
      }
    }
  },
};

async function compile(entries: Record<string, string>, external: (id: string) => boolean): Promise<void> {
  await build({
    cwd: root,
    input: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.join(root, file)])),
    platform: 'node',
    external,
    plugins: [notePackages],
    logLevel: 'warn',
    output: { dir: dist, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: false },
  });
}

async function compileJavaScript(): Promise<void> {
  await compile(API_ENTRIES, isDependency);
  // The command bundles every package it uses: Node 20 resolved and read the 180-odd files of the
  // build's dependencies one by one, half of the 0.3 s the build command spent loading.
  await compile(CLI_ENTRIES, isBuiltin);
}

/**
 * The license of every package bundled into dist/ (by the command and the widget), as those
 * licenses ask of copies: dist/THIRD-PARTY-LICENSES.md.
 */
async function writeLicenses(): Promise<void> {
  const packages = new Map<string, { license?: string; folder: string }>();
  for (const folder of bundled) {
    const { name, version, license } = JSON.parse(await readFile(path.join(folder, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    packages.set(`${name}@${version}`, { license, folder });
  }
  const sections: string[] = [];
  for (const [id, { license = 'unstated', folder }] of [...packages].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const file = (await readdir(folder)).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
    const text = file ? (await readFile(path.join(folder, file), 'utf8')).trim() : `(${id} ships no license file.)`;
    sections.push(`## ${id}\n\nLicense: ${license}\n\n\`\`\`\`text\n${text}\n\`\`\`\``);
  }
  const intro = '# Licenses of the packages bundled into Selfserve\n\nThe files of dist/ include code of these packages.';
  await writeFile(path.join(dist, 'THIRD-PARTY-LICENSES.md'), `${intro}\n\n${sections.join('\n\n')}\n`);
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
  for (const name of ['widget', 'chunks', 'types', 'THIRD-PARTY-LICENSES.md', ...Object.keys({ ...API_ENTRIES, ...CLI_ENTRIES }).map((entry) => `${entry}.js`)]) {
    await rm(path.join(dist, name), { recursive: true, force: true });
  }
  bundled.clear();
  await buildWidget(path.join(dist, 'widget'), [notePackages]);
  await compileJavaScript();
  await writeLicenses();
  await compileTypes();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  await buildPackage();
  console.log(`Built the package into dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s: widget/, index.js, node.js, cli.js, types/`);
}
