/**
 * Markdown nested far deeper than any article needs makes the markdown parser recurse until the
 * stack overflows (3,000 `>` or emphasis markers) or slow down past any reason (a list nested
 * 1,000 deep takes seconds and gigabytes). Such files are refused before parsing, with the line.
 */

/** Deepest nesting of quotes and lists an article may use; real ones stay under 10. */
export const MAX_NESTING = 64;
/** Longest run of `*` or `_`, and most emphasis markers in one paragraph. */
const MAX_DELIMITER_RUN = 256;
const MAX_DELIMITERS_PER_PARAGRAPH = 5000;

export interface NestingProblem {
  /** 0-based line in the body. */
  line: number;
  message: string;
}

/** The first line where `body` is nested too deeply to parse safely, if any. */
export function tooDeeplyNested(body: string): NestingProblem | undefined {
  const lines = body.split('\n');
  let fence: string | undefined;
  let delimiters = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (marker) {
      fence = marker;
      continue;
    }
    const depth = containerDepth(line);
    if (depth > MAX_NESTING) {
      return { line: i, message: `quotes or lists nested ${depth} deep: markdown nested more than ${MAX_NESTING} levels is not supported; flatten it` };
    }
    if (!line.trim()) {
      delimiters = 0;
      continue;
    }
    // Code spans and snake_case words hold no emphasis.
    const spans = line.replace(/`+[^`]*`+/g, '');
    // Most lines have no marker at all: only a table row (counted on its own) changes the count.
    if (!/[*_]/.test(line)) {
      if (spans.trimStart().startsWith('|')) delimiters = 0;
      continue;
    }
    const prose = spans.replace(/(?<=[\p{L}\p{N}])_+(?=[\p{L}\p{N}])/gu, '');
    // A line of only `*`, `_` and spaces is a horizontal rule, not emphasis.
    if (/^[\s*_-]*$/.test(prose)) continue;
    const longestRun = Math.max(0, ...(prose.match(/\*+|_+/g) ?? []).map((run) => run.length));
    // Table cells are read one by one: a table row counts on its own.
    const count = (prose.match(/[*_]/g) ?? []).length;
    delimiters = prose.trimStart().startsWith('|') ? count : delimiters + count;
    if (longestRun > MAX_DELIMITER_RUN || delimiters > MAX_DELIMITERS_PER_PARAGRAPH) {
      return { line: i, message: `emphasis nested too deeply (${longestRun > MAX_DELIMITER_RUN ? `a run of ${longestRun} \`*\` or \`_\`` : `${delimiters} \`*\` and \`_\` in one paragraph`}): put such text in a \`code block\`` };
    }
  }
  return undefined;
}

/** How many quotes and list items a line opens: its `>` and list markers, and its indentation. */
function containerDepth(line: string): number {
  const prefix = /^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+/.exec(line)?.[0];
  if (!prefix) return 0;
  const markers = (prefix.match(/>|[-*+]|\d{1,9}[.)]/g) ?? []).length;
  const indent = /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length;
  return markers + Math.floor(indent / 2);
}
