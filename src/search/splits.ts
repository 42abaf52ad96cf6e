import { pairTerm, WORD_FIELDS } from '../engine.ts';
import { languageFor } from '../text/languages.ts';
import { stemOf, type Token } from '../text/tokenize.ts';
import type { Correction } from './corrections.ts';
import type { TermLookup } from './rank.ts';

// Each of two words typed together has at least this many letters: shorter halves ("wi", "up",
// "my") are as often the pieces of a word the help center does not use ("is|land", "be|come").
const MIN_HALF = 3;
// Past this length a word is more likely a name, a code or noise than two words typed together, and
// each of its splits would load a part of the index.
const MAX_SPLIT_LENGTH = 24;

/** The two words a word of at most `MAX_SPLIT_LENGTH` letters may be, typed together: each of `MIN_HALF` letters or more, not a stop word. */
export function splitsOf(word: string, locale?: string): [string, string][] {
  const { stopWords, segmented } = languageFor(locale);
  const splits: [string, string][] = [];
  // Japanese and Chinese put no spaces between words: their words are already found within a text.
  if (word.length > MAX_SPLIT_LENGTH || segmented) return splits;
  for (let i = MIN_HALF; i + MIN_HALF <= word.length; i++) {
    const halves: [string, string] = [word.slice(0, i), word.slice(i)];
    if (!halves.some((half) => stopWords.has(half))) splits.push(halves);
  }
  return splits;
}

/** The terms the splits of these words look up, their halves and pairs: the shards holding them are loaded first. */
export const splitTerms = (words: Token[], locale?: string): string[] => {
  const language = languageFor(locale);
  return words.flatMap((word) =>
    splitsOf(word.surface, locale).flatMap((split) => {
      const [a, b] = split.map((half) => stemOf(half, language));
      return [a, b, pairTerm(a, b)];
    }),
  );
};

/**
 * A word that matched nothing, as typed or as a typo, read as two words of the help center typed
 * together ("simcard" → sim card, "pincode" → pin code), as search engines split them. Of its
 * splits whose halves are both words of the help center, those it names side by side (a title, a
 * heading, an alias: see `wordPairs`) first, then the most even. Undefined when none is.
 */
export function splitWord(lookup: TermLookup, word: Token, locale?: string): Token[] | undefined {
  const language = languageFor(locale);
  const found = (stem: string) => WORD_FIELDS.some((field) => lookup.ids(field, stem).length > 0);
  let best: { halves: Token[]; paired: boolean; shorter: number } | undefined;
  for (const split of splitsOf(word.surface, locale)) {
    const halves = split.map((surface) => ({ surface, stem: stemOf(surface, language) }));
    if (!halves.every((half) => found(half.stem))) continue;
    const paired = lookup.ids('pairs', pairTerm(halves[0].stem, halves[1].stem)).length > 0;
    const shorter = Math.min(...split.map((half) => half.length));
    if (!best || (paired && !best.paired) || (paired === best.paired && shorter > best.shorter)) best = { halves, paired, shorter };
  }
  return best?.halves;
}

/** What the visitor is told of a split word: "Showing results for sim card". */
export const splitCorrection = (word: Token, halves: Token[]): Correction => ({ from: word.surface, to: halves.map((half) => half.surface).join(' ') });
