import { describe, expect, it } from 'vitest';
import type { IndexRoot, Shard } from '../../../src/format.ts';
import type { IndexFiles } from '../../../src/index-files.ts';
import { TermShards } from '../../../src/search/term-shards.ts';
import { queryTokens } from '../../../src/text/tokenize.ts';

/** Shards cut at these terms, holding nothing: what matters is which ones are read. */
function shardsFrom(froms: string[]) {
  const read: number[] = [];
  const root = { locale: 'en', shards: froms.map((from, i) => ({ from, hash: `0000000${i}` })) } as IndexRoot;
  const files = { root, loader: { locate: (p: string) => p }, shard: async (n: number): Promise<Shard> => (read.push(n), { terms: [] }) } as unknown as IndexFiles;
  return { shards: new TermShards(files), read };
}

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
