import { languageFor } from '../text/languages.ts';
import { stemOf } from '../text/tokenize.ts';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

/**
 * The stems of every word one edit away from `word` past its first `keep` letters: a letter
 * missing, extra, wrong, or two neighbours swapped ("pasword" → "password", "refnud" → "refund").
 * Looking these up costs a few hundred map lookups, only for words that matched nothing, instead of
 * shipping a typo index.
 */
export function typoStems(word: string, locale?: string, keep = 0): string[] {
  const language = languageFor(locale);
  const stems = new Set<string>();
  for (const variant of oneEditVariants(word, keep)) if (!language.stopWords.has(variant)) stems.add(stemOf(variant, language));
  stems.delete(stemOf(word, language));
  return [...stems];
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
