import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheFolder } from '../../scripts/build/cache.ts';
import { openIndex } from '../../src/node/index.ts';
import { runCli } from '../helpers/cli.ts';
import { article, tempFolder } from '../helpers/content.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/selfserve.js');
const good = { 'a.md': article('title: A\ndescription: a', 'Text.\n') };

async function buildIn(files: Record<string, string | Buffer>, setup?: (dir: string) => void) {
  const dir = await tempFolder(files);
  setup?.(dir);
  const out = path.join(await tempFolder(), 'help');
  return { dir, out, ...(await runCli(['build', dir, '--out', out])) };
}

describe('selfserve build on bad input', () => {
  it('an empty content folder', async () => {
    const { code, stderr, out } = await buildIn({});
    expect(code).toBe(1);
    expect(stderr).toMatch(/no articles found in .*: add \.md files with a `title:` in their frontmatter/);
    expect(existsSync(out)).toBe(false);
  });

  it('binary and non-UTF-8 files', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff]);
    const { code, stderr } = await buildIn({ ...good, 'logo.md': png, 'latin1.md': Buffer.from('---\ntitle: Caf\xe9\n---\n', 'latin1'), 'nul.md': '---\ntitle: A\n---\nab\u0000cd' });
    expect(code).toBe(1);
    expect(stderr).toContain('latin1.md:1:1: error: not UTF-8 text: save the file as UTF-8');
    expect(stderr).toContain('logo.md:1:1: error: not UTF-8 text');
    expect(stderr).toContain('nul.md:1:1: error: this looks like a binary file, not markdown');
  });

  it('a 5 MB article builds, with a warning', async () => {
    const body = 'Roaming charges and data use explained in detail. '.repeat(105_000);
    const { code, stderr, stdout } = await buildIn({ 'big.md': article('title: Big\ndescription: Very long.', body) });
    expect(code).toBe(0);
    expect(stderr).toMatch(/big\.md:1:1: warning: article is 5\.\d MB: readers download all of it/);
    expect(stdout).toMatch(/^Built 1 article /);
  });

  it('a symlink loop is not followed', async () => {
    const { code, stderr } = await buildIn(good, (dir) => {
      mkdirSync(path.join(dir, 'sub'));
      symlinkSync(dir, path.join(dir, 'sub', 'loop'));
      symlinkSync(path.join(dir, 'missing.md'), path.join(dir, 'dangling.md'));
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/loop:1:1: warning: symbolic link to a folder: not followed/);
    expect(stderr).toMatch(/dangling\.md:1:1: warning: broken symbolic link: skipped/);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file (not testable as root, who can read everything)', async () => {
    const { chmodSync } = await import('node:fs');
    const { code, stderr } = await buildIn({ ...good, 'secret.md': article('title: S') }, (dir) => chmodSync(path.join(dir, 'secret.md'), 0));
    expect(code).toBe(1);
    expect(stderr).toMatch(/secret\.md:1:1: error: cannot read file: EACCES/);
  });

  it('an output folder inside the content folder is not read as content', async () => {
    const dir = await tempFolder(good);
    const out = path.join(dir, 'public', 'help');
    expect((await runCli(['build', dir, '--out', out])).code).toBe(0);
    writeFileSync(path.join(out, 'stray.md'), '---\ntitle: Not an article\n---\n');
    const again = await runCli(['build', dir, '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Built 1 article /);
  });

  it('a second build of the same output folder while one runs stops, and leaves it as it was', async () => {
    const dir = await tempFolder(good);
    const out = path.join(await tempFolder(), 'help');
    expect((await runCli(['build', dir, '--out', out])).code).toBe(0);
    const manifest = readFileSync(path.join(out, 'manifest.json'), 'utf8');
    // The mark a running build leaves beside its folder: this test's own process is running.
    writeFileSync(`${out}.selfserve-lock`, String(process.pid));
    writeFileSync(path.join(dir, 'extra.md'), article('title: Extra\ndescription: e'));
    const second = await runCli(['build', dir, '--out', out]);
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(`selfserve: another build (process ${process.pid}) is writing ${out}: wait for it to finish`);
    expect(readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe(manifest);
  });
});

describe('a large help center', () => {
  // Past the 1,000 files from which the build reads and renders in workers; the bench builds 50,000.
  it('builds 3,000 tiny articles, and a build killed while it writes leaves the previous output intact', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`s${i % 40}/a${i}.md`] = article(`title: Article ${i}\ndescription: Tiny ${i}.`, `Topic ${i % 97}, code X${i}.\n\n## Details\n\nMore for ${i}.\n`);
    const dir = await tempFolder(files);
    const parent = await tempFolder();
    const out = path.join(parent, 'help');
    // A first build killed once it writes a file (Ctrl+C, a CI job cancelled): the folder it
    // leaves has no manifest, and the next build still takes it for ours and finishes it.
    const killed = spawn(process.execPath, [BIN, 'build', dir, '--out', out]);
    while (!existsSync(out) || !readdirSync(out, { recursive: true }).some((file) => String(file).endsWith('.json'))) await new Promise((resolve) => setTimeout(resolve, 50));
    killed.kill('SIGKILL');
    await new Promise((resolve) => killed.on('close', resolve));
    expect(existsSync(path.join(out, 'manifest.json'))).toBe(false);
    const first = await runCli(['build', dir, '--out', out]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Built 3000 articles \(6000 sections\)/);
    const manifest = readFileSync(path.join(out, 'manifest.json'), 'utf8');

    // Change every article, start a rebuild, and kill it once it writes its first new file.
    const before = new Set(readdirSync(out, { recursive: true }) as string[]);
    for (let i = 0; i < 3000; i++) writeFileSync(path.join(dir, `s${i % 40}/a${i}.md`), article(`title: Changed ${i}\ndescription: Tiny ${i}.`, `Topic ${i % 97}.\n`));
    const child = spawn(process.execPath, [BIN, 'build', dir, '--out', out]);
    // Listing the output takes about 30 ms: looked at every 50 ms, not back to back, it leaves the
    // build a core. Its first new file comes 0.25 to 0.5 s before the new manifest (measured here).
    while (!(readdirSync(out, { recursive: true }) as string[]).some((file) => !before.has(file))) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    expect(readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe(manifest);
    // Still the whole earlier build: the index opens and finds an article.
    expect((await (await openIndex(out)).search('Article 1234')).results[0].slug).toBe('s34/a1234');

    // The next build finishes the job and removes what the killed one left: the folder holds what a
    // clean build writes, and its mark beside the folder is gone.
    const next = await runCli(['build', dir, '--out', out]);
    expect(next.code).toBe(0);
    expect(readFileSync(path.join(out, 'manifest.json'), 'utf8')).not.toBe(manifest);
    expect(readdirSync(parent)).toEqual(['help']);
    // And what it had saved of its build cache, under temporary names.
    expect(readdirSync(cacheFolder(out)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const clean = path.join(await tempFolder(), 'help');
    expect((await runCli(['build', dir, '--out', clean])).code).toBe(0);
    expect((readdirSync(out, { recursive: true }) as string[]).sort()).toEqual((readdirSync(clean, { recursive: true }) as string[]).sort());

    // Ctrl+C once the next rebuild writes: it puts the folder back as it was, and says so.
    const finished = new Set(readdirSync(out, { recursive: true }) as string[]);
    const finishedManifest = readFileSync(path.join(out, 'manifest.json'), 'utf8');
    for (let i = 0; i < 3000; i++) writeFileSync(path.join(dir, `s${i % 40}/a${i}.md`), article(`title: Again ${i}\ndescription: Tiny ${i}.`, `Topic ${i % 89}.\n`));
    const stopped = spawn(process.execPath, [BIN, 'build', dir, '--out', out]);
    let stderr = '';
    stopped.stderr.on('data', (d) => (stderr += d));
    while (!(readdirSync(out, { recursive: true }) as string[]).some((file) => !finished.has(file))) await new Promise((resolve) => setTimeout(resolve, 50));
    stopped.kill('SIGINT');
    expect(await new Promise((resolve) => stopped.on('close', resolve))).toBe(130);
    expect(stderr.trim()).toBe('selfserve: stopped; the output folder is as the last finished build left it');
    expect(new Set(readdirSync(out, { recursive: true }) as string[])).toEqual(finished);
    expect(readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe(finishedManifest);
    expect(readdirSync(parent)).toEqual(['help']);
  }, 120_000);
});
