// Terms explained in place: the main-thread time Chromium spends marking a 5,000-row statement,
// read from DevTools traces, in the two ways a visitor meets it:
// - `Selfserve.explain()` called on a page already loaded: every task from the call until the page
//   is idle again (loading the module and the glossary, marking, the page's mutation observer,
//   style, layout and paint of the marks), each run in a fresh browser context;
// - `data-explain` on a cold page load: every task from the first that runs explain code until the
//   page is idle. The page's own loading and the loader's come before (the loader is a deferred
//   script, and explain code first runs once its module has arrived); the page says Save-Data, so
//   the loader does not preload the search app when idle, which it does with or without
//   data-explain. Whatever else runs meanwhile counts against explain. (Subtracting the same page's
//   load without data-explain says nothing: on a shared machine it varies by more than 50 ms.)
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cpus, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { build } from '../commands/build.ts';
import { startStaticServer } from '../static-server.ts';
import { median } from './stats.ts';

export interface ExplainFigures {
  rows: number;
  marks: number;
  /** Size of selfserve-explain.js, gzip. */
  moduleGzip: number;
  /** The glossary the page loads, gzip. */
  glossaryGzip: number;
  /** `explain()` on a loaded page: main-thread task time from the call until idle, median of the runs (ms). */
  totalMs: number;
  /** The longest of those tasks, the worst run (ms). */
  longestTaskMs: number;
  /**
   * The same in CPU time of the main thread: on a machine shared with other work, wall time also
   * counts the time the thread waited for a core.
   */
  totalCpuMs: number;
  longestTaskCpuMs: number;
  /** `data-explain` on a cold page load: main-thread task time from the first task running explain code until idle, median (ms). */
  coldTotalMs: number;
  coldTotalCpuMs: number;
  /** The longest of those tasks, worst run (ms). */
  coldLongestTaskMs: number;
  coldLongestTaskCpuMs: number;
  runs: number;
}

const CODES = ['GPRR', 'VCRM', 'SMSI', 'TPAS', 'GPRD', 'ADJ', 'LFEE', 'DPP', 'ZQXW', 'PLAN'];
const RATES = ['MBRA', 'MBRB', 'DOMS', '', 'MBRX'];
const DESCRIPTIONS = ['transfer, {n} MB', 'Calls while roaming, {n} min', 'Text to +44 7700 900{n}', 'Travel Pass, Zone 1', 'Data beyond your allowance, {n} MB', 'Credit for a dropped call', 'Late payment', 'Phone instalment {n} of 24', 'Unknown service', 'Kestrel Plus, monthly'];

/** A statement as a bank or carrier renders it: one table, thousands of rows, codes in most of them. */
export function statementPage(rows: number, explain?: string): string {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const c = i % CODES.length;
    const description = DESCRIPTIONS[c].replace('{n}', String((i * 37) % 900 + 10));
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`<tr><td>2026-10-${day}</td><td><code>${CODES[c]}</code></td><td>${c === 0 ? 'GPRR ' : ''}${description}</td><td><code>${RATES[i % RATES.length]}</code></td><td class="num">$${((i * 7.31) % 90).toFixed(2)}</td></tr>`);
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Statement</title></head><body><main><h1>Your statement</h1>
<table id="statement"><thead><tr><th>Date</th><th>Code</th><th>Description</th><th>Rate</th><th>Amount</th></tr></thead><tbody>${lines.join('\n')}</tbody></table></main>
<script src="/selfserve.js" data-index="/help/"${explain ? ` data-explain="${explain}"` : ''} defer></script></body></html>`;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; fileName?: string; data?: { message?: string; url?: string; scriptName?: string } };
}

interface Task {
  wall: number;
  cpu: number;
}

/** Top-level tasks of the renderer's main thread from the first event `isStart` picks (in that renderer) on. */
function tasksFrom(trace: { traceEvents: TraceEvent[] }, isStart: (e: TraceEvent) => boolean): Task[] {
  const events = trace.traceEvents;
  const start = events.find(isStart);
  if (!start) throw new Error('the trace lacks the event measures start from');
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === start.pid);
  const onMain = events.filter((e) => e.ph === 'X' && e.pid === start.pid && (!main || e.tid === main.tid));
  return onMain
    .filter((e) => e.name === 'RunTask' && e.ts + (e.dur ?? 0) >= start.ts)
    .map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? e.dur ?? 0) / 1000 }));
}
const stamped = (message: string) => (e: TraceEvent) => e.name === 'TimeStamp' && e.args?.data?.message === message;
const explainRuns = (e: TraceEvent) => e.ph === 'X' && /^(FunctionCall|EvaluateScript|v8\.compileModule)$/.test(e.name) && /selfserve-explain/.test(e.args?.data?.url ?? e.args?.data?.scriptName ?? e.args?.fileName ?? '');

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline'];

// Marking says it is done with a User Timing mark.
const WHEN_EXPLAINED = `new Promise((resolve) => {
  new PerformanceObserver((list, observer) => {
    observer.disconnect();
    resolve(list.getEntries()[0].detail.marks);
  }).observe({ type: 'mark', buffered: true });
})`;
// Then the marks near the viewport are painted and anything deferred (observers, timers, idle
// callbacks) has run: the trace goes on until the page has been idle, then a second more.
const UNTIL_IDLE = `new Promise((resolve) => {
  const idle = () => requestIdleCallback((deadline) => (deadline.timeRemaining() > 40 ? setTimeout(resolve, 1000) : idle()));
  setTimeout(idle, 500);
})`;

/** Marks a `rows`-row statement `runs` times each way, each in a fresh browser context (cold cache, cold code). */
export async function benchExplain(browser: Browser, contentDir: string, widgetDir: string, work: string, rows = 5000, runs = 5): Promise<ExplainFigures> {
  const site = path.join(work, 'explain-site');
  await mkdir(site, { recursive: true });
  await cp(widgetDir, site, { recursive: true });
  if ((await build({ contentDir, out: path.join(site, 'help'), log: () => {}, error: () => {} })) !== 0) throw new Error('the sample help center did not build');
  const manifest = JSON.parse(await readFile(path.join(site, 'help/manifest.json'), 'utf8'));
  const glossary = `${manifest.defaultLocale}/glossary.${manifest.indexes[manifest.defaultLocale].glossary.hash}.json`;
  await writeFile(path.join(site, 'statement.html'), statementPage(rows));
  await writeFile(path.join(site, 'statement-explained.html'), statementPage(rows, '#statement'));
  const server = await startStaticServer({ mounts: { '/': site } });
  const totals: number[] = [];
  const cpuTotals: number[] = [];
  const coldTotals: number[] = [];
  const coldCpuTotals: number[] = [];
  let longest = 0;
  let longestCpu = 0;
  let coldLongest = 0;
  let coldLongestCpu = 0;
  let marks = 0;
  const cpu = (tasks: Task[]) => tasks.reduce((n, t) => n + t.cpu, 0);

  /** A cold load of the page with data-explain, traced until idle: the explain tasks and the number of marks. */
  async function coldLoad(): Promise<{ tasks: Task[]; marks: number }> {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.addInitScript({ content: `Object.defineProperty(navigator, 'connection', { value: { saveData: true } })` });
      await browser.startTracing(page, { categories: CATEGORIES });
      await page.goto(`${server.url}/statement-explained.html`);
      const found = (await page.evaluate(WHEN_EXPLAINED)) as number;
      await page.evaluate(UNTIL_IDLE);
      return { tasks: tasksFrom(JSON.parse((await browser.stopTracing()).toString('utf8')), explainRuns), marks: found };
    } finally {
      await context.close();
    }
  }

  try {
    for (let run = 0; run < runs; run++) {
      // explain() on a page already loaded and idle (the widget's own idle-time loading done).
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/statement.html`);
      await page.waitForFunction(() => window.Selfserve !== undefined);
      await page.evaluate(UNTIL_IDLE);
      await browser.startTracing(page, { categories: CATEGORIES });
      // Strings, not functions: tsx would wrap a function's inner arrows in a helper the page lacks.
      await page.evaluate(`console.timeStamp('explain-start'); window.Selfserve.explain('#statement')`);
      marks = (await page.evaluate(WHEN_EXPLAINED)) as number;
      await page.evaluate(UNTIL_IDLE);
      const tasks = tasksFrom(JSON.parse((await browser.stopTracing()).toString('utf8')), stamped('explain-start'));
      totals.push(tasks.reduce((n, t) => n + t.wall, 0));
      cpuTotals.push(cpu(tasks));
      longest = Math.max(longest, ...tasks.map((t) => t.wall));
      longestCpu = Math.max(longestCpu, ...tasks.map((t) => t.cpu));
      await context.close();

      // data-explain on a cold load.
      const cold = await coldLoad();
      if (cold.marks !== marks) throw new Error(`a cold load marked ${cold.marks} terms, explain() ${marks}`);
      coldTotals.push(cold.tasks.reduce((n, t) => n + t.wall, 0));
      coldCpuTotals.push(cpu(cold.tasks));
      coldLongest = Math.max(coldLongest, ...cold.tasks.map((t) => t.wall));
      coldLongestCpu = Math.max(coldLongestCpu, ...cold.tasks.map((t) => t.cpu));
    }
  } finally {
    await server.close();
  }
  const gzip = async (file: string) => gzipSync(await readFile(file), { level: 9 }).length;
  return {
    rows,
    marks,
    moduleGzip: await gzip(path.join(site, 'selfserve-explain.js')),
    glossaryGzip: await gzip(path.join(site, 'help', glossary)),
    totalMs: median(totals),
    longestTaskMs: longest,
    totalCpuMs: median(cpuTotals),
    longestTaskCpuMs: longestCpu,
    coldTotalMs: median(coldTotals),
    coldTotalCpuMs: median(coldCpuTotals),
    coldLongestTaskMs: coldLongest,
    coldLongestTaskCpuMs: coldLongestCpu,
    runs,
  };
}

export function printExplain(f: ExplainFigures): void {
  console.log(`\nExplain in place: a ${f.rows.toLocaleString('en')}-row statement, ${f.marks.toLocaleString('en')} marks`);
  console.log(`  loaded on explain()          selfserve-explain.js ${(f.moduleGzip / 1024).toFixed(1)} kB + glossary ${(f.glossaryGzip / 1024).toFixed(1)} kB gzip`);
  console.log(`  explain() on a loaded page   main thread ${f.totalMs.toFixed(1)} ms (CPU ${f.totalCpuMs.toFixed(1)} ms), median of ${f.runs} runs, goal ≤ 50 ms`);
  console.log(`    longest task               ${f.longestTaskMs.toFixed(1)} ms (CPU ${f.longestTaskCpuMs.toFixed(1)} ms), worst run, goal ≤ 50 ms`);
  console.log(`  data-explain on a cold load  main thread ${f.coldTotalMs.toFixed(1)} ms (CPU ${f.coldTotalCpuMs.toFixed(1)} ms), median of ${f.runs} runs, goal ≤ 50 ms`);
  console.log(`    longest task               ${f.coldLongestTaskMs.toFixed(1)} ms (CPU ${f.coldLongestTaskCpuMs.toFixed(1)} ms), worst run, goal ≤ 50 ms`);
  console.log(`  (load average while measured: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
}
