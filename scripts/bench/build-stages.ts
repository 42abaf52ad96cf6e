// Where a Selfserve build spends its time, against Pagefind indexing the same articles in the same
// run: full builds, and a rebuild after one article changed. `npm run bench -- --only builds`
// measures just this (1,000 and 10,000 articles; `--large` adds 50,000), without a browser.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { STAGES, newTimings, type BuildTimings } from '../build/timings.ts';
import { build } from '../commands/build.ts';
import type { Doc } from './corpus.ts';
import { buildPagefind } from './pagefind.ts';

export interface BuildFigures {
  articles: number;
  full: BuildTimings;
  /** Peak resident memory of this process after the full build (the bench's own share included). */
  peakRssMB: number;
  /** The same build again in one process (as --watch and dev do), after one sentence changed in one article. */
  rebuild: BuildTimings;
  pagefindSeconds: number;
}

/** Builds `contentDir` into `work`, then rebuilds after one changed article, then runs Pagefind. */
export async function benchBuild(contentDir: string, docs: Doc[], work: string, changedFile: string): Promise<BuildFigures> {
  const out = path.join(work, 'stages-help');
  const quiet = { log: () => {}, error: () => {} };
  const full = newTimings();
  const cache = new Map();
  if ((await build({ contentDir, out, timings: full, cache, ...quiet })) !== 0) throw new Error(`${contentDir} did not build`);
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  const file = path.join(contentDir, changedFile);
  const original = await readFile(file, 'utf8');
  await writeFile(file, `${original.trimEnd()}\n\nOne sentence added to see what a rebuild costs.\n`);
  const rebuild = newTimings();
  try {
    if ((await build({ contentDir, out, timings: rebuild, cache, ...quiet })) !== 0) throw new Error(`${contentDir} did not rebuild`);
  } finally {
    await writeFile(file, original);
    await rm(out, { recursive: true, force: true });
  }
  const started = performance.now();
  await buildPagefind(docs, path.join(work, 'stages-pagefind'));
  const pagefindSeconds = (performance.now() - started) / 1000;
  await rm(path.join(work, 'stages-pagefind'), { recursive: true, force: true });
  return { articles: docs.length, full, peakRssMB, rebuild, pagefindSeconds };
}

export function printBuildFigures(figures: BuildFigures[]): void {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)}`.padStart(7);
  console.log('\nBuilds: seconds per stage (worker stages add both workers\' time), against Pagefind in the same run');
  console.log(`  ${'articles'.padEnd(9)} ${'build'.padEnd(8)}${STAGES.map((stage) => stage.padStart(9)).join('')}    total  ÷ Pagefind  peak RSS`);
  for (const f of figures) {
    for (const [kind, t] of [['full', f.full], ['rebuild', f.rebuild]] as const) {
      const ratio = kind === 'full' ? `${(t.totalMs / 1000 / f.pagefindSeconds).toFixed(2)}×` : `${((100 * t.totalMs) / f.full.totalMs).toFixed(0)}% of full`;
      const rss = kind === 'full' ? `${f.peakRssMB.toFixed(0)} MB` : '';
      console.log(`  ${String(f.articles).padEnd(9)} ${kind.padEnd(8)}${STAGES.map((stage) => s(t.stages[stage]).padStart(9)).join('')}  ${s(t.totalMs)}  ${ratio.padStart(10)}  ${rss.padStart(8)}`);
    }
    console.log(`  ${String(f.articles).padEnd(9)} ${'Pagefind'.padEnd(8)}${' '.repeat(9 * STAGES.length)}  ${s(f.pagefindSeconds * 1000)}`);
  }
}
