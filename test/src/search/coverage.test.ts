import { describe, expect, it } from 'vitest';
import type { ArticleMeta } from '../../../src/format.ts';
import type { RankedArticle } from '../../../src/search/rank.ts';
import { byCoverage, coverage, COVERAGE_PAGE, coveredCount } from '../../../src/search/coverage.ts';
import { RANK_RULES } from '../../../src/search/rules.ts';
import { queryTokens } from '../../../src/text/tokenize.ts';

describe('coverage', () => {
  it('is the share of the words of a title or heading (stems, stop words aside) that the query has', () => {
    expect(coverage('Retirement benefits', queryTokens('my retirement benefit'))).toBe(1);
    expect(coverage('Learn about retirement benefits', queryTokens('retirement benefits'))).toBeCloseTo(2 / 3, 10);
    expect(coverage('Learn about retirement benefits', queryTokens('pension'))).toBe(0);
  });

  it('is 0 for a name of stop words only', () => {
    expect(coverage('About', queryTokens('about'))).toBe(0);
  });
});

describe('byCoverage', () => {
  const meta = (title: string, ...headings: string[]): ArticleMeta => ({
    slug: title.toLowerCase().replace(/ /g, '-'),
    title,
    locale: 'en',
    sections: headings.map((heading, i) => ({ anchor: `s${i + 1}`, heading, level: 2 })),
  });
  const hit = (article: number, score: number, ...sections: number[]): RankedArticle => ({ article, score, matched: 2, sections: sections.map((section) => ({ section, score: 1 })) });
  const query = 'retirement benefits';
  const tokens = queryTokens(query);

  it('raises each article by a tenth of the share of its title named, and sorts again', () => {
    const metas = [meta('Learn about retirement benefits'), meta('Retirement benefits'), meta('Disability benefits')];
    const ranked = byCoverage([hit(0, 10), hit(1, 10), hit(2, 10.4)], metas, tokens, RANK_RULES, 'en', query);
    expect(ranked.map((h) => h.article)).toEqual([1, 2, 0]);
    expect(ranked.map((h) => h.score)).toEqual([11, 10.4 * 1.05, 10 * (1 + 0.1 * (2 / 3))]);
    // With headings not counted, titles still are.
    expect(byCoverage([hit(0, 10), hit(1, 10), hit(2, 10.4)], metas, tokens, { ...RANK_RULES, headingCoverage: false }, 'en', query)).toEqual(ranked);
  });

  it('adds a tenth of the share named of its best-named matched heading', () => {
    // Article 0's matched sections are its 1st and 3rd; its 2nd, named wholly, did not match.
    const metas = [meta('Pensions', 'Retirement age', 'Retirement benefits', 'Benefits at a glance'), meta('Pensions', 'Retirement benefits')];
    const ranked = byCoverage([hit(0, 10, 1, 3), hit(1, 10, 1)], metas, tokens, RANK_RULES, 'en', query);
    expect(ranked.map((h) => [h.article, h.score])).toEqual([
      [1, 11],
      [0, 10.5],
    ]);
    expect(byCoverage([hit(0, 10, 1, 3), hit(1, 10, 1)], metas, tokens, { ...RANK_RULES, headingCoverage: false }, 'en', query).map((h) => h.score)).toEqual([10, 10]);
  });

  it('reorders within pages of COVERAGE_PAGE articles, never across them', () => {
    const titles = Array.from({ length: COVERAGE_PAGE + 1 }, (_, i) => meta(i === COVERAGE_PAGE ? 'Retirement benefits' : `Pensions ${i}`));
    const ranked = titles.map((_, i) => hit(i, 10 - i / 100));
    // The last article names the whole query, enough to pass every other, but it is on the next page.
    expect(byCoverage(ranked, titles, tokens, RANK_RULES, 'en', query).map((h) => h.article)).toEqual(ranked.map((h) => h.article));
    expect(coveredCount(1)).toBe(COVERAGE_PAGE);
    expect(coveredCount(COVERAGE_PAGE + 1)).toBe(2 * COVERAGE_PAGE);
  });

  it('keeps the order of articles that stay equal, and the ranking as it is with both rules off', () => {
    const ranked = [hit(3, 2), hit(1, 2)];
    expect(byCoverage(ranked, [meta('Fees'), meta('Limits')], queryTokens('overdraft'), RANK_RULES, 'en', 'overdraft').map((h) => h.article)).toEqual([3, 1]);
    expect(byCoverage(ranked, [meta('Fees'), meta('Overdraft')], queryTokens('overdraft'), { ...RANK_RULES, titleCoverage: false, headingCoverage: false, exactName: false }, 'en', 'overdraft')).toEqual(ranked);
  });

  it('puts first in its page an article whose title or alias the query is, word for word, stop words and all', () => {
    const asked = "can't make calls";
    const named = [{ ...meta('Calls over Wi-Fi'), aliases: ['calls over wifi'] }, { ...meta('Fix your phone'), aliases: ['phone is dead', "can't make calls"] }, meta('Call abroad')];
    const ranked = [hit(0, 10), hit(1, 5), hit(2, 4)];
    expect(byCoverage(ranked, named, queryTokens(asked), RANK_RULES, 'en', asked).map((h) => h.article)).toEqual([1, 0, 2]);
    expect(byCoverage(ranked, named, queryTokens(asked), { ...RANK_RULES, exactName: false }, 'en', asked).map((h) => h.article)).toEqual([0, 1, 2]);
    // Only all of it: "make calls" is not the alias.
    expect(byCoverage(ranked, named, queryTokens('make calls'), RANK_RULES, 'en', 'make calls').map((h) => h.article)).toEqual([0, 1, 2]);
    // A title typed whole counts too, and a name on the next page stays there.
    expect(byCoverage(ranked, named, queryTokens('call abroad'), RANK_RULES, 'en', 'Call abroad!').map((h) => h.article)).toEqual([2, 0, 1]);
    const pages = Array.from({ length: COVERAGE_PAGE + 1 }, (_, i) => (i === COVERAGE_PAGE ? named[1] : meta(`Phones ${i}`)));
    const long = pages.map((_, i) => hit(i, 10 - i / 100));
    expect(byCoverage(long, pages, queryTokens(asked), RANK_RULES, 'en', asked).map((h) => h.article)).toEqual(long.map((h) => h.article));
    // Word for word, not letter for letter: "simcard" is not the title "SIM card".
    expect(byCoverage([hit(0, 2), hit(1, 1)], [meta('SIM reset'), meta('SIM card')], queryTokens('simcard'), RANK_RULES, 'en', 'simcard').map((h) => h.article)).toEqual([0, 1]);
  });
});
