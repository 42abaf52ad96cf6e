import { WEIGHTS, WORD_FIELDS } from '../engine.ts';
import { languageFor } from '../text/languages.ts';
import { stemOf, wordSpans, type Token } from '../text/tokenize.ts';
import type { TermLookup } from './rank.ts';
import { oneEditVariants, typoTiers } from './typos.ts';

/** A word of the query that matched nothing, and the word it was searched as. */
export interface Correction {
  from: string;
  to: string;
}

/**
 * What each typo was read as, so the visitor can be told ("Showing results for *password*"). Ranking
 * tries the one-edit variants of a word that matched nothing, tier by tier (see `typoTiers`); this
 * names the one of the first tier that finds anything that weighs the most (titles over body
 * text), the first of those of the same weight. `spelledAsShown` then spells it as the results do.
 * `typos` are the tokens ranking retried as typos, with their shards loaded.
 */
export function corrections(lookup: TermLookup, typos: Token[], locale?: string, keep = 0): Correction[] {
  const language = languageFor(locale);
  const found: Correction[] = [];
  for (const token of typos) {
    let best: { word: string; weight: number } | undefined;
    // The likeliest edits first, as ranking reads them (see `typoStems`): the next tier only when
    // no variant of this one is a word of the help center. (No tier read makes a stop word.)
    for (const variants of typoTiers(token.surface, locale, keep)) {
      for (const variant of variants) {
        const stem = stemOf(variant, language);
        let weight = 0;
        for (const field of WORD_FIELDS) weight += WEIGHTS[field] * lookup.ids(field, stem).length;
        if (!weight) continue;
        if (!best || weight > best.weight) best = { word: variant, weight };
      }
      if (best) break;
    }
    if (best) found.push({ from: token.surface, to: best.word });
  }
  return found;
}

/**
 * The corrections spelled as the articles shown write them. A variant is chosen for what its stem
 * finds, and may be no word at all: "chaneg" is one letter from "chang", the stem of "change", so the
 * visitor read "Showing results for chang". Each is named by a word of `texts` (the titles,
 * headings and text of the results) with its stem: the variant itself if they write it, else the
 * commonest of those one edit from the typo ("change"), else their commonest; the variant when
 * they hold none (a stem found only in aliases).
 */
export function spelledAsShown(found: Correction[], texts: string[], locale?: string): Correction[] {
  if (!found.length) return found;
  const language = languageFor(locale);
  const wanted = new Map(found.map(({ to }) => [stemOf(to, language), new Map<string, number>()]));
  for (const text of texts) {
    for (const { surface, stem } of wordSpans(text, { locale })) {
      const counts = wanted.get(stem);
      if (counts) counts.set(surface, (counts.get(surface) ?? 0) + 1);
    }
  }
  return found.map(({ from, to }) => {
    const counts = wanted.get(stemOf(to, language))!;
    if (!counts.size || counts.has(to)) return { from, to };
    const near = oneEditVariants(from);
    const commonest = (words: string[]) => words.reduce((best, word) => (counts.get(word)! > counts.get(best)! ? word : best));
    const words = [...counts.keys()];
    const close = words.filter((word) => near.has(word));
    return { from, to: commonest(close.length ? close : words) };
  });
}

/**
 * The query's tokens with each typo of `found` replaced by the word it was read as (the
 * `typosAsRead` rule): searched as if typed right, so its results are those of the query the
 * visitor is told was searched.
 */
export function readAsCorrected(tokens: Token[], found: Correction[], locale?: string): Token[] {
  if (!found.length) return tokens;
  const language = languageFor(locale);
  const read = new Map(found.map(({ from, to }) => [from, to]));
  return tokens.map((token) => {
    const word = read.get(token.surface);
    return word === undefined ? token : { surface: word, stem: stemOf(word, language) };
  });
}

/** The query with each corrected word replaced: what was searched. */
export function correctedQuery(query: string, found: Correction[]): string {
  let text = query;
  for (const { from, to } of found) {
    text = text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(from)}(?![\\p{L}\\p{N}])`, 'iu'), to);
  }
  return text;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
