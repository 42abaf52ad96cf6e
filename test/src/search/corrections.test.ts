import { beforeAll, describe, expect, it } from 'vitest';
import { openIndex, type HelpIndex } from '../../../src/node/index.ts';
import { correctedQuery, corrections, spelledAsShown } from '../../../src/search/corrections.ts';
import type { TermLookup } from '../../../src/search/rank.ts';
import { queryTokens } from '../../../src/text/tokenize.ts';
import { buildIndexFolder, SAMPLE_CONTENT } from '../../helpers/build.ts';

let index: HelpIndex;
beforeAll(async () => {
  index = await openIndex(await buildIndexFolder(SAMPLE_CONTENT));
}, 60_000);

describe('corrections (what a typo was searched as)', () => {
  it('names the word a typo was read as, and highlights that word', async () => {
    // (The sample lists "pasword" as an alias of its own, so a typo it does not list.)
    const response = await index.search('reset passwrod', { excerpts: false });
    expect(response.corrected).toEqual({ query: 'reset password', words: ['password'] });
    expect(response.results[0].slug).toBe('account/reset-password');
    const full = await index.withExcerpts(response);
    expect(full.results[0].excerpt).toContain('<mark>password</mark>');
  });

  it('names the word as the help center writes it, not as its stem', async () => {
    expect((await index.search('refnud')).corrected?.words).toEqual(['refund']);
    expect((await index.search('roaming chrages')).corrected).toEqual({ query: 'roaming charges', words: ['charges'] });
  });

  it('spells the correction as the results do, not as the stem it found', async () => {
    // "chaneg" is one letter from "chang", the stem of "change", which weighs as much.
    const response = await index.search('chaneg my plan');
    expect(response.corrected).toEqual({ query: 'change my plan', words: ['change'] });
    expect(response.results[0].slug).toBe('plans/change-your-plan');
    expect(response.tokens.map((token) => token.surface)).toEqual(['change', 'plan']);
  });

  it('says nothing when every word matched as typed', async () => {
    expect((await index.search('reset password')).corrected).toBeUndefined();
    expect((await index.search('autopa')).corrected).toBeUndefined();
  });

  it('searches exactly what was typed with typos: false', async () => {
    expect((await index.search('passwrod')).results[0].slug).toBe('account/reset-password');
    const exact = await index.search('passwrod', { typos: false });
    expect(exact.corrected).toBeUndefined();
    expect(exact.results).toEqual([]);
  });
});

describe('correctedQuery', () => {
  it('replaces whole words only, whatever their case', () => {
    expect(correctedQuery('Pasword pasword2 reset', [{ from: 'pasword', to: 'password' }])).toBe('password pasword2 reset');
  });
});

/** A lookup that finds each stem in the fields given, with these record ids. */
const lookupOf = (terms: Record<string, Partial<Record<'title' | 'keywords' | 'heading' | 'body', number[]>>>): TermLookup => ({
  ids: (field, term) => terms[term]?.[field as 'title'] ?? [],
  completions: () => [],
});
const correct = (typo: string, lookup: TermLookup) => corrections(lookup, queryTokens(typo)).map(({ to }) => to);

describe('corrections, by rule', () => {
  it('names the variant that weighs the most, wherever it comes among the variants', () => {
    // "plan" and "plat" (a letter changed), "pla" (a letter missing): "plan" comes before "plat".
    expect(correct('plam', lookupOf({ pla: { body: [1] }, plan: { body: [1] }, plat: { title: [1, 2] } }))).toEqual(['plat']);
    expect(correct('plam', lookupOf({ pla: { body: [1] }, plan: { title: [1, 2] }, plat: { body: [1] } }))).toEqual(['plan']);
  });

  it('names a letter left out before a letter extra or wrong, however heavier', () => {
    // "password" has the letter "pasword" left out; "pasward" is it with a letter changed.
    expect(correct('pasword', lookupOf({ password: { body: [1] }, pasward: { title: [1, 2, 3] } }))).toEqual(['password']);
  });

  it('names a swap that finds a word over heavier variants of other edits', () => {
    expect(correct('paegs', lookupOf({ page: { body: [1] }, payg: { title: [1, 2, 3] } }))).toEqual(['pages']);
    // With no swap to find, the heaviest of the others.
    expect(correct('paegs', lookupOf({ payg: { title: [1, 2, 3] }, pags: { body: [1] } }))).toEqual(['paygs']);
  });

  it('never reads a typo as a stop word, however common', () => {
    // "the" and "tho" are both "thw" with a letter changed.
    expect(correct('thw', lookupOf({ the: { body: Array.from({ length: 50 }, (_, i) => i) }, tho: { title: [1] } }))).toEqual(['tho']);
  });

  it('names the first of the variants that weigh the same', () => {
    // "plan" comes before "plat" (both "plam" with its last letter changed).
    expect(correct('plam', lookupOf({ plan: { body: [1] }, plat: { body: [2] } }))).toEqual(['plan']);
  });

  it('names nothing for a word no variant of which is indexed', () => {
    expect(correct('zqxw', lookupOf({ refund: { title: [1] } }))).toEqual([]);
  });
});

describe('spelledAsShown', () => {
  const spelled = (from: string, to: string, texts: string[]) => spelledAsShown([{ from, to }], texts).map((c) => c.to);

  it('keeps the variant when the results write it', () => {
    // "refunds" is one edit from the typo too, and commoner.
    expect(spelled('refundz', 'refund', ['Refunds', 'Ask for a refund, or refunds'])).toEqual(['refund']);
  });

  it('takes the word one edit from the typo over commoner words of the same stem', () => {
    expect(spelled('chaneg', 'chang', ['Changes and changes', 'Before you change'])).toEqual(['change']);
  });

  it('takes the commonest word of the stem when none is one edit from the typo', () => {
    expect(spelled('useranme', 'userance', ['Users and users', 'User settings'])).toEqual(['users']);
    expect(spelled('useranme', 'userance', ['User settings', 'Users and users'])).toEqual(['users']);
    // At the same count, the first the results write.
    expect(spelled('useranme', 'userance', ['User settings', 'For users'])).toEqual(['user']);
  });

  it('reads the results in the language of the index', () => {
    // In Spanish "facturas" stems to "factur"; in English to "factura".
    expect(spelledAsShown([{ from: 'facturs', to: 'factur' }], ['Tus facturas'], 'es')).toEqual([{ from: 'facturs', to: 'facturas' }]);
  });

  it('keeps the variant when the results hold no word of its stem (a stem only in aliases)', () => {
    expect(spelled('paswrod', 'pasword', ['Reset your password'])).toEqual(['pasword']);
  });

  it('renames each correction by its own stem', () => {
    const found = spelledAsShown([{ from: 'chaneg', to: 'chang' }, { from: 'planz', to: 'plan' }], ['Change your plan', 'Plans']);
    expect(found).toEqual([{ from: 'chaneg', to: 'change' }, { from: 'planz', to: 'plan' }]);
  });
});

describe('correctedQuery, with signs', () => {
  it('replaces the word as written, its dots not taken for any letter', () => {
    expect(correctedQuery('axb a.b', [{ from: 'a.b', to: 'ab' }])).toBe('axb ab');
  });
});
