import { statSync } from 'node:fs';
import { Diagnostics, type Diagnostic } from '../diagnostics.ts';
import { findArticles, type SourceFile } from './find-articles.ts';

/** What the build cache keeps of a file's stat (see `statSignature`): a `Stats` has them. */
export interface StatFields {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/**
 * What a build first learns of its content folder, before it reads a file: the articles, and
 * with `stat`, each one's size and times, which tell the build cache's entries that still stand.
 * Plain data, so a worker thread can take it while the build loads its modules and its cache
 * (see survey-thread.ts).
 */
export interface ContentSurvey {
  root: string;
  exclude: string[];
  sources: SourceFile[];
  /** What finding them met (symbolic links skipped). */
  problems: Diagnostic[];
  /** `STAT_FIELDS` numbers per source, in its order; a size of -1: it could not be stat-ed. Empty without `stat`. */
  stats: Float64Array<ArrayBuffer>;
  /** When the stats began: a file changed since may not be vouched for by them (see `vouchedFor`). */
  checkedAt: number;
}

const STAT_FIELDS = 4;

/** Lists the articles under `root` (see `findArticles`), with their stats if asked. */
export function surveyContent(root: string, exclude: string[], { stat }: { stat: boolean }): ContentSurvey {
  const diagnostics = new Diagnostics();
  const sources = findArticles(root, diagnostics, exclude);
  const checkedAt = Date.now();
  const stats = new Float64Array(stat ? sources.length * STAT_FIELDS : 0);
  if (stat) {
    sources.forEach(({ file }, i) => {
      const info = statSync(file, { throwIfNoEntry: false });
      stats.set(info ? [info.size, info.mtimeMs, info.ctimeMs, info.ino] : [-1, 0, 0, 0], i * STAT_FIELDS);
    });
  }
  return { root, exclude, sources, problems: diagnostics.list, stats, checkedAt };
}

/** The stat of the survey's `i`-th source; undefined when it was not taken or failed. */
export function statAt({ stats }: ContentSurvey, i: number): StatFields | undefined {
  const at = i * STAT_FIELDS;
  if (at >= stats.length || stats[at] < 0) return undefined;
  return { size: stats[at], mtimeMs: stats[at + 1], ctimeMs: stats[at + 2], ino: stats[at + 3] };
}
