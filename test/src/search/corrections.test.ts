import { beforeAll, describe, expect, it } from 'vitest';
import { openIndex, type HelpIndex } from '../../../src/node/index.ts';
import { correctedQuery } from '../../../src/search/corrections.ts';
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

  it('prefers a whole word over one that only shares its stem', async () => {
    expect((await index.search('refnud')).corrected?.words).toEqual(['refund']);
    expect((await index.search('roaming chrages')).corrected).toEqual({ query: 'roaming charges', words: ['charges'] });
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
