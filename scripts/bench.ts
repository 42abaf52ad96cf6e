// `npm run bench`: the widget's size and the index's size and speed, on the sample help center and
// on doc2dial's real help pages (../shared/eval/doc2dial when present). Prints a table and writes
// bench/results.json. Benchmarks are not tests: nothing here fails on a number.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { openIndex } from '../src/node/index.ts';
import { buildWidget } from './build-widget.ts';
import { build } from './commands/build.ts';

const root = path.resolve(import.meta.dirname, '..');
const gz = (data: string | Buffer) => gzipSync(data, { level: 9 }).length;
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))];

interface CorpusFigures {
  corpus: string;
  articles: number;
  buildSeconds: number;
  firstLoadGzip: number;
  totalGzip: number;
  queries: number;
  medianMs: number;
  p95Ms: number;
}

async function measureCorpus(name: string, contentDir: string, queries: string[], work: string): Promise<CorpusFigures> {
  const out = path.join(work, name);
  const started = performance.now();
  const code = await build({ contentDir, out, log: () => {}, error: () => {} });
  if (code !== 0) throw new Error(`${name} did not build`);
  const buildSeconds = (performance.now() - started) / 1000;
  const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'));
  const files = manifest.indexes[manifest.defaultLocale];
  const firstLoad = ['manifest.json', files.meta, files.index];
  let firstLoadGzip = 0;
  for (const file of firstLoad) firstLoadGzip += gz(await readFile(path.join(out, file)));
  let totalGzip = firstLoadGzip;
  for (const file of manifest.files) if (!firstLoad.includes(file.path)) totalGzip += gz(await readFile(path.join(out, file.path)));
  const index = await openIndex(out);
  for (const q of queries.slice(0, 20)) await index.search(q); // warm up, and load article files
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await index.search(q);
    times.push(performance.now() - t);
  }
  return { corpus: name, articles: manifest.articleCount, buildSeconds, firstLoadGzip, totalGzip, queries: queries.length, medianMs: percentile(times, 0.5), p95Ms: percentile(times, 0.95) };
}

const work = await mkdtemp(path.join(tmpdir(), 'selfserve-bench-'));
try {
  await buildWidget(path.join(work, 'widget'));
  const script = await readFile(path.join(work, 'widget/selfserve.js'));
  const app = await readFile(path.join(work, 'widget/selfserve-app.js'));
  const widget = { scriptBytes: script.length, scriptGzip: gz(script), appBytes: app.length, appGzip: gz(app) };

  const sampleQueries = ['GPRR', 'E-1042', 'autopa', 'pasword', 'refund', 'roaming charges abroad', 'how do I unlock my phone to use another carrier', 'travel pass price', 'esim', 'why is my bill higher this month'];
  const corpora = [await measureCorpus('sample', path.join(root, 'content'), sampleQueries, work)];
  const doc2dial = path.resolve(root, '../shared/eval/doc2dial');
  if (existsSync(doc2dial)) {
    const queries = (await readFile(path.join(doc2dial, 'queries.dev.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line).query as string);
    corpora.push(await measureCorpus('doc2dial', path.join(doc2dial, 'articles'), queries, work));
  }

  console.log('\nWidget');
  console.log(`  initial script (selfserve.js)   ${kB(widget.scriptGzip)} gzip (${kB(widget.scriptBytes)} raw), goal ≤ 12 kB`);
  console.log(`  loaded on first use (app)       ${kB(widget.appGzip)} gzip (${kB(widget.appBytes)} raw)`);
  console.log('\nIndex (Node, one core)');
  console.log('  corpus     articles  build    first load gz  all files gz  queries  median    p95');
  for (const c of corpora) {
    console.log(`  ${c.corpus.padEnd(10)} ${String(c.articles).padStart(8)}  ${c.buildSeconds.toFixed(2).padStart(5)} s  ${kB(c.firstLoadGzip).padStart(13)}  ${kB(c.totalGzip).padStart(12)}  ${String(c.queries).padStart(7)}  ${c.medianMs.toFixed(2).padStart(5)} ms  ${c.p95Ms.toFixed(2).padStart(5)} ms`);
  }
  console.log('\n"first load" is what a browser downloads before its first search: manifest, metadata and index.');
  await mkdir(path.join(root, 'bench'), { recursive: true });
  await writeFile(path.join(root, 'bench/results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, widget, corpora }, null, 2) + '\n');
  console.log('Wrote bench/results.json');
} finally {
  await rm(work, { recursive: true, force: true });
}
