import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileContent } from '../../../scripts/build/compile.ts';
import { newTimings } from '../../../scripts/build/timings.ts';
import { Diagnostics } from '../../../scripts/diagnostics.ts';
import { surveyContent, type ContentSurvey } from '../../../scripts/content/survey.ts';
import { article, tempFolder, writeFiles } from '../../helpers/content.ts';

async function compile(files: Record<string, string | Buffer>) {
  const dir = await tempFolder(files);
  const diagnostics = new Diagnostics();
  const compiled = await compileContent(dir, diagnostics);
  const problems = diagnostics.sorted().map((d) => `${d.file.slice(dir.length + 1)}:${d.line}:${d.col}: ${d.severity}: ${d.message}`);
  // The HTML of the article with this slug.
  const html = (slug: string) => compiled.articles.find((a) => a.slug === slug)!.html;
  return { compiled, problems, html };
}

const codes = article('title: Bill codes\ndescription: Codes.', 'Intro.\n\n## Rate codes\n\nMBRA is a rate.\n');

describe('compileContent', () => {
  it('takes the articles from a survey taken before it (see survey-thread.ts), if it is of this folder with the same left out', async () => {
    const dir = await tempFolder({ 'a.md': article('title: A') });
    const taken = surveyContent(dir, [], { stat: true });
    await writeFiles(dir, { 'b.md': article('title: B') });
    const slugs = async (survey: ContentSurvey, exclude?: string[]) => (await compileContent(dir, new Diagnostics(), { survey, exclude })).articles.map((a) => a.slug);
    expect(await slugs(taken)).toEqual(['a']);
    expect(await slugs(taken, [path.join(dir, 'out')])).toEqual(['a', 'b']);
    expect(await slugs(surveyContent(await tempFolder({ 'c.md': article('title: C') }), [], { stat: true }))).toEqual(['a', 'b']);
  });

  it('derives slugs from paths, lets frontmatter override them, and skips drafts', async () => {
    const { compiled, problems } = await compile({
      'billing/bill-codes.md': codes,
      'a.md': article('title: A\ndescription: a\nslug: custom/a'),
      'wip.md': article('title: WIP\ndraft: true'),
      '.hidden/x.md': article('title: Hidden'),
      'notes.txt': 'not an article',
    });
    expect(problems).toEqual([]);
    expect(compiled.articles.map((a) => a.slug)).toEqual(['billing/bill-codes', 'custom/a']);
  });

  it('rewrites links to other articles and checks their anchors', async () => {
    const { html: htmlOf, problems } = await compile({
      'billing/bill-codes.md': codes,
      'roaming/abroad.md': article('title: Abroad\ndescription: a', 'See [rates](../billing/bill-codes.md#rate-codes) and [top](#top).\n\n## Top\n\nx\n'),
    });
    expect(problems).toEqual([]);
    const html = htmlOf('roaming/abroad');
    expect(html).toContain('<a href="#help/billing/bill-codes#rate-codes" data-selfserve-article="billing/bill-codes" data-selfserve-anchor="rate-codes">rates</a>');
    expect(html).toContain('<a href="#help/roaming/abroad#top" data-selfserve-article="roaming/abroad" data-selfserve-anchor="top">top</a>');
  });

  it('reports broken links and anchors with file, line and column', async () => {
    const { problems } = await compile({
      'billing/bill-codes.md': codes,
      'b.md': article('title: B\ndescription: b', 'Intro.\n\nSee [gone](missing.md) and\nthe [codes](billing/bill-codes.md#nope).\n'),
    });
    expect(problems).toEqual([
      'b.md:7:5: error: broken link: `missing.md` does not exist (no missing.md in the content folder)',
      'b.md:8:5: error: broken link: `billing/bill-codes.md#nope` — billing/bill-codes.md has no heading with anchor `#nope` (anchors: #rate-codes)',
    ]);
  });

  it('takes the anchor of a title written as a `# heading` for the article\'s top, as GitHub does, and counts it', async () => {
    const { html: htmlOf, problems } = await compile({
      'stream.md': article('description: s', '# Stream\n\nIntro.\n\n## Stream\n\nMore.\n'),
      'b.md': article('title: B\ndescription: b', 'See [top](stream.md#stream) and [the section](stream.md#stream-1).\n'),
    });
    expect(problems).toEqual([]);
    const html = htmlOf('b');
    expect(html).toContain('<a href="#help/stream" data-selfserve-article="stream">top</a>');
    expect(html).toContain('<a href="#help/stream#stream-1" data-selfserve-article="stream" data-selfserve-anchor="stream-1">the section</a>');
  });

  it('reads an anchor in another case than its heading\'s as that heading\'s, as GitHub does, when only one is', async () => {
    const { html: htmlOf, problems } = await compile({
      'guide.md': article('title: Guide\ndescription: g', '## setGenReqId\n\nx\n\n## Fees {#FEES}\n\ny\n\n## More fees {#fees}\n\nz\n'),
      'b.md': article('title: B\ndescription: b', 'See [a](guide.md#setGenReqId) and [b](guide.md#Fees).\n'),
    });
    expect(htmlOf('b')).toContain('href="#help/guide#setgenreqid"');
    // Which of #FEES and #fees #Fees means, nobody can tell.
    expect(problems).toEqual(['b.md:5:35: error: broken link: `guide.md#Fees` — guide.md has no heading with anchor `#Fees`: did you mean `#FEES`?']);
  });

  it('takes the ids and <a name>s of raw HTML for anchors, as GitHub does, but not those written in code', async () => {
    const { html: htmlOf, problems } = await compile({
      'guide.md': article('title: Guide\ndescription: g', '<a name="install"></a>\n\nInstall it. See <span id="fees">fees</span>.\n\n`<a id="in-code">`\n'),
      'b.md': article('title: B\ndescription: b', 'See [a](guide.md#install), [b](guide.md#fees) and [c](guide.md#in-code).\n'),
    });
    expect(problems).toEqual(['b.md:5:51: error: broken link: `guide.md#in-code` — guide.md has no heading with anchor `#in-code` (anchors: #install, #fees)']);
    expect(htmlOf('b')).toContain('href="#help/guide#install"');
    expect(htmlOf('guide')).toContain('<a id="install"></a>');
  });

  it('names the anchor a broken one most likely meant, and lists at most 12 of the others', async () => {
    const headings = Array.from({ length: 14 }, (_, i) => `## Step ${i + 1} - Setup\n\nx\n`).join('\n');
    const { problems } = await compile({
      'guide.md': article('title: Guide\ndescription: g', `## toString\n\nx\n\n${headings}`),
      'b.md': article('title: B\ndescription: b', 'See [a](guide.md#to-string), [b](guide.md#step-3-setup) and [c](guide.md#nope).\n'),
    });
    const anchors = ['#tostring', ...Array.from({ length: 11 }, (_, i) => `#step-${i + 1}---setup`)].join(', ');
    expect(problems).toEqual([
      'b.md:5:5: error: broken link: `guide.md#to-string` — guide.md has no heading with anchor `#to-string`: did you mean `#tostring`?',
      'b.md:5:30: error: broken link: `guide.md#step-3-setup` — guide.md has no heading with anchor `#step-3-setup`: did you mean `#step-3---setup`?',
      `b.md:5:61: error: broken link: \`guide.md#nope\` — guide.md has no heading with anchor \`#nope\` (anchors: ${anchors}, and 3 more)`,
    ]);
  });

  it('names the article a broken link most likely meant: another case, a letter off, or the same name in another folder', async () => {
    const { problems } = await compile({
      'billing/pay.md': article('title: Pay\ndescription: p'),
      'billing/late.md': article('title: Late\ndescription: l', 'See [a](../billing/Pay.md), [b](pya.md), [c](../plans/pay.md), [d](zzzzzz.md) and [e](pa.md).\n'),
    });
    const missing = (link: string, file: string) => `broken link: \`${link}\` does not exist (no ${file} in the content folder)`;
    expect(problems).toEqual([
      `billing/late.md:5:5: error: ${missing('../billing/Pay.md', 'billing/Pay.md')}: did you mean \`pay.md\`?`,
      `billing/late.md:5:29: error: ${missing('pya.md', 'billing/pya.md')}: did you mean \`pay.md\`?`,
      `billing/late.md:5:42: error: ${missing('../plans/pay.md', 'plans/pay.md')}: did you mean \`pay.md\`?`,
      `billing/late.md:5:64: error: ${missing('zzzzzz.md', 'billing/zzzzzz.md')}`,
      // Two letters: one off is another name, not a typo.
      `billing/late.md:5:83: error: ${missing('pa.md', 'billing/pa.md')}`,
    ]);
  });

  it('names the image file that differs only in case from the one an article shows', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const { problems } = await compile({
      'billing/a.md': article('title: A\ndescription: a', '![Your bill](img/Bill.PNG) and ![gone](img/gone.png)\n'),
      'billing/img/bill.png': png,
    });
    expect(problems).toEqual([
      'billing/a.md:5:1: error: image `img/Bill.PNG` does not exist (no billing/img/Bill.PNG in the content folder): did you mean `img/bill.png`?',
      'billing/a.md:5:32: error: image `img/gone.png` does not exist (no billing/img/gone.png in the content folder)',
    ]);
  });

  it('warns where a link or image would be dropped when published, and keeps the addresses it allows', async () => {
    const { problems, compiled } = await compile({
      'a.md': article(
        'title: A\ndescription: a',
        'Write [to us](mailto:help@example.com), [call](tel:+15550100) or [see](https://example.com/x).\n\n[Run](javascript:alert(1)) or [there](//example.com/x).\n\n![A chart](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==)\n',
      ),
    });
    const rule = 'is dropped when the article is published';
    expect(problems).toEqual([
      `a.md:7:1: warning: link \`javascript:alert(1)\` ${rule}: a link goes to an article, a heading, or an https:, http:, mailto: or tel: address`,
      `a.md:7:31: warning: link \`//example.com/x\` ${rule}: a link goes to an article, a heading, or an https:, http:, mailto: or tel: address`,
      `a.md:9:1: warning: image \`data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAA…\` ${rule}: an image is a file of the content folder or an https: address`,
    ]);
    // What the warnings say: the published HTML has none of them, and the addresses allowed.
    const html = compiled.articles[0].html!;
    for (const gone of ['javascript:', 'href="//', 'data:']) expect(html).not.toContain(gone);
    for (const kept of ['mailto:help@example.com', 'tel:+15550100', 'https://example.com/x']) expect(html).toContain(kept);
  });

  it('says once, at its first use, that an image is over 1 MB', async () => {
    // A real PNG's signature, then 1.2 MB: the build checks the first bytes.
    const heavy = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(1.2 * 1024 * 1024)]);
    const light = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(1024 * 1024 - 8)]);
    const { problems } = await compile({
      'screen.png': heavy,
      'icon.png': light,
      'a.md': article('title: A\ndescription: a', '![The screen](screen.png) and ![An icon](icon.png)\n'),
      'b.md': article('title: B\ndescription: b', 'Again: ![The screen](screen.png)\n'),
    });
    expect(problems).toEqual(['a.md:5:1: warning: image `screen.png` is 1.2 MB: readers download it when they open the article, on phones too; resize or compress it to under 1 MB']);
    // From a build cache that knows the image, which is then not read: its size is the cache's.
    const dir = await tempFolder({ 'screen.png': heavy, 'a.md': article('title: A\ndescription: a', '![The screen](screen.png)\n') });
    const png = realpathSync(path.join(dir, 'screen.png'));
    const info = statSync(png);
    const images = new Map([[png, { stat: `${info.size}:${info.mtimeMs}:${info.ctimeMs}:${info.ino}`, checkedAt: Date.now() + 60_000, hash: 'a1b2c3d4e5f6a7b8', bytes: info.size }]]);
    const timings = newTimings();
    const cached = new Diagnostics();
    await compileContent(dir, cached, { files: new Map(), images, timings });
    expect(timings.imagesRead).toBe(0);
    expect(cached.list.map((d) => d.message)).toEqual([expect.stringContaining('image `screen.png` is 1.2 MB')]);
  });

  it('finds the same problems without rendering (selfserve check), and makes no HTML', async () => {
    const files = {
      'billing/bill-codes.md': codes,
      'b.md': article('title: B', 'See [gone](missing.md), ![](shot.png) and <img src="tray.png">.\n\n## Empty\n\n## Full\n\n[codes](billing/bill-codes.md#nope)\n'),
    };
    const dir = await tempFolder(files);
    const problemsOf = async (render?: boolean) => {
      const diagnostics = new Diagnostics();
      const compiled = await compileContent(dir, diagnostics, { render });
      return { problems: diagnostics.sorted().map((d) => `${d.line}:${d.col} ${d.message}`), html: compiled.articles.map((a) => a.html ?? '') };
    };
    const [rendered, checked] = [await problemsOf(), await problemsOf(false)];
    expect(rendered.problems.length).toBeGreaterThanOrEqual(5);
    expect(checked.problems).toEqual(rendered.problems);
    expect(rendered.html.every(Boolean)).toBe(true);
    expect(checked.html).toEqual(['', '']);
  });

  it('reports duplicate slugs, unknown related articles and links to drafts', async () => {
    const { problems } = await compile({
      'a.md': article('title: A\ndescription: a\nrelated: [nothing/here]', '[wip](wip.md)\n'),
      'b.md': article('title: B\ndescription: b\nslug: a'),
      'wip.md': article('title: WIP\ndraft: true'),
    });
    expect(problems).toEqual([
      'a.md:4:1: error: `related` names `nothing/here`, which is not an article: use the slug of an article (its path without .md)',
      'a.md:6:1: error: link to `wip.md`: that article is a draft and is not published; remove the link or publish the article',
      'b.md:1:1: error: slug `a` is already used by a.md: rename one file or set a different `slug:`',
    ]);
  });

  it('warns about a missing description, a long title, an h1 and an empty section', async () => {
    const { problems } = await compile({
      'a.md': article(`title: ${'Very long title '.repeat(5)}`, '# Title again\n\n## Empty\n\n## Full\n\ntext\n'),
    });
    expect(problems).toEqual([
      'a.md:1:1: warning: no `description`: add one sentence that tells readers what the article answers (it is shown in results)',
      'a.md:2:1: warning: title is 79 characters long: keep it under 70 so it fits in search results',
      'a.md:4:1: warning: a `#` heading in the body: the title comes from the frontmatter; use `##` for sections',
      'a.md:6:1: warning: section "Empty" is empty: add text under it or remove the heading',
    ]);
  });

  it('publishes the images of raw HTML and points its links at articles, as it does markdown ones; what it cannot, it leaves and reports', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const body = [
      'Intro with <img alt="logo" width="120" src="img/logo.png"> inline, and <img src=gone.png> too.',
      '',
      '<p>A block: <a href=\'pay.md#by-card\' title="pay">pay</a>, <a href="gone.md">gone</a>, <a href="https://example.com/">out</a>, <a href="#more">more</a>,',
      '<img src="/static/site.png" alt="site">, <img src=\'notes.txt\' alt="text">.</p>',
      '',
      'In code it is text: `<img src="code.png">`',
      '',
      '```html',
      '<img src="fenced.png">',
      '```',
      '',
      '![markdown](img/logo.png) is published once.',
      '',
      '## More',
      '',
      'Text.',
      '',
    ].join('\n');
    const { compiled, problems, html: htmlOf } = await compile({
      'a.md': article('title: A\ndescription: a', body),
      'pay.md': article('title: Pay\ndescription: p', 'Intro.\n\n## By card\n\nAny card.\n'),
      'img/logo.png': png,
      'notes.txt': 'text',
    });
    expect(problems).toEqual([
      'a.md:5:72: warning: image `gone.png` does not exist (no gone.png in the content folder) (in raw HTML, left as written: the widget cannot load it)',
      'a.md:7:59: warning: broken link: `gone.md` does not exist (no gone.md in the content folder) (in raw HTML, left as written)',
      'a.md:8:42: warning: image `notes.txt` is not published: it is not an image: only PNG, JPEG, GIF, WebP, AVIF, ICO and SVG files are published as images (in raw HTML, left as written: the widget cannot load it)',
    ]);
    const [asset] = compiled.assets.keys();
    expect(compiled.assets.size).toBe(1);
    expect(asset).toMatch(/^assets\/logo\.[0-9a-f]{16}\.png$/);
    const html = htmlOf('a');
    expect(html).toContain(`<img alt="logo" width="120" src="${asset}" loading="lazy" />`);
    expect(html).toContain(`<img src="${asset}" alt="markdown" loading="lazy" />`);
    expect(html).toContain('<img src="gone.png" loading="lazy" />');
    expect(html).toContain('<img src="/static/site.png" alt="site" loading="lazy" />');
    expect(html).toContain('<a href="#help/pay#by-card" data-selfserve-article="pay" data-selfserve-anchor="by-card" title="pay">pay</a>');
    expect(html).toContain('<a href="#help/a#more" data-selfserve-article="a" data-selfserve-anchor="more">more</a>');
    expect(html).toContain('<a href="gone.md">gone</a>');
  });

  it('reports files that are not UTF-8', async () => {
    const { problems } = await compile({ 'latin1.md': Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0xff, 0x0a]) });
    expect(problems).toEqual(['latin1.md:1:1: error: not UTF-8 text: save the file as UTF-8']);
  });

  it('re-reads only changed files when given a cache, and still reports problems of unchanged ones', async () => {
    const { writeFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const dir = await tempFolder({ 'a.md': article('title: A\ndescription: a'), 'bad.md': '---\ntitle: [\n---\n' });
    const cache = new Map();
    const first = new Diagnostics();
    await compileContent(dir, first, { files: cache });
    const before = cache.get(path.join(dir, 'a.md'));
    await writeFile(path.join(dir, 'a.md'), article('title: A changed\ndescription: a'));
    const second = new Diagnostics();
    const compiled = await compileContent(dir, second, { files: cache });
    expect(compiled.articles[0].frontmatter.title).toBe('A changed');
    expect(cache.get(path.join(dir, 'a.md'))).not.toBe(before);
    expect(second.list.map((d) => d.message)).toEqual(first.list.map((d) => d.message));
    expect(second.errors).toBe(1);
  });

  it('reads two-letter folders as languages, three-letter ones only when they hold translations', async () => {
    const { compiled } = await compile({
      'pay.md': article('title: Pay\ndescription: p'),
      'es/pay.md': article('title: Pagar\ndescription: p'),
      'fil/pay.md': article('title: Magbayad\ndescription: p'),
      'new/feature.md': article('title: New feature\ndescription: n'),
      'pro/plan.md': article('title: Pro plan\ndescription: p'),
    });
    expect(compiled.articles.map((a) => `${a.locale}:${a.slug}`).sort()).toEqual(['en:new/feature', 'en:pay', 'en:pro/plan', 'es:pay', 'fil:pay']);
  });
});
