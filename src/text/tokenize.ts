import { languageFor, type Language } from './languages.ts';
import { addressSpans } from '../privacy.ts';

/**
 * One token of text as the search engine sees it.
 * `surface` is the normalized word as written (used for prefix and typo matching, which must work on
 * partly typed words); `stem` is its stemmed form (used for exact matching, so "refunds" finds "refund").
 */
export interface Token {
  surface: string;
  stem: string;
  /**
   * A word of an email or web address in a query: pasted, not typed, so taken as it is, never
   * read as a typo, a word typed past its stem or two words typed together. A message signed
   * "john.doe@gmail.com" said "Showing results for joined.doe@gmail.com".
   */
  pasted?: true;
}

/** A word found in a text, with where it is: used to highlight matches in the original text. */
export interface WordSpan extends Token {
  start: number;
  end: number;
}

// A word: letters (with their combining marks) and digits, possibly joined by - _ . ' or ’
// (codes like E-1042, kestrel.data, don't).
const WORD = /[\p{L}\p{M}\p{N}]+(?:[-_.'’][\p{L}\p{M}\p{N}]+)*/gu;
const JOINER = /[-_.'’]/g;
const CONTRACTION = /['’](?:s|ll|ve|re|d|m)$/;
const HAS_DIGIT = /\d/;

export const isStopWord = (word: string, locale?: string) => languageFor(locale).stopWords.has(word);

/**
 * Lower-cases and strips diacritics, so "Résumé" and "resume" are the same word. Chinese and
 * Japanese keep their marks (が is not か) and only fold full-width forms.
 */
export function normalize(text: string, language: Language = languageFor()): string {
  return language.segmented ? text.normalize('NFKC').toLowerCase() : text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The stem of a normalized word: what the exact-match fields index. */
export function stemOf(surface: string, language: Language = languageFor()): string {
  // Codes (anything with a digit or, in Latin script, without a vowel) and very short words are
  // matched as written: stemming "gprs" to "gpr" would merge codes that mean different things.
  if (!language.stem || surface.length <= 3 || HAS_DIGIT.test(surface)) return surface;
  if (/^[a-z]+$/.test(surface) && !/[aeiouy]/.test(surface)) return surface;
  return language.stem(surface);
}

const segmenters = new Map<string, Intl.Segmenter>();

// Runs of Latin letters and digits inside Chinese or Japanese text: codes like E-1042 and names.
const LATIN_RUN = /[\p{Script=Latin}\p{N}]+(?:[-_.'’][\p{Script=Latin}\p{N}]+)*/gu;

/** Words of a text without spaces between them (Japanese, Chinese), with their positions. */
function* segmentWords(text: string, locale: string): Generator<{ word: string; index: number }> {
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, segmenter);
  }
  let at = 0;
  const gap = function* (end: number) {
    for (const segment of segmenter!.segment(text.slice(at, end))) {
      if (segment.isWordLike) yield { word: segment.segment, index: at + segment.index };
    }
  };
  // Latin runs (codes like E-1042) keep the usual word rules; the rest is segmented by the language.
  for (const match of text.matchAll(LATIN_RUN)) {
    yield* gap(match.index);
    yield { word: match[0], index: match.index };
    at = match.index + match[0].length;
  }
  yield* gap(text.length);
}

/**
 * Splits text into words with their positions in the *original* string. Joined words are kept whole
 * ("e-1042" → "e1042", "don't" → "dont") and, for codes and hyphenated words, also as their parts
 * ("e-1042" → "1042", "wi-fi" → "wi", "fi"), so "E-1042", "e1042" and "1042" all find each other.
 * Stop words are dropped.
 */
export function wordSpans(text: string, { keepStopWords = false, locale = 'en' }: { keepStopWords?: boolean; locale?: string } = {}): WordSpan[] {
  const language = languageFor(locale);
  const spans: WordSpan[] = [];
  const words = language.segmented ? segmentWords(text, locale) : [...text.matchAll(WORD)].map((m) => ({ word: m[0], index: m.index }));
  for (const { word: found, index: start } of words) {
    const end = start + found.length;
    for (const { surface, stem } of tokensOfWord(found, language, keepStopWords)) spans.push({ surface, stem, start, end });
  }
  return spans;
}

// Words repeat: each distinct word is normalized and stemmed once per language (a build tokenizes
// millions of words, a few tens of thousands of them distinct). Cleared when full, to stay small.
const WORD_MEMO_LIMIT = 100_000;
const wordMemos = new WeakMap<Language, Map<string, Token[]>>();

function memoOf(language: Language): Map<string, Token[]> {
  let memo = wordMemos.get(language);
  if (!memo) wordMemos.set(language, (memo = new Map()));
  return memo;
}

/** The tokens one word as written gives: itself joined, and the parts of codes and hyphenated words. */
function tokensOfWord(found: string, language: Language, keepStopWords: boolean, memo = memoOf(language)): Token[] {
  const key = keepStopWords ? `\u0000${found}` : found;
  const known = memo.get(key);
  if (known) return known;
  const tokens: Token[] = [];
  const raw = normalize(found, language);
  // A possessive or a contraction ("customer's", "you're", "I'll", "we've") is the word before its
  // apostrophe: "you'll" was "youll", and "I'll" the word "ill".
  const word = raw.replace(CONTRACTION, '');
  const push = (surface: string) => {
    if (!surface || (!keepStopWords && language.stopWords.has(surface))) return;
    tokens.push({ surface, stem: stemOf(surface, language) });
  };
  push(word.replace(JOINER, ''));
  if (/[-_.]/.test(word)) {
    for (const part of word.split(JOINER)) {
      if (part.length > 1 || HAS_DIGIT.test(part)) push(part);
    }
  }
  if (memo.size >= WORD_MEMO_LIMIT) memo.clear();
  memo.set(key, tokens);
  return tokens;
}

/** The tokens of a text, in order (duplicates kept: position matters to the index). */
export function tokenize(text: string, locale?: string): Token[] {
  return wordSpans(text, { locale }).map(({ surface, stem }) => ({ surface, stem }));
}

/**
 * The stems of `tokenize(text, locale)`, in order: what the index keeps of a text. The build
 * stems millions of words, and a span and a token object per word cost more than the stemming.
 */
export function stemsOf(text: string, locale?: string): string[] {
  const language = languageFor(locale);
  if (language.segmented) return tokenize(text, locale).map((token) => token.stem);
  const memo = memoOf(language);
  const stems: string[] = [];
  const words = new RegExp(WORD);
  for (let match = words.exec(text); match; match = words.exec(text)) {
    const tokens = memo.get(match[0]) ?? tokensOfWord(match[0], language, false, memo);
    for (let i = 0; i < tokens.length; i++) stems.push(tokens[i].stem);
  }
  return stems;
}

/**
 * Most words of a query that are ranked: each costs lookups, and past this a message's rarest are
 * kept (see `rarestTokens`). Not fewer: a message's story holds rare words of its own, which took
 * the places of its question's: with 24, `npm run eval`'s stories scored 0.26, not 0.51.
 */
export const MAX_QUERY_TOKENS = 96;
// How much of a query is read at all: a long message is cut to its rarest words after this.
const MAX_QUERY_CHARS = 4000;

/**
 * The word a query of stop words alone ends with, as it is being typed ("can" on its way to
 * "cancel", "not" to "notifications"): not looked up itself, but the words it begins may be. None
 * once a space or a mark follows it.
 */
export function openStopWord(query: string, locale?: string): Token | undefined {
  const tail = query.slice(-64);
  const last = wordSpans(tail, { keepStopWords: true, locale }).at(-1);
  return last && last.end === tail.length ? { surface: last.surface, stem: last.surface } : undefined;
}

/** The distinct tokens of a query, in the order typed (at most `max`, by default `MAX_QUERY_TOKENS`). */
export function queryTokens(query: string, locale?: string, max = MAX_QUERY_TOKENS): Token[] {
  const text = query.slice(0, MAX_QUERY_CHARS);
  const addresses = addressSpans(text);
  const seen = new Set<string>();
  const tokens: Token[] = [];
  for (const { surface, stem, start, end } of wordSpans(text, { locale })) {
    if (tokens.length >= max) break;
    if (seen.has(stem)) continue;
    seen.add(stem);
    tokens.push(addresses.some(([from, to]) => start >= from && end <= to) ? { surface, stem, pasted: true } : { surface, stem });
  }
  return tokens;
}
