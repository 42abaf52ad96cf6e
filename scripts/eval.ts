// `npm run eval`: answer quality on real help questions. Runs doc2dial's dev queries
// (../shared/eval/doc2dial/queries.dev.jsonl) through Selfserve and its peers, and prints MRR@10
// and success@1/5/10 for each. Tune only on these dev queries; never on their words.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openIndex } from '../src/node/index.ts';
import { loadCorpus } from './bench/corpus.ts';
import { buildPagefind, launchChromium, searchPagefind } from './bench/pagefind.ts';
import { flexSearchDefaults, lunrEngine, miniSearch, orama, type Engine } from './bench/peers.ts';
import { build } from './commands/build.ts';

const root = path.resolve(import.meta.dirname, '..');
const doc2dial = path.resolve(process.env.DOC2DIAL ?? path.join(root, '../shared/eval/doc2dial'));

interface Query {
  id: string;
  query: string;
  relevant: string[];
}

interface Scores {
  engine: string;
  mrr: number;
  s1: number;
  s5: number;
  s10: number;
}

function score(engine: string, queries: Query[], answers: string[][]): Scores {
  let mrr = 0;
  let s1 = 0;
  let s5 = 0;
  let s10 = 0;
  queries.forEach((q, i) => {
    const rank = answers[i].slice(0, 10).findIndex((id) => q.relevant.includes(id));
    if (rank < 0) return;
    mrr += 1 / (rank + 1);
    if (rank < 1) s1++;
    if (rank < 5) s5++;
    s10++;
  });
  const n = queries.length;
  return { engine, mrr: mrr / n, s1: s1 / n, s5: s5 / n, s10: s10 / n };
}

async function selfserve(articles: string, work: string): Promise<Engine> {
  const out = path.join(work, 'selfserve');
  if ((await build({ contentDir: articles, out, log: () => {}, error: () => {} })) !== 0) throw new Error('doc2dial did not build');
  const index = await openIndex(out);
  return { name: 'Selfserve', build() {}, search: async (query, limit) => (await index.search(query, { limit })).results.map((r) => r.slug) };
}

if (!existsSync(path.join(doc2dial, 'queries.dev.jsonl'))) {
  console.error(`selfserve eval: no doc2dial data at ${doc2dial} (set DOC2DIAL to its folder)`);
  process.exit(1);
}
const queries = (await readFile(path.join(doc2dial, 'queries.dev.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Query);
const articles = path.join(doc2dial, 'articles');
const docs = await loadCorpus(articles);
const work = await mkdtemp(path.join(tmpdir(), 'selfserve-eval-'));
const results: Scores[] = [];
try {
  for (const engine of [await selfserve(articles, work), miniSearch(), lunrEngine(), orama(), flexSearchDefaults()]) {
    await engine.build(docs);
    const answers: string[][] = [];
    for (const q of queries) answers.push(await engine.search(q.query, 10));
    results.push(score(engine.name, queries, answers));
  }
  await buildPagefind(docs, work);
  const browser = await launchChromium();
  try {
    results.push(score('Pagefind', queries, await searchPagefind(work, queries.map((q) => q.query), 10, browser)));
  } finally {
    await browser.close();
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

const pct = (x: number) => x.toFixed(3);
console.log(`\ndoc2dial dev queries: ${queries.length} questions over ${docs.length} articles\n`);
console.log('engine                  MRR@10  success@1  success@5  success@10');
for (const r of results) console.log(`${r.engine.padEnd(22)}  ${pct(r.mrr)}  ${pct(r.s1).padStart(9)}  ${pct(r.s5).padStart(9)}  ${pct(r.s10).padStart(10)}`);
const ours = results[0];
const best = [...results.slice(1)].sort((a, b) => b.mrr - a.mrr)[0];
console.log(`\nSelfserve MRR@10 is ${(ours.mrr / best.mrr).toFixed(2)}× the best peer's (${best.engine}).`);
