// The report at volume: `selfserve report` on a million events against a bare line-by-line
// JSON.parse loop over the same file, each in a fresh Node process for honest peak memory.
// Goal (issue #15): within 4× the bare loop, under 512 MB.
// Alone: `npx tsx scripts/bench/report.ts [events]`; in `npm run bench`: `-- --only report`.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { traffic } from './traffic.ts';

export interface ReportFigures {
  events: number;
  fileMB: number;
  baselineSeconds: number;
  reportSeconds: number;
  ratio: number;
  /** CPU time (user + system): steadier than the clock on a busy machine. */
  baselineCpuSeconds: number;
  reportCpuSeconds: number;
  cpuRatio: number;
  baselinePeakMB: number;
  reportPeakMB: number;
}

const SELF = import.meta.filename;

/** Writes `count` lines of generated traffic (with a few forged ones) to `file`. */
async function writeEvents(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  let written = 0;
  let batch: string[] = [];
  const chains = [{ failed: { 'weird charge': 40, 'wierd charge': 8 }, failure: 'none' as const, found: 'bill codes', slug: 'billing/bill-codes' }];
  for (const line of traffic({ seed: 1, noiseTabs: Math.ceil(count / 3), forgedEvery: 5000, chains, codes: { ZZQP: 30 } })) {
    batch.push(line);
    if (++written === count || batch.length === 10_000) {
      if (!out.write(batch.join('\n') + '\n')) await once(out, 'drain');
      batch = [];
    }
    if (written === count) break;
  }
  out.end();
  await once(out, 'finish');
}

/** Runs one side in a fresh process; resolves to its seconds and peak memory. */
function runChild(mode: 'baseline' | 'report', file: string, figures: string): Promise<{ seconds: number; cpuSeconds: number; peakMB: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--child', mode, file, figures], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', async (code) => {
      if (code !== 0) return reject(new Error(`${mode} exited with ${code}`));
      resolve(JSON.parse(await readFile(figures, 'utf8')));
    });
  });
}

/** What the bench compares against: read lines, parse each, nothing else. */
async function bareLoop(file: string): Promise<number> {
  let parsed = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!line) continue;
    try {
      JSON.parse(line);
      parsed++;
    } catch {
      // Counted as a skipped line by the report; nothing to do here.
    }
  }
  return parsed;
}

async function child(mode: string, file: string, figures: string) {
  const { writeFile } = await import('node:fs/promises');
  // Loaded before the clock starts, as Node itself is: the bare loop has nothing to load.
  const { reportCommand } = await import('../commands/report.ts');
  const started = performance.now();
  const cpu = process.cpuUsage();
  if (mode === 'baseline') {
    await bareLoop(file);
  } else {
    // The whole command, as a writer runs it (its JSON goes to stdout, ignored here).
    const code = await reportCommand({ inputs: [file], json: true, limit: 10, warn: () => {} });
    if (code !== 0) process.exit(code);
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await writeFile(figures, JSON.stringify({ seconds, cpuSeconds: (used.user + used.system) / 1e6, peakMB: process.resourceUsage().maxRSS / 1024 }));
}

/** Generates `count` events and measures both sides. */
export async function benchReport(count = 1_000_000): Promise<ReportFigures> {
  const work = await mkdtemp(path.join(tmpdir(), 'selfserve-bench-report-'));
  try {
    const file = path.join(work, 'events.jsonl');
    await writeEvents(file, count);
    const figures = path.join(work, 'figures.json');
    // Once each to warm the disk cache, then measured.
    await runChild('baseline', file, figures);
    const baseline = await runChild('baseline', file, figures);
    const report = await runChild('report', file, figures);
    return {
      events: count,
      fileMB: (await stat(file)).size / 1024 / 1024,
      baselineSeconds: baseline.seconds,
      reportSeconds: report.seconds,
      ratio: report.seconds / baseline.seconds,
      baselineCpuSeconds: baseline.cpuSeconds,
      reportCpuSeconds: report.cpuSeconds,
      cpuRatio: report.cpuSeconds / baseline.cpuSeconds,
      baselinePeakMB: baseline.peakMB,
      reportPeakMB: report.peakMB,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export function printReportFigures(f: ReportFigures): void {
  console.log(`\nselfserve report: ${f.events.toLocaleString('en')} events (${f.fileMB.toFixed(0)} MB of NDJSON)`);
  console.log(`  bare line-by-line JSON.parse loop  ${f.baselineSeconds.toFixed(2)} s (CPU ${f.baselineCpuSeconds.toFixed(2)} s), peak ${f.baselinePeakMB.toFixed(0)} MB`);
  console.log(`  selfserve report --json            ${f.reportSeconds.toFixed(2)} s (CPU ${f.reportCpuSeconds.toFixed(2)} s), peak ${f.reportPeakMB.toFixed(0)} MB`);
  console.log(`  ratio ${f.ratio.toFixed(2)}× by the clock, ${f.cpuRatio.toFixed(2)}× in CPU time (goal ≤ 4×); peak memory goal < 512 MB`);
}

if (process.argv.includes('--child')) {
  const at = process.argv.indexOf('--child');
  await child(process.argv[at + 1], process.argv[at + 2], process.argv[at + 3]);
} else if (process.argv[1] === SELF) {
  printReportFigures(await benchReport(Number(process.argv[2] ?? 1_000_000)));
}
