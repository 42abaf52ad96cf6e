// The adopter's journey, from the packed tarball in an empty folder: what `npm install selfserve`
// gives a site owner, with nothing of this repository's source or dev dependencies in reach.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRICT_CSP, startStaticServer } from '../../scripts/static-server.ts';
import { launchBrowser, newPage } from '../helpers/browser.ts';
import { tempFolder } from '../helpers/content.ts';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const TSC = path.join(repo, 'node_modules/typescript/bin/tsc');

let app: string;
let bin: string;
let tarball: string;
/** Runs the installed `selfserve` command in the adopter's folder. */
const selfserve = (...args: string[]) => run(process.execPath, [bin, ...args], { cwd: app, env: { ...process.env, NO_COLOR: '1' } });

beforeAll(async () => {
  const folder = await tempFolder();
  // The package as npm publishes it: dist/ is the build the other tests ran (global setup).
  // What `npm start` leaves in dist/: the demo's index, and its inbox of contact messages.
  const leftovers = ['help/manifest.json', 'inbox/contact.jsonl'].map((file) => path.join(repo, 'dist', file));
  const made: string[] = [];
  for (const file of leftovers) {
    if (existsSync(file)) continue;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '{}\n');
    made.push(file);
  }
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', folder], { cwd: repo }).finally(() => Promise.all(made.map((file) => rm(file))));
  tarball = path.join(folder, (JSON.parse(stdout) as { filename: string }[])[0].filename);
  app = path.join(folder, 'site');
  await cp(path.join(repo, 'content'), path.join(app, 'content'), { recursive: true });
  await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'site', private: true, type: 'module' }));
  await run('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app });
  bin = path.join(app, 'node_modules/selfserve/bin/selfserve.js');
}, 120_000);

describe('the packed tarball', () => {
  it('holds the compiled package and nothing of the repository’s tooling', async () => {
    const pkg = JSON.parse(await readFile(path.join(app, 'node_modules/selfserve/package.json'), 'utf8'));
    const runtime = Object.keys(pkg.dependencies);
    for (const tool of ['tsx', 'vite', '@preact/preset-vite', 'typescript', 'vitest']) expect(runtime).not.toContain(tool);
    const { stdout } = await run('npm', ['ls', '--all', '--parseable'], { cwd: app });
    expect(stdout).not.toMatch(/node_modules\/(tsx|vite|typescript|esbuild|rolldown)$/m);
    // The packages only the command uses are bundled into it, not installed; their licenses ship
    // with the package, and so do those of the widget's.
    expect(stdout).not.toMatch(/node_modules\/(sanitize-html|marked|yaml|chokidar|sirv)$/m);
    const licenses = await readFile(path.join(app, 'node_modules/selfserve/dist/THIRD-PARTY-LICENSES.md'), 'utf8');
    for (const name of ['sanitize-html', 'htmlparser2', 'marked', 'yaml', 'chokidar', 'zod', 'flexsearch', 'preact']) expect(licenses).toMatch(new RegExp(`^## ${name}@[\\d.]+\\n\\nLicense: \\S+`, 'm'));
    // Not what sanitize-html loads and never runs for us (see build-package.ts): its CSS parser, and htmlparser2's DOM.
    for (const name of ['postcss', 'source-map-js', 'dom-serializer', 'domutils', 'domhandler']) expect(licenses).not.toMatch(new RegExp(`^## ${name}@`, 'm'));
    const files = (await run('find', ['.', '-type', 'f'], { cwd: path.join(app, 'node_modules/selfserve') })).stdout;
    expect(files).toMatch(/^\.\/LICENSE$/m);
    expect(files).toMatch(/^\.\/dist\/cli\.js$/m);
    // The threads the command starts: a missing survey thread would only make builds slower, unseen.
    for (const thread of ['build-worker', 'write-worker', 'survey-worker']) expect(files).toMatch(new RegExp(`^\\./dist/${thread}\\.js$`, 'm'));
    expect(files).toMatch(/^\.\/dist\/widget\/selfserve\.js$/m);
    expect(files).toMatch(/^\.\/dist\/types\/src\/index\.d\.ts$/m);
    expect(files).not.toMatch(/\.test\.|^\.\/(test|scripts|src|widget)\//m);
    // Not the demo's index and inbox (contact messages!), which `npm start` writes into dist/.
    expect(files).not.toMatch(/^\.\/dist\/(help|inbox)\//m);
  });

  it('passes publint --strict and "are the types wrong" (node16 and bundler)', async () => {
    const publint = await run(process.execPath, [path.join(repo, 'node_modules/publint/src/cli.js'), 'run', tarball, '--strict'], { cwd: app });
    expect(publint.stdout).toContain('All good!');
    // Exits non-zero on any problem; CommonJS (node10, node16 from CJS) is out of scope: ESM only.
    await run(process.execPath, [path.join(repo, 'node_modules/@arethetypeswrong/cli/dist/index.js'), tarball, '--profile', 'esm-only', '--format', 'json'], { cwd: app });
  });

  it('gives bundlers the widget as `selfserve/widget`', async () => {
    const { build } = await import('rolldown');
    await writeFile(path.join(app, 'widget-entry.js'), `import { Selfserve } from 'selfserve/widget';
Selfserve.init({ index: '/help/' });
`);
    const { output } = await build({ cwd: app, input: path.join(app, 'widget-entry.js'), platform: 'browser', logLevel: 'silent', write: false });
    const code = output.map((chunk) => ('code' in chunk ? chunk.code : '')).join('\n');
    expect(code).toContain('Selfserve');
    expect(code).not.toMatch(/\beval\(|new Function\(/);
  });

  it('gives browsers `openIndex` without the full zod (the build-time schema stays in the Node entry)', async () => {
    const { build } = await import('rolldown');
    await writeFile(path.join(app, 'search-entry.js'), `import { openIndex } from 'selfserve';\nglobalThis.openHelp = openIndex;\n`);
    const { output } = await build({ cwd: app, input: path.join(app, 'search-entry.js'), platform: 'browser', logLevel: 'silent', write: false, output: { minify: true } });
    const code = output.map((chunk) => ('code' in chunk ? chunk.code : '')).join('\n');
    expect(code).not.toContain('node:');
    // With the full zod it was 128 kB; 45 kB until the rules for words typed together and names
    // typed whole, and the stems that keep a word's forms together.
    expect(gzipSync(code).length).toBeLessThan(47 * 1024);
  });

  it('runs every CLI command', async () => {
    expect((await selfserve('--version')).stdout.trim()).toBe(JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')).version);
    expect((await selfserve('--help')).stdout).toContain('selfserve build <contentDir> --out <dir>');

    const built = await selfserve('build', 'content', '--out', 'public/help');
    expect(built.stdout).toMatch(/^Built \d+ articles/);
    expect(built.stdout).toMatch(/<script src="\/help\/selfserve\.js" integrity="sha384-[\w+/=]+" crossorigin="anonymous" defer><\/script>/);
    // The widget's code goes out with its licenses: Selfserve's own, and those of the packages in
    // it (not those of the packages only the command uses).
    const licenses = await readFile(path.join(app, 'public/help/selfserve-licenses.md'), 'utf8');
    expect(licenses).toContain('Copyright (c) 2026 The Selfserve authors');
    for (const name of ['preact', 'flexsearch', 'dompurify', 'zod']) expect(licenses).toMatch(new RegExp(`^## ${name}@[\\d.]+\\n\\nLicense: .+\\n\\n\`{4}text\\n\\S`, 'm'));
    expect(licenses).not.toMatch(/^## (sanitize-html|marked|postcss)@/m);

    const checked = await selfserve('check', 'content', '--format', 'json');
    expect(JSON.parse(checked.stdout)).toMatchObject({ errors: 0 });

    const found = JSON.parse((await selfserve('search', 'public/help', 'GPRR', '--json')).stdout);
    expect(found.answer.term).toBe('GPRR');
    expect(found.results[0].slug).toBe('billing/bill-codes');

    await cp(path.join(repo, 'test/fixtures/events.jsonl'), path.join(app, 'events.jsonl'));
    const report = await selfserve('report', 'events.jsonl');
    expect(report.stdout).toMatch(/search/i);
  });

  it('previews articles with `selfserve dev`, serving the prebuilt widget', async () => {
    const child = spawn(process.execPath, [bin, 'dev', 'content', '--port', '0'], { cwd: app });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const match = /http:\/\/[\w.:]+\//.exec(out);
          if (match) resolve(match[0]);
        });
        child.stderr.on('data', (d) => (out += d));
        child.on('exit', (code) => reject(new Error(`dev exited with ${code}: ${out}`)));
      });
      const index = await fetch(url).then((r) => r.text());
      expect(index).toContain('Understand the codes on your bill');
      const script = await fetch(new URL('selfserve.js', url));
      expect(script.status).toBe(200);
      expect(await script.text()).toBe(await readFile(path.join(app, 'node_modules/selfserve/dist/widget/selfserve.js'), 'utf8'));
    } finally {
      child.kill();
    }
  });

  it('searches from plain Node with `import { openIndex } from "selfserve"`', async () => {
    await writeFile(
      path.join(app, 'search.mjs'),
      `import { openIndex } from 'selfserve';\nconst index = await openIndex('./public/help');\nconst { results } = await index.search('roaming abroad');\nconsole.log(JSON.stringify(results.map((r) => r.slug)));\n`,
    );
    const { stdout } = await run(process.execPath, ['search.mjs'], { cwd: app });
    expect(JSON.parse(stdout).length).toBeGreaterThan(0);
  });

  it('exports the analytics collector as `selfserve/collector`', async () => {
    await writeFile(path.join(app, 'collector.mjs'), `import { createCollector } from 'selfserve/collector';\nconst c = createCollector({ dir: './events', origins: ['https://example.com'] });\nconsole.log(typeof c);\n`);
    const { stdout } = await run(process.execPath, ['collector.mjs'], { cwd: app });
    expect(['function', 'object']).toContain(stdout.trim());
  });

  it.each(['nodenext', 'bundler'])('type-checks a TypeScript consumer (moduleResolution %s)', async (resolution) => {
    const dir = path.join(app, `ts-${resolution}`);
    await writeFile(
      path.join(app, `consumer-${resolution}.ts`),
      [
        `import { openIndex, type SearchResult } from 'selfserve';`,
        `import { Selfserve, type WidgetConfig } from 'selfserve/widget';`,
        `const index = await openIndex('/help/');`,
        `const results: SearchResult[] = (await index.search('bill', { limit: 3 })).results;`,
        `const config: Partial<WidgetConfig> = { index: '/help/' };`,
        `Selfserve.init(config);`,
        `export const titles: string[] = results.map((r) => r.title);`,
        `// @ts-expect-error: the API checks its arguments`,
        `index.search(42);`,
        '',
      ].join('\n'),
    );
    const module = resolution === 'nodenext' ? 'nodenext' : 'esnext';
    await writeFile(
      path.join(app, `tsconfig.${resolution}.json`),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module, moduleResolution: resolution, lib: ['es2023', 'dom'], types: [], skipLibCheck: false }, files: [`consumer-${resolution}.ts`] }),
    );
    const result = await run(process.execPath, [TSC, '-p', `tsconfig.${resolution}.json`], { cwd: app }).catch((e: { stdout: string }) => e);
    expect(result.stdout, `${dir}: type errors`).toBe('');
  });
});

describe('the printed tag on a static page with a strict CSP', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startStaticServer>>;
  beforeAll(async () => {
    const { stdout } = await selfserve('build', 'content', '--out', 'public/help');
    const tag = /<script [^\n]+<\/script>/.exec(stdout)![0];
    await writeFile(path.join(app, 'public/index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kestrel</title><link rel="icon" href="data:,">${tag}</head><body><h1>Your bill</h1></body></html>`);
    site = await startStaticServer({ mounts: { '/': path.join(app, 'public') }, csp: STRICT_CSP });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('finds an article, typed key by key', async () => {
    const { page, log } = await newPage(browser);
    await page.goto(`${site.url}/`);
    await page.getByRole('button', { name: 'Help' }).click();
    await page.locator('.ss-input').pressSequentially('roaming', { delay: 30 });
    await expect.poll(() => page.getByRole('option').first().textContent()).toMatch(/roaming/i);
    expect(log.errors).toEqual([]);
    expect(log.cspViolations).toEqual([]);
  });
});
