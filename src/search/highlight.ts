import { wordSpans, type Token, type WordSpan } from '../text/tokenize.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

// A partly typed word highlights the words it starts, but only once it is long enough to mean something.
const MIN_PREFIX = 3;
// The context a passage shows before its first matched word, at most: 40 characters, or a quarter
// of a shorter passage's.
const leadIn = (length: number) => Math.min(40, Math.round(length / 4));

/**
 * The spans of `text` that match the query: same stem, or starting with the word being typed (the
 * last). The words before it are finished, as ranking takes them (see rank.ts): "sim" in "insert
 * sim card" does not mark "simple".
 */
export function matchSpans(text: string, tokens: Token[], locale?: string): WordSpan[] {
  const stems = new Set(tokens.map((t) => t.stem));
  const typed = tokens.at(-1)?.surface;
  const prefix = typed && typed.length >= MIN_PREFIX ? typed : undefined;
  return wordSpans(text, { locale }).filter((span) => stems.has(span.stem) || (prefix !== undefined && span.surface.startsWith(prefix)));
}

/** `text` as HTML-escaped text with each matched word wrapped in `<mark>`. Safe to insert as HTML. */
export function highlight(text: string, tokens: Token[], locale?: string): string {
  return markSpans(text, matchSpans(text, tokens, locale), 0, text.length);
}

function markSpans(text: string, spans: WordSpan[], from: number, to: number): string {
  let html = '';
  let at = from;
  for (const span of spans) {
    if (span.start < at || span.start >= to) continue; // parts of one word share its span
    // A match the passage cuts (a word longer than it) is marked as far as it shows.
    const end = Math.min(span.end, to);
    html += escapeHtml(text.slice(at, span.start)) + '<mark>' + escapeHtml(text.slice(span.start, end)) + '</mark>';
    at = end;
  }
  return html + escapeHtml(text.slice(at, to));
}

/** A short passage of a text, as `excerpt` makes it, and how many of the query's words it shows. */
export interface Passage {
  html: string;
  words: number;
}

/**
 * A short passage of `text` around the densest cluster of matched words, HTML-escaped with the
 * matches in `<mark>`, and "…" where it was cut.
 */
export function excerpt(text: string, tokens: Token[], length = 180, locale?: string): string {
  return passage(text, tokens, length, locale).html;
}

/** `excerpt`, with the number of the query's words (by stem, or the word being typed) its passage shows. */
export function passage(text: string, tokens: Token[], length = 180, locale?: string): Passage {
  const clean = oneLine(text);
  const spans = matchSpans(clean, tokens, locale);
  let start = 0;
  if (spans.length) {
    // The window that holds the most distinct matched words wins; earlier windows break ties. Its
    // words are counted as far as its passage shows them, lead-in included: counted to `length`
    // past the first, a word at the end of the window was counted and then cut.
    const lead = leadIn(length);
    let best = 0;
    let bestCount = 0;
    // One pass, the window's words counted by stem as it slides (words do not overlap, so the
    // spans' ends rise with their starts): a window's words counted afresh for each match took a
    // 50 kB table whose rows all held the word 50 ms.
    const inWindow = new Map<string, number>();
    for (let first = 0, next = 0; first < spans.length; first++) {
      const shownTo = Math.max(0, spans[first].start - lead) + length;
      next = Math.max(next, first);
      for (; next < spans.length && spans[next].end <= shownTo; next++) inWindow.set(spans[next].stem, (inWindow.get(spans[next].stem) ?? 0) + 1);
      if (inWindow.size > bestCount) {
        bestCount = inWindow.size;
        best = spans[first].start;
      }
      if (first < next) {
        const stem = spans[first].stem;
        const left = inWindow.get(stem)! - 1;
        if (left) inWindow.set(stem, left);
        else inWindow.delete(stem);
      }
    }
    // Lead in with a little context, starting on a word boundary before the window's first match
    // (in a long run without spaces, a path or a URL, on that match itself).
    start = Math.max(0, best - lead);
    if (start > 0) {
      const space = clean.indexOf(' ', start);
      start = space >= 0 && space < best ? space + 1 : best;
      // From the start of its sentence, row or item, when that is in the lead-in: "GPRR · Data
      // transfer", not "…Why you might see it · GPRR · Data transfer".
      const boundary = lastBoundary(clean, start, best);
      if (boundary >= 0) start = boundary;
    }
    // Don't open on the punctuation of a cut sentence or table ("… · Data"); a matched word, which
    // starts with a letter or digit, stops it, and so does a sign that is part of a word ("$5",
    // "#2", "-10"): "…5 per line" would misquote "$5 per line".
    while (start > 0 && !opensWord(clean, start)) start++;
  }
  let end = Math.min(clean.length, start + length);
  if (end < clean.length) {
    // Cut at the last space, but never before a matched word the window holds; and where that
    // space is further back than a word is long (text written without spaces, Japanese or
    // Chinese: the space after "Travel Pass" before a whole Japanese sentence), at the length.
    const space = clean.lastIndexOf(' ', end);
    let matched = 0;
    // (Those before the window end before the space, which is in it: only the end matters.)
    for (const span of spans) if (span.end <= end) matched = Math.max(matched, span.end);
    if (space > start && end - space <= LONGEST_WORD) end = Math.max(space, matched);
    // Not on the mark that sets a row or item apart: "…is free.…", not "…is free. ·…".
    const apart = /\s·$/.exec(clean.slice(start, end));
    if (apart) end -= apart[0].length;
  }
  const html = (start > 0 ? '…' : '') + markSpans(clean, spans, start, end) + (end < clean.length ? '…' : '');
  return { html, words: wordsShown(spans.filter((span) => span.start >= start && span.start < end), tokens) };
}

// Longer than most words: past it, a cut at a space would drop more than the word it cuts.
const LONGEST_WORD = 24;

/**
 * A section's text on one line. Its lines are its blocks (see `blockText` in render-markdown.ts):
 * one that ends without a stop is set apart from the next by " · ", as a table's cells are, so that
 * list items, table rows and a heading-like line do not run into one another ("What's in it ·
 * Summary · Previous balance", not "What's in it Summary").
 */
function oneLine(text: string): string {
  const lines = text.split('\n').map((line) => line.replace(/\s+/g, ' ').trim()).filter(Boolean);
  let joined = lines[0] ?? '';
  // (The line before tested, not the text joined so far: that made a long table quadratic.)
  for (let i = 1; i < lines.length; i++) joined += (ENDS_SENTENCE.test(lines[i - 1]) ? ' ' : ' · ') + lines[i];
  return joined;
}

// A line that ends a sentence, or leads into the next (a colon, a comma), closing quotes and brackets aside.
const ENDS_SENTENCE = /[.!?:;,…。！？：；，、؟،؛]["'”’»)\]]*$/u;

/** Where the last sentence, row or item of `text` that starts in [from, to] starts, else -1. */
function lastBoundary(text: string, from: number, to: number): number {
  let found = -1;
  // (With the letter at `to`, which tells whether a sentence starts there.)
  for (const match of text.slice(from, to + 1).matchAll(BOUNDARY)) found = from + match.index + match[0].length;
  return found;
}

// The end of a line set apart (see `oneLine`), or of a sentence when the next starts with a capital
// or a digit ("U.S. citizens" is one sentence), and the space after it.
const BOUNDARY = /(?:\s·|[.!?…]["'”’»)\]]*(?= [\p{Lu}\p{N}"'“‘(])) /gu;

/** Whether a passage may open at `i` of `text`: on a word, a quote or a bracket, or a sign joined to the word after it. */
const opensWord = (text: string, i: number) => /[\p{L}\p{N}"'(]/u.test(text[i]) || (/\S/.test(text[i]) && /[\p{L}\p{N}]/u.test(text[i + 1] ?? ''));

/** How many of the query's words `spans` match: a word typed twice, or two words of one stem, count once. */
function wordsShown(spans: WordSpan[], tokens: Token[]): number {
  const stems = new Set(spans.map((span) => span.stem));
  const typed = tokens.at(-1)?.surface;
  const byPrefix = typed !== undefined && typed.length >= MIN_PREFIX && spans.some((span) => span.surface.startsWith(typed));
  return new Set(tokens.filter((token, i) => stems.has(token.stem) || (byPrefix && i === tokens.length - 1)).map((token) => token.stem)).size;
}
