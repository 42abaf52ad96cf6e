import { linkSync, readdirSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashOf, LaterText } from '../../../scripts/build/layout.ts';
import { abandonOutputs, checkOutputDir, OutputFolder, updateOutput } from '../../../scripts/build/output-folder.ts';
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
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(out, file)), { recursive: true });
      await writeFile(path.join(out, file), text);
    }
    return out;
  };
  const add = (folder: OutputFolder, file: string, data: string | Buffer) => folder.add(file, data, hashOf(data));

  // writerAbove 0: every flush goes to the writer thread; Infinity: none does.
  for (const [where, writerAbove] of [['on the writer thread', 0], ['on the main thread', Infinity]] as const) {
    it(`keeps, links, makes and writes the files of a build beside the last ${where}, then swaps in the manifest and removes the rest`, async () => {
      // `left.json`: a killed build's file, which no output lists: not trusted.
      const out = await earlierOutput({ 'same.json': 'same bytes', 'moved.json': 'moved', 'gone.json': 'gone', 'left.json': 'trunc', 'old/only.json': 'old' });
      const last = new Map(Object.entries({ 'same.json': 'same bytes', 'moved.json': 'moved', 'gone.json': 'gone', 'old/only.json': 'old' }).map(([file, text]) => [file, hashOf(text)]));
      const [same, moved] = [await stat(path.join(out, 'same.json')), await stat(path.join(out, 'moved.json'))];
      const folder = await OutputFolder.open(out, { writerAbove, last });
      let made = 0;
      // Known by its size: its text is made only if it must be written.
      const later = (file: string, text: string) => folder.add(file, new LaterText(Buffer.byteLength(text), () => (made++, text)), hashOf(text));
      // Kept in place: same name, same bytes. Linked: the same bytes under another name. Made: none has them.
      later('same.json', 'same bytes');
      later('cards/moved.json', 'moved');
      later('cards/unknown.json', 'no earlier file');
      add(folder, 'left.json', 'whole');
      await folder.flush();
      // Past the size of one message to the writer: sent in several.
      const big = 'é’'.repeat(1024 * 1024);
      add(folder, 'terms/big-1.json', big);
      add(folder, 'terms/big-2.json', big);
      add(folder, 'logo.png', Buffer.from([0, 1, 2, 255]));
      add(folder, 'manifest.json', '{"format":"selfserve-index","new":true}');
      await folder.flush();
      expect(made).toBe(1);
      // Until the swap, a reader finds the earlier output whole.
      expect(await readFile(path.join(out, 'manifest.json'), 'utf8')).toBe('{"format":"selfserve-index"}');
      expect(await readFile(path.join(out, 'left.json'), 'utf8')).toBe('trunc');
      expect(await readFile(path.join(out, 'gone.json'), 'utf8')).toBe('gone');
      await folder.swap();
      await folder.finish();

      expect(await readFile(path.join(out, 'manifest.json'), 'utf8')).toBe('{"format":"selfserve-index","new":true}');
      const kept = await stat(path.join(out, 'same.json'));
      expect([kept.ino, kept.mtimeMs]).toEqual([same.ino, same.mtimeMs]);
      expect((await stat(path.join(out, 'cards/moved.json'))).ino).toBe(moved.ino);
      expect(await readFile(path.join(out, 'cards/unknown.json'), 'utf8')).toBe('no earlier file');
      expect(await readFile(path.join(out, 'left.json'), 'utf8')).toBe('whole');
      expect(await readFile(path.join(out, 'terms/big-2.json'), 'utf8')).toBe(big);
      expect([...(await readFile(path.join(out, 'logo.png')))]).toEqual([0, 1, 2, 255]);
      expect([folder.kept, folder.written]).toEqual([2, 6]);
      // Nothing of the last output that this one lacks, no temporary file, no empty folder.
      const files = (await readdir(out, { recursive: true })).sort();
      expect(files).toEqual(['cards', 'cards/moved.json', 'cards/unknown.json', 'left.json', 'logo.png', 'manifest.json', 'same.json', 'terms', 'terms/big-1.json', 'terms/big-2.json']);
      expect(await readdir(path.dirname(out))).toEqual(['help']);
    });
  }

  it('keeps the files of the last output on the main thread: only files to write start the writer thread', async () => {
    const texts = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`cards/${i}.json`, `card ${i}`]));
    const out = await earlierOutput(texts);
    const last = new Map(Object.entries(texts).map(([file, text]) => [file, hashOf(text)]));
    const folder = await OutputFolder.open(out, { writerAbove: 2, last });
    for (const [file, text] of Object.entries(texts)) add(folder, file, text);
    await folder.flush();
    expect(folder.threaded).toBe(false);
    add(folder, 'cards/5.json', 'card 5');
    add(folder, 'cards/6.json', 'card 6');
    await folder.flush();
    expect(folder.threaded).toBe(true);
    await folder.swap();
    await folder.finish();
    expect([folder.kept, folder.written]).toEqual([5, 2]);
  });

  it('keeps a file named by its bytes without the cache, when it has their size: a killed build cut the other short', async () => {
    const out = await earlierOutput({ 'terms/a1.json': '{"terms":[1]}', 'terms/b2.json': '{"terms"' });
    const whole = await stat(path.join(out, 'terms/a1.json'));
    const folder = await OutputFolder.open(out);
    for (const file of ['terms/a1.json', 'terms/b2.json']) folder.add(file, '{"terms":[1]}', hashOf('{"terms":[1]}'), { named: true });
    await folder.flush();
    await folder.swap();
    await folder.finish();
    expect([folder.kept, folder.written]).toEqual([1, 1]);
    const kept = await stat(path.join(out, 'terms/a1.json'));
    expect([kept.ino, kept.mtimeMs]).toEqual([whole.ino, whole.mtimeMs]);
    expect(await readFile(path.join(out, 'terms/b2.json'), 'utf8')).toBe('{"terms":[1]}');
    expect((await readdir(out, { recursive: true })).sort()).toEqual(['terms', 'terms/a1.json', 'terms/b2.json']);
  });

  it('keeps the files named by their bytes that the last output recorded without a look, and reads those whose names do not say them', async () => {
    // `manifest.json` and `selfserve.js` as a killed build left them: swapped in, never recorded, each of the recorded size.
    const out = await earlierOutput({ 'terms/a1.json': '{"terms":[1]}', 'selfserve.js': 'widget B' });
    await writeFile(path.join(out, 'manifest.json'), '{"format":"selfserve-index","b":1}');
    const texts = { 'terms/a1.json': '{"terms":[1]}', 'selfserve.js': 'widget A', 'manifest.json': '{"format":"selfserve-index","a":1}' };
    const last = new Map(Object.entries(texts).map(([file, text]) => [file, hashOf(text)]));
    const folder = await OutputFolder.open(out, { last });
    folder.add('terms/a1.json', '{"terms":[1]}', hashOf('{"terms":[1]}'), { named: true });
    // Nothing to write, link or size up.
    expect(folder.pending).toBe(0);
    add(folder, 'selfserve.js', texts['selfserve.js']);
    add(folder, 'manifest.json', texts['manifest.json']);
    await folder.flush();
    await folder.swap();
    await folder.finish();
    expect([folder.kept, folder.written]).toEqual([1, 2]);
    for (const [file, text] of Object.entries(texts)) expect(await readFile(path.join(out, file), 'utf8')).toBe(text);
  });

  it('names the files of the last output that are gone, for the record to forget before any is written again', async () => {
    const out = await earlierOutput({ 'terms/kept.json': 'kept' });
    const last = new Map([['terms/kept.json', hashOf('kept')], ['terms/gone.json', hashOf('gone')], ['manifest.json', hashOf('{}')]]);
    const folder = await OutputFolder.open(out, { last });
    expect(folder.gone()).toEqual(['terms/gone.json']);
    await folder.discard();
  });

  it('removes the files of the last output, and unlocks the folder, only when finished after the swap (once the build cache records the new one)', async () => {
    const out = await earlierOutput({ 'terms/old.json': 'old' });
    const folder = await OutputFolder.open(out);
    add(folder, 'manifest.json', '{"format":"selfserve-index","new":true}');
    await folder.flush();
    await folder.swap();
    // As a build's `finally` does: a swapped folder is not discarded.
    await folder.discard();
    expect(await readFile(path.join(out, 'manifest.json'), 'utf8')).toBe('{"format":"selfserve-index","new":true}');
    expect(await readFile(path.join(out, 'terms/old.json'), 'utf8')).toBe('old');
    await expect(OutputFolder.open(out)).rejects.toThrow(/another build/);
    await folder.finish();
    expect(await readdir(path.dirname(out))).toEqual(['help']);
    expect(await readdir(out)).toEqual(['manifest.json']);
  });

  it('puts a file in place over a link to the same bytes, which a rename alone leaves as it was', async () => {
    const out = await earlierOutput({ 'meta/0.json': '{"articles":[]}' });
    // A killed build linked the same empty bucket under another name: a file no output lists.
    linkSync(path.join(out, 'meta/0.json'), path.join(out, 'content-0.json'));
    const folder = await OutputFolder.open(out, { last: new Map([['meta/0.json', hashOf('{"articles":[]}')]]) });
    add(folder, 'meta/0.json', '{"articles":[]}');
    add(folder, 'content-0.json', '{"articles":[]}');
    await folder.flush();
    await folder.swap();
    await folder.finish();
    expect((await readdir(out, { recursive: true })).sort()).toEqual(['content-0.json', 'meta', 'meta/0.json']);
  });

  it('makes the text of files known by their size a few MB at a time, writing each batch before making the next', async () => {
    const out = await earlierOutput({});
    await mkdir(path.join(out, 'cards'));
    const folder = await OutputFolder.open(out, { writerAbove: Infinity });
    const written: boolean[] = [];
    const text = 'x'.repeat(3 * 1024 * 1024);
    for (let i = 0; i < 4; i++) {
      // When a file's text is made, is the first file already on disk?
      folder.add(`cards/${i}.json`, new LaterText(text.length, () => (written.push(readdirSync(path.join(out, 'cards')).includes('0.json')), text)), hashOf(text));
    }
    await folder.flush();
    await folder.swap();
    await folder.finish();
    // Batches of 4 MB: the first two files, then the next two once those are written.
    expect(written).toEqual([false, false, true, true]);
    expect((await readdir(path.join(out, 'cards'))).sort()).toEqual(['0.json', '1.json', '2.json', '3.json']);
  });

  it('writes even a large batch on the main thread once the heap is past its bound', async () => {
    for (const [aheadHeapBytes, threaded] of [[Infinity, true], [0, false]] as const) {
      const out = await earlierOutput({});
      const folder = await OutputFolder.open(out, { writerAbove: 0, aheadHeapBytes });
      add(folder, 'cards/0.json', '{}');
      add(folder, 'manifest.json', '{"format":"selfserve-index","new":true}');
      await folder.flush();
      expect(folder.threaded).toBe(threaded);
      await folder.swap();
      await folder.finish();
      expect(await readFile(path.join(out, 'cards/0.json'), 'utf8')).toBe('{}');
      expect(await readFile(path.join(out, 'manifest.json'), 'utf8')).toBe('{"format":"selfserve-index","new":true}');
    }
  });

  it('fails the swap when the writer thread cannot write a file, and leaves the earlier output as it was', async () => {
    const out = await earlierOutput({ 'kept.json': 'kept' });
    const folder = await OutputFolder.open(out, { writerAbove: 0 });
    add(folder, 'cards', 'a file where a folder is needed next');
    await folder.flush();
    add(folder, 'cards/0.json', '{}');
    add(folder, 'kept.json', 'replaced');
    add(folder, 'manifest.json', '{"format":"selfserve-index","new":true}');
    await folder.flush();
    await expect(folder.swap()).rejects.toMatchObject({ code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/) });
    await folder.discard();
    expect(await readdir(path.dirname(out))).toEqual(['help']);
    expect((await readdir(out)).sort()).toEqual(['kept.json', 'manifest.json']);
    expect(await readFile(path.join(out, 'kept.json'), 'utf8')).toBe('kept');
    expect(await readFile(path.join(out, 'manifest.json'), 'utf8')).toBe('{"format":"selfserve-index"}');
  });

  it('removes the folders a failed build made in an earlier output, written on the main thread or the writer', async () => {
    for (const writerAbove of [Infinity, 0]) {
      const out = await earlierOutput({ 'en/cards/0.json': '{}' });
      const folder = await OutputFolder.open(out, { writerAbove });
      add(folder, 'fr/cards/0.json', '{"fr":1}');
      add(folder, 'en/cards/1.json', '{"en":1}');
      await folder.flush();
      await folder.discard();
      expect((await readdir(out, { recursive: true })).sort()).toEqual(['en', 'en/cards', 'en/cards/0.json', 'manifest.json']);
    }
  });

  it('writes the manifest of a first build last, under a temporary name until the swap, and marks the folder until then', async () => {
    const out = path.join(await tempFolder(), 'help');
    const folder = await OutputFolder.open(out);
    add(folder, 'en/cards/0.json', '{}');
    add(folder, 'manifest.json', '{"format":"selfserve-index"}');
    await folder.flush();
    expect((await readdir(out)).sort()).toEqual(['.selfserve-unfinished', 'en', `manifest.json.selfserve-${process.pid}.tmp`]);
    await folder.swap();
    await folder.finish();
    expect((await readdir(out)).sort()).toEqual(['en', 'manifest.json']);
  });

  it('finishes a first build that was killed on its way: the folder it left, without a manifest, is still known for ours', async () => {
    const out = path.join(await tempFolder(), 'help');
    const killed = await OutputFolder.open(out);
    add(killed, 'en/cards/0.json', '{"cut":');
    await killed.flush();
    // Killed: no discard, and its mark beside the folder names a process that is gone.
    await writeFile(`${out}.selfserve-lock`, '99999999');
    await checkOutputDir(out, path.join(path.dirname(out), 'content'));
    const next = await OutputFolder.open(out);
    add(next, 'en/cards/1.json', '{}');
    add(next, 'manifest.json', '{"format":"selfserve-index"}');
    await next.flush();
    await next.swap();
    await next.finish();
    expect((await readdir(out, { recursive: true })).sort()).toEqual(['en', 'en/cards', 'en/cards/1.json', 'manifest.json']);
    // A folder someone else filled is still refused.
    const theirs = await tempFolder({ 'index.html': '<h1>Their site</h1>' });
    await expect(checkOutputDir(theirs, path.join(path.dirname(theirs), 'content'))).rejects.toThrow(/is not empty and is not a Selfserve index/);
  });

  it('puts the folder back when stopped before the swap, which then throws; finishes one stopped once swapped (Ctrl+C)', async () => {
    const out = await earlierOutput({ 'old.json': 'old' });
    const folder = await OutputFolder.open(out);
    add(folder, 'new.json', 'new');
    add(folder, 'manifest.json', '{"format":"selfserve-index","new":true}');
    await folder.flush();
    await folder.abandon();
    // The build goes on meanwhile: what it asks for next must not put anything in place.
    await expect(folder.swap()).rejects.toThrow(/stopped/);
    expect((await readdir(out)).sort()).toEqual(['manifest.json', 'old.json']);
    expect(await readFile(path.join(out, 'manifest.json'), 'utf8')).toBe('{"format":"selfserve-index"}');
    expect(await readdir(path.dirname(out))).toEqual(['help']);

    const next = await OutputFolder.open(out);
    add(next, 'manifest.json', '{"format":"selfserve-index","next":true}');
    await next.flush();
    await next.swap();
    await abandonOutputs();
    expect(await readdir(out)).toEqual(['manifest.json']);
    expect(await readFile(path.join(out, 'manifest.json'), 'utf8')).toBe('{"format":"selfserve-index","next":true}');
    expect(await readdir(path.dirname(out))).toEqual(['help']);
  });

  it('puts the folder back once when Ctrl+C and the failing build discard it at the same time, and writes nothing after', async () => {
    const out = await earlierOutput({ 'old.json': 'old' });
    // writerAbove 0: batches are still on the writer thread when the two meet.
    const folder = await OutputFolder.open(out, { writerAbove: 0 });
    for (let i = 0; i < 50; i++) add(folder, `en/cards/${i}.json`, `{"card":${i}}`);
    await folder.flush();
    // The signal's abandon and the build's own discard (its swap threw) wait for the same writes:
    // one of them closing the writer under the other left that one waiting forever, and the
    // process ended with the build's exit code before saying it had stopped.
    const stopped = folder.abandon();
    const discarded = folder.discard();
    await Promise.all([stopped, discarded]);
    // A flush the build had under way is not written once stopped, on the writer thread or here.
    add(folder, 'late.json', 'late');
    await expect(folder.flush()).rejects.toThrow(/stopped/);
    expect((await readdir(out)).sort()).toEqual(['manifest.json', 'old.json']);
    expect(await readdir(path.dirname(out))).toEqual(['help']);

    const small = await OutputFolder.open(out, { writerAbove: Infinity });
    await small.abandon();
    add(small, 'late.json', 'late');
    await expect(small.flush()).rejects.toThrow(/stopped/);
    expect((await readdir(out)).sort()).toEqual(['manifest.json', 'old.json']);
  });

  it('leaves an empty folder as it found it when a first build in it fails', async () => {
    const out = path.join(await tempFolder(), 'help');
    await mkdir(out);
    const folder = await OutputFolder.open(out);
    add(folder, 'en/cards/0.json', '{}');
    await folder.flush();
    await folder.discard();
    expect(await readdir(out)).toEqual([]);
  });

  it('removes the folder a failed first build made', async () => {
    const out = path.join(await tempFolder(), 'help');
    const folder = await OutputFolder.open(out);
    add(folder, 'en/cards/0.json', '{}');
    await folder.flush();
    await folder.discard();
    expect(await readdir(path.dirname(out))).toEqual([]);
  });

  it('refuses a second build of the same folder while one writes it, and takes over the mark of a build that is gone', async () => {
    const out = await earlierOutput({});
    const folder = await OutputFolder.open(out);
    await expect(OutputFolder.open(out)).rejects.toThrow(new RegExp(`another build \\(process ${process.pid}\\) is writing ${out}`));
    await folder.discard();
    // A killed process that had this one's id (a container's next run often has it): taken over.
    await writeFile(`${out}.selfserve-lock`, `${process.pid} 6b1f0c52-token-of-another-process`);
    await (await OutputFolder.open(out)).discard();
    // Empty: a build killed as it made its mark (process 0 would name this process's group).
    await writeFile(`${out}.selfserve-lock`, '');
    await (await OutputFolder.open(out)).discard();
    // No process has this id.
    await writeFile(`${out}.selfserve-lock`, '99999999');
    const next = await OutputFolder.open(out);
    add(next, 'manifest.json', '{"format":"selfserve-index","new":true}');
    await next.flush();
    await next.swap();
    await next.finish();
    expect(await readdir(path.dirname(out))).toEqual(['help']);
  });
});
