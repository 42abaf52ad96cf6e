// `npm run bench`: size and speed of Selfserve and its peers, measured in the same run on the same
// articles and queries. Prints tables with ratios and writes bench/results.json. Benchmarks are not
// tests: nothing here fails on a number. `npm run bench -- --large` adds a 50,000-article help center.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { openIndex } from '../src/node/index.ts';
import { measureBrowser, pagefindHarness, selfserveHarness, type BrowserFigures } from './bench/browser.ts';
import { loadCorpus, type Doc } from './bench/corpus.ts';
import { benchExplain, printExplain, type ExplainFigures } from './bench/explain.ts';
import { benchReport, printReportFigures } from './bench/report.ts';
import { generate, writeContent } from './bench/generate.ts';
import { buildPagefind, launchChromium } from './bench/pagefind.ts';
import { benchBuild, printBuildFigures, removeSetAside, setAside, type BuildFigures } from './bench/build-stages.ts';
import { flexSearchDefaults, lunrEngine, miniSearch, orama, type Engine } from './bench/peers.ts';
import { measurePackages } from './bench/package-size.ts';
import { measurePaintFloor, measureTyping, type TypingFigures, type TypingOptions } from './bench/typing.ts';
import { buildPackage } from './build-package.ts';
import { build } from './commands/build.ts';
import { median, p95 } from './bench/stats.ts';

const root = path.resolve(import.meta.dirname, '..');
const doc2dial = path.resolve(process.env.DOC2DIAL ?? path.join(root, '../shared/eval/doc2dial'));
const large = process.argv.includes('--large');
// `-- --only 10000` (or sample, doc2dial, 1000, 50000, package, report, explain, builds): measure one
// corpus, the package sizes, the report on a million events, terms explained in place, or where
// builds spend their time (no browser).
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const wanted = (name: string) => !only || only === name;
const gz = (data: string | Buffer) => gzipSync(data, { level: 9 }).length;
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const ms = (value: number) => `${value.toFixed(2)} ms`;

/** Typed key by key at two speeds, on loopback and on a slow network (each response +150 ms). */
const TYPING: TypingOptions[] = [
  { delay: 30, latency: 0, warm: true },
  { delay: 150, latency: 0, warm: false },
  { delay: 30, latency: 150, warm: false },
  { delay: 150, latency: 150, warm: false },
];

interface EngineFigures {
  engine: string;
  buildSeconds: number;
  /** What a browser must download before its first search (gzip). */
  firstLoadGzip?: number;
  /** The whole index on disk or serialized (gzip). */
  totalGzip?: number;
  files?: number;
  nodeMedianMs?: number;
  nodeP95Ms?: number;
  browser?: BrowserFigures;
  typing?: { options: TypingOptions; figures: TypingFigures }[];
}

/** An engine-free row: keystroke → next paint on a page with only a text box (see measurePaintFloor). */
type PaintFloor = Awaited<ReturnType<typeof measurePaintFloor>>;

interface CorpusFigures {
  figures: EngineFigures[];
  paintFloor: PaintFloor;
}

async function folderFigures(dir: string): Promise<{ gzip: number; files: number }> {
  let gzip = 0;
  let files = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const bytes = await readFile(path.join(entry.parentPath, entry.name));
    // Pagefind's own chunks are already compressed; everything else is gzipped as a CDN would.
    gzip += /\.pf_/.test(entry.name) ? bytes.length : gz(bytes);
    files++;
  }
  return { gzip, files };
}

/** Query time once warm: every query runs once first, so Selfserve's shards are loaded from disk. */
async function timeQueries(search: (q: string) => unknown, queries: string[]) {
  for (const q of queries) await search(q);
  const times: number[] = [];
  for (const q of queries) {
    const started = performance.now();
    await search(q);
    times.push(performance.now() - started);
  }
  return { nodeMedianMs: median(times), nodeP95Ms: p95(times) };
}

async function benchCorpus(name: string, contentDir: string, docs: Doc[], queries: string[], work: string, widget: string, withPeers: boolean): Promise<CorpusFigures> {
  const figures: EngineFigures[] = [];
  const browser = await launchChromium();
  let paintFloor: PaintFloor;
  try {
    // Selfserve: the real CLI build, the real index, the real widget.
    const site = path.join(work, `${name}-selfserve`);
    await mkdir(site, { recursive: true });
    for (const file of ['selfserve.js', 'selfserve-app.js', 'selfserve-article.js', 'selfserve-languages.js']) await writeFile(path.join(site, file), await readFile(path.join(widget, file)));
    let started = performance.now();
    if ((await build({ contentDir, out: path.join(site, 'help'), log: () => {}, error: () => {} })) !== 0) throw new Error(`${name} did not build`);
    const buildSeconds = (performance.now() - started) / 1000;
    const manifest = JSON.parse(await readFile(path.join(site, 'help/manifest.json'), 'utf8'));
    // Before the first search: the manifest and the language's root (shards and buckets follow the query).
    let firstLoadGzip = 0;
    for (const file of ['manifest.json', manifest.indexes[manifest.defaultLocale].root]) firstLoadGzip += gz(await readFile(path.join(site, 'help', file)));
    const index = await openIndex(path.join(site, 'help'));
    const typed = queries.slice(0, 5);
    const topTitles = new Map<string, string | undefined>();
    for (const q of typed) topTitles.set(q, (await index.search(q, { limit: 1 })).results[0]?.title);
    const typing = [];
    for (const options of TYPING) typing.push({ options, figures: await measureTyping(browser, site, selfserveHarness, typed, topTitles, options) });
    figures.push({
      engine: 'Selfserve',
      buildSeconds,
      firstLoadGzip,
      ...(await folderFigures(path.join(site, 'help')).then((f) => ({ totalGzip: f.gzip, files: f.files }))),
      ...(await timeQueries((q) => index.search(q), queries)),
      browser: await measureBrowser(browser, site, selfserveHarness, queries.slice(0, 5)),
      typing,
    });

    // Pagefind: its Node indexing API and its default UI.
    const pagefindSite = path.join(work, `${name}-pagefind`);
    started = performance.now();
    await buildPagefind(docs, pagefindSite);
    const pagefindBuild = (performance.now() - started) / 1000;
    const pf = await folderFigures(path.join(pagefindSite, 'pagefind'));
    const pagefindTyping = [];
    for (const options of TYPING) pagefindTyping.push({ options, figures: await measureTyping(browser, pagefindSite, pagefindHarness, typed, topTitles, options) });
    figures.push({ engine: 'Pagefind', buildSeconds: pagefindBuild, totalGzip: pf.gzip, files: pf.files, browser: await measureBrowser(browser, pagefindSite, pagefindHarness, queries.slice(0, 5)), typing: pagefindTyping });
    paintFloor = await measurePaintFloor(browser, typed, TYPING.find((options) => options.warm)!.delay);
  } finally {
    await browser.close();
  }

  // In-memory engines: one JSON index a site would download whole.
  if (withPeers) {
    for (const engine of [miniSearch(), lunrEngine(), orama(), flexSearchDefaults()] as Engine[]) {
      const started = performance.now();
      await engine.build(docs);
      const buildSeconds = (performance.now() - started) / 1000;
      const serialized = engine.serialize?.();
      figures.push({ engine: engine.name, buildSeconds, totalGzip: serialized ? gz(serialized) : undefined, firstLoadGzip: serialized ? gz(serialized) : undefined, ...(await timeQueries((q) => engine.search(q, 10), queries)) });
    }
  }
  return { figures, paintFloor };
}

function printCorpus(name: string, articles: number, { figures, paintFloor }: CorpusFigures) {
  console.log(`\n${name}: ${articles} articles`);
  console.log('  engine                 build      first load gz  index gz    files   Node median/p95      browser: bytes to 1st results  requests  keystroke→results median/p95 (new query; repeated)');
  for (const f of figures) {
    const cells = [
      f.engine.padEnd(21),
      `${f.buildSeconds.toFixed(2)} s`.padStart(8),
      (f.firstLoadGzip === undefined ? '–' : kB(f.firstLoadGzip)).padStart(13),
      (f.totalGzip === undefined ? '–' : kB(f.totalGzip)).padStart(10),
      String(f.files ?? '–').padStart(6),
      (f.nodeMedianMs === undefined ? '–' : `${ms(f.nodeMedianMs)} / ${ms(f.nodeP95Ms!)}`).padStart(20),
      (f.browser ? kB(f.browser.bytesToFirstResults) : '–').padStart(30),
      String(f.browser?.requests ?? '–').padStart(9),
      (f.browser ? `${ms(f.browser.medianMs)} / ${ms(f.browser.p95Ms)}; ${ms(f.browser.repeatMedianMs)} / ${ms(f.browser.repeatP95Ms)}` : '–').padStart(44),
    ];
    console.log(`  ${cells.join('  ')}`);
  }
  const ours = figures[0];
  const pagefind = figures.find((f) => f.engine === 'Pagefind');
  if (ours.typing && pagefind?.typing) {
    console.log('  Typed key by key, cold page (medians of 5 queries; layout shift: worst):');
    console.log('    engine      ms/key  network      bytes to 1st results  requests  last key → settled  layout shift  keystroke → next paint p50/p95 (warm)');
    for (const f of [ours, pagefind]) {
      for (const { options, figures: t } of f.typing!) {
        const cells = [
          f.engine.padEnd(10),
          String(options.delay).padStart(6),
          (options.latency ? `+${options.latency} ms` : 'loopback').padStart(9),
          kB(t.bytesToFirstResults).padStart(22),
          String(t.requestsToFirstResults).padStart(9),
          `${t.settledMs.toFixed(0)} ms`.padStart(19),
          t.layoutShift.toFixed(3).padStart(13),
          (options.warm ? `${t.paintP50Ms.toFixed(1)} / ${t.paintP95Ms.toFixed(1)} ms` : '–').padStart(26),
        ];
        console.log(`    ${cells.join('  ')}`);
      }
    }
    for (const f of [ours, pagefind]) {
      for (const { options, figures: t } of f.typing!) {
        if (t.unanswered.length) console.log(`    ${f.engine} at ${options.delay} ms/key${options.latency ? ` +${options.latency} ms` : ''} never showed the answer to ${t.unanswered.map((q) => `"${q}"`).join(', ')} (left out of its medians)`);
      }
    }
    const ratios = ours.typing.map(({ options, figures: t }, i) => `${options.delay} ms/key${options.latency ? ' slow' : ''} ${(t.bytesToFirstResults / pagefind.typing![i].figures.bytesToFirstResults).toFixed(2)}×`);
    console.log(`    Selfserve ÷ Pagefind, bytes to first results typed: ${ratios.join(', ')}`);
    console.log(`    The floor: the same keys typed in a page with only a text box, keystroke → next paint p50/p95: ${paintFloor.paintP50Ms.toFixed(1)} / ${paintFloor.paintP95Ms.toFixed(1)} ms`);
    console.log('  Pasted as one input event (the earlier measure):');
  }
  if (ours.browser && pagefind?.browser) {
    console.log(`  Selfserve ÷ Pagefind: bytes to first results ${(ours.browser.bytesToFirstResults / pagefind.browser.bytesToFirstResults).toFixed(2)}×, build time ${(ours.buildSeconds / pagefind.buildSeconds).toFixed(2)}×, files ${(ours.files! / pagefind.files!).toFixed(2)}×`);
  }
}

// `selfserve report` on a million events: no browser, no corpus.
const report = wanted('report') ? await benchReport() : undefined;
if (report) printReportFigures(report);
if (only === 'report') process.exit(0);

const work = await mkdtemp(path.join(tmpdir(), 'selfserve-bench-'));
let builds: BuildFigures[] | undefined;
if (only === 'builds') {
  try {
    builds = await benchBuilds();
    printBuildFigures(builds);
  } finally {
    await removeSetAside();
    await rm(work, { recursive: true, force: true });
  }
  process.exit(0);
}

/** Build stages and rebuilds at 1,000 and 10,000 articles (and 50,000 with --large), against Pagefind. */
async function benchBuilds(): Promise<BuildFigures[]> {
  // The CLI as it ships.
  if (only === 'builds') await buildPackage();
  const docs = await loadCorpus(path.join(doc2dial, 'articles'));
  const figures: BuildFigures[] = [];
  for (const size of large ? [1000, 10_000, 50_000] : [1000, 10_000]) {
    const generated = generate(docs, size);
    const dir = path.join(work, `stages-${size}`);
    await writeContent(generated, dir);
    figures.push(await benchBuild(dir, generated.map((g) => g.doc), work, generated[Math.floor(size / 2)].file));
    await setAside(dir);
  }
  return figures;
}

try {
  // The package as it ships: the widget measured below is the one in its tarball.
  await buildPackage();
  const widgetDir = path.join(root, 'dist', 'widget');
  const script = await readFile(path.join(widgetDir, 'selfserve.js'));
  const app = await readFile(path.join(widgetDir, 'selfserve-app.js'));
  const widget = { scriptBytes: script.length, scriptGzip: gz(script), appBytes: app.length, appGzip: gz(app) };
  console.log('\nWidget');
  console.log(`  initial script (selfserve.js)   ${kB(widget.scriptGzip)} gzip (${kB(widget.scriptBytes)} raw), goal ≤ 12 kB`);
  console.log(`  loaded on first use (app)       ${kB(widget.appGzip)} gzip (${kB(widget.appBytes)} raw)`);

  let packages: Awaited<ReturnType<typeof measurePackages>> | undefined;
  if (wanted('package')) {
    const pagefindVersion = JSON.parse(await readFile(path.join(root, 'node_modules/pagefind/package.json'), 'utf8')).version as string;
    packages = await measurePackages(root, work, pagefindVersion);
    console.log('\nPackage (what `npm install` brings into a site)');
    console.log(`  ${'engine'.padEnd(12)}${'tarball'.padStart(12)}${'installed'.padStart(14)}${'packages'.padStart(10)}`);
    const size = (bytes: number) => (bytes < 1024 * 1024 ? kB(bytes) : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
    for (const p of packages) console.log(`  ${p.name.padEnd(12)}${size(p.tarballBytes).padStart(12)}${size(p.installBytes).padStart(14)}${String(p.packages).padStart(10)}`);
    const [ours, pagefind] = packages;
    console.log(`  Selfserve ÷ Pagefind: tarball ${(ours.tarballBytes / pagefind.tarballBytes).toPrecision(2)}×, installed ${(ours.installBytes / pagefind.installBytes).toPrecision(2)}×`);
  }

  // Terms explained in place (`-- --only explain` measures just this).
  let explain: ExplainFigures | undefined;
  if (wanted('explain')) {
    const browser = await launchChromium();
    try {
      explain = await benchExplain(browser, path.join(root, 'content'), widgetDir, work);
    } finally {
      await browser.close();
    }
    printExplain(explain);
  }

  const results: Record<string, { articles: number } & CorpusFigures> = {};
  const sampleQueries = ['GPRR', 'E-1042', 'autopa', 'pasword', 'refund', 'roaming charges abroad', 'how do I unlock my phone to use another carrier', 'travel pass price', 'esim', 'why is my bill higher this month'];
  const sampleDocs = await loadCorpus(path.join(root, 'content'));
  if (wanted('sample')) {
    results.sample = { articles: sampleDocs.length, ...(await benchCorpus('sample', path.join(root, 'content'), sampleDocs, sampleQueries, work, widgetDir, true)) };
    printCorpus('Sample help center', sampleDocs.length, results.sample);
  }

  if (existsSync(doc2dial)) {
    const articles = path.join(doc2dial, 'articles');
    const docs = await loadCorpus(articles);
    const queries = (await readFile(path.join(doc2dial, 'queries.dev.jsonl'), 'utf8')).trim().split('\n').slice(0, 40).map((line) => JSON.parse(line).query as string);
    const short = ['benefits', 'licen', 'pasword', 'loan forgiveness', 'disability'];
    if (wanted('doc2dial')) {
      results.doc2dial = { articles: docs.length, ...(await benchCorpus('doc2dial', articles, docs, [...short, ...queries], work, widgetDir, true)) };
      printCorpus('doc2dial', docs.length, results.doc2dial);
    }

    for (const size of large || only === '50000' ? [1000, 10_000, 50_000] : [1000, 10_000]) {
      if (!wanted(String(size))) continue;
      const generated = generate(docs, size);
      const dir = path.join(work, `gen-${size}`);
      await writeContent(generated, dir);
      const corpus = await benchCorpus(`gen-${size}`, dir, generated.map((g) => g.doc), [...short, ...queries.slice(0, 20)], work, widgetDir, size <= 10_000);
      results[`generated-${size}`] = { articles: size, ...corpus };
      printCorpus(`Generated from doc2dial`, size, corpus);
    }
    if (!only) {
      builds = await benchBuilds();
      printBuildFigures(builds);
    }
  } else {
    console.log(`\n(doc2dial not found at ${doc2dial}: set DOC2DIAL to measure on real help pages and generated help centers)`);
  }
  await mkdir(path.join(root, 'bench'), { recursive: true });
  // A partial run does not overwrite the full results.
  if (!only) await writeFile(path.join(root, 'bench/results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, widget, packages, explain, results, builds, report }, null, 2) + '\n');
  if (!only) console.log('\nWrote bench/results.json');
} finally {
  await removeSetAside();
  await rm(work, { recursive: true, force: true });
}
