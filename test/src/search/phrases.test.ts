import { describe, expect, it } from 'vitest';
import { RANK_RULES, type Token } from '../../../src/node/index.ts';
import { phraseWeights } from '../../../src/search/phrases.ts';
import { pairsToLoad, type TermLookup } from '../../../src/search/rank.ts';

// Titles (records 0, 2, 4) and headings (records 1, 3) of a small help center: "student loan" in two
// titles and a heading; "loan" once alone ("Car loan"); "card" in two titles, "limits" in a heading,
// never side by side; "social security" in two titles, neither word ever without the other.
const postings: Record<string, Record<string, number[]>> = {
  title: { student: [0, 2], loan: [0, 2, 4], card: [0, 4], social: [2, 4], secur: [2, 4] },
  heading: { student: [1], loan: [1], limit: [3] },
  pairs: { 'loan+student': [0, 1, 2], 'secur+social': [2, 4] },
};
const lookup: TermLookup = { ids: (field, term) => postings[field]?.[term] ?? [], completions: () => [] };
const tokens = (...stems: string[]) => stems.map((stem): Token => ({ surface: stem, stem }));

describe('phraseWeights', () => {
  it('the commoner word of a phrase counts less, by the share of its names that hold the phrase', () => {
    // "loan" names 4 records, 3 of them with "student" beside it.
    expect(phraseWeights(lookup, tokens('student', 'loan'))).toEqual([1, 1 - (0.8 * 3) / 4]);
    expect(phraseWeights(lookup, tokens('loan', 'student'))).toEqual([1 - (0.8 * 3) / 4, 1]);
  });

  it('of two words as common, the later counts less: a fifth, when neither stands alone', () => {
    expect(phraseWeights(lookup, tokens('social', 'secur'))).toEqual([1, 1 - 0.8]);
  });

  it('words never named side by side, or not neighbours in the query, keep their weight', () => {
    expect(phraseWeights(lookup, tokens('card', 'limit'))).toEqual([1, 1]);
    expect(phraseWeights(lookup, tokens('student', 'card', 'loan'))).toEqual([1, 1, 1]);
    expect(phraseWeights(lookup, tokens('unknown', 'word'))).toEqual([1, 1]);
  });
});

describe('phraseWeights with aliases', () => {
  // Record 0's aliases say "pay as you go" (pairs go+pay); "pay" also names record 2 alone, in its title.
  const named: Record<string, Record<string, number[]>> = {
    title: { pay: [2] },
    keywords: { pay: [0], go: [0] },
    pairs: { 'go+pay': [0] },
  };
  const aliasLookup: TermLookup = { ids: (field, term) => named[field]?.[term] ?? [], completions: () => [] };

  it('counts the words of aliases among the names a phrase is read from, as they hold pairs too', () => {
    // "pay" names two records (an alias, a title), one of them with "go" beside it; "go" only the alias.
    expect(phraseWeights(aliasLookup, tokens('pay', 'go'))).toEqual([1 - 0.8 / 2, 1]);
  });
});

describe('pairsToLoad', () => {
  it('the pairs of neighbouring words, for the word-pair bonus or for phrases', () => {
    expect(pairsToLoad(tokens('student', 'loan'))).toEqual(['loan+student']);
    expect(pairsToLoad(tokens('student', 'loan'), { ...RANK_RULES, wordPairs: false })).toEqual(['loan+student']);
    expect(pairsToLoad(tokens('student', 'loan'), { ...RANK_RULES, wordPairs: false, phrases: false })).toEqual([]);
  });
});
