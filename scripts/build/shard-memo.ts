import { readFileSync } from 'node:fs';
import path from 'node:path';
import { paths, type IndexRoot, type Shard } from '../../src/format.ts';
import { termsOf, type MemoShard, type ShardTerms } from './shard-cut.ts';
import type { ArticleTokens, ShardMemo } from './shards.ts';
import { hashOf } from './write-output.ts';

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
 * Each language's shards read back from the output folder of the last build, for a `build` run
 * again to update rather than make anew (see `indexShards`): their bytes, and their terms and
 * postings parsed only for the shards an update touches. Only files whose bytes hash to their names
 * are taken: a language whose root or shards were changed since (or are gone) is left out, and
 * built afresh. `earlierTokens` gives the tokens an article had in the last build, by what they
 * were made from (`ShardMemo.prints`), when the build cache still has them: the update then moves
 * only the records whose words changed.
 */
export function readShardMemos(out: string, saved: Map<string, SavedShards>, earlierTokens: (print: string) => ArticleTokens['fields'] | undefined = () => undefined): Map<string, ShardMemo> {
  const memos = new Map<string, ShardMemo>();
  for (const [locale, { root, layout, prints }] of saved) {
    let shards: MemoShard[] | undefined;
    try {
      shards = readLocale(out, locale, root);
    } catch {
      // Gone or unreadable: built afresh.
    }
    if (shards) memos.set(locale, { layout, prints, tokens: prints.map(earlierTokens), shards });
  }
  return memos;
}

function readLocale(out: string, locale: string, root: string): MemoShard[] | undefined {
  const rootText = readFileSync(path.join(out, root), 'utf8');
  if (root !== paths.root(locale, hashOf(rootText))) return undefined;
  const index = JSON.parse(rootText) as IndexRoot;
  // Read whole and hashed, a few MB: parsing them all cost most of a rebuild, hashing them little.
  const shards: MemoShard[] = [];
  for (const { from, hash } of index.shards) {
    const bytes = readFileSync(path.join(out, paths.shard(locale, hash)));
    const full = hashOf(bytes);
    if (!full.startsWith(hash)) return undefined;
    let terms: ShardTerms | undefined;
    shards.push({ part: { from, stored: { hash: full, bytes } }, terms: () => (terms ??= termsOf(JSON.parse(bytes.toString('utf8')) as Shard)) });
  }
  return shards;
}
