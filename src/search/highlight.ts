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
  const clean = text.replace(/\s+/g, ' ').trim();
  const spans = matchSpans(clean, tokens, locale);
  let start = 0;
  if (spans.length) {
    // The window that holds the most distinct matched words wins; earlier windows break ties. Its
    // words are counted as far as its passage shows them, lead-in included: counted to `length`
    // past the first, a word at the end of the window was counted and then cut.
    const lead = leadIn(length);
    let best = 0;
    let bestCount = 0;
    for (const span of spans) {
      const shownTo = Math.max(0, span.start - lead) + length;
      const inWindow = new Set(spans.filter((s) => s.start >= span.start && s.end <= shownTo).map((s) => s.stem));
      if (inWindow.size > bestCount) {
        bestCount = inWindow.size;
        best = span.start;
      }
    }
    // Lead in with a little context, starting on a word boundary before the window's first match
    // (in a long run without spaces, a path or a URL, on that match itself).
    start = Math.max(0, best - lead);
    if (start > 0) {
      const space = clean.indexOf(' ', start);
      start = space >= 0 && space < best ? space + 1 : best;
    }
    // Don't open on the punctuation of a cut sentence or table ("… · Data"); a matched word, which
    // starts with a letter or digit, stops it, and so does a sign that is part of a word ("$5",
    // "#2", "-10"): "…5 per line" would misquote "$5 per line".
    while (start > 0 && !opensWord(clean, start)) start++;
  }
  let end = Math.min(clean.length, start + length);
  if (end < clean.length) end = clean.lastIndexOf(' ', end) > start ? clean.lastIndexOf(' ', end) : end;
  const html = (start > 0 ? '…' : '') + markSpans(clean, spans, start, end) + (end < clean.length ? '…' : '');
  return { html, words: wordsShown(spans.filter((span) => span.start >= start && span.start < end), tokens) };
}

/** Whether a passage may open at `i` of `text`: on a word, a quote or a bracket, or a sign joined to the word after it. */
const opensWord = (text: string, i: number) => /[\p{L}\p{N}"'(]/u.test(text[i]) || (/\S/.test(text[i]) && /[\p{L}\p{N}]/u.test(text[i + 1] ?? ''));

/** How many of the query's words `spans` match: a word typed twice, or two words of one stem, count once. */
function wordsShown(spans: WordSpan[], tokens: Token[]): number {
  const stems = new Set(spans.map((span) => span.stem));
  const typed = tokens.at(-1)?.surface;
  const byPrefix = typed !== undefined && typed.length >= MIN_PREFIX && spans.some((span) => span.surface.startsWith(typed));
  return new Set(tokens.filter((token, i) => stems.has(token.stem) || (byPrefix && i === tokens.length - 1)).map((token) => token.stem)).size;
}
