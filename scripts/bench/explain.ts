// Terms explained in place: the main-thread time Chromium spends marking a 5,000-row statement
// (`Selfserve.explain()` on a page already loaded), read from a DevTools trace, so loading the
// module and the glossary, matching, the page's mutation observer and painting the marks all count.
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
  /** Main-thread task time from the call to the last mark painted, median of the runs (ms). */
  totalMs: number;
  /** The longest of those tasks, the worst run (ms). */
  longestTaskMs: number;
  /**
   * The same in CPU time of the main thread: on a machine shared with other work, wall time also
   * counts the time the thread waited for a core.
   */
  totalCpuMs: number;
  longestTaskCpuMs: number;
  runs: number;
}

const CODES = ['GPRR', 'VCRM', 'SMSI', 'TPAS', 'GPRD', 'ADJ', 'LFEE', 'DPP', 'ZQXW', 'PLAN'];
const RATES = ['MBRA', 'MBRB', 'DOMS', '', 'MBRX'];
const DESCRIPTIONS = ['transfer, {n} MB', 'Calls while roaming, {n} min', 'Text to +44 7700 900{n}', 'Travel Pass, Zone 1', 'Data beyond your allowance, {n} MB', 'Credit for a dropped call', 'Late payment', 'Phone instalment {n} of 24', 'Unknown service', 'Kestrel Plus, monthly'];

/** A statement as a bank or carrier renders it: one table, thousands of rows, codes in most of them. */
export function statementPage(rows: number): string {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const c = i % CODES.length;
    const description = DESCRIPTIONS[c].replace('{n}', String((i * 37) % 900 + 10));
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`<tr><td>2026-10-${day}</td><td><code>${CODES[c]}</code></td><td>${c === 0 ? 'GPRR ' : ''}${description}</td><td><code>${RATES[i % RATES.length]}</code></td><td class="num">$${((i * 7.31) % 90).toFixed(2)}</td></tr>`);
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Statement</title></head><body><main><h1>Your statement</h1>
<table id="statement"><thead><tr><th>Date</th><th>Code</th><th>Description</th><th>Rate</th><th>Amount</th></tr></thead><tbody>${lines.join('\n')}</tbody></table></main>
<script src="/selfserve.js" data-index="/help/" defer></script></body></html>`;
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
  args?: { name?: string; data?: { message?: string } };
}

/** Top-level tasks of the renderer's main thread that start after the `explain-start` time stamp. */
function tasksAfterStart(trace: { traceEvents: TraceEvent[] }): { wall: number; cpu: number }[] {
  const events = trace.traceEvents;
  const start = events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === 'explain-start');
  if (!start) throw new Error('the trace has no explain-start time stamp');
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === start.pid);
  return events
    .filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === start.pid && (!main || e.tid === main.tid) && e.ts + (e.dur ?? 0) >= start.ts)
    .map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? e.dur ?? 0) / 1000 }));
}

/** Marks a `rows`-row statement `runs` times, each on a fresh page with a cold cache. */
export async function benchExplain(browser: Browser, contentDir: string, widgetDir: string, work: string, rows = 5000, runs = 5): Promise<ExplainFigures> {
  const site = path.join(work, 'explain-site');
  await mkdir(site, { recursive: true });
  await cp(widgetDir, site, { recursive: true });
  if ((await build({ contentDir, out: path.join(site, 'help'), log: () => {}, error: () => {} })) !== 0) throw new Error('the sample help center did not build');
  const manifest = JSON.parse(await readFile(path.join(site, 'help/manifest.json'), 'utf8'));
  const glossary = `${manifest.defaultLocale}/glossary.${manifest.indexes[manifest.defaultLocale].glossary.hash}.json`;
  await writeFile(path.join(site, 'statement.html'), statementPage(rows));
  const server = await startStaticServer({ mounts: { '/': site } });
  const totals: number[] = [];
  const cpuTotals: number[] = [];
  let longest = 0;
  let longestCpu = 0;
  let marks = 0;
  try {
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/statement.html`);
      // The page settled: the widget's own idle-time loading is done before the clock starts.
      await page.waitForFunction(() => window.Selfserve !== undefined);
      await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, 500))));
      await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
      // Strings, not functions: tsx would wrap a function's inner arrows in a helper the page lacks.
      await page.evaluate(`console.timeStamp('explain-start'); window.Selfserve.explain('#statement')`);
      // Marking says it is done with a User Timing mark; then the marks near the viewport are painted.
      marks = (await page.evaluate(`new Promise((resolve) => {
        new PerformanceObserver((list, observer) => {
          observer.disconnect();
          const { marks } = list.getEntries()[0].detail;
          setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => resolve(marks))), 500);
        }).observe({ type: 'mark', buffered: true });
      })`)) as number;
      const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
      const tasks = tasksAfterStart(trace);
      totals.push(tasks.reduce((n, t) => n + t.wall, 0));
      cpuTotals.push(tasks.reduce((n, t) => n + t.cpu, 0));
      longest = Math.max(longest, ...tasks.map((t) => t.wall));
      longestCpu = Math.max(longestCpu, ...tasks.map((t) => t.cpu));
      await context.close();
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
    runs,
  };
}

export function printExplain(f: ExplainFigures): void {
  console.log(`\nExplain in place: a ${f.rows.toLocaleString('en')}-row statement, ${f.marks.toLocaleString('en')} marks`);
  console.log(`  loaded on explain()          selfserve-explain.js ${(f.moduleGzip / 1024).toFixed(1)} kB + glossary ${(f.glossaryGzip / 1024).toFixed(1)} kB gzip`);
  console.log(`  main thread, call to painted ${f.totalMs.toFixed(1)} ms (CPU ${f.totalCpuMs.toFixed(1)} ms), median of ${f.runs} runs, goal ≤ 50 ms`);
  console.log(`  longest task                 ${f.longestTaskMs.toFixed(1)} ms (CPU ${f.longestTaskCpuMs.toFixed(1)} ms), worst run, goal ≤ 50 ms`);
  console.log(`  (load average while measured: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
}
