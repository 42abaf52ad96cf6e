import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashOf, updateOutput } from '../../../scripts/build/write-output.ts';
import { tempFolder } from '../../helpers/content.ts';

const filesOf = (texts: Record<string, string>) => {
  const files = new Map(Object.entries(texts));
  return { files, hashes: new Map([...files].map(([file, text]) => [file, hashOf(text)])) };
};

describe('updateOutput (the dev preview)', () => {
  it('writes only the files whose bytes changed, and removes those no longer listed', async () => {
    const dir = path.join(await tempFolder(), 'help');
    const first = filesOf({ 'assets/logo.1.png': 'logo', 'assets/map.2.png': 'map', 'assets/guide/steps.3.png': 'steps' });
    expect(await updateOutput(dir, first.files, first.hashes, new Map())).toBe(3);
    const kept = await stat(path.join(dir, 'assets/logo.1.png'));

    const second = filesOf({ 'assets/logo.1.png': 'logo', 'assets/map.4.png': 'map, redrawn', 'assets/guide/steps.3.png': 'steps, edited in place' });
    expect(await updateOutput(dir, second.files, second.hashes, first.hashes)).toBe(2);

    expect((await readdir(path.join(dir, 'assets'))).sort()).toEqual(['guide', 'logo.1.png', 'map.4.png']);
    expect(await readFile(path.join(dir, 'assets/map.4.png'), 'utf8')).toBe('map, redrawn');
    expect(await readFile(path.join(dir, 'assets/guide/steps.3.png'), 'utf8')).toBe('steps, edited in place');
    const after = await stat(path.join(dir, 'assets/logo.1.png'));
    expect([after.ino, after.mtimeMs]).toEqual([kept.ino, kept.mtimeMs]);

    expect(await updateOutput(dir, second.files, second.hashes, second.hashes)).toBe(0);
  });
});
