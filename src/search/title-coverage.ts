import { tokenize, type Token } from '../text/tokenize.ts';
import type { RankedArticle } from './rank.ts';

// How much an article's score grows when the query names every word of its title; in proportion
// when it names some. Small: it mostly breaks ties between articles that matched the same words,
// for the one whose title is most nearly what was asked ("retirement benefits" → "Retirement
// benefits" before "Learn about retirement benefits").
const TITLE_COVERAGE = 0.1;

/** The share of a title's words (stems) that the query has: 1 when it names the whole title. */
export function titleCoverage(title: string, tokens: Token[], locale?: string): number {
  const words = new Set(tokenize(title, locale).map((t) => t.stem));
  if (!words.size) return 0;
  const asked = new Set(tokens.map((t) => t.stem));
  let named = 0;
  for (const word of words) if (asked.has(word)) named++;
  return named / words.size;
}

/**
 * Ranked articles raised by how much of their title the query names, best first again (`titles[i]`
 * is the title of `ranked[i]`). Titles come with the metadata of the articles shown, so only those
 * are reordered, and the root carries no title lengths: every first search would load them.
 */
export function byTitleCoverage(ranked: RankedArticle[], titles: string[], tokens: Token[], locale?: string): RankedArticle[] {
  return ranked
    .map((hit, i) => ({ ...hit, score: hit.score * (1 + TITLE_COVERAGE * titleCoverage(titles[i], tokens, locale)) }))
    .sort((a, b) => b.score - a.score);
}
