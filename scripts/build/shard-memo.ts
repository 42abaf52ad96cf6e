import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { paths, type IndexRoot, type Shard } from '../../src/format.ts';
import { ShardChangedError, termsOf, type MemoShard, type ShardTerms } from './shard-cut.ts';
import type { ArticleTokens, ShardMemo } from './shards.ts';
import { hashOf, LaterText, type WrittenFile } from './layout.ts';

/** What the build cache keeps of a language's shards: where its root is, and what fixed its record ids. */
export interface SavedShards {
  /** The root file in the output folder (`paths.root`), named by the hash of its bytes. */
  root: string;
  layout: string[];
  prints: string[];
  /** Each shard's file, in the root's order. */
  shards: WrittenFile[];
}

/** What a build leaves of each language's index (`LocaleParts.ids`, and its shards as written), to save with the build cache. */
export function savedShards(
  locales: Map<string, { ids: Pick<ShardMemo, 'layout' | 'prints'> }>,
  roots: Record<string, { root: string }>,
  shards: Map<string, WrittenFile[]>,
): Map<string, SavedShards> {
  return new Map([...locales].map(([locale, { ids }]) => [locale, { root: roots[locale].root, ...ids, shards: shards.get(locale)! }]));
}

/**
 * Each language's shards read back from the output folder of the last build, for a `build` run
 * again to update rather than make anew (see `indexShards`). The root is read, and must hash to its
 * name; each shard must still be there with the size it was written with, and is read only if the
 * update touches it: then its bytes must hash to what was written, or the update starts afresh
 * (`ShardChangedError`). Reading and hashing every shard (5 MB at 10,000 articles) was a twentieth
 * of a rebuild after one change, which touches a few. A language whose root or shards changed
 * since, or are gone, is left out, and built afresh. `earlierTokens` gives the tokens an article
 * had in the last build, by what they were made from (`ShardMemo.prints`), when the build cache
 * still has them: the update then moves only the records whose words changed.
 */
export function readShardMemos(out: string, saved: Map<string, SavedShards>, earlierTokens: (print: string) => ArticleTokens['fields'] | undefined = () => undefined): Map<string, ShardMemo> {
  const memos = new Map<string, ShardMemo>();
  for (const [locale, { root, layout, prints, shards: written }] of saved) {
    let shards: MemoShard[] | undefined;
    try {
      shards = readLocale(out, locale, root, written);
    } catch {
      // Gone or unreadable: built afresh.
    }
    if (shards) memos.set(locale, { layout, prints, tokens: prints.map(earlierTokens), shards });
  }
  return memos;
}

function readLocale(out: string, locale: string, root: string, written: SavedShards['shards']): MemoShard[] | undefined {
  const rootText = readFileSync(path.join(out, root), 'utf8');
  if (root !== paths.root(locale, hashOf(rootText))) return undefined;
  const index = JSON.parse(rootText) as IndexRoot;
  if (index.shards.length !== written.length) return undefined;
  const shards: MemoShard[] = [];
  for (const [k, { from, hash }] of index.shards.entries()) {
    const { hash: full, bytes } = written[k];
    const file = path.join(out, paths.shard(locale, hash));
    if (!full.startsWith(hash) || statSync(file, { throwIfNoEntry: false })?.size !== bytes) return undefined;
    const read = () => {
      const data = readFileSync(file);
      if (hashOf(data) !== full) throw new ShardChangedError(file);
      return data;
    };
    let terms: ShardTerms | undefined;
    shards.push({ part: { from, stored: { hash: full, bytes: new LaterText(bytes, read) } }, terms: () => (terms ??= termsOf(JSON.parse(read().toString('utf8')) as Shard)) });
  }
  return shards;
}
