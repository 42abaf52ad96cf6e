import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Postings } from '../../src/engine.ts';
import { paths, type IndexRoot, type Shard } from '../../src/format.ts';
import { entryLength, type ShardMemo, type ShardPart } from './shards.ts';
import { hashOf, knowShardText } from './write-output.ts';

/** What the build cache keeps of a language's shards: where its root is, and what fixed its record ids. */
export interface SavedShards {
  /** The root file in the output folder (`paths.root`), named by the hash of its bytes. */
  root: string;
  layout: string[];
  prints: string[];
}

/** What a build leaves of each language's index (`LocaleParts.ids`), to save with the build cache. */
export function savedShards(locales: Map<string, { ids: Pick<ShardMemo, 'layout' | 'prints'> }>, roots: Record<string, { root: string }>): Map<string, SavedShards> {
  return new Map([...locales].map(([locale, { ids }]) => [locale, { root: roots[locale].root, ...ids }]));
}

/**
 * Each language's postings and shards read back from the output folder of the last build, for a
 * `build` run again to update rather than make anew (see `indexShards`). Only files whose bytes
 * hash to their names are taken: a language whose root or shards were changed since (or are gone)
 * is left out, and built afresh.
 */
export async function readShardMemos(out: string, saved: Map<string, SavedShards>): Promise<Map<string, ShardMemo>> {
  const memos = new Map<string, ShardMemo>();
  for (const [locale, { root, layout, prints }] of saved) {
    const memo = await readLocale(out, locale, root).catch(() => undefined);
    if (memo) memos.set(locale, { ...memo, layout, prints, tokens: [] });
  }
  return memos;
}

async function readLocale(out: string, locale: string, root: string): Promise<Omit<ShardMemo, 'layout' | 'prints' | 'tokens'> | undefined> {
  const rootText = await readFile(path.join(out, root), 'utf8');
  if (root !== paths.root(locale, hashOf(rootText))) return undefined;
  const index = JSON.parse(rootText) as IndexRoot;
  const postings: Postings = new Map();
  const terms: string[] = [];
  const sizes = new Map<string, number>();
  const shards: ShardPart[] = [];
  // Synchronous: hundreds of small files through the thread pool and promises cost several times more.
  const texts = index.shards.map(({ hash }) => readFileSync(path.join(out, paths.shard(locale, hash)), 'utf8'));
  for (const [i, { from, hash }] of index.shards.entries()) {
    const text = texts[i];
    const full = hashOf(text);
    if (full.slice(0, 10) !== hash) return undefined;
    const shard = JSON.parse(text) as Shard;
    knowShardText(shard, text, full);
    for (const [term, ...lists] of shard.terms) {
      const ids = (lists as number[][]).map(undelta);
      postings.set(term, ids);
      terms.push(term);
      sizes.set(term, entryLength(term, ids));
    }
    shards.push({ from, shard });
  }
  return { postings, terms, sizes, shards };
}

function undelta(deltas: number[]): number[] {
  const ids = new Array<number>(deltas.length);
  let id = 0;
  for (let i = 0; i < deltas.length; i++) ids[i] = id += deltas[i];
  return ids;
}
