import { describe, expect, it } from 'vitest';
import type { IndexRoot, Shard } from '../../../src/format.ts';
import type { IndexFiles } from '../../../src/index-files.ts';
import { TermShards } from '../../../src/search/term-shards.ts';
import { queryTokens } from '../../../src/text/tokenize.ts';
import { SelfserveIndexError } from '../../../src/errors.ts';

type Entry = Shard['terms'][number];
/** A term in the given fields (title, keywords, heading, body, pairs), each holding these record ids. */
const entry = (term: string, fields: Partial<Record<'title' | 'keywords' | 'heading' | 'body' | 'pairs', number[]>>): Entry => {
  const deltas = (ids: number[] = []) => ids.map((id, i) => id - (ids[i - 1] ?? 0));
  return [term, deltas(fields.title), deltas(fields.keywords), deltas(fields.heading), deltas(fields.body), deltas(fields.pairs)];
};

/**
 * Shards cut at `froms`, holding `terms` (each in the shard its term sorts into), and the number of
 * each shard read, in the order they were read.
 */
function shardsHolding(froms: string[], terms: Entry[]) {
  const read: number[] = [];
  const root = { locale: 'en', shards: froms.map((from, i) => ({ from, hash: `0000000${i}` })) } as IndexRoot;
  const shardOf = (term: string) => froms.findLastIndex((from) => from <= term);
  const files = {
    root,
    loader: { locate: (p: string) => `https://help.example/${p}` },
    shard: async (n: number): Promise<Shard> => {
      read.push(n);
      return { terms: terms.filter(([term]) => shardOf(term) === n) };
    },
  } as unknown as IndexFiles;
  return { shards: new TermShards(files), read };
}

/** Shards cut at these terms, holding nothing: what matters is which ones are read. */
const shardsFrom = (froms: string[]) => shardsHolding(froms, []);

describe('TermShards', () => {
  // "tra" begins the words of four shards (tra…, trab…, trac…, trad…); "trad" only those of one.
  const froms = ['', 'tra', 'trab', 'trac', 'trad', 'trb'];

  it('reads every shard a finished word begins', async () => {
    const { shards, read } = shardsFrom(froms);
    await shards.load(queryTokens('tra'));
    expect(read.sort()).toEqual([1, 2, 3, 4]);
  });

  it('while typing, leaves a beginning that spans many shards to the next key', async () => {
    const { shards, read } = shardsFrom(froms);
    const [open] = queryTokens('tra');
    await shards.load([open], true, open);
    expect(read).toEqual([]);
  });

  it('while typing, reads nothing for a word of one or two letters, and its own shard once a space ends it', async () => {
    const { shards, read } = shardsFrom(froms);
    const [open] = queryTokens('tu');
    await shards.load([open], true, open);
    expect(read).toEqual([]);
    await shards.load([open], true, undefined);
    expect(read).toEqual([5]);
  });

  it('reads the shard of each word pair, where the pair sorts (after its first word)', async () => {
    const { shards, read } = shardsFrom(froms);
    await shards.loadTerms(['trac+zone', 'a+b', 'trb+x']);
    expect(read.sort()).toEqual([0, 3, 5]);
    await shards.loadTerms([]);
    expect(read).toHaveLength(3);
  });

  it('while typing, reads the shards of a beginning narrow enough', async () => {
    const { shards, read } = shardsFrom(froms);
    const [open] = queryTokens('trad');
    await shards.load([open], true, open);
    expect(read).toEqual([4]);
  });
});

describe('TermShards lookups', () => {
  const froms = ['', 'autp', 'b'];
  const terms = [
    entry('auto', { title: [1] }),
    entry('autopay', { title: [2, 7] }),
    entry('autopilot', { body: [3] }),
    entry('autos', { heading: [4] }),
    entry('autozone', { keywords: [5] }),
    entry('autumn', { title: [6] }),
    entry('autumnal', { pairs: [6] }),
    entry('bill', { title: [8] }),
  ];

  it('finds the record ids of a word once its shard is loaded, and none before', async () => {
    const { shards } = shardsHolding(froms, terms);
    expect(shards.lookup.ids('title', 'autopay')).toEqual([]);
    await shards.load(queryTokens('bill'));
    expect(shards.lookup.ids('title', 'bill')).toEqual([8]);
    expect(shards.lookup.ids('title', 'autopay')).toEqual([]);
    await shards.loadRange('auto');
    expect(shards.lookup.ids('title', 'autopay')).toEqual([2, 7]);
    expect(shards.lookup.ids('body', 'autopilot')).toEqual([3]);
    expect(shards.lookup.ids('body', 'autopay')).toEqual([]);
  });

  it('completes a beginning with the shortest named words first, across the shards it spans, never the beginning itself', async () => {
    const { shards } = shardsHolding(froms, terms);
    expect(shards.lookup.completions('auto', 10)).toEqual([]);
    await shards.loadRange('aut');
    // autopilot is only in body text and autumnal only in word pairs: they name nothing.
    expect(shards.lookup.completions('auto', 10)).toEqual(['autos', 'autopay', 'autozone']);
    expect(shards.lookup.completions('aut', 10)).toEqual(['auto', 'autos', 'autumn', 'autopay', 'autozone']);
    expect(shards.lookup.completions('aut', 2)).toEqual(['auto', 'autos']);
    expect(shards.lookup.completions('autu', 10)).toEqual(['autumn']);
    expect(shards.lookup.completions('autx', 10)).toEqual([]);
  });

  it('while typing, completes only the word at the caret, from its third letter', async () => {
    const { shards } = shardsHolding(froms, terms);
    await shards.loadRange('a');
    const [, open] = queryTokens('bill aut');
    const typing = shards.typingLookup(open);
    expect(typing.completions('aut', 10)).toContain('autopay');
    expect(typing.completions('auto', 10)).toEqual([]);
    expect(typing.ids('title', 'autopay')).toEqual([2, 7]);
    const [short] = queryTokens('au');
    expect(shards.typingLookup(short).completions('au', 10)).toEqual([]);
    expect(shards.typingLookup(undefined).completions('aut', 10)).toEqual([]);
  });

  it('imports each shard once, however many searches ask for it at the same time', async () => {
    const { shards } = shardsHolding(froms, terms);
    await Promise.all([shards.load(queryTokens('bill')), shards.load(queryTokens('bill')), shards.loadTerms(['bill', 'bills'])]);
    expect(shards.lookup.ids('title', 'bill')).toEqual([8]);
    expect(shards.lookup.completions('bil', 10)).toEqual(['bill']);
  });

  it('reads the shards of the stems a word may be typed past, down to three letters less ("autopays" → autop)', async () => {
    const { shards, read } = shardsFrom(['', 'autop', 'autopa', 'autopay', 'autopays', 'b']);
    await shards.load(queryTokens('autopays'));
    expect([...new Set(read)].sort()).toEqual([1, 2, 3, 4]);
  });

  it('names the shard that cannot be loaded into the search engine', async () => {
    const { shards } = shardsHolding(froms, [['bill', null, [], [], [], []] as unknown as Entry]);
    const error = await shards.load(queryTokens('bill')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SelfserveIndexError);
    expect(error).toMatchObject({ code: 'corrupt', file: 'https://help.example/en/terms/00000002.json' });
    expect((error as Error).message).toBe('selfserve: https://help.example/en/terms/00000002.json could not be loaded into the search engine: rebuild the index');
    // What the engine said, for whoever looks into it.
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });
});

describe('TermShards while typing', () => {
  // "trad" begins the words of two shards (trad…, trada…): few enough to read while typing.
  const froms = ['', 'tra', 'trab', 'trac', 'trad', 'trada', 'trb'];

  it('reads a beginning of three letters, and one that spans two shards', async () => {
    const three = shardsFrom(froms);
    const [trb] = queryTokens('trb');
    await three.shards.load([trb], true, trb);
    expect(three.read).toEqual([6]);
    const two = shardsFrom(froms);
    const [trad] = queryTokens('trad');
    await two.shards.load([trad], true, trad);
    expect(two.read.sort()).toEqual([4, 5]);
  });

  it('reads only the own shard of a finished word, not those of the words it begins', async () => {
    const { shards, read } = shardsFrom(froms);
    const [trad, open] = queryTokens('trad x');
    await shards.load([trad, open], true, open);
    expect(read).toEqual([4]);
  });
});
