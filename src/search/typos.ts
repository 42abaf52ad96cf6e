import { languageFor } from '../text/languages.ts';
import { stemOf } from '../text/tokenize.ts';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

/**
 * The stems of the words one edit away from `word` past its first `keep` letters, most likely
 * first: two neighbours swapped ("paegs" → "pages"), then a letter missing, extra or wrong
 * ("pasword" → "password", "refnud" → "refund"). A swap that lands on a word of the help center is
 * rarely chance, while a changed letter often lands on a commoner word ("paegs" → "paygs", stem of
 * PAYG). Looking these up costs a few hundred map lookups, only for words that matched nothing,
 * instead of shipping a typo index.
 */
export function typoStems(word: string, locale?: string, keep = 0): [swapped: string[], other: string[]] {
  const language = languageFor(locale);
  const own = stemOf(word, language);
  const swaps = swappedVariants(word, keep);
  const stemsOf = (variants: Iterable<string>) => {
    const stems = new Set<string>();
    for (const variant of variants) if (!language.stopWords.has(variant)) stems.add(stemOf(variant, language));
    stems.delete(own);
    return stems;
  };
  const swapped = stemsOf(swaps);
  const other = stemsOf([...oneEditVariants(word, keep)].filter((variant) => !swaps.has(variant)));
  for (const stem of swapped) other.delete(stem);
  return [[...swapped], [...other]];
}

/** The words made by swapping two neighbouring letters of `word` past its first `keep`. */
export function swappedVariants(word: string, keep = 0): Set<string> {
  const variants = new Set<string>();
  for (let i = keep; i + 1 < word.length; i++) variants.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  variants.delete(word);
  return variants;
}

/** The words one edit away from `word` past its first `keep` letters (`word` itself excluded). */
export function oneEditVariants(word: string, keep = 0): Set<string> {
  const alphabet = [...new Set(LETTERS + (/\d/.test(word) ? DIGITS : '') + word)];
  const variants = new Set<string>();
  for (let i = keep; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) variants.add(head + tail.slice(1));
    if (tail.length > 1) variants.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of alphabet) {
      variants.add(head + c + tail);
      if (tail) variants.add(head + c + tail.slice(1));
    }
  }
  variants.delete(word);
  return variants;
}
