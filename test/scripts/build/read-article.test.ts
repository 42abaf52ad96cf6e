import { statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookUp, type FileEntry } from '../../../scripts/build/read-article.ts';
import { tempFolder } from '../../helpers/content.ts';

/** Looks a file up with its stat taken now, as a build's survey takes it. */
const look = (file: string, files: Map<string, FileEntry>) => lookUp(file, files, statSync(file), Date.now());

describe('lookUp: when the cache vouches for a file by its size and times', () => {
  /** A file whose modification time is `mtime` (seconds), and a cache entry stat-ed `after` ms after its last change. */
  const cached = async (mtime: number, after: number) => {
    const file = path.join(await tempFolder(), 'a.md');
    writeFileSync(file, '---\ntitle: A\n---\nText.\n');
    utimesSync(file, mtime, mtime);
    const info = statSync(file);
    const entry = { stat: `${info.size}:${info.mtimeMs}:${info.ctimeMs}:${info.ino}`, checkedAt: Math.max(info.mtimeMs, info.ctimeMs) + after, hash: 'h', problems: [] } satisfies FileEntry;
    return { file, files: new Map([[file, entry]]), entry };
  };

  it('trusts a file stat-ed 0.5 s after its change where times have nanoseconds', async () => {
    const { file, files, entry } = await cached(1_700_000_000.123_456, 500);
    expect(look(file, files)).toEqual({ entry });
  });

  it('reads again a file stat-ed within 0.1 s of its change, or within 2 s where times are whole seconds', async () => {
    const soon = await cached(1_700_000_000.123_456, 50);
    expect(look(soon.file, soon.files)).toMatchObject({ file: soon.file, knownHash: 'h' });
    const coarse = await cached(1_700_000_000, 500);
    expect(look(coarse.file, coarse.files)).toMatchObject({ file: coarse.file, knownHash: 'h' });
    expect(look(coarse.file, new Map([[coarse.file, { ...coarse.entry, checkedAt: coarse.entry.checkedAt + 1500 }]]))).toEqual({ entry: { ...coarse.entry, checkedAt: coarse.entry.checkedAt + 1500 } });
  });
});
