import '../../../src/text/all-languages.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { pairTerm, type FieldName } from '../../../src/engine.ts';
import { openIndex, type HelpIndex } from '../../../src/node/index.ts';
import type { TermLookup } from '../../../src/search/rank.ts';
import { splitsOf, splitWord } from '../../../src/search/splits.ts';
import { buildIndexFolder, SAMPLE_CONTENT } from '../../helpers/build.ts';

/** A lookup that finds these terms (stems, or pairs) in one record each. */
const lookupOf = (terms: string[]): TermLookup => ({
  ids: (field: FieldName, term: string) => (terms.includes(term) && (field === 'pairs') === term.includes('+') ? [0] : []),
  completions: () => [],
});

describe('splitsOf', () => {
  it('cuts a word into two of three letters or more, neither a stop word', () => {
    expect(splitsOf('simcard')).toEqual([
      ['sim', 'card'],
      ['simc', 'ard'],
    ]);
    // "sign up": "up" is a stop word, and two letters.
    expect(splitsOf('signup')).toEqual([['sig', 'nup']]);
    expect(splitsOf('forthe')).toEqual([]);
    // One stop word is enough to leave a split out: "with card" is "card".
    expect(splitsOf('withcard')).not.toContainEqual(['with', 'card']);
    expect(splitsOf('withcard')).toContainEqual(['wit', 'hcard']);
    expect(splitsOf('pinko')).toEqual([]);
    // Words written without spaces are found within a text already (Intl.Segmenter).
    expect(splitsOf('料金プラン変更', 'ja')).toEqual([]);
    expect(splitsOf('plantarifa', 'es')).toContainEqual(['plan', 'tarifa']);
    // Longer than two words typed together are: a name, a code, a key held down.
    expect(splitsOf('passwordresetpasswordreset')).toEqual([]);
    expect(splitsOf('passwordresetpasswordres')).toContainEqual(['password', 'resetpasswordres']);
  });
});

describe('splitWord', () => {
  const word = { surface: 'voicemailbox', stem: 'voicemailbox' };

  it('reads a word as two words of the help center, the most even split first', () => {
    // "voi cemailbox" comes first, and is the least even.
    expect(splitWord(lookupOf(['voi', 'cemailbox', 'voic', 'mailbox', 'voicemail', 'box']), word)?.map((t) => t.surface)).toEqual(['voice', 'mailbox']);
  });

  it('prefers the split the help center names side by side', () => {
    const lookup = lookupOf(['voic', 'mailbox', 'voicemail', 'box', pairTerm('voicemail', 'box')]);
    expect(splitWord(lookup, word)?.map((t) => t.surface)).toEqual(['voicemail', 'box']);
  });

  it('keeps the split the help center names side by side, even before a more even one', () => {
    const lookup = lookupOf(['mai', 'lboxvoic', 'mailbox', 'voic', pairTerm('mai', 'lboxvoic')]);
    expect(splitWord(lookup, { surface: 'mailboxvoice', stem: 'mailboxvoic' })?.map((t) => t.surface)).toEqual(['mai', 'lboxvoice']);
  });

  it('of splits as even, keeps the first', () => {
    expect(splitWord(lookupOf(['abc', 'defgh', 'abcd', 'fgh']), { surface: 'abcdefgh', stem: 'abcdefgh' })?.map((t) => t.surface)).toEqual(['abc', 'defgh']);
  });

  it('needs both halves to be words of the help center', () => {
    expect(splitWord(lookupOf(['voicemail']), word)).toBeUndefined();
  });
});

describe('words typed together, searched', () => {
  let index: HelpIndex;
  beforeAll(async () => {
    index = await openIndex(await buildIndexFolder(SAMPLE_CONTENT));
  }, 60_000);

  it('finds "simcard" as "sim card", and says so', async () => {
    const response = await index.search('simcard', { excerpts: false });
    expect(response.corrected).toEqual({ query: 'sim card', words: ['sim', 'card'] });
    expect(response.results[0].slug).toBe('devices/insert-a-sim');
    expect(response.tokens.map((token) => token.surface)).toEqual(['sim', 'card']);
    expect((await index.search('reset my phonepin')).corrected?.query).toBe('reset my phone pin');
  });

  it('reads a typo first: "setthings" is settings, not "set things"', async () => {
    const typo = await index.search('setthings', { excerpts: false });
    expect(typo.corrected?.query).toBe('settings');
    const slugs = (response: { results: { slug: string }[] }) => response.results.slice(0, 3).map((result) => result.slug);
    expect(slugs(typo)).toEqual(slugs(await index.search('settings', { excerpts: false })));
    expect(slugs(typo)).not.toEqual(slugs(await index.search('set things', { excerpts: false })));
  });

  it('leaves words found as typed alone', async () => {
    expect((await index.search('sim card')).corrected).toBeUndefined();
  });
});
