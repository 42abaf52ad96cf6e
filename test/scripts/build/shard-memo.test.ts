import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { paths } from '../../../src/format.ts';
import { buildIndex } from '../../../scripts/build/build-index.ts';
import { compileContent } from '../../../scripts/build/compile.ts';
import { readShardMemos, savedShards } from '../../../scripts/build/shard-memo.ts';
import { ShardChangedError } from '../../../scripts/build/shard-cut.ts';
import type { ShardMemo } from '../../../scripts/build/shards.ts';
import { LaterText, layoutOutput } from '../../../scripts/build/layout.ts';
import { OutputFolder } from '../../../scripts/build/output-folder.ts';
import { Diagnostics } from '../../../scripts/diagnostics.ts';
import { article, tempFolder } from '../../helpers/content.ts';
import { alterKeepingSize } from '../../helpers/tamper.ts';

/** A built help center in `out`, and the memo its build left. */
async function built() {
  const files: Record<string, string> = {};
  for (let i = 0; i < 300; i++) files[`topic-${i % 7}/a-${i}.md`] = article(`title: Article ${i} about plan${i % 11}\ndescription: d`, `Words term${i} shared${i % 5}.\n\n## Part\n\nMore text${i % 17} here.\n`);
  const dir = await tempFolder(files);
  const out = path.join(await tempFolder(), 'help');
  const memos = new Map<string, ShardMemo>();
  const parts = buildIndex(await compileContent(dir, new Diagnostics()), memos);
  const { files: output, hashes, manifest, shards } = layoutOutput(parts);
  const folder = await OutputFolder.open(out);
  for (const [file, data] of output) folder.add(file, data, hashes.get(file)!);
  await folder.flush();
  await folder.swap();
  await folder.finish();
  return { out, memos, saved: savedShards(parts.locales, manifest.indexes, shards), manifest };
}

describe('readShardMemos', () => {
  it('reads back the postings and shards of the last build from its output', async () => {
    const { out, memos, saved } = await built();
    const read = readShardMemos(out, saved);
    const [before, after] = [memos.get('en')!, read.get('en')!];
    expect(before.shards.length).toBeGreaterThan(1);
    expect(after.shards.map((shard) => shard.part.from)).toEqual(before.shards.map((shard) => shard.part.from));
    expect(after.shards.map((shard) => shard.part.stored!.bytes.toString())).toEqual(before.shards.map((shard) => JSON.stringify(shard.part.shard)));
    expect(after.shards.map((shard) => shard.terms())).toEqual(before.shards.map((shard) => shard.terms()));
    expect(after.layout).toEqual(before.layout);
  });

  it('leaves out a language whose shard was changed since', async () => {
    const { out, saved, manifest } = await built();
    const root = JSON.parse(await readFile(path.join(out, manifest.indexes.en.root), 'utf8'));
    const shard = path.join(out, paths.shard('en', root.shards[1].hash));
    // Still JSON, and the same postings: only the bytes tell.
    await writeFile(shard, `${await readFile(shard, 'utf8')} `);
    expect(readShardMemos(out, saved).size).toBe(0);
  });

  it('leaves out a language whose shard is gone', async () => {
    const { out, saved, manifest } = await built();
    const root = JSON.parse(await readFile(path.join(out, manifest.indexes.en.root), 'utf8'));
    await rm(path.join(out, paths.shard('en', root.shards[2].hash)));
    expect(readShardMemos(out, saved).size).toBe(0);
  });

  it('reads a shard only when its terms are asked for, and refuses one whose bytes changed but not their size', async () => {
    const { out, saved, manifest } = await built();
    const root = JSON.parse(await readFile(path.join(out, manifest.indexes.en.root), 'utf8'));
    const shard = path.join(out, paths.shard('en', root.shards[1].hash));
    const size = (await readFile(shard)).length;
    alterKeepingSize(shard);
    const memo = readShardMemos(out, saved).get('en')!;
    expect(memo).toBeDefined();
    const stored = memo.shards[1].part.stored!;
    expect(stored.bytes).toBeInstanceOf(LaterText);
    expect((stored.bytes as LaterText).bytes).toBe(size);
    expect(() => memo.shards[1].terms()).toThrow(ShardChangedError);
    expect(memo.shards[0].terms().terms.length).toBeGreaterThan(0);
  });
});
