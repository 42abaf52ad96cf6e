import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { article, tempFolder } from '../helpers/content.ts';
import { SAMPLE_CONTENT } from '../helpers/build.ts';

// Every article but the orphan is suggested on a page, so only planted problems are reported.
const fm = (title: string, extra = '') => `title: ${title}\ndescription: About ${title.toLowerCase()}.\npages: ["/x"]${extra ? `\n${extra}` : ''}`;

const planted: Record<string, string | Buffer> = {
  'hub.md': article(fm('Hub'), 'Intro.\n\n## Links\n\nSee [gone](missing.md) and [codes](codes.md#nope).\n'),
  'codes.md': article(fm('Codes'), 'Intro.\n\n## Rate codes\n\nMBRA.\n'),
  'codes-again.md': article(fm('Codes')),
  'dup-slug.md': article(fm('Dup', 'slug: codes')),
  'no-description.md': article('title: No description\npages: ["/x"]'),
  'images.md': article(fm('Images'), 'Intro.\n\n![](diagram.png)\n\n![Bill](missing.png)\n\n<img src="diagram.png" width="100">\n\n<img src="diagram.png" alt="">\n'),
  'diagram.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'skips.md': article(fm('Skips'), 'Intro.\n\n## Top\n\nText.\n\n#### Too deep\n\nText.\n'),
  'glob.md': article('title: Glob\ndescription: g.\npages: ["/account/[bill]"]'),
  'related.md': article(fm('Related', 'related: [nowhere]')),
  'orphan.md': article('title: Orphan\ndescription: Nobody links here.'),
  'long.md': article(fm('Long'), `${'word '.repeat(450)}\n`),
  'notes.md': article(fm('Notes'), 'Fees apply[^1], and taxes[^2].\n\nA pattern `[^abc]` in code is no footnote.\n\n[^1]: Monthly.\n[^old]: Never referred to.\n'),
};

describe('selfserve check', () => {
  it('reports each planted problem exactly once, compiler-style, and exits 1', async () => {
    const dir = await tempFolder(planted);
    const { code, stdout } = await runCli(['check', '.'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toBe(`codes-again.md:2:1: warning: title "Codes" is also the title of codes.md: readers cannot tell the two apart in results
dup-slug.md:1:1: error: slug \`codes\` is already used by codes.md: rename one file or set a different \`slug:\`
glob.md:4:1: error: \`pages\` glob "/account/[bill]" can never match: use a path with * (one segment) or ** (any depth), like /account/bill/*
hub.md:10:5: error: broken link: \`missing.md\` does not exist (no missing.md in the content folder)
hub.md:10:28: error: broken link: \`codes.md#nope\` — codes.md has no heading with anchor \`#nope\` (anchors: #rate-codes)
images.md:8:1: warning: image \`diagram.png\` has no alt text: describe it in the brackets, ![like this](diagram.png)
images.md:10:1: error: image \`missing.png\` does not exist (no missing.png in the content folder)
images.md:12:1: warning: image \`diagram.png\` in raw HTML has no alt text: describe it, <img src="diagram.png" alt="like this"> (alt="" if it is only decoration)
long.md:1:1: warning: 450 words and no ## headings: split it into sections so readers can scan it and search can point at the part that answers
no-description.md:1:1: warning: no \`description\`: add one sentence that tells readers what the article answers (it is shown in results)
notes.md:6:26: warning: footnote [^2] has no note, so it shows as written: add its note on a line of its own, \`[^2]: …\`, anywhere in the article
notes.md:11:1: warning: footnote [^old] is never referred to, so it is not shown: put [^old] where it belongs in the text, or remove it
orphan.md:1:1: warning: no article links here and no \`pages:\` suggests it: readers only find it by searching; link to it from a related article or add \`pages:\`
related.md:5:1: error: \`related\` names \`nowhere\`, which is not an article: use the slug of an article (its path without .md)
skips.md:12:1: warning: heading "Too deep" skips from h2 to h4: use ### so screen readers can follow the outline
6 errors, 9 warnings in 11 articles
`);
  });

  it('says, after a long list, the kinds most of its problems are of', async () => {
    const files: Record<string, string> = { 'hub.md': article(fm('Hub'), Array.from({ length: 12 }, (_, i) => `[a${i}](a${i}.md)`).join(' ') + '\n') };
    for (let i = 0; i < 12; i++) files[`a${i}.md`] = article(`title: Article ${i}\npages: ["/x"]`, `Intro.\n\n## Part ${'abcdefghijkl'[i]}\n`);
    const { stdout } = await runCli(['check', '.'], { cwd: await tempFolder(files) });
    // Each article's section named differently, and counted once as one kind.
    expect(stdout.split('\n').slice(-5).join('\n')).toBe(`Most of them:
     12  warning: no \`description\`
     12  warning: section "…" is empty
0 errors, 24 warnings in 13 articles
`);
    // A short list is the summary itself.
    const few = await runCli(['check', '.'], { cwd: await tempFolder({ 'a.md': article('title: A\npages: ["/x"]') }) });
    expect(few.stdout).not.toContain('Most of them');
  });

  it('notes a help center whose widget would list nothing before a search: no `order:` and no `pages:`', async () => {
    const note = 'note: no article has `order:` or `pages:`, so the widget lists none before the visitor types, nor when nothing matches';
    const none = await runCli(['check', '.'], { cwd: await tempFolder({ 'a.md': article('title: A\ndescription: a.'), 'b.md': article('title: B\ndescription: b.', '[a](a.md)\n') }) });
    expect(none.stdout).toContain(note);
    const ordered = await runCli(['check', '.'], { cwd: await tempFolder({ 'a.md': article('title: A\ndescription: a.\norder: 1'), 'b.md': article('title: B\ndescription: b.', '[a](a.md)\n') }) });
    expect(ordered.stdout).not.toContain('note: no article has');
  });

  it('prints JSON for CI with --format json', async () => {
    const dir = await tempFolder(planted);
    const { code, stdout } = await runCli(['check', dir, '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ articles: 11, errors: 6, warnings: 9 });
    expect(report.diagnostics[0]).toEqual({ severity: 'warning', file: path.relative(process.cwd(), path.join(dir, 'codes-again.md')), line: 2, col: 1, message: expect.stringContaining('title "Codes"') });
    // Those of links too, which a build keeps with where they are in the body (see patch-build.ts).
    expect(report.diagnostics.some((d: { message: string }) => d.message.includes('broken link'))).toBe(true);
    for (const d of report.diagnostics) expect(Object.keys(d)).toEqual(['severity', 'file', 'line', 'col', 'message']);
  });

  it('passes the sample help center, and fails warnings only with --strict', async () => {
    const sample = await runCli(['check', SAMPLE_CONTENT]);
    expect(sample.code).toBe(0);
    expect(sample.stdout).toBe('No problems found. 0 errors, 0 warnings in 62 articles\n');
    const dir = await tempFolder({ 'a.md': article('title: A\npages: ["/"]') });
    expect((await runCli(['check', dir])).code).toBe(0);
    expect((await runCli(['check', dir, '--strict'])).code).toBe(1);
  });

  it('fails a folder with no article, as the build would, unless its files already say why', async () => {
    const empty = await tempFolder({ 'notes.txt': 'not an article', 'draft.md': article('title: Draft\ndraft: true') });
    const { code, stdout } = await runCli(['check', '.'], { cwd: empty });
    expect(code).toBe(1);
    expect(stdout).toBe('.:1:1: error: no articles found in this folder: add .md files with a `title:` in their frontmatter\n1 error, 0 warnings in 0 articles\n');
    const broken = await tempFolder({ 'a.md': '---\ntitle: [\n---\n' });
    const only = await runCli(['check', broken]);
    expect(only.code).toBe(1);
    expect(only.stdout).not.toContain('no articles found');
  });
});
