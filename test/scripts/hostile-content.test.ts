import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openIndex } from '../../src/node/index.ts';
import { runCli, watchCli } from '../helpers/cli.ts';
import { article, tempFolder } from '../helpers/content.ts';

// Reproductions of the build-side attacks of #17, each through the real CLI.
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const SECRET = 'CI_DEPLOY_TOKEN=ghp_not_for_publishing';

async function build(files: Record<string, string | Buffer>, setup?: (dir: string) => void, ...flags: string[]) {
  const dir = await tempFolder(files);
  setup?.(dir);
  const out = path.join(await tempFolder(), 'help');
  return { dir, out, ...(await runCli(['build', dir, '--out', out, ...flags])) };
}

/** Every file the build wrote, as text, to look for what must never be published. */
function published(out: string): string {
  if (!existsSync(out)) return '';
  return readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => readFileSync(path.join(f.parentPath, f.name), 'latin1'))
    .join('\n');
}

const withImage = (src: string) => article('title: Pictures\ndescription: p', `Intro.\n\n![A picture](${src})\n`);

describe('the build publishes only regular files inside the content folder (#17, item 1)', () => {
  it.each([
    ['a symlink to a file outside', 'leak.png', (dir: string, outside: string) => symlinkSync(path.join(outside, 'secret.png'), path.join(dir, 'leak.png')), /image `leak\.png` is not published: it is a symbolic link that leads outside the content folder/],
    ['a symlink to /proc/self/environ', 'environ.png', (dir: string) => symlinkSync('/proc/self/environ', path.join(dir, 'environ.png')), /image `environ\.png` is not published: it is a symbolic link that leads outside the content folder/],
    ['an image through a symlinked folder', 'shared/secret.png', (dir: string, outside: string) => symlinkSync(outside, path.join(dir, 'shared')), /image `shared\/secret\.png` is not published: it is reached through a symbolic link to a folder/],
    ['a hidden file', '.env.png', (dir: string) => writeFileSync(path.join(dir, '.env.png'), SECRET), /image `\.env\.png` is not published: it is a hidden file/],
    ['a file in a hidden folder', '.private/key.png', (dir: string) => (mkdirSync(path.join(dir, '.private')), writeFileSync(path.join(dir, '.private/key.png'), SECRET)), /image `\.private\/key\.png` is not published: it is a hidden file/],
  ])('refuses %s, with file:line and exit 1, and publishes nothing', async (_name, src, plant, message) => {
    const outside = await tempFolder({ 'secret.png': SECRET });
    const { code, stderr, out } = await build({ 'a.md': withImage(src) }, (dir) => plant(dir, outside));
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`a\\.md:7:1: error: ${message.source}`));
    expect(published(out)).not.toContain('CI_DEPLOY_TOKEN');
  });

  it('skips an article that is a symlink to a file outside the content folder', async () => {
    const outside = await tempFolder({ 'notes.md': article('title: Private notes\ndescription: n', `${SECRET}\n`) });
    const { code, stderr, out } = await build({ 'a.md': article('title: A\ndescription: a') }, (dir) => symlinkSync(path.join(outside, 'notes.md'), path.join(dir, 'notes.md')));
    expect(code).toBe(0);
    expect(stderr).toMatch(/notes\.md:1:1: warning: symbolic link to a file outside the content folder: skipped/);
    expect(published(out)).not.toContain('CI_DEPLOY_TOKEN');
  });

  it('still publishes a real image inside the content folder, even through a file symlink inside it', async () => {
    const { code, out } = await build({ 'a.md': withImage('alias.png'), 'img/tray.png': PNG }, (dir) => symlinkSync(path.join(dir, 'img/tray.png'), path.join(dir, 'alias.png')));
    expect(code).toBe(0);
    expect(readdirSync(path.join(out, 'assets'))).toEqual([expect.stringMatching(/^alias\.[0-9a-f]{16}\.png$/)]);
  });
});

describe('no active content is published as an image (#17, item 2)', () => {
  it('publishes an SVG without its scripts, event handlers, foreign HTML and links', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(1)">
<script>alert(document.cookie)</script><foreignObject><iframe src="javascript:alert(2)"></iframe></foreignObject>
<a xlink:href="javascript:alert(3)"><rect width="10" height="10" fill="#fc0"/></a><set attributeName="onmouseover" to="alert(4)"/>
<use href="https://evil.example/sprite.svg#x"/><style>@import url(https://evil.example/x.css);</style></svg>`;
    const { code, out } = await build({ 'a.md': withImage('logo.svg'), 'logo.svg': svg });
    expect(code).toBe(0);
    const [asset] = readdirSync(path.join(out, 'assets'));
    const text = readFileSync(path.join(out, 'assets', asset), 'utf8');
    expect(text).toContain('<rect width="10" height="10" fill="#fc0"');
    for (const active of ['<script', 'onload', 'foreignObject', 'iframe', 'javascript:', '<set', 'evil.example', '<style']) expect(text).not.toContain(active);
  });

  it.each([
    ['an .html file', 'page.html', '<script>alert(1)</script>', /image `page\.html` is not published: it is not an image/],
    ['HTML named .png', 'fake.png', '<html><script>alert(1)</script></html>', /image `fake\.png` is not published: its content is not a PNG image/],
    ['an SVG with nothing drawable', 'empty.svg', '<html><body><script>alert(1)</script></body></html>', /image `empty\.svg` is not published: it is not an SVG image/],
  ])('refuses %s', async (_name, file, text, message) => {
    const { code, stderr, out } = await build({ 'a.md': withImage(file), [file]: text });
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(published(out)).not.toContain('alert(1)');
  });
});

describe('--out keeps folders that are not ours (#17, items 4 and 10)', () => {
  it('refuses a site folder that holds a web app manifest.json', async () => {
    const site = await tempFolder({ 'manifest.json': JSON.stringify({ name: 'My app', start_url: '/' }), 'index.html': '<h1>My site</h1>' });
    const content = await tempFolder({ 'a.md': article('title: A\ndescription: a') });
    const { code, stderr } = await runCli(['build', content, '--out', site]);
    expect(code).toBe(3);
    expect(stderr).toContain('is not a Selfserve index (no manifest.json with "format": "selfserve-index"): it will not be replaced');
    expect(readFileSync(path.join(site, 'index.html'), 'utf8')).toBe('<h1>My site</h1>');
  });

  it('leaves a sibling backup alone, and removes only the temporary folders it named itself', async () => {
    const content = await tempFolder({ 'a.md': article('title: A\ndescription: a') });
    const parent = await tempFolder({ 'help.old-2024-12-01/keep.txt': 'backup', 'help.tmp-1-x/keep.txt': 'mine too' });
    // A temporary folder of a build whose process is gone (no process has this id).
    mkdirSync(path.join(parent, 'help.selfserve-tmp-99999999-abc'));
    const { code } = await runCli(['build', content, '--out', path.join(parent, 'help')]);
    expect(code).toBe(0);
    expect(readdirSync(parent).sort()).toEqual(['help', 'help.old-2024-12-01', 'help.tmp-1-x']);
    expect(readFileSync(path.join(parent, 'help.old-2024-12-01/keep.txt'), 'utf8')).toBe('backup');
  });
});

// 3,000 levels: once a stack overflow (exit 70, no file named), or minutes and gigabytes.
const deep = {
  blockquote: `${'>'.repeat(3000)} quoted\n`,
  spacedBlockquote: `${'> '.repeat(3000)}quoted\n`,
  emphasis: `${'*'.repeat(3000)}loud${'*'.repeat(3000)}\n`,
  nestedEmphasis: `${'*a _'.repeat(3000)}x${'_ a*'.repeat(3000)}\n`,
  list1000: Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n') + '\n',
  list3000: Array.from({ length: 3000 }, (_, i) => `${'   '.repeat(i)}1. item ${i}`).join('\n') + '\n',
};

describe('hostile markdown gives a file:line error, never a crash (#17, item 9)', () => {
  it.each(Object.entries(deep))('%s', async (_name, body) => {
    const { code, stderr, stdout } = await build({ 'ok.md': article('title: OK\ndescription: o'), 'bad.md': article('title: Bad\ndescription: b', `Intro.\n\n${body}`) });
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad\.md:\d+:1: error: (quotes or lists nested \d+ deep|emphasis nested too deeply)/);
    expect(stderr).not.toMatch(/RangeError|unexpected error|at .*\.ts:\d+/);
    expect(stdout).toBe('');
  });

  it('a YAML alias bomb', async () => {
    const bomb = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n');
    const { code, stderr } = await build({ 'bomb.md': `---\ntitle: Bomb\n${bomb}\n---\nText.\n` });
    expect(code).toBe(1);
    expect(stderr).toMatch(/bomb\.md:4:8: error: invalid YAML in frontmatter: its `\*aliases` repeat values too many times/);
  });

  it('--watch reports such a file and keeps going', async () => {
    const content = await tempFolder({ 'a.md': article('title: First\ndescription: a') });
    const out = path.join(await tempFolder(), 'help');
    const { child, waitFor, output } = watchCli(content, out);
    try {
      let at = await waitFor(/Watching/, 0);
      await writeFile(path.join(content, 'a.md'), article('title: Deep\ndescription: a', deep.blockquote));
      at = await waitFor(/build failed/, at);
      expect(output()).toMatch(/a\.md:5:1: error: quotes or lists nested 3000 deep/);
      await writeFile(path.join(content, 'a.md'), article('title: Fixed\ndescription: a'));
      await waitFor(/Built 1 article /, at);
      expect(child.exitCode).toBeNull();
      expect((await (await openIndex(out)).article('a')).title).toBe('Fixed');
    } finally {
      child.kill();
    }
  }, 60_000);
});

describe('frontmatter and file names that would break quietly (#17, items 14 and 16, globs)', () => {
  it.each([
    ['a newline', 'bad\nname.md', '\\n'],
    ['#', 'faq#1.md', '#'],
    ['%', '100%.md', '%'],
    ['?', 'why?.md', '?'],
  ])('refuses a file name with %s in its slug', async (_name, file, shown) => {
    const { code, stderr } = await build({ [file]: article('title: T\ndescription: t') });
    expect(code).toBe(1);
    expect(stderr).toContain(`error: the file name gives the slug ${JSON.stringify(file.replace('.md', ''))}, which holds \`${shown}\`: deep links to it would break; rename the file or set \`slug:\``);
  });

  it('refuses the same accented name in NFC and NFD', async () => {
    const nfc = 'caf\u00e9.md';
    const nfd = 'cafe\u0301.md';
    const { code, stderr } = await build({ [nfc]: article('title: One\ndescription: a'), [nfd]: article('title: Two\ndescription: b') });
    expect(code).toBe(1);
    expect(stderr.normalize('NFC')).toMatch(/error: slug `café` is already used by café\.md \(the same name, with its accents encoded differently\): rename one file/);
  });

  it('refuses `terms: { __proto__: … }` with its line instead of dropping it', async () => {
    const { code, stderr } = await build({ 'a.md': article('title: A\ndescription: a\nterms:\n  GPRR: Roaming data.\n  __proto__: Polluted.') });
    expect(code).toBe(1);
    expect(stderr).toMatch(/a\.md:6:3: error: `__proto__` cannot be used as a name here: rename it/);
  });

  it('refuses a backtracking `pages:` glob in build and check', async () => {
    const glob = `/${'**?'.repeat(12)}Z`;
    const files = { 'a.md': article(`title: A\ndescription: a\npages: ["${glob}"]`) };
    const built = await build(files);
    expect(built.code).toBe(1);
    expect(built.stderr).toMatch(/a\.md:4:1: error: `pages` glob .* has \*\*\* |a\.md:4:1: error: `pages` glob .* wildcards: at most 8/);
    const dir = await tempFolder({ 'a.md': article('title: A\ndescription: a\npages: ["/a/**?**?**?**?**?/Z"]') });
    const checked = await runCli(['check', dir]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/a\.md:4:1: error: `pages` glob "\/a\/\*\*\?\*\*\?\*\*\?\*\*\?\*\*\?\/Z" has 10 wildcards: at most 8/);
    const fine = await tempFolder({ 'a.md': article('title: A\ndescription: a\npages: ["/account/**/bill/*"]') });
    expect((await runCli(['check', fine])).code).toBe(0);
  });
});
