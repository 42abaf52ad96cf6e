// Where a Selfserve build spends its time, against Pagefind indexing the same articles in the same
// run: a full build, and a build again after one article changed (which takes the others from the
// build cache). Selfserve runs as users run it: the compiled CLI in a process of its own, whose
// peak memory is its own. `npm run bench -- --only builds` measures just this (1,000 and 10,000
// articles; `--large` adds 50,000), without a browser.
import { spawn } from 'node:child_process';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheFolder, previewCacheFolder } from '../build/cache.ts';
import { STAGES, type Stage } from '../build/timings.ts';
import type { Doc } from './corpus.ts';
import { buildPagefind } from './pagefind.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** One `selfserve build --timings`, as it reported itself. */
export interface BuildRun {
  stages: Record<Stage, number>;
  /** From the start of the build to its output in place, as `--timings` reports it. */
  totalSeconds: number;
  /** The whole process, as a writer waits for it: Node's start and the CLI's modules too. */
  processSeconds: number;
  /** Articles rendered and tokenized by this build, and taken from the cache. */
  rendered: number;
  reused: number;
  peakRssMB: number;
  /**
   * Pages of memory the process touched for the first time (minor page faults), its threads'
   * included: on a virtual machine each costs about 2 µs, a tenth of a rebuild here, and their
   * count varies less from run to run than times do.
   */
  pageFaults: number;
}

export interface BuildFigures {
  articles: number;
  /** From nothing (no output, no build cache): the middle of `FULL_BUILDS`, as `rebuild`. */
  full: BuildRun;
  /**
   * After one sentence was added to one article: the middle one by its own time of `REBUILDS`
   * such builds, each after another sentence, with the middle of their processes' times.
   */
  rebuild: BuildRun;
  /** The same change saved while `selfserve build --watch` runs: from its start to the summary. */
  watchSeconds: number;
  /** The same change saved while `selfserve dev` runs: until the preview is told to reload. */
  devSeconds: number;
  pagefindSeconds: number;
  /**
   * Milliseconds to create one 4 kB file in the bench's folder just before the full builds (see
   * `setAside`): about 0.03 on this machine's disk at rest, ten times more for minutes after
   * thousands of files were removed, which slows a full build by seconds.
   */
  createFileMs: number;
}

/** Runs the compiled CLI (`npm run build` first) and reads its `--timings` table and its peak memory. */
async function runBuild(contentDir: string, out: string): Promise<BuildRun> {
  const cli = path.join(root, 'dist/cli.js');
  // A file, not `-e`: the build's worker threads inherit the flags `-e` needs and cannot start with them.
  const runner = path.join(path.dirname(out), 'run-build.mjs');
  // The peak is the kernel's high-water mark of this process's memory (`VmHWM`, in kB): `maxRSS`
  // starts at the bench's own when the process is forked from it, and a rebuild smaller than the
  // bench read as the bench's 270-odd MB.
  await writeFile(runner, `const { main } = await import(${JSON.stringify(cli)}); const { readFileSync } = await import('node:fs'); const code = await main(process.argv.slice(2)); const usage = process.resourceUsage(); let peak = usage.maxRSS; try { peak = Number(/VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]); } catch {} console.log('peak-rss ' + peak + ' faults ' + usage.minorPageFault); process.exit(code);`);
  const started = performance.now();
  const child = spawn(process.execPath, [runner, 'build', contentDir, '--out', out, '--timings'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  const processSeconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`selfserve build ${contentDir} failed (${code}):\n${stdout}`);
  const seconds = (name: string) => Number(new RegExp(`^  ${name}\\s+([\\d.]+) s`, 'm').exec(stdout)![1]);
  const reuse = /(\d+) articles? rendered, (\d+) from the build cache/.exec(stdout)!;
  return {
    stages: Object.fromEntries(STAGES.map((stage) => [stage, seconds(stage)])) as Record<Stage, number>,
    totalSeconds: seconds('total'),
    processSeconds,
    rendered: Number(reuse[1]),
    reused: Number(reuse[2]),
    peakRssMB: Number(/^peak-rss (\d+)/m.exec(stdout)![1]) / 1024,
    pageFaults: Number(/^peak-rss \d+ faults (\d+)/m.exec(stdout)![1]),
  };
}

/** A clean build of `contentDir`, a build after one changed article, then Pagefind on the same articles. */
export async function benchBuild(contentDir: string, docs: Doc[], work: string, changedFile: string): Promise<BuildFigures> {
  const out = path.join(work, 'stages-help');
  const createFileMs = await timeFileCreation(path.join(work, `create-probe-${docs.length}`));
  const fulls: BuildRun[] = [];
  for (let i = 0; i < FULL_BUILDS; i++) {
    await setAside(out, cacheFolder(out));
    fulls.push(await runBuild(contentDir, out));
  }
  const full = middleRun(fulls);
  const file = path.join(contentDir, changedFile);
  const original = await readFile(file, 'utf8');
  const rebuilds: BuildRun[] = [];
  try {
    // Several: one rebuild is a second or less, and on a shared machine one of them alone varied
    // by a tenth from run to run, as much as the changes it was measuring.
    for (let i = 1; i <= REBUILDS; i++) {
      await writeFile(file, `${original.trimEnd()}\n\nOne sentence added to see what a rebuild costs (${i}).\n`);
      rebuilds.push(await runBuild(contentDir, out));
    }
  } finally {
    await writeFile(file, original);
    await setAside(out, cacheFolder(out));
  }
  const watchSeconds = await savedWhile(['build', contentDir, '--out', out, '--watch'], /Watching/, /rebuilding…[\s\S]*Built .* in ([\d.]+) s/, file, out);
  const devSeconds = await savedWhile(['dev', contentDir, '--port', '0'], /Preview of/, /: rebuilt .* in ([\d.]+) s/, file, out);
  const started = performance.now();
  await buildPagefind(docs, path.join(work, 'stages-pagefind'));
  const pagefindSeconds = (performance.now() - started) / 1000;
  await setAside(path.join(work, 'stages-pagefind'));
  return { articles: docs.length, full, rebuild: middleRun(rebuilds), watchSeconds, devSeconds, pagefindSeconds, createFileMs };
}

/** Milliseconds per file to create 2,000 files of 4 kB in `folder` (set aside, not removed, after). */
async function timeFileCreation(folder: string): Promise<number> {
  await mkdir(folder, { recursive: true });
  const bytes = Buffer.alloc(4096, 'x');
  const started = performance.now();
  for (let i = 0; i < 2000; i++) writeFileSync(path.join(folder, `${i}.json`), bytes);
  const ms = (performance.now() - started) / 2000;
  await setAside(folder);
  return ms;
}

/**
 * Folders of earlier runs, moved out of the way (renamed beside themselves) rather than removed
 * until the bench is done (`removeSetAside`). This machine's disk has no journal, and ext4 without
 * one skips every inode freed in the last minute or more when it makes a file, looking at each:
 * after the 15,600 files of one full build were removed, the next build's files took 0.2–0.5 ms
 * each to create instead of about 0.03, and its writing took seconds longer. A help center's
 * first build, or one after a day's edits, does not meet that: this measures what they meet.
 */
const setAsideFolders: string[] = [];
export async function setAside(...folders: string[]): Promise<void> {
  for (const folder of folders) {
    const aside = `${folder}.set-aside-${setAsideFolders.length}`;
    try {
      await rename(folder, aside);
      setAsideFolders.push(aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}

/** Removes the folders the builds' runs set aside: once nothing is measured any more. */
export async function removeSetAside(): Promise<void> {
  for (const folder of setAsideFolders.splice(0)) await rm(folder, { recursive: true, force: true });
}

const REBUILDS = 5;
// A full build of 10,000 articles once took 9.1 s, not 6.5, as its writes waited on the disk (see `setAside`).
const FULL_BUILDS = 3;

/** The run whose own time is the middle one, with the middle of the runs' process times. */
function middleRun(runs: BuildRun[]): BuildRun {
  const middle = <T>(sorted: T[]) => sorted[Math.floor(sorted.length / 2)];
  const run = middle([...runs].sort((a, b) => a.totalSeconds - b.totalSeconds));
  return { ...run, processSeconds: middle(runs.map((r) => r.processSeconds).sort((a, b) => a - b)) };
}

/**
 * Seconds a running `selfserve build --watch` or `dev` (`args`) takes to rebuild after `file`
 * changed, as it says itself (`done` captures them) once it has said it is `ready`.
 */
async function savedWhile(args: string[], ready: RegExp, done: RegExp, file: string, out: string): Promise<number> {
  const child = spawn(process.execPath, [path.join(root, 'bin/selfserve.js'), ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  const waitFor = async (pattern: RegExp) => {
    while (!pattern.test(stdout)) {
      if (child.exitCode !== null) throw new Error(`selfserve ${args[0]} stopped:\n${stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const original = await readFile(file, 'utf8');
  try {
    await waitFor(ready);
    await writeFile(file, `${original.trimEnd()}\n\nOne sentence added to see what a rebuild costs.\n`);
    await waitFor(done);
    return Number(done.exec(stdout)![1]);
  } finally {
    child.kill();
    await writeFile(file, original);
    // `dev` keeps a cache of its own for the content folder (args[1]).
    await setAside(out, cacheFolder(out), previewCacheFolder(args[1]));
  }
}

export function printBuildFigures(figures: BuildFigures[]): void {
  const s = (seconds: number) => seconds.toFixed(2).padStart(8);
  console.log("\nBuilds (the compiled CLI): seconds per stage (the workers' stages add both workers' time), against Pagefind in the same run");
  console.log("  (total: the build, as --timings reports it; process: the whole command, Node's start and the CLI's modules included;");
  console.log(`   full: the middle of ${FULL_BUILDS}; rebuild: the middle of ${REBUILDS}, each after another sentence was added to the same article)`);
  console.log(`  ${'articles'.padEnd(9)}${'build'.padEnd(9)}${STAGES.map((stage) => stage.padStart(9)).join('')}     total  ÷ Pagefind   process  ÷ Pagefind      peak RSS  page faults  from cache`);
  for (const f of figures) {
    console.log(`  (${f.articles} articles: creating a 4 kB file took ${f.createFileMs.toFixed(2)} ms just before the full builds${f.createFileMs > 0.1 ? ': slow, as for minutes after many files are removed here; the full builds are slower for it' : ''})`);
    for (const [kind, run] of [['full', f.full], ['rebuild', f.rebuild]] as const) {
      const ratio = (seconds: number, full: number) => (kind === 'full' ? `${(seconds / f.pagefindSeconds).toFixed(2)}×` : `${((100 * seconds) / full).toFixed(0)}% of full`);
      console.log(`  ${String(f.articles).padEnd(9)}${kind.padEnd(9)}${STAGES.map((stage) => s(run.stages[stage]).padStart(9)).join('')}  ${s(run.totalSeconds)}  ${ratio(run.totalSeconds, f.full.totalSeconds).padStart(10)}  ${s(run.processSeconds)}  ${ratio(run.processSeconds, f.full.processSeconds).padStart(10)}  ${`${run.peakRssMB.toFixed(0)} MB`.padStart(12)}  ${run.pageFaults.toLocaleString('en-US').padStart(11)}  ${String(run.reused).padStart(10)}`);
    }
    for (const [kind, seconds] of [['--watch', f.watchSeconds], ['dev', f.devSeconds]] as const) {
      console.log(`  ${String(f.articles).padEnd(9)}${kind.padEnd(9)}${' '.repeat(9 * STAGES.length)}  ${s(seconds)}  ${`${((100 * seconds) / f.full.totalSeconds).toFixed(0)}% of full`.padStart(10)}`);
    }
    console.log(`  ${String(f.articles).padEnd(9)}${'Pagefind'.padEnd(9)}${' '.repeat(9 * STAGES.length)}  ${s(f.pagefindSeconds)}`);
  }
}
