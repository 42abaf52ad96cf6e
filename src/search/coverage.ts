import { tokenize, wordSpans, type Token } from '../text/tokenize.ts';
import type { RankedArticle } from './rank.ts';
import type { RankRules } from './rules.ts';

/** What coverage reads of a result: its title, its sections' headings and its aliases that hold stop words (an article's card). */
interface Named {
  title: string;
  sections: readonly { heading: string }[];
  aliases?: readonly string[];
}

// How much an article's score grows when the query names every word of its title, and again of
// one of its matched headings; in proportion when it names some. Small: they mostly break ties
// between articles that matched the same words, for the one whose title or section is most nearly
// what was asked ("retirement benefits" → "Retirement benefits" before "Learn about retirement
// benefits").
const TITLE_COVERAGE = 0.1;
const HEADING_COVERAGE = 0.1;

/**
 * Articles are reordered within fixed pages of this many (the widget shows one such page), never
 * across them: so a search with a smaller limit gives the first results of one with a larger
 * limit, whatever the limits, and each page needs only its own cards.
 */
export const COVERAGE_PAGE = 6;

/** How many ranked articles a search of `limit` results reorders: whole pages that cover it. */
export function coveredCount(limit: number): number {
  return Math.ceil(limit / COVERAGE_PAGE) * COVERAGE_PAGE;
}

/** The share of a title's or heading's words (stems) that the query has: 1 when it names all of it. */
export function coverage(name: string, tokens: Token[], locale?: string): number {
  const words = new Set(tokenize(name, locale).map((t) => t.stem));
  if (!words.size) return 0;
  const asked = new Set(tokens.map((t) => t.stem));
  let count = 0;
  for (const word of words) if (asked.has(word)) count++;
  return count / words.size;
}

/** A name or a query word for word, stop words too, by stem: what `exactName` compares. */
export const wholeWords = (text: string, locale?: string): string =>
  wordSpans(text, { keepStopWords: true, locale })
    .map((word) => word.stem)
    .join(' ');

/**
 * Ranked articles raised by how much of their title (`titleCoverage`) and of their best-named
 * matched heading (`headingCoverage`) the query names, best first again within each page of
 * `COVERAGE_PAGE`; `named[i]` is the card of `ranked[i]`. Titles and headings come with the cards
 * of the articles shown, so only those are reordered, and the root carries no title lengths:
 * every first search would load them. An article whose title or alias `query` is word for word
 * (`exactName`) comes first in its page.
 */
export function byCoverage(ranked: RankedArticle[], named: Named[], tokens: Token[], rules: RankRules, locale: string | undefined, query: string): RankedArticle[] {
  const asked = rules.exactName ? wholeWords(query, locale) : undefined;
  const raised = ranked.map((hit, i) => {
    const title = rules.titleCoverage ? coverage(named[i].title, tokens, locale) : 0;
    let heading = 0;
    if (rules.headingCoverage) for (const { section } of hit.sections) heading = Math.max(heading, coverage(named[i].sections[section - 1].heading, tokens, locale));
    const exact = asked !== undefined && (wholeWords(named[i].title, locale) === asked || !!named[i].aliases?.some((alias) => wholeWords(alias, locale) === asked));
    return { hit: { ...hit, score: hit.score * (1 + TITLE_COVERAGE * title + HEADING_COVERAGE * heading) }, exact };
  });
  const pages: RankedArticle[] = [];
  for (let start = 0; start < raised.length; start += COVERAGE_PAGE) {
    const page = raised.slice(start, start + COVERAGE_PAGE).sort((a, b) => Number(b.exact) - Number(a.exact) || b.hit.score - a.hit.score);
    pages.push(...page.map(({ hit }) => hit));
  }
  return pages;
}
