import { readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openIndex } from '../../src/node/index.ts';
import { runCli } from '../helpers/cli.ts';
import { article, tempFolder } from '../helpers/content.ts';

// Small docs folders laid out and written like VitePress's and Starlight's own (#11).
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/docs-folders');

async function buildFolder(name: string, ...flags: string[]) {
  const out = path.join(await tempFolder(), 'help');
  return { out, ...(await runCli(['build', path.join(FIXTURES, name), '--out', out, ...flags])) };
}

/** The section text of each article of a language, by slug, as search results show it (its card). */
const cardTexts = (out: string, locale: string) => {
  const dir = path.join(out, locale, 'cards');
  const cards = readdirSync(dir).map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { slug: string; text: string[] });
  return new Map(cards.map((card) => [card.slug, card.text.join('\n')]));
};

const lines = (text: string) => text.trim().split('\n').filter(Boolean);
const relative = (text: string) => text.replaceAll(path.relative(process.cwd(), FIXTURES) + '/', '');

async function searchCli(out: string, query: string) {
  const { code, stdout } = await runCli(['search', out, query, '--json', '--limit', '3']);
  expect(code).toBe(0);
  return JSON.parse(stdout) as { results: { slug: string; section?: { anchor: string } }[] };
}

describe('an existing VitePress docs folder', () => {
  it('builds with no flag: titles from # headings, home pages skipped, route links resolved', async () => {
    const { code, stdout, stderr, out } = await buildFolder('vitepress');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Built 7 articles in 3 languages \(en, ko, zh\)/);
    expect(lines(relative(stderr))).toEqual([
      'vitepress/guide/routing.md:22:9: warning: broken link: `/team` does not exist (no team in the content folder)',
      'note: skipped 2 pages with no text to search (index.md, zh/index.md)',
      'note: 7 articles have no `description:` (one sentence shown under the title in results)',
      'note: no stemmer for Korean (ko): searches in this language find words as they are written, not other forms of them (plurals, tenses)',
    ]);

    const index = await openIndex(out);
    const routing = await index.article('guide/routing');
    expect(routing.title).toBe('Routing');
    // The # heading became the title; <script setup> and the ::: fences are gone.
    expect(routing.html).not.toMatch(/<h1|useData|:::/);
    const started = await index.article('guide/getting-started');
    expect(started.html).toContain('<h2 id="installation">Installation</h2>');
    expect(started.html).toContain('data-selfserve-article="reference/site-config" data-selfserve-anchor="outdir"');
    expect(started.html).not.toContain('@/snippets');
    // A ::: code-group's blocks, each captioned by its title (```sh [npm]).
    expect(started.html).toContain('<figure>\n<figcaption>npm</figcaption>\n<pre><code class="language-sh">$ npm add -D lumen');
    expect(started.html).toContain('<figure>\n<figcaption>pnpm</figcaption>');
    // A ::: warning container is the alert GitHub writes > [!WARNING], its title its label.
    expect(started.html).toMatch(/<blockquote data-alert="warning" data-alert-title="Node version">\n<p>Lumen needs an ES module project/);
    const lumen = await index.article('guide/what-is-lumen');
    expect(lumen.html).toContain('href="#help/guide/routing#clean-urls"');
    // /lumen-logo.svg is served from public/ by VitePress: published, sanitized, under a hashed name.
    const [logo] = readdirSync(path.join(out, 'assets'));
    expect(logo).toMatch(/^lumen-logo\.[0-9a-f]{16}\.svg$/);
  });

  it('answers questions about its content with selfserve search, in each language', async () => {
    const { out } = await buildFolder('vitepress');
    const output = await searchCli(out, 'where does the build output go');
    expect(output.results.map((r) => r.slug)).toContain('reference/site-config');
    expect((await searchCli(out, 'clean urls')).results[0]).toMatchObject({ slug: 'guide/routing', section: { anchor: 'clean-urls' } });
    const zh = await openIndex(out, { locale: 'zh' });
    expect((await zh.search('安装')).results[0]?.slug).toBe('guide/getting-started');
    const ko = await openIndex(out, { locale: 'ko' });
    expect((await ko.search('설치')).results[0]?.slug).toBe('guide/getting-started');
  });

  it('keeps today’s strictness for our own format with --strict', async () => {
    const { code, stderr, out } = await buildFolder('vitepress', '--strict');
    expect(code).toBe(1);
    expect(relative(stderr)).toContain('vitepress/guide/getting-started.md:1:1: error: missing frontmatter');
    expect(relative(stderr)).toContain('vitepress/index.md:2:1: error: unknown field `layout`');
    expect(() => readdirSync(out)).toThrow();
  });
});

describe('an existing Starlight docs folder', () => {
  it('builds with no flag: MDX imports and components dropped, their text kept, locale routes resolved', async () => {
    const { code, stdout, stderr, out } = await buildFolder('starlight');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Built 12 articles in 4 languages \(de, en, ru, zh-cn\)/);
    expect(lines(stderr)).toEqual([
      'note: fields Selfserve does not use were ignored: contributors (2 files)',
      'note: skipped 1 page with no text to search (404.md)',
      'note: no stemmer for Russian (ru): searches in this language find words as they are written, not other forms of them (plurals, tenses)',
    ]);

    const index = await openIndex(out);
    const home = await index.article('index');
    expect(home.html).toContain('Site navigation, search, internationalization and SEO out of the box.');
    const sidebar = await index.article('guides/sidebar');
    expect(sidebar.html).toContain('data-selfserve-article="reference/configuration" data-selfserve-anchor="badgeconfig"');
    const started = await index.article('getting-started');
    expect(started.html).toContain('<pre><code class="language-sh">npm create harbor@latest');
    expect(started.html).toContain('href="#help/guides/sidebar"');
    // An <Aside> is the alert it says, its title attribute the label, as Starlight shows it.
    expect(started.html).toContain('<blockquote data-alert="warning" data-alert-title="Node.js 18 or later">\n<p>Harbor needs a current Node.js: check yours with <code>node -v</code>.');
    const texts = cardTexts(out, 'en');
    expect(texts.get('index')).toContain('Site navigation, search, internationalization and SEO out of the box.');
    for (const slug of ['index', 'getting-started', 'guides/sidebar', 'reference/configuration']) {
      const { html } = await index.article(slug);
      for (const leftover of ['import {', 'CardGrid', '<Card', 'syncKey', 'SidebarPreview', "label: 'guides'", '{/*', ':::', 'Aside']) {
        expect(html + texts.get(slug)).not.toContain(leftover);
      }
    }

    const zh = await openIndex(out, { locale: 'zh-cn' });
    const zhStarted = await zh.article('getting-started');
    // /zh-cn/reference/configuration/#badgeconfig, and /zh-cn/guides/i18n/, which falls back to English.
    expect(zhStarted.html).toContain('href="#help/reference/configuration#badgeconfig"');
    expect(zhStarted.html).toContain('href="#help/guides/i18n"');
  });

  it('answers questions about its content with selfserve search, in each language', async () => {
    const { out } = await buildFolder('starlight');
    expect((await searchCli(out, 'how do I collapse sidebar groups')).results[0]).toMatchObject({ slug: 'guides/sidebar', section: { anchor: 'collapsing-groups' } });
    expect((await searchCli(out, 'add my logo')).results[0]?.slug).toBe('guides/customization');
    const de = await openIndex(out, { locale: 'de' });
    expect((await de.search('Paketmanager installieren')).results[0]?.slug).toBe('getting-started');
    const ru = await openIndex(out, { locale: 'ru' });
    expect((await ru.search('установка')).results[0]?.slug).toBe('getting-started');
  });

  it('fails with --strict, naming the other tool’s fields', async () => {
    const { code, stderr } = await buildFolder('starlight', '--strict');
    expect(code).toBe(1);
    expect(relative(stderr)).toContain('starlight/index.mdx:4:1: error: unknown field `template`');
  });
});

describe('an existing Docusaurus docs folder', () => {
  it('builds with no flag: MDX in .md files, route slugs and tag objects read their way', async () => {
    const { code, stdout, stderr, out } = await buildFolder('docusaurus');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Built 4 articles \(9 sections\)/);
    expect(lines(stderr)).toEqual(['note: 3 articles have no `description:` (one sentence shown under the title in results)']);
    const index = await openIndex(out);
    // `slug: /` is a Docusaurus route, not ours: the slug comes from the file name.
    const intro = await index.article('intro');
    expect(intro.title).toBe('Tutorial Intro');
    expect(intro.html).toContain('href="#help/tutorial-basics/create-a-page"');
    expect(intro.html).toContain('href="#help/tutorial-basics/deploy-your-site"');
    expect(intro.html).toContain('npm init quillpad@latest my-website classic');
    // Its tabs one after the other, each under its label.
    expect(intro.html).toMatch(/<p><strong>npm<\/strong>\s*<\/p>\n<pre><code class="language-bash">npm init/);
    expect(intro.html).toMatch(/<p><strong>Yarn<\/strong>\s*<\/p>\n<pre><code class="language-bash">yarn create/);
    const texts = cardTexts(out, 'en');
    expect(texts.get('intro')).toContain('npm init quillpad@latest my-website classic');
    for (const slug of ['intro', 'guides/versioning']) {
      const { html } = await index.article(slug);
      for (const leftover of ['import ', '@theme', 'TabItem', 'export const', 'Highlight', ':::']) expect(html + texts.get(slug)).not.toContain(leftover);
    }
    expect((await searchCli(out, 'deploy to a static host')).results[0]?.slug).toBe('tutorial-basics/deploy-your-site');
    // GitHub's footnotes, as Docusaurus reads them: references, the notes at the end, a link in a
    // note pointed at its article as any other, the notes' text searched.
    const deploy = await index.article('tutorial-basics/deploy-your-site');
    expect(deploy.html).toContain('any static host<sup><a id="footnote-ref-hosts" href="#footnote-hosts">1</a></sup>.');
    expect(deploy.html).toMatch(/<ol data-footnotes>\n<li id="footnote-hosts">\n<p>GitHub Pages, .*<a href="#help\/tutorial-basics\/create-a-page" data-selfserve-article="tutorial-basics\/create-a-page">Create a Page<\/a>\. <a href="#footnote-ref-hosts">↩<\/a>/);
    expect(deploy.html).not.toContain('[^');
    expect((await searchCli(out, 'netlify cloudflare')).results[0]?.slug).toBe('tutorial-basics/deploy-your-site');
    expect((await searchCli(out, 'node version required')).results.map((r) => r.slug)).toContain('intro');
  });
});

describe('a docs folder with problems', () => {

  it('still catches typos of our fields, and only warns about links it cannot resolve', async () => {
    const dir = await tempFolder({
      'guide.md': '---\ntitel: Guide\nsidebar_position: 1\n---\n\n# Guide\n\nSee [setup](/setup/) and [missing](/nowhere/).\n',
      'setup.mdx': '# Setup\n\nimport X from "./x";\n\nInstall it.\n',
    });
    const out = path.join(await tempFolder(), 'help');
    const typo = await runCli(['build', dir, '--out', out]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/guide\.md:2:1: error: unknown field `titel` — did you mean `title`\?/);
    expect(typo.stderr).not.toContain('sidebar_position');

    await writeFile(path.join(dir, 'guide.md'), '---\nsidebar_position: 1\n---\n\n# Guide\n\nSee [setup](/setup/) and [missing](/nowhere/).\n');
    const fixed = await runCli(['build', dir, '--out', out]);
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toMatch(/guide\.md:7:26: warning: broken link: `\/nowhere\/` does not exist/);
    expect((await (await openIndex(out)).article('guide')).html).toContain('href="#help/setup"');
  });

  it('reads a link or image from the site root as GitHub does in a repository\'s docs folder: from the repository\'s root', async () => {
    // GitHub shows /docs/guide/setup.md in the repository's docs/ as its guide/setup.md.
    const repo = await tempFolder({
      'docs/guide/setup.md': article('title: Setup\ndescription: Set it up.', '## Install\n\nRun the installer.\n'),
      'docs/faq.md': article('title: FAQ\ndescription: Questions.', 'See [installing](/docs/guide/setup.md#install), [setup](/docs/guide/setup) and [the FAQ](/faq.md).\n\n![Diagram](/docs/img/diagram.png)\n'),
      'docs/img/diagram.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]),
    });
    const out = path.join(await tempFolder(), 'help');
    const { code, stderr } = await runCli(['build', path.join(repo, 'docs'), '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const { html } = await (await openIndex(out)).article('faq');
    expect(html).toContain('href="#help/guide/setup#install"');
    expect(html).toContain('href="#help/guide/setup"');
    // From the content folder as the site's root, as before.
    expect(html).toContain('href="#help/faq"');
    expect(html).toMatch(/src="assets\/diagram\.[0-9a-f]{16}\.png"/);
    // Not from a folder the content folder is not in.
    await writeFile(path.join(repo, 'docs/faq.md'), article('title: FAQ\ndescription: Questions.', 'See [setup](/site/guide/setup.md).\n'));
    const elsewhere = await runCli(['build', path.join(repo, 'docs'), '--out', out]);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(/faq\.md:\d+:\d+: error: broken link: `\/site\/guide\/setup\.md` does not exist/);
  });

  it('gives an article of ours with text but no title a clear error, and another tool\'s page its file name for a title, as MkDocs does', async () => {
    const dir = await tempFolder({ 'a.md': article('description: No title.', 'Just text.\n'), 'getting-started.md': 'Just text, no heading.\n', 'hooks/README.md': '<h1 align="center">Banner</h1>\n\n## Hooks\n\nText.\n' });
    const out = path.join(await tempFolder(), 'help');
    const failed = await runCli(['build', dir, '--out', out]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/a\.md:1:1: error: no title: add `title: …` to the frontmatter, or start the article with a `# heading`/);
    expect(failed.stderr).not.toMatch(/getting-started\.md.*no title|README\.md.*no title/);

    await rm(path.join(dir, 'a.md'));
    const { code, stderr } = await runCli(['build', dir, '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toContain('note: 2 pages with neither `title:` nor a `# heading` took their file name for a title (getting-started.md, hooks/README.md): give them a `title:` to say what they answer');
    const index = await openIndex(out);
    expect((await index.article('getting-started')).title).toBe('Getting started');
    expect((await index.article('hooks/README')).title).toBe('Hooks');
    // With --strict, our own format only: a page without frontmatter is an error.
    expect((await runCli(['build', dir, '--out', out, '--strict'])).code).toBe(1);
  });
});
