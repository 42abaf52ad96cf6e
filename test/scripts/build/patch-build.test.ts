import { readdirSync, readFileSync } from 'node:fs';
import { rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../helpers/cli.ts';
import { article, tempFolder } from '../../helpers/content.ts';

/** Every file of a folder, by relative path. */
function folder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const file of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (file.isFile()) files[path.relative(dir, path.join(file.parentPath, file.name))] = readFileSync(path.join(file.parentPath, file.name), 'utf8');
  }
  return files;
}

/** What a build into `out` says, but how long it took and where `out` is. */
function said(result: CliResult, out: string) {
  const named = (text: string) => text.replaceAll(path.relative(process.cwd(), out), 'OUT');
  return { code: result.code, stderr: named(result.stderr), stdout: named(result.stdout.replace(/ in [\d.]+ s/, '').replace(/\nBuild timings:[\s\S]*/, '')).trim() };
}

const patched = (result: CliResult) => result.stdout.includes('(a patch of the last build)');

// 30 articles in 8 content buckets of 2 blocks' worth of files, an image, a translation, a glossary
// term, links between them and to a file that is not an article, and an article with a warning.
const topic = (i: number, extra = '') =>
  article(
    `title: Topic ${i} about plan${i % 5}\ndescription: What topic ${i} is.${i === 4 ? '\nterms:\n  GPRR: A data charge code.' : ''}`,
    `Words about topic${i} and plan${i % 5}.${extra} See [the next](topic-${(i + 1) % 30}.md#details).${i === 7 ? '\n\n![The bill](bill.png)' : ''}\n\n## Details\n\nDetails of topic${i}, GPRR in ${i}.\n`,
  );
const files = () => ({
  ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`topic-${i}.md`, topic(i)])),
  'es/topic-3.md': article('title: Tema 3\ndescription: Qué es el tema 3.', 'Palabras del tema.\n\n## Details\n\nMás.\n'),
  'notes.md': article('title: Notes\ndescription: n', 'See [the sheet](sheet.txt).\n'),
  'sheet.txt': 'rates',
  'bill.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('bill')]),
});

describe('selfserve build: a patch of the last build (#18)', () => {
  it('patches the output after edits of articles’ text, to the files, problems and summary of a clean build', async () => {
    const dir = await tempFolder(files());
    const out = path.join(await tempFolder(), 'help');
    const build = () => runCli(['build', dir, '--out', out, '--timings']);
    const clean = async () => {
      const to = path.join(await tempFolder(), 'help');
      const result = await runCli(['build', dir, '--out', to]);
      return { said: said(result, to), files: folder(to) };
    };
    const first = await build();
    expect(first.code).toBe(0);
    expect(patched(first)).toBe(false);
    expect(first.stderr).toContain('notes.md');
    const edits: Record<string, string>[] = [
      // One article's text.
      { 'topic-12.md': topic(12, ' A sentence more, with newword.') },
      // Two in one block (topic-12 again, its new word gone), one in another language, and the
      // article whose term names a section, which it still does.
      { 'topic-12.md': topic(12), 'topic-13.md': topic(13, ' Other words.'), 'es/topic-3.md': article('title: Tema 3\ndescription: Qué es el tema 3.', 'Otras palabras.\n\n## Details\n\nMás.\n'), 'topic-4.md': topic(4, ' Plus.') },
      // The article that shows the image, one whose new text has a problem of its own (its section
      // emptied), and one whose link has a problem, now further on.
      { 'topic-7.md': topic(7, ' Look.'), 'topic-20.md': topic(20).replace('Details of topic20, GPRR in 20.', ''), 'notes.md': article('title: Notes\ndescription: n', 'First this.\n\nThen see [the sheet](sheet.txt).\n') },
    ];
    for (const [n, edit] of edits.entries()) {
      for (const [file, text] of Object.entries(edit)) await writeFile(path.join(dir, file), text);
      // Twenty other files touched, not changed (a checkout): read again, and only hashed.
      if (n === 2) for (let i = 0; i < 20; i++) await utimes(path.join(dir, `topic-${i}.md`), new Date(), new Date());
      const result = await build();
      expect(patched(result)).toBe(true);
      expect(result.stdout).toMatch(new RegExp(`${Object.keys(edit).length} articles? rendered`));
      const full = await clean();
      expect(folder(out)).toEqual(full.files);
      expect(said(result, out)).toEqual(full.said);
    }
    // Nothing changed: nothing is made again, and the build says what it said.
    const again = await build();
    expect(patched(again)).toBe(true);
    expect(again.stdout).toContain('0 articles rendered, 32 from the build cache');
    expect(again.stderr).toMatch(/notes\.md:7:10: warning: link to `sheet\.txt`, which is not an article/);
    expect(again.stdout).toContain('0 files written');
    expect(again.stderr).toContain('section "Details" is empty');
    const full = await clean();
    expect(folder(out)).toEqual(full.files);
    expect(said(again, out)).toEqual(full.said);
  }, 120_000);

  it('builds in full what a patch cannot vouch for, to the files of a clean build', async () => {
    const dir = await tempFolder(files());
    const out = path.join(await tempFolder(), 'help');
    const build = () => runCli(['build', dir, '--out', out, '--timings']);
    expect((await build()).code).toBe(0);
    const changes: [string, () => Promise<unknown>][] = [
      ['a heading added', () => writeFile(path.join(dir, 'topic-2.md'), topic(2).replace('\n## Details', '\n## Intro\n\nFirst.\n\n## Details'))],
      ['a link added', () => writeFile(path.join(dir, 'topic-2.md'), topic(2, ' And [another](topic-9.md).'))],
      ['a description changed', () => writeFile(path.join(dir, 'topic-2.md'), topic(2).replace('What topic 2 is.', 'What topic two is.'))],
      ['an article added', () => writeFile(path.join(dir, 'topic-30.md'), topic(30))],
      ['an article removed', () => rm(path.join(dir, 'topic-30.md'))],
      ['the image changed', () => writeFile(path.join(dir, 'bill.png'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('another bill')]))],
      ['the file a link names removed (an error: the build fails)', () => rm(path.join(dir, 'sheet.txt'))],
      ['the section the term names changed', () => writeFile(path.join(dir, 'topic-4.md'), topic(4).replace('GPRR in 4', 'a code in 4'))],
    ];
    for (const [change, make] of changes) {
      // With an edit a patch could make, in another article.
      await make();
      await writeFile(path.join(dir, 'topic-25.md'), topic(25, ` ${change}.`));
      const result = await build();
      expect(patched(result), change).toBe(false);
      const to = path.join(await tempFolder(), 'help');
      const full = await runCli(['build', dir, '--out', to]);
      expect(said(result, out), change).toEqual(said(full, to));
      if (full.code) {
        expect(result.stderr).toContain('broken link: `sheet.txt` does not exist');
        await writeFile(path.join(dir, 'sheet.txt'), 'rates');
      } else expect(folder(out), change).toEqual(folder(to));
    }
    // A patch again once a full build has saved what it needs.
    await writeFile(path.join(dir, 'topic-25.md'), topic(25, ' Last.'));
    expect(patched(await build())).toBe(true);
  }, 180_000);

  it('patches another tool’s pages, titled by their `# heading`, and builds in full once that heading changes', async () => {
    const page = (n: number, extra = '') => `# Guide ${n}\n\nHow to use part ${n}.${extra} See [the next](guide-${(n + 1) % 4}.md).\n\n## Steps\n\nStep ${n} words.\n`;
    const dir = await tempFolder({ '.vitepress/config.js': 'export default {}\n', ...Object.fromEntries([0, 1, 2, 3].map((n) => [`guide-${n}.md`, page(n)])) });
    const out = path.join(await tempFolder(), 'help');
    const build = () => runCli(['build', dir, '--out', out, '--timings']);
    expect((await build()).code).toBe(0);
    for (const [text, patches] of [[page(2, ' More words.'), true], [page(2, ' More words.').replace('# Guide 2', '# Guide two'), false]] as const) {
      await writeFile(path.join(dir, 'guide-2.md'), text);
      const result = await build();
      expect(patched(result)).toBe(patches);
      const to = path.join(await tempFolder(), 'help');
      const full = await runCli(['build', dir, '--out', to]);
      expect(folder(out)).toEqual(folder(to));
      expect(said(result, out)).toEqual(said(full, to));
    }
    expect(JSON.stringify(folder(out))).toContain('Guide two');
  });

  it('leaves the output and the build cache as they were when it cannot write', async () => {
    const dir = await tempFolder(files());
    const out = path.join(await tempFolder(), 'help');
    const cache = /build cache: (.+)$/m.exec((await runCli(['build', dir, '--out', out, '--timings'])).stdout)![1];
    const saved = () => readdirSync(cache).sort().map((name) => readFileSync(path.join(cache, name), 'utf8'));
    const [before, cached] = [folder(out), saved()];
    await writeFile(path.join(dir, 'topic-5.md'), topic(5, ' Changed.'));
    // Another build (this process) is writing the output folder.
    await writeFile(`${out}.selfserve-lock`, String(process.pid));
    const failed = await runCli(['build', dir, '--out', out]);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('another build');
    expect(folder(out)).toEqual(before);
    expect(saved()).toEqual(cached);
    await rm(`${out}.selfserve-lock`);
    expect(patched(await runCli(['build', dir, '--out', out, '--timings']))).toBe(true);
  });
});
