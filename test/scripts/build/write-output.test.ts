import { readdirSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashOf, LaterText, OutputFolder, updateOutput } from '../../../scripts/build/write-output.ts';
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

describe('OutputFolder', () => {
  /** An earlier output (a build's, by its manifest) holding `files`. */
  const earlierOutput = async (files: Record<string, string>) => {
    const out = path.join(await tempFolder(), 'help');
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, 'manifest.json'), '{"format":"selfserve-index"}');
    for (const [file, text] of Object.entries(files)) await writeFile(path.join(out, file), text);
    return out;
  };

  // writerAbove 0: every flush goes to the writer thread; Infinity: none does.
  for (const [where, writerAbove] of [['on the writer thread', 0], ['on the main thread', Infinity]] as const) {
    it(`writes, links and makes the files of a build ${where}, then swaps them in`, async () => {
      const out = await earlierOutput({ 'same.json': 'same bytes', 'resized.json': 'old' });
      const linkedFrom = await stat(path.join(out, 'same.json'));
      const folder = await OutputFolder.open(out, { writerAbove });
      let made = 0;
      const later = (text: string) => new LaterText(Buffer.byteLength(text), () => (made++, text));
      // Linked: same size as the earlier file. Made: the earlier one has another size, or there is none.
      folder.add('same.json', later('same bytes'), 'same.json');
      folder.add('cards/resized.json', later('now longer'), 'resized.json');
      folder.add('cards/unknown.json', later('no earlier file'));
      await folder.flush();
      // Past the size of one message to the writer: sent in several.
      const big = 'é’'.repeat(1024 * 1024);
      folder.add('terms/big-1.json', big);
      folder.add('terms/big-2.json', big);
      folder.add('logo.png', Buffer.from([0, 1, 2, 255]));
      await folder.flush();
      await folder.swap();

      expect(await readFile(path.join(out, 'same.json'), 'utf8')).toBe('same bytes');
      expect((await stat(path.join(out, 'same.json'))).ino).toBe(linkedFrom.ino);
      expect(await readFile(path.join(out, 'cards/resized.json'), 'utf8')).toBe('now longer');
      expect(await readFile(path.join(out, 'cards/unknown.json'), 'utf8')).toBe('no earlier file');
      expect(await readFile(path.join(out, 'terms/big-2.json'), 'utf8')).toBe(big);
      expect([...(await readFile(path.join(out, 'logo.png')))]).toEqual([0, 1, 2, 255]);
      expect(made).toBe(2);
      expect([folder.linked, folder.written]).toEqual([1, 5]);
      // The earlier output is gone: only the new one is beside the content.
      expect(await readdir(path.dirname(out))).toEqual(['help']);
    });
  }

  it('makes the text of files known by their size a few MB at a time, writing each batch before making the next', async () => {
    const out = await earlierOutput({});
    const folder = await OutputFolder.open(out, { writerAbove: Infinity });
    const temp = async () => path.join(path.dirname(out), (await readdir(path.dirname(out))).find((name) => name.includes('.selfserve-tmp-'))!);
    const written: boolean[] = [];
    const text = 'x'.repeat(3 * 1024 * 1024);
    for (let i = 0; i < 4; i++) {
      // When a file's text is made, is the first file already on disk?
      folder.add(`cards/${i}.json`, new LaterText(text.length, () => (written.push(readdirSync(path.join(tempDir, 'cards')).includes('0.json')), text)));
    }
    const tempDir = await temp();
    await mkdir(path.join(tempDir, 'cards'), { recursive: true });
    await folder.flush();
    await folder.swap();
    // Batches of 4 MB: the first two files, then the next two once those are written.
    expect(written).toEqual([false, false, true, true]);
    expect((await readdir(path.join(out, 'cards'))).sort()).toEqual(['0.json', '1.json', '2.json', '3.json']);
  });

  it('fails the swap when the writer thread cannot write a file, and leaves the earlier output as it was', async () => {
    const out = await earlierOutput({ 'kept.json': 'kept' });
    const folder = await OutputFolder.open(out, { writerAbove: 0 });
    folder.add('cards', 'a file where a folder is needed next');
    await folder.flush();
    folder.add('cards/0.json', '{}');
    await folder.flush();
    await expect(folder.swap()).rejects.toMatchObject({ code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/) });
    await folder.discard();
    expect((await readdir(path.dirname(out))).sort()).toEqual(['help']);
    expect((await readdir(out)).sort()).toEqual(['kept.json', 'manifest.json']);
  });
});
