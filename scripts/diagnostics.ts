import path from 'node:path';
import { compareTerms } from '../src/sorted.ts';

/** "1 article", "2 articles": a count and its noun, in the summaries the CLI prints. */
export const counted = (n: number, noun: string, plural = `${noun}s`) => `${n} ${n === 1 ? noun : plural}`;

/** A problem found in the content, reported compiler-style as `file:line:col: error: message`. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Absolute path of the file. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  message: string;
  /**
   * For a problem of a link or an image, where that is in its article's body: a patch of the build
   * places the problem anew when the text before it changes (see patch-build.ts). Not shown.
   */
  offset?: number;
}

/** Collects every problem of a build, so writers see them all at once. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];
  /**
   * Facts about the whole build, printed once with the summary: fields that were ignored,
   * languages without a stemmer. Neither errors nor warnings.
   */
  readonly notes: string[] = [];

  note(message: string): void {
    if (!this.notes.includes(message)) this.notes.push(message);
  }

  error(file: string, line: number, col: number, message: string, offset?: number): void {
    this.list.push(offset === undefined ? { severity: 'error', file, line, col, message } : { severity: 'error', file, line, col, message, offset });
  }

  warning(file: string, line: number, col: number, message: string, offset?: number): void {
    this.list.push(offset === undefined ? { severity: 'warning', file, line, col, message } : { severity: 'warning', file, line, col, message, offset });
  }

  get errors(): number {
    return this.list.filter((d) => d.severity === 'error').length;
  }

  get warnings(): number {
    return this.list.filter((d) => d.severity === 'warning').length;
  }

  /**
   * Sorted by file and position, so output is stable: files in code-unit order (see
   * `compareTerms`), the same on every machine whatever its language, and 10 ms quicker than
   * `localeCompare` for the 1,800 warnings of a large help center.
   */
  sorted(): Diagnostic[] {
    return [...this.list].sort((a, b) => compareTerms(a.file, b.file) || a.line - b.line || a.col - b.col);
  }
}

/** A problem as the CLI's JSON and dev's events give it: its file relative to the working folder, and no more. */
export const shownDiagnostic = ({ severity, file, line, col, message }: Diagnostic, cwd = process.cwd()) => ({ severity, file: path.relative(cwd, file) || '.', line, col, message });

export function formatDiagnostic(d: Diagnostic, cwd = process.cwd()): string {
  // A file under the working folder is named from there without `path.relative`, which took 10 ms
  // for the 1,800 warnings of a large help center.
  const under = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  const file = d.file.startsWith(under) ? d.file.slice(under.length) : path.relative(cwd, d.file) || '.';
  return `${file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
}

// Past this many problems a list scrolls out of sight: the kinds most of them are of are said after it.
const MANY = 20;

/**
 * The kinds most of a long list of problems are of, most common first ("  246  warning: no
 * `description`"), for a writer to see what to fix first: each problem's message up to its first
 * `: `, its numbers and quoted names left out. Nothing for a short list, or for kinds of one or two.
 */
export function commonKinds(list: Diagnostic[], most = 6): string[] {
  if (list.length <= MANY) return [];
  const kinds = new Map<string, number>();
  for (const d of list) {
    const kind = `${d.severity}: ${d.message.replace(/"[^"]*"/g, '"…"').split(': ')[0].replace(/\d+/g, 'N')}`;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const common = [...kinds].filter(([, n]) => n > 2).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, most);
  return common.length ? ['Most of them:', ...common.map(([kind, n]) => `  ${String(n).padStart(5)}  ${kind}`)] : [];
}

/** Line and column (1-based) of an offset in a text. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

/** The closest of `candidates` to `word` (edit distance ≤ 2, or a shared prefix), for "did you mean". */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

// Damerau–Levenshtein (optimal string alignment): a swap of two letters counts as one edit.
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
