// `npm run build` (and `prepack`): compiles what the npm package ships into dist/:
//   dist/widget/         the widget (selfserve.js and the parts it loads), built by build-widget.ts,
//                        and selfserve-licenses.md, published with it into every output folder
//   dist/index.js        the universal API (`import { openIndex } from 'selfserve'` in a browser)
//   dist/node.js         the Node API (the same, and `openIndex` also reads a folder)
//   dist/collector.js    the analytics collector, a request handler for Node's http
//   dist/cli.js          the `selfserve` command; each command is a chunk loaded when it runs,
//                        with the packages it uses bundled in (they are devDependencies)
//   dist/build-worker.js the build's worker threads (sanitizing and tokenizing articles)
//   dist/write-worker.js the thread that writes a build's output while the next files are made
//   dist/survey-worker.js the thread that lists and stats the content while a build starts
//   dist/types/          the .d.ts files of the public entries
//   dist/THIRD-PARTY-LICENSES.md  the licenses of the packages bundled into the above
import { execFileSync } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { build, type Plugin } from 'rolldown';
import { buildWidget } from './build-widget.ts';
import { WIDGET_LICENSES } from './widget-files.ts';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

/** The API's entry points, by output name. */
const API_ENTRIES = { index: 'src/index.ts', node: 'src/node/index.ts', collector: 'src/node/collector.ts' };
/** The command's entry points: the CLI and the threads it starts. */
const CLI_ENTRIES = {
  cli: 'scripts/cli.ts',
  'build-worker': 'scripts/build/build-worker.ts',
  'write-worker': 'scripts/build/write-worker.ts',
  'survey-worker': 'scripts/build/survey-worker.ts',
};

const isBuiltin = (id: string) => id.startsWith('node:') || builtinModules.includes(id);
/**
 * The API keeps its dependencies as imports: npm installs them, an app that uses them too loads one
 * copy, and its types name them.
 */
const dependencies = Object.keys(pkg.dependencies);
const isDependency = (id: string) => isBuiltin(id) || dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`));

/** The packages whose code went into a bundle, by folder in node_modules (see `writeLicenses`): all, and the widget's. */
const bundled = new Set<string>();
const inWidget = new Set<string>();

/** A plugin that notes the packages of each bundle in `into`; typed by its shape, as it is also a plugin of Vite, whose Rolldown is another copy. */
const notePackages = (...into: Set<string>[]) => ({
  name: 'selfserve:bundled-packages',
  generateBundle(_: unknown, bundle: Record<string, { type: string; moduleIds?: string[] }>) {
    for (const chunk of Object.values(bundle)) {
      for (const id of chunk.moduleIds ?? []) {
        const folder = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(id.replaceAll('\\', '/'))?.[1];
        if (folder) for (const set of into) set.add(folder);
      }
    }
  },
});

const HTML_PARSER = '\0selfserve:htmlparser2-parser';
const NO_STYLE_PARSER = '\0selfserve:no-postcss';

/**
 * Leaves out of the command's bundle what sanitize-html loads and never runs for us. Of htmlparser2
 * it uses the `Parser` alone, whose index also loads a DOM, its utilities and its serializer
 * (with another copy of entities); and it parses `style` attributes with postcss (and its source
 * maps), which our allow-lists never let through (`parseStyleAttributes: false`). That was 350 kB,
 * a quarter of the code `selfserve build` loads before its first step: 40-50 ms of every run here.
 */
const sanitizerAlone: Plugin = {
  name: 'selfserve:sanitizer-alone',
  resolveId(source, importer) {
    if (!importer || !/[\\/]node_modules[\\/]sanitize-html[\\/]/.test(importer)) return null;
    if (source === 'htmlparser2') return HTML_PARSER;
    if (source === 'postcss') return NO_STYLE_PARSER;
    return null;
  },
  load(id) {
    if (id === HTML_PARSER) return `export { Parser } from ${JSON.stringify(htmlParserFile())};`;
    if (id === NO_STYLE_PARSER) return `export function parse() { throw new Error('selfserve: style attributes are not parsed (parseStyleAttributes: false), and postcss is not bundled'); }`;
    return null;
  },
};

/** htmlparser2's Parser module, the copy sanitize-html depends on. */
function htmlParserFile(): string {
  const require = createRequire(import.meta.url);
  const index = require.resolve('htmlparser2', { paths: [path.dirname(require.resolve('sanitize-html'))] });
  return path.join(path.dirname(index), 'Parser.js');
}

async function compile(entries: Record<string, string>, external: (id: string) => boolean, plugins: Plugin[] = []): Promise<void> {
  await build({
    cwd: root,
    input: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.join(root, file)])),
    platform: 'node',
    external,
    plugins: [notePackages(bundled), ...plugins],
    logLevel: 'warn',
    output: { dir: dist, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: false },
  });
}

async function compileJavaScript(): Promise<void> {
  await compile(API_ENTRIES, isDependency);
  // The command bundles every package it uses: Node 20 resolved and read the 180-odd files of the
  // build's dependencies one by one, half of the 0.3 s the build command spent loading.
  await compile(CLI_ENTRIES, isBuiltin, [sanitizerAlone]);
}

/**
 * The license of each package in `folders`, as those licenses ask of copies: a Markdown file that
 * starts with `intro`.
 */
async function writeLicenses(file: string, folders: Set<string>, intro: string): Promise<void> {
  const packages = new Map<string, { license?: string; folder: string }>();
  for (const folder of folders) {
    const { name, version, license } = JSON.parse(await readFile(path.join(folder, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    packages.set(`${name}@${version}`, { license, folder });
  }
  const sections: string[] = [];
  for (const [id, { license = 'unstated', folder }] of [...packages].sort(([a], [b]) => (a < b ? -1 : 1))) {
    sections.push(`## ${id}\n\nLicense: ${license}\n\n${fenced(await licenseText(folder, `(${id} ships no license file.)`))}`);
  }
  await writeFile(file, `${intro}\n\n${sections.join('\n\n')}\n`);
}

/** The text of the license file in a package's folder, else `none`. */
async function licenseText(folder: string, none: string): Promise<string> {
  const file = (await readdir(folder)).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
  return file ? (await readFile(path.join(folder, file), 'utf8')).trim() : none;
}

const fenced = (text: string) => `\`\`\`\`text\n${text}\n\`\`\`\``;

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
  inWidget.clear();
  await buildWidget(path.join(dist, 'widget'), [notePackages(bundled, inWidget)]);
  await compileJavaScript();
  await writeLicenses(path.join(dist, 'THIRD-PARTY-LICENSES.md'), bundled, '# Licenses of the packages bundled into Selfserve\n\nThe files of dist/ include code of these packages.');
  // Published with the widget into each output folder: a site that serves the widget's files
  // passes on the code of these packages, and their licenses ask that their text goes with it.
  await writeLicenses(
    path.join(dist, 'widget', WIDGET_LICENSES),
    inWidget,
    `# Licenses of the Selfserve widget\n\nThe widget's files (selfserve*.js) are Selfserve's code, under this license:\n\n${fenced(await licenseText(root, 'MIT'))}\n\nThey include code of these packages.`,
  );
  await compileTypes();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  await buildPackage();
  console.log(`Built the package into dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s: widget/, index.js, node.js, cli.js, types/`);
}
