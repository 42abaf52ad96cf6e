import { eng } from 'stopword';
import { stemmer } from 'stemmer';

/**
 * One token of text as the search engine sees it.
 * `surface` is the normalized word as written (used for prefix and typo matching, which must work on
 * partly typed words); `stem` is its stemmed form (used for exact matching, so "refunds" finds "refund").
 */
export interface Token {
  surface: string;
  stem: string;
}

/** A word found in a text, with where it is: used to highlight matches in the original text. */
export interface WordSpan extends Token {
  start: number;
  end: number;
}

// Words that carry no meaning in a help search: the standard English list plus the greetings and
// politeness that customers wrap their questions in ("Hi, can you tell me how to…").
const STOP_WORDS = new Set([
  ...eng,
  'hi', 'hello', 'hey', 'please', 'thanks', 'thank', 'can', 'cannot', 'cant', 'could', 'would',
  'i', 'im', 'ive', 'id', 'me', 'my', 'am', 'want', 'wanted', 'need', 'needs', 'wondering',
  'tell', 'know', 'anything', 'something', 'does', 'do', 'dont', 'doesnt', 'did', 'will', 'yes',
]);

// A word: letters (with their combining marks) and digits, possibly joined by - _ . ' or ’
// (codes like E-1042, kestrel.data, don't).
const WORD = /[\p{L}\p{M}\p{N}]+(?:[-_.'’][\p{L}\p{M}\p{N}]+)*/gu;
const JOINER = /[-_.'’]/g;
const HAS_DIGIT = /\d/;

export const isStopWord = (word: string) => STOP_WORDS.has(word);

/** Lower-cases and strips diacritics, so "Résumé" and "resume" are the same word. */
export function normalize(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The stem of a normalized word: what the exact-match fields index. */
export function stemOf(surface: string): string {
  // Codes (anything with a digit or without a vowel) and very short words are matched as written: stemming "gprs" to
  // "gpr" or "e1042s" would merge codes that mean different things.
  if (surface.length <= 3 || HAS_DIGIT.test(surface) || !/[aeiouy]/.test(surface)) return surface;
  return stemmer(surface);
}

/**
 * Splits text into words with their positions in the *original* string. Joined words are kept whole
 * ("e-1042" → "e1042", "don't" → "dont") and, for codes and hyphenated words, also as their parts
 * ("e-1042" → "1042", "wi-fi" → "wi", "fi"), so "E-1042", "e1042" and "1042" all find each other.
 * Stop words are dropped.
 */
export function wordSpans(text: string, { keepStopWords = false } = {}): WordSpan[] {
  const spans: WordSpan[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const end = start + match[0].length;
    const raw = normalize(match[0]);
    const word = /['’]s$/.test(raw) ? raw.slice(0, -2) : raw;
    const push = (surface: string) => {
      if (!surface || (!keepStopWords && STOP_WORDS.has(surface))) return;
      spans.push({ surface, stem: stemOf(surface), start, end });
    };
    push(word.replace(JOINER, ''));
    if (/[-_.]/.test(word)) {
      for (const part of word.split(JOINER)) {
        if (part.length > 1 || HAS_DIGIT.test(part)) push(part);
      }
    }
  }
  return spans;
}

/** The tokens of a text, in order (duplicates kept: position matters to the index). */
export function tokenize(text: string): Token[] {
  return wordSpans(text).map(({ surface, stem }) => ({ surface, stem }));
}

// Longer questions add nothing a help search can use, and each word costs lookups.
const MAX_QUERY_TOKENS = 24;

/** The distinct tokens of a query, in the order typed (at most 24). */
export function queryTokens(query: string): Token[] {
  const seen = new Set<string>();
  const tokens: Token[] = [];
  for (const token of tokenize(query.slice(0, 1000))) {
    if (tokens.length >= MAX_QUERY_TOKENS) break;
    if (seen.has(token.stem)) continue;
    seen.add(token.stem);
    tokens.push(token);
  }
  return tokens;
}
