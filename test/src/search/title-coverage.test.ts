import { describe, expect, it } from 'vitest';
import type { RankedArticle } from '../../../src/search/rank.ts';
import { byTitleCoverage, titleCoverage } from '../../../src/search/title-coverage.ts';
import { queryTokens } from '../../../src/text/tokenize.ts';

describe('titleCoverage', () => {
  it('is the share of the title words (stems, stop words aside) that the query has', () => {
    expect(titleCoverage('Retirement benefits', queryTokens('my retirement benefit'))).toBe(1);
    expect(titleCoverage('Learn about retirement benefits', queryTokens('retirement benefits'))).toBeCloseTo(2 / 3, 10);
    expect(titleCoverage('Learn about retirement benefits', queryTokens('pension'))).toBe(0);
  });

  it('is 0 for a title of stop words only', () => {
    expect(titleCoverage('About', queryTokens('about'))).toBe(0);
  });
});

describe('byTitleCoverage', () => {
  const hit = (article: number, score: number): RankedArticle => ({ article, score, matched: 2, sections: [] });

  it('raises each article by up to a tenth for the share of its title named, and sorts again', () => {
    const titles = ['Learn about retirement benefits', 'Retirement benefits', 'Disability benefits'];
    const ranked = byTitleCoverage([hit(0, 10), hit(1, 10), hit(2, 10.4)], titles, queryTokens('retirement benefits'));
    expect(ranked.map((h) => h.article)).toEqual([1, 2, 0]);
    expect(ranked.map((h) => h.score)).toEqual([11, 10.4 * 1.05, 10 * (1 + 0.1 * (2 / 3))]);
  });

  it('keeps the order of articles that stay equal', () => {
    const ranked = byTitleCoverage([hit(3, 2), hit(1, 2)], ['Fees', 'Limits'], queryTokens('overdraft'));
    expect(ranked.map((h) => h.article)).toEqual([3, 1]);
  });
});
