import { counted } from '../diagnostics.ts';
/**
 * Where a build spends its time, stage by stage: read by `npm run bench` and printed by
 * `selfserve build --timings`. Stages that run on the worker threads add the time each worker
 * spent, so their sum can exceed the build's wall time.
 */
export const STAGES = ['find', 'read', 'parse', 'check', 'render', 'sanitize', 'tokenize', 'index', 'layout', 'size', 'write', 'cache'] as const;
export type Stage = (typeof STAGES)[number];

/** What each stage means, for the printed table. */
const MEANING: Record<Stage, string> = {
  find: 'list and stat the content folder (on a thread of its own)',
  read: 'read changed files (on the workers past 1,000 of them)',
  parse: 'frontmatter and markdown (the same)',
  check: 'links, images, duplicate slugs',
  render: 'markdown to HTML (workers; here, those with links)',
  sanitize: 'HTML sanitizer (on the workers past 64 articles)',
  tokenize: 'words and stems for the index (the same)',
  index: 'postings, shards, buckets',
  layout: 'JSON and content hashes of the files',
  size: 'sizes for the summary (gzip of the first load)',
  write: 'write and swap the output folder',
  cache: 'load and save the build cache',
};

export interface BuildTimings {
  /** Milliseconds per stage. */
  stages: Record<Stage, number>;
  /** Milliseconds from start to the swapped output. */
  totalMs: number;
  /** Articles taken from the build cache instead of being rendered and tokenized again. */
  reused: number;
  /** Articles rendered and tokenized by this build. */
  rendered: number;
  /** Files of the output written by this build; the others (`kept`) were the last build's, left in place or linked. */
  written: number;
  kept: number;
  /** Images read (the build cache vouches for the others). */
  imagesRead: number;
  /** Articles whose links were checked (the build cache vouches for the others': see `CheckedLinks`). */
  linksChecked: number;
  /** The last output was patched, not built again (see patch-build.ts). */
  patched?: boolean;
}

export function newTimings(): BuildTimings {
  return { stages: Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>, totalMs: 0, reused: 0, rendered: 0, written: 0, kept: 0, imagesRead: 0, linksChecked: 0 };
}

/** Runs `work` and adds its duration to `stage` (a no-op without timings). */
export function timed<T>(timings: BuildTimings | undefined, stage: Stage, work: () => T): T {
  if (!timings) return work();
  const started = performance.now();
  try {
    return work();
  } finally {
    timings.stages[stage] += performance.now() - started;
  }
}

/** The same for asynchronous work. */
export async function timedAsync<T>(timings: BuildTimings | undefined, stage: Stage, work: () => Promise<T>): Promise<T> {
  if (!timings) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings.stages[stage] += performance.now() - started;
  }
}

/** The table `--timings` prints. */
export function formatTimings(timings: BuildTimings): string[] {
  const lines = STAGES.map((stage) => `  ${stage.padEnd(9)}${`${(timings.stages[stage] / 1000).toFixed(2)} s`.padStart(9)}  ${MEANING[stage]}`);
  lines.unshift('Build timings:');
  lines.push(`  ${'total'.padEnd(9)}${`${(timings.totalMs / 1000).toFixed(2)} s`.padStart(9)}  wall time`);
  lines.push(`  ${counted(timings.rendered, 'article')} rendered, ${timings.reused} from the build cache; links of ${counted(timings.linksChecked, 'article')} checked; ${counted(timings.imagesRead, 'image')} read; ${counted(timings.written, 'file')} written, ${timings.kept} kept from the previous build${timings.patched ? '; only the files of the changed articles made again (a patch of the last build)' : ''}`);
  return lines;
}
