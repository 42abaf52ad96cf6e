import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bucketCount } from '../../scripts/build/build-index.ts';
import { BuildCache, type CacheKey } from '../../scripts/build/cache.ts';
import { build } from '../../scripts/commands/build.ts';
import { bucketOf } from '../../src/format.ts';
import { openIndex } from '../../src/node/index.ts';
import { runCli, watchCli } from '../helpers/cli.ts';
import { article, tempFolder } from '../helpers/content.ts';
import { alterKeepingSize } from '../helpers/tamper.ts';

/** Every file of a folder, by relative path. */
function folder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const file of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (file.isFile()) files[path.relative(dir, path.join(file.parentPath, file.name))] = readFileSync(path.join(file.parentPath, file.name), 'utf8');
  }
  return files;
}

/** `n articles rendered, m from the build cache`, as `--timings` prints it. */
function reuse(stdout: string): { rendered: number; reused: number } {
  const match = /(\d+) articles? rendered, (\d+) from the build cache/.exec(stdout);
  if (!match) throw new Error(`no timings in:\n${stdout}`);
  return { rendered: Number(match[1]), reused: Number(match[2]) };
}

/** `n files written, m kept from the previous build`, as `--timings` prints it. */
function files(stdout: string): { written: number; kept: number } {
  const match = /(\d+) files written, (\d+) kept from the previous build/.exec(stdout)!;
  return { written: Number(match[1]), kept: Number(match[2]) };
}

/** The cache folder, as `--timings` names it. */
const cachePath = (stdout: string) => /build cache: (.+)$/m.exec(stdout)![1];

/** The text of every file of the cache folder. */
const cacheText = (folder: string) => JSON.stringify(folder && readdirSync(folder).sort().map((name) => readFileSync(path.join(folder, name), 'utf8')));

/**
 * Changes the saved cache: its index (key and outputs) and each part of its entries by file (after
 * a part's first line, one line per file holds its HTML and tokens).
 */
async function alterCache(folder: string, change: { index?: (index: { key: { version: string } }) => void; entry?: (entry: { html?: string }) => void }): Promise<void> {
  for (const name of readdirSync(folder)) {
    const lines = (await readFile(path.join(folder, name), 'utf8')).split('\n').map((line) => JSON.parse(line));
    if (name === 'index.json') change.index?.(lines[0]);
    else for (const heavy of lines.slice(1)) change.entry?.(heavy);
    const texts = lines.map((line) => JSON.stringify(line));
    // The first line of a part gives the length of each other line.
    if (name !== 'index.json') texts[0] = JSON.stringify({ ...lines[0], lines: texts.slice(1).map((text) => Buffer.byteLength(text)) });
    await writeFile(path.join(folder, name), texts.join('\n'));
  }
}

/** A file that starts as a PNG does, then `text`. */
const png = (text: string) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(text)]);

const content = () =>
  tempFolder({
    'billing/codes.md': article('title: Bill codes\ndescription: What the codes mean.\naliases: [GPRR]', 'Codes on your bill.\n\n## Charge codes\n\nGPRR is a data charge.\n'),
    'billing/pay.md': article('title: Pay your bill\ndescription: Ways to pay.', 'Pay by card. See [codes](codes.md#charge-codes).\n'),
    'account/password.md': article('title: Reset your password\ndescription: When you forgot it.', 'Open settings.\n\n## From the app\n\nTap *Forgot password*.\n'),
  });

/** Builds `dir` from scratch into a new folder; returns that folder's files. */
async function cleanBuild(dir: string, extra: string[] = []): Promise<Record<string, string>> {
  const out = path.join(await tempFolder(), 'help');
  const result = await runCli(['build', dir, '--out', out, ...extra]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return folder(out);
}

describe('selfserve build: the build cache (#18)', () => {
  it('rebuilds only what changed, and gives the same files as a clean build after a change, an addition and a deletion', async () => {
    const dir = await content();
    const out = path.join(await tempFolder(), 'help');
    const build = async (extra: string[] = []) => {
      const result = await runCli(['build', dir, '--out', out, '--timings', ...extra]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return reuse(result.stdout);
    };

    expect(await build()).toEqual({ rendered: 3, reused: 0 });
    const cache = cachePath((await runCli(['build', dir, '--out', out, '--timings'])).stdout);
    // Not in the output folder, which is deployed; where the tests' runs keep theirs.
    expect(cache.startsWith(out)).toBe(false);
    expect(path.dirname(cache)).toBe(process.env.SELFSERVE_CACHE_DIR);
    // Nothing changed: nothing is rendered again.
    expect(await build()).toEqual({ rendered: 0, reused: 3 });
    expect(folder(out)).toEqual(await cleanBuild(dir));

    await writeFile(path.join(dir, 'billing/pay.md'), article('title: Pay your bill\ndescription: Ways to pay.', 'Pay by card or bank transfer. See [codes](codes.md#charge-codes).\n'));
    expect(await build()).toEqual({ rendered: 1, reused: 2 });
    expect(folder(out)).toEqual(await cleanBuild(dir));

    await writeFile(path.join(dir, 'account/roaming.md'), article('title: Roaming abroad\ndescription: Using your phone abroad.', 'Turn on roaming.\n'));
    expect(await build()).toEqual({ rendered: 1, reused: 3 });
    expect(folder(out)).toEqual(await cleanBuild(dir));

    // A translation: the English article, unchanged, now lists it (its metadata bucket is made again).
    await mkdir(path.join(dir, 'es/billing'), { recursive: true });
    await writeFile(path.join(dir, 'es/billing/pay.md'), article('title: Paga tu factura\ndescription: Formas de pagar.', 'Paga con tarjeta.\n'));
    expect(await build()).toEqual({ rendered: 1, reused: 4 });
    expect(folder(out)).toEqual(await cleanBuild(dir));
    await rm(path.join(dir, 'es'), { recursive: true });
    expect(await build()).toEqual({ rendered: 0, reused: 4 });
    expect(folder(out)).toEqual(await cleanBuild(dir));

    await rm(path.join(dir, 'account/password.md'));
    expect(await build()).toEqual({ rendered: 0, reused: 3 });
    expect(folder(out)).toEqual(await cleanBuild(dir));
    // The deleted article's work is not kept.
    expect(cacheText(cache)).not.toContain('forgot');
  });

  it('reads an image once however many articles show it, again only once it changed, and publishes what a clean build does', async () => {
    const dir = await tempFolder({
      'a.md': article('title: Screens\ndescription: a', 'The first screen.\n\n![One](img/one.png)\n'),
      'b.md': article('title: More screens\ndescription: b', 'Both screens.\n\n![One](img/one.png) ![Two](img/two.png)\n'),
      'img/one.png': png('one'),
      'img/two.png': png('two'),
    });
    const out = path.join(await tempFolder(), 'help');
    // Images read, and articles rendered.
    const build = async () => {
      const { stdout, code } = await runCli(['build', dir, '--out', out, '--timings']);
      expect(code).toBe(0);
      return [Number(/(\d+) images? read/.exec(stdout)![1]), reuse(stdout).rendered];
    };
    expect(await build()).toEqual([2, 2]);
    expect(await build()).toEqual([0, 0]);
    // The article that shows it is rendered again, pointing at its new name.
    await writeFile(path.join(dir, 'img/two.png'), png('two, taken again'));
    expect(await build()).toEqual([1, 1]);
    expect(folder(out)).toEqual(await cleanBuild(dir));
    // A published image missing from the output is written again, from its file.
    const one = readdirSync(path.join(out, 'assets')).find((name) => name.startsWith('one.'))!;
    await rm(path.join(out, 'assets', one));
    expect(await build()).toEqual([0, 0]);
    expect(readFileSync(path.join(out, 'assets', one))).toEqual(png('one'));
    // The same file under another name (a link inside the content folder) is published under that
    // name, from the cache as by a clean build.
    await symlink('one.png', path.join(dir, 'img/first.png'));
    await writeFile(path.join(dir, 'c.md'), article('title: First screen\ndescription: c', 'Again.\n\n![First](img/first.png)\n'));
    expect(await build()).toEqual([0, 1]);
    expect(readdirSync(path.join(out, 'assets')).filter((name) => name.startsWith('first.'))).toHaveLength(1);
    expect(folder(out)).toEqual(await cleanBuild(dir));
  });

  it('updates the shards of the last output after an edit, to the same files as a clean build', async () => {
    // Enough words for many shards: an edit's words fall in a few, the others are taken as they were.
    const text = (i: number, extra = '') => article(`title: Topic ${i} plan${i % 13}\ndescription: About item${i}.`, `Words term${i} shared${i % 7} other${(i * 31) % 97}.${extra}\n\n## Part ${i % 5}\n\nMore text${i % 17} word${i}x here.\n`);
    const dir = await tempFolder(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`topic-${i % 9}/a-${i}.md`, text(i)])));
    const out = path.join(await tempFolder(), 'help');
    const build = async () => {
      const result = await runCli(['build', dir, '--out', out, '--timings']);
      expect(result.stderr).toBe('');
      return reuse(result.stdout);
    };
    await build();
    expect(readdirSync(path.join(out, 'en/terms')).length).toBeGreaterThan(5);
    const edits: [number, string][] = [
      // A new word, and one of its own gone.
      [120, ' Brandnewword aaaa zzzz.'],
      // The same article again, its new words gone; and one sorted before every other word.
      [120, ''],
      [3, ' 0000 first.'],
    ];
    for (const [i, extra] of edits) {
      await writeFile(path.join(dir, `topic-${i % 9}/a-${i}.md`), text(i, extra).replace(`term${i}`, extra ? `renamed${i}` : `term${i}`));
      expect(await build()).toEqual({ rendered: 1, reused: 299 });
      expect(folder(out)).toEqual(await cleanBuild(dir));
    }
    // Shards altered since, each keeping its size: an update reads only the shards it touches,
    // finds them changed, and makes the shards afresh.
    for (const name of readdirSync(path.join(out, 'en/terms'))) alterKeepingSize(path.join(out, 'en/terms', name));
    await writeFile(path.join(dir, 'topic-3/a-120.md'), text(120, ' Zebrafruit.'));
    expect(await build()).toEqual({ rendered: 1, reused: 299 });
    expect((await (await openIndex(out)).search('zebrafruit')).results[0]?.slug).toBe('topic-3/a-120');
  }, 120_000);

  it('does not use a cache made with other options or by another version of Selfserve', async () => {
    const dir = await content();
    const out = path.join(await tempFolder(), 'help');
    const build = async (extra: string[] = []) => reuse((await runCli(['build', dir, '--out', out, '--timings', ...extra])).stdout);
    const CACHE = cachePath((await runCli(['build', dir, '--out', out, '--timings'])).stdout);
    // A cache that would give wrong HTML if it were used (with a mark no widget file holds).
    const stale = (entry: { html?: string }) => (entry.html = '<p>STALE-CACHE-MARK</p>');
    await alterCache(CACHE, { entry: stale });
    expect(await build(['--locale', 'es'])).toEqual({ rendered: 3, reused: 0 });
    expect(folder(out)).toEqual(await cleanBuild(dir, ['--locale', 'es']));

    await alterCache(CACHE, { index: (index) => (index.key.version = '0.0.1'), entry: stale });
    expect(await build(['--locale', 'es'])).toEqual({ rendered: 3, reused: 0 });
    expect(JSON.stringify(folder(out))).not.toContain('STALE-CACHE-MARK');

    // The same key: the cache is used, stale HTML and all (which is what makes the two checks above
    // mean something). Without an earlier output to link its buckets from, the HTML is the cache's.
    await alterCache(CACHE, { entry: stale });
    await rm(out, { recursive: true });
    expect(await build(['--locale', 'es'])).toEqual({ rendered: 0, reused: 3 });
    expect(JSON.stringify(folder(out))).toContain('STALE-CACHE-MARK');
  });

  it('rebuilds around an unchanged article whose links and images are warned about, with the same warnings', async () => {
    // Placing those warnings reads the cached article's file again; the build went on to lose the
    // sections of its cached body, and the next step failed with "unexpected error".
    const dir = await tempFolder({
      'a.md': article('title: A\ndescription: a', 'See [the notes](notes.txt) and <img src="gone.png" alt="gone">.\n\n## More\n\nText.\n'),
      'b.md': article('title: B\ndescription: b', 'Words.\n'),
      'notes.txt': 'notes',
    });
    const out = path.join(await tempFolder(), 'help');
    const first = await runCli(['build', dir, '--out', out]);
    expect(first.code).toBe(0);
    const warnings = first.stderr.split('\n').filter((line) => line.includes('warning:'));
    expect(warnings).toHaveLength(2);
    await writeFile(path.join(dir, 'b.md'), article('title: B\ndescription: b', 'Other words.\n'));
    const second = await runCli(['build', dir, '--out', out, '--timings']);
    expect(second.code).toBe(0);
    expect(reuse(second.stdout)).toEqual({ rendered: 1, reused: 1 });
    expect(second.stderr.split('\n').filter((line) => line.includes('warning:'))).toEqual(warnings);
    const clean = path.join(await tempFolder(), 'help');
    expect((await runCli(['build', dir, '--out', clean])).code).toBe(0);
    expect(folder(out)).toEqual(folder(clean));
  });

  it('checks the links of an unchanged article again only when an article they may point at changed, or when they had a problem', async () => {
    const dir = await tempFolder({
      'pay.md': article('title: Pay\ndescription: p', 'See [the codes](codes.md#charge-codes).\n\n![The bill](bill.png)\n'),
      'bill.png': png('bill'),
      'codes.md': article('title: Codes\ndescription: c', 'Intro.\n\n## Charge codes\n\nGPRR.\n'),
      'notes.md': article('title: Notes\ndescription: n', 'See [the sheet](sheet.txt).\n'),
      'other.md': article('title: Other\ndescription: o', 'Words.\n'),
      'sheet.txt': 'rates',
    });
    const out = path.join(await tempFolder(), 'help');
    const run = () => runCli(['build', dir, '--out', out, '--timings']);
    const checked = (stdout: string) => Number(/links of (\d+) articles? checked/.exec(stdout)![1]);
    const edit = (file: string, frontmatter: string, body: string) => writeFile(path.join(dir, file), article(frontmatter, body));
    expect(checked((await run()).stdout)).toBe(2);

    // A change no link can see: only the link that had a problem (a file that is not an article) is checked.
    await edit('other.md', 'title: Other\ndescription: o', 'Other words.\n');
    let result = await run();
    expect(result.code).toBe(0);
    expect(checked(result.stdout)).toBe(1);
    const clean = async () => {
      const to = path.join(await tempFolder(), 'help');
      expect((await runCli(['build', dir, '--out', to])).code).toBe(0);
      return folder(to);
    };
    expect(folder(out)).toEqual(await clean());

    // Its image changed, the article is rendered again: with the links' targets its cache entry gave.
    await writeFile(path.join(dir, 'bill.png'), png('another bill'));
    result = await run();
    expect(result.code).toBe(0);
    expect(checked(result.stdout)).toBe(1);
    expect(reuse(result.stdout).rendered).toBe(1);
    expect(folder(out)).toEqual(await clean());
    expect(JSON.stringify(folder(out))).toContain('#help/codes#charge-codes');

    // That file removed: its link is broken now.
    await rm(path.join(dir, 'sheet.txt'));
    result = await run();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('notes.md');
    expect(result.stderr).toContain('broken link: `sheet.txt` does not exist');
    await writeFile(path.join(dir, 'sheet.txt'), 'rates');

    // The heading a link names, renamed: every link is checked again, the unchanged article's too.
    await edit('codes.md', 'title: Codes\ndescription: c', 'Intro.\n\n## Fee codes\n\nGPRR.\n');
    result = await run();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/pay\.md:\d+:\d+: error: broken link: `codes\.md#charge-codes` — codes\.md has no heading with anchor `#charge-codes`/);
    await edit('codes.md', 'title: Codes\ndescription: c', 'Intro.\n\n## Charge codes\n\nGPRR.\n');

    // An article's own link broken by an edit of its own.
    await edit('pay.md', 'title: Pay\ndescription: p', 'See [the codes](codes.md#fee-codes).\n');
    result = await run();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('broken link: `codes.md#fee-codes`');
  });

  it('resolves a link to the anchor of a title written as a `# heading` from the cache, and checks it again when that title changes', async () => {
    const dir = await tempFolder({
      'stream.md': article('description: s', '# Stream\n\nIntro.\n'),
      'b.md': article('title: B\ndescription: b', 'Words.\n'),
    });
    const out = path.join(await tempFolder(), 'help');
    const run = () => runCli(['build', dir, '--out', out]);
    expect((await run()).code).toBe(0);
    // The linked article comes from the cache, with its title's anchor.
    await writeFile(path.join(dir, 'b.md'), article('title: B\ndescription: b', 'See [the stream](stream.md#stream).\n'));
    let result = await run();
    expect(result.stderr).toBe('');
    expect(Object.values(folder(out)).some((text) => String(text).includes('href=\\"#help/stream\\"'))).toBe(true);
    const clean = path.join(await tempFolder(), 'help');
    expect((await runCli(['build', dir, '--out', clean])).code).toBe(0);
    expect(folder(out)).toEqual(folder(clean));
    // The title renamed: the unchanged article's link is checked again.
    await writeFile(path.join(dir, 'stream.md'), article('description: s', '# Streams\n\nIntro.\n'));
    result = await run();
    expect(result.stderr).toMatch(/b\.md:\d+:\d+: warning: broken link: `stream\.md#stream` — stream\.md has no heading with anchor `#stream`/);
  });

  it('checks every link again after a save whose index was never put in place', async () => {
    const saved = path.join(await tempFolder(), 'cache');
    const key: CacheKey = { version: '1.0.0', code: 'code', format: 1, strict: false, defaultLocale: 'en' };
    const cache = new BuildCache(key);
    cache.files.set('/content/a.md', { stat: '1:a', checkedAt: 0, hash: 'a', problems: [] });
    cache.checkedLinks = { world: 'first', troubled: new Set(['/content/a.md']) };
    await (await cache.stage(saved)).commit();
    let loaded = await BuildCache.load(saved, key);
    loaded.close();
    expect(loaded.checkedLinks).toEqual({ world: 'first', troubled: new Set(['/content/a.md']) });

    // The next build saved its entries, whose links it checked against another folder, and was
    // killed before it saved its index.
    cache.files.set('/content/a.md', { stat: '2:a', checkedAt: 0, hash: 'a2', problems: [] });
    cache.checkedLinks = { world: 'second', troubled: new Set() };
    await (await cache.stageParts(saved)).commit();
    loaded = await BuildCache.load(saved, key);
    loaded.close();
    expect(loaded.files.get('/content/a.md')?.hash).toBe('a2');
    expect(loaded.checkedLinks.world).toBe('');
  });

  it('links the files of the earlier output that did not change, and writes again one that was removed', async () => {
    const dir = await content();
    const out = path.join(await tempFolder(), 'help');
    const first = await runCli(['build', dir, '--out', out, '--timings']);
    const total = files(first.stdout).written;
    expect(files(first.stdout).kept).toBe(0);
    await writeFile(path.join(dir, 'billing/pay.md'), article('title: Pay your bill\ndescription: Ways to pay.', 'Pay by card or cheque. See [codes](codes.md#charge-codes).\n'));
    const second = await runCli(['build', dir, '--out', out, '--timings']);
    expect(files(second.stdout).kept).toBeGreaterThan(0);
    expect(files(second.stdout).written + files(second.stdout).kept).toBe(total);
    expect(folder(out)).toEqual(await cleanBuild(dir));
    // A file of the output that something else removed is written again.
    const shard = Object.keys(folder(out)).find((file) => file.includes('/terms/'))!;
    await rm(path.join(out, shard));
    await runCli(['build', dir, '--out', out]);
    expect(folder(out)).toEqual(await cleanBuild(dir));
  });

  it('forgets the files of the last output that are gone before it writes any again: a build that fails meanwhile leaves none its record vouches for', async () => {
    const dir = await content();
    const out = path.join(await tempFolder(), 'help');
    const cache = cachePath((await runCli(['build', dir, '--out', out, '--timings'])).stdout);
    const recorded = () => new Set((JSON.parse(readFileSync(path.join(cache, 'index.json'), 'utf8')) as { outputs: [string, string][] }).outputs.map(([file]) => file));
    const shard = [...recorded()].find((file) => file.includes('/terms/'))!;
    expect(shard).toBeDefined();
    // All of the output removed but its manifest, and a folder where the widget's script goes: the next build fails to write it.
    const manifest = readFileSync(path.join(out, 'manifest.json'), 'utf8');
    await rm(out, { recursive: true });
    await mkdir(path.join(out, 'selfserve.js'), { recursive: true });
    await writeFile(path.join(out, 'manifest.json'), manifest);
    const failed = await runCli(['build', dir, '--out', out]);
    expect(failed.code).not.toBe(0);
    expect(recorded().has(shard)).toBe(false);
    expect(recorded().has('manifest.json')).toBe(true);
    await rm(path.join(out, 'selfserve.js'), { recursive: true });
    expect((await runCli(['build', dir, '--out', out])).code).toBe(0);
    expect(folder(out)).toEqual(await cleanBuild(dir));
  });

  it('after one change, reads the HTML, tokens and headings of no other article from the cache when its bucket has no other', async () => {
    // 24 articles in 6 content buckets, the first alone in its bucket.
    const buckets = bucketCount(24);
    const slugs: string[] = [];
    for (let i = 0; slugs.length < 24; i++) {
      const slug = `topic/article-${i}`;
      if (bucketOf(slug, buckets) !== 0 || !slugs.length) slugs.push(slug);
    }
    const alone = slugs[0];
    // Each links to a heading of the next: checking those links needs the anchors of every article.
    const next = (slug: string) => path.basename(slugs[(slugs.indexOf(slug) + 1) % slugs.length]);
    const text = (slug: string, extra = '') => article(`title: About ${slug}\ndescription: What ${slug} is.`, `Words about ${slug}.${extra} See [the next](${next(slug)}.md#more).\n\n## More\n\nDetails of ${slug}.\n`);
    const dir = await tempFolder(Object.fromEntries(slugs.map((slug) => [`${slug}.md`, text(slug)])));
    const out = path.join(await tempFolder(), 'help');
    const cache = cachePath((await runCli(['build', dir, '--out', out, '--timings'])).stdout);
    // Every file's HTML and tokens made unreadable: a build that read one would fail.
    for (const name of readdirSync(cache).filter((name) => name.startsWith('files-'))) {
      const [first, ...heavy] = (await readFile(path.join(cache, name), 'utf8')).split('\n');
      await writeFile(path.join(cache, name), [first, ...heavy.map(() => '{"html":')].join('\n'));
    }
    await writeFile(path.join(dir, `${alone}.md`), text(alone, ' One sentence more.'));
    const rebuilt = await runCli(['build', dir, '--out', out, '--timings']);
    expect(rebuilt.stderr).toBe('');
    expect(reuse(rebuilt.stdout)).toEqual({ rendered: 1, reused: 23 });
    expect(folder(out)).toEqual(await cleanBuild(dir));
    // Another article shares its bucket with others: their HTML is needed, and the damage is reported.
    const shared = slugs.find((slug) => slug !== alone)!;
    await writeFile(path.join(dir, `${shared}.md`), text(shared, ' One sentence more.'));
    const before = folder(out);
    const failed = await runCli(['build', dir, '--out', out]);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain(`the build cache in ${cache} is damaged: delete that folder and build again`);
    expect(folder(out)).toEqual(before);
  });

  it('reports the same problems from the cache as a clean build: an empty section, and no other', async () => {
    const dir = await content();
    await writeFile(path.join(dir, 'billing/refunds.md'), article('title: Refunds\ndescription: Getting money back.', 'Ask support.\n\n## Empty\n\n## By card\n\nIt takes a week.\n'));
    const out = path.join(await tempFolder(), 'help');
    const first = await runCli(['build', dir, '--out', out]);
    await writeFile(path.join(dir, 'billing/pay.md'), article('title: Pay your bill\ndescription: Ways to pay.', 'Pay by card or by phone. See [codes](codes.md#charge-codes).\n'));
    const rebuilt = await runCli(['build', dir, '--out', out, '--timings']);
    expect(reuse(rebuilt.stdout)).toEqual({ rendered: 1, reused: 3 });
    const clean = await runCli(['build', dir, '--out', path.join(await tempFolder(), 'help')]);
    expect(rebuilt.stderr).toBe(clean.stderr);
    expect(first.stderr).toBe(clean.stderr);
    expect(clean.stderr.match(/is empty/g)).toEqual(['is empty']);
  });

  it('leaves the output and its cache as they were when a build fails', async () => {
    const dir = await content();
    const out = path.join(await tempFolder(), 'help');
    const cache = cachePath((await runCli(['build', dir, '--out', out, '--timings'])).stdout);
    const before = folder(out);
    const cached = cacheText(cache);
    await writeFile(path.join(dir, 'billing/pay.md'), '---\ntitle: [broken\n---\n');
    const failed = await runCli(['build', dir, '--out', out]);
    expect(failed.code).toBe(1);
    expect(folder(out)).toEqual(before);
    expect(cacheText(cache)).toBe(cached);
  });

  it('saves the tokens of every article, which a single build lets go once the index has them', async () => {
    const dir = await content();
    const cache = cachePath((await runCli(['build', dir, '--out', path.join(await tempFolder(), 'help'), '--timings'])).stdout);
    const heavy = readdirSync(cache)
      .filter((name) => name.startsWith('files-'))
      .flatMap((name) => readFileSync(path.join(cache, name), 'utf8').split('\n').slice(1).map((line) => JSON.parse(line) as { tokens?: { body?: string }[] }));
    expect(heavy).toHaveLength(3);
    for (const { tokens } of heavy) expect(tokens?.map((record) => record.body ?? '').join(' ')).toMatch(/\w/);
  });

  it('leaves the cache as it was when the output cannot be written after its entries were saved', async () => {
    const dir = await content();
    const out = path.join(await tempFolder(), 'help');
    const cache = cachePath((await runCli(['build', dir, '--out', out, '--timings'])).stdout);
    const cached = cacheText(cache);
    await writeFile(path.join(dir, 'billing/pay.md'), article('title: Pay your bill\ndescription: Ways to pay.', 'Pay by card or by bank transfer.\n'));
    // Another build (this process) is writing the output: this one stops once its entries are staged.
    await writeFile(`${out}.selfserve-lock`, String(process.pid));
    const failed = await runCli(['build', dir, '--out', out]);
    expect(failed.stderr).toContain('another build');
    expect(failed.code).not.toBe(0);
    expect(cacheText(cache)).toBe(cached);
  });

  it('saves the cache under temporary names while the output is written, put in place only once it is swapped in', async () => {
    const saved = path.join(await tempFolder(), 'cache');
    const key: CacheKey = { version: '1.0.0', code: 'code', format: 1, strict: false, defaultLocale: 'en' };
    const entry = (hash: string) => ({ stat: `1:${hash}`, checkedAt: 0, hash, problems: [] });
    const savedFiles = async () => {
      const loaded = await BuildCache.load(saved, key);
      loaded.close();
      return [...loaded.files.keys()].sort();
    };
    const cache = new BuildCache(key);
    cache.files.set('/content/a.md', entry('a'));
    await (await cache.stage(saved)).commit();
    const before = cacheText(saved);
    cache.files.set('/content/b.md', entry('b'));

    // The output could not be swapped in: the saved cache is the last build's, and nothing else is left.
    await (await cache.stage(saved)).discard();
    expect(cacheText(saved)).toBe(before);
    expect(await savedFiles()).toEqual(['/content/a.md']);

    const staged = await cache.stage(saved);
    expect(await savedFiles()).toEqual(['/content/a.md']);
    await staged.commit();
    expect(readdirSync(saved).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(await savedFiles()).toEqual(['/content/a.md', '/content/b.md']);

    // Stopped between parts (dev, when the next build starts): what it wrote goes, and the parts
    // it did not save are saved by the next save.
    for (let i = 0; i < 40; i++) cache.files.set(`/content/c${i}.md`, entry(`c${i}`));
    const stop = new AbortController();
    const stopped = cache.stage(saved, { signal: stop.signal });
    stop.abort();
    await expect(stopped).rejects.toThrow(/abort/i);
    expect(readdirSync(saved).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(await savedFiles()).toEqual(['/content/a.md', '/content/b.md']);
    await (await cache.stage(saved)).commit();
    expect((await savedFiles()).length).toBe(42);
  });

  it('loads a part whose first line is longer than it reads at once, and the parts after it', async () => {
    const saved = path.join(await tempFolder(), 'cache');
    const key: CacheKey = { version: '1.0.0', code: 'code', format: 1, strict: false, defaultLocale: 'en' };
    const cache = new BuildCache(key);
    // Half a MB in one entry's light fields; the others small, in every part.
    const long = 'x'.repeat(512 * 1024);
    cache.files.set('/content/long.md', { stat: '1:long', checkedAt: 0, hash: 'long', problems: [{ severity: 'warning', file: '/content/long.md', line: 1, col: 1, message: long }] });
    for (let i = 0; i < 200; i++) cache.files.set(`/content/a${i}.md`, { stat: `1:${i}`, checkedAt: 0, hash: `h${i}`, problems: [] });
    await (await cache.stage(saved)).commit();
    const loaded = await BuildCache.load(saved, key);
    loaded.close();
    expect(loaded.files.size).toBe(201);
    expect(loaded.files.get('/content/long.md')?.problems[0].message).toBe(long);
    for (let i = 0; i < 200; i++) expect(loaded.files.get(`/content/a${i}.md`)?.hash).toBe(`h${i}`);
  });

  it('removes the parts it saved when its index cannot be saved', async () => {
    const saved = path.join(await tempFolder(), 'cache');
    const cache = new BuildCache({ version: '1.0.0', code: 'code', format: 1, strict: false, defaultLocale: 'en' });
    for (let i = 0; i < 10; i++) cache.files.set(`/content/a${i}.md`, { stat: `1:${i}`, checkedAt: 0, hash: `h${i}`, problems: [] });
    // Where the index would be written, a folder: writing it fails.
    await mkdir(path.join(saved, `index.json.${process.pid}.tmp`), { recursive: true });
    await expect(cache.stage(saved)).rejects.toThrow();
    expect(readdirSync(saved)).toEqual([`index.json.${process.pid}.tmp`]);
  });

  it('in --watch, rebuilds one changed article from the cache, to the same files as a clean build', async () => {
    const dir = await content();
    const out = path.join(await tempFolder(), 'help');
    const { child, waitFor } = watchCli(dir, out);
    try {
      let at = await waitFor(/Watching/, 0);
      await writeFile(path.join(dir, 'account/password.md'), article('title: Reset your password\ndescription: When you forgot it.', 'Open the settings.\n'));
      at = await waitFor(/Built 3 articles/, at);
      const copy = path.join(await tempFolder(), 'copy');
      await cp(out, copy, { recursive: true });
      expect(folder(copy)).toEqual(await cleanBuild(dir));
    } finally {
      child.kill();
    }
  });

  // A build run from a program (the bench, a site's own script) opened the cache's parts and never
  // closed them: a few dozen descriptors per rebuild, until the process ran out.
  it('closes the parts of the cache it opened when a single build ends', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`a${i}.md`] = article(`title: Article ${i}\ndescription: Tiny ${i}.`, `Text ${i}.\n`);
    const dir = await tempFolder(files);
    const quiet = { contentDir: dir, out: path.join(await tempFolder(), 'help'), log: () => {}, error: () => {} };
    expect(await build(quiet)).toBe(0);
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    for (const text of ['Changed.', 'Changed again.']) {
      await writeFile(path.join(dir, 'a0.md'), article('title: Article 0\ndescription: Tiny 0.', `${text}\n`));
      expect(await build(quiet)).toBe(0);
    }
    expect(open()).toBeLessThan(before + 5);
  });
});
