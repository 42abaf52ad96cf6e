import { languageFor } from '../text/languages.ts';
import { stemOf } from '../text/tokenize.ts';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

/**
 * The stems of the words one edit away from `word` (see `editTiers` for `keep`), by tier of
 * `typoTiers`, each stem once, in its likeliest tier. Looking these up costs a few hundred map
 * lookups, only for words that matched nothing, instead of shipping a typo index.
 */
export function typoStems(word: string, locale?: string, keep = 0): string[][] {
  const language = languageFor(locale);
  const seen = new Set([stemOf(word, language)]);
  return typoTiers(word, locale, keep).map((variants) => {
    const stems: string[] = [];
    for (const variant of variants) {
      const stem = stemOf(variant, language);
      if (!seen.has(stem)) stems.push(stem);
      seen.add(stem);
    }
    return stems;
  });
}

/**
 * The tiers of `editTiers` worth reading for a word that matched nothing, without stop words: up
 * to the first that makes a stop word of it, which a query does without. "waht" is "what" with two
 * letters swapped; read as "wait", a letter changed, it said "Showing results for wait". In that
 * tier a word of the help center still counts ("thnk" is think as much as thank). The stop words
 * are looked for from the first letter on: they need no part of the index.
 */
export function typoTiers(word: string, locale?: string, keep = 0): Set<string>[] {
  const { stopWords } = languageFor(locale);
  const slip = editTiers(word).findIndex((tier) => [...tier].some((variant) => stopWords.has(variant)));
  const tiers = editTiers(word, keep).slice(0, slip < 0 ? undefined : slip + 1);
  for (const tier of tiers) for (const variant of tier) if (stopWords.has(variant)) tier.delete(variant);
  return tiers;
}

/**
 * The words one edit away from `word`, in tiers, likeliest edits first: two neighbours swapped
 * ("paegs" → "pages") or a letter doubled ("addiing" → "adding", not "additing" with a letter
 * left out: the stem of additional), then a letter left out ("pasword" → "password"), then a
 * letter extra or wrong ("passwird" → "password"). A swap that lands on a word of the help center is rarely
 * chance, and a letter left out is the commonest slip; a changed letter often lands on a commoner
 * word ("paegs" → "paygs", stem of PAYG; "neds" → "news"). The other edits keep the first `keep`
 * letters, whose part of the index is loaded for them; swaps and doubled letters may change them
 * ("rfeund" → "refund"), and the parts they start in are loaded too (see `typoPrefixes`).
 * `word` itself excluded.
 */
export function editTiers(word: string, keep = 0): Set<string>[] {
  const alphabet = [...new Set(LETTERS + (/\d/.test(word) ? DIGITS : '') + word)];
  const swapped = new Set<string>();
  const leftOut = new Set<string>();
  const wrong = new Set<string>();
  for (let i = 0; i + 1 < word.length; i++) {
    swapped.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    // A letter doubled by a key held or struck twice ("addiing", "passsword") is as plain a slip.
    if (word[i] === word[i + 1]) swapped.add(word.slice(0, i) + word.slice(i + 1));
  }
  for (let i = keep; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) wrong.add(head + tail.slice(1));
    for (const c of alphabet) {
      leftOut.add(head + c + tail);
      if (tail) wrong.add(head + c + tail.slice(1));
    }
  }
  // A swap of two same letters, or a letter changed to itself, is the word itself; and a doubled
  // letter left out is also a letter extra, read in its likelier tier only.
  const tiers = [swapped, leftOut, wrong];
  for (const tier of tiers) tier.delete(word);
  for (const variant of swapped) wrong.delete(variant);
  return tiers;
}

/** The first `keep` letters of the typo variants of `word` (see `editTiers`): the parts of the index to load for them. */
export const typoPrefixes = (word: string, keep: number): string[] => [...new Set([word, ...editTiers(word, keep)[0]].map((variant) => variant.slice(0, keep)))];

/** The words one edit away from `word` (see `editTiers` for `keep`; `word` itself excluded). */
export const oneEditVariants = (word: string, keep = 0): Set<string> => new Set(editTiers(word, keep).flatMap((tier) => [...tier]));
