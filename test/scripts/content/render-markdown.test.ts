import { describe, expect, it } from 'vitest';
import { lexBody, renderBody } from '../../../scripts/content/render-markdown.ts';
import { sanitize } from '../../../scripts/content/sanitize.ts';

const render = (markdown: string) => renderBody(lexBody(markdown));

describe('lexBody', () => {
  it('gives headings stable GitHub-style anchors, unique within the article', () => {
    const { headings } = lexBody('## Rate codes (MBRA, MBRB)\n\ntext\n\n## Rate codes (MBRA, MBRB)\n\nmore\n');
    expect(headings.map((h) => h.anchor)).toEqual(['rate-codes-mbra-mbrb', 'rate-codes-mbra-mbrb-1']);
  });

  it('splits the body into an intro and one section per h2/h3', () => {
    const { sections } = lexBody('Intro **text**.\n\n## First\n\nOne.\n\n### Sub\n\n- a\n- b\n\n#### Deep\n\nStill sub.\n');
    expect(sections.map((s) => [s.heading?.text, s.text])).toEqual([
      [undefined, 'Intro text.'],
      ['First', 'One.'],
      ['Sub', 'a\nb\nDeep\nStill sub.'],
    ]);
  });

  it('keeps table cells as text, a line per row', () => {
    const { sections } = lexBody('| Code | Meaning |\n| --- | --- |\n| GPRR | Roaming data |\n');
    expect(sections[0].text).toBe('Code · Meaning\nGPRR · Roaming data');
  });

  it('gives a list in a list item lines of its own, after the item\'s text', () => {
    const { sections } = lexBody('- Request hooks\n  - onRequest\n  - preParsing\n- Other\n\n1. Step one\n\n   More on it.\n2. Two\n');
    expect(sections[0].text).toBe('Request hooks\nonRequest\npreParsing\nOther\nStep one\nMore on it.\nTwo');
  });

  it('gives a line to each block, not to the lines a writer wrapped a paragraph or an item in', () => {
    // Passages set the lines apart (see `passage` in src/search/highlight.ts).
    const { sections } = lexBody('When your plan changes\nmid-month, we prorate.\n\n- Open\n  Settings\n- Tap *Calls*\n\n<p>Raw\nHTML</p>\n');
    expect(sections[0].text).toBe('When your plan changes mid-month, we prorate.\nOpen Settings\nTap Calls\n Raw HTML');
  });
});

describe('renderBody', () => {
  it('renders GitHub-flavoured markdown with heading ids', () => {
    const html = render('## Pay by card\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~\n');
    expect(html).toContain('<h2 id="pay-by-card">Pay by card</h2>');
    expect(html).toContain('<table>');
    expect(html).toContain('<del>old</del>');
    expect(html).toMatch(/<input[^>]*type="checkbox"/);
  });

  it('marks GitHub\'s alerts with their kind and takes their marker out of the text shown and searched', () => {
    const body = '> [!NOTE]\n> Speeds **may** differ.\n\n> [!caution]  \n>\n> Check first.\n\n> [!TIP] not alone on its line\n\n> [!OTHER]\n> x\n';
    expect(render(body)).toBe(
      '<blockquote data-alert="note">\n<p>Speeds <strong>may</strong> differ.</p>\n</blockquote>\n' +
        '<blockquote data-alert="caution">\n<p>Check first.</p>\n</blockquote>\n' +
        '<blockquote>\n<p>[!TIP] not alone on its line</p>\n</blockquote>\n' +
        '<blockquote>\n<p>[!OTHER]\nx</p>\n</blockquote>\n',
    );
    expect(lexBody(body).sections[0].text).toBe('Speeds may differ.\nCheck first.\n[!TIP] not alone on its line\n[!OTHER] x');
  });

  it('renders GitHub\'s footnotes: numbered references, the notes listed at the end with links back, their text searched where written', () => {
    const body = '\nFees apply[^fee], twice[^fee], and taxes[^tax].\n\n## Taxes\n\nSee below.\n\n[^fee]: Billed **monthly**.\n[^tax]: Set by your state.\n';
    const lexed = lexBody(body);
    const html = renderBody(lexed);
    expect(html).toContain('<p>Fees apply<sup><a id="footnote-ref-fee" href="#footnote-fee">1</a></sup>, twice<sup><a id="footnote-ref-fee-2" href="#footnote-fee">1</a></sup>, and taxes<sup><a id="footnote-ref-tax" href="#footnote-tax">2</a></sup>.</p>');
    expect(html).toMatch(
      /<hr \/>\n<ol data-footnotes>\n<li id="footnote-fee">\n<p>Billed <strong>monthly<\/strong>. <a href="#footnote-ref-fee">↩<\/a> <a href="#footnote-ref-fee-2">↩<sup>2<\/sup><\/a><\/p>\n<\/li>\n<li id="footnote-tax">\n<p>Set by your state. <a href="#footnote-ref-tax">↩<\/a><\/p>\n<\/li>\n<\/ol>\n$/,
    );
    // The notes' text is searched in the section they are written in, the references are no text.
    expect(lexed.sections.map((section) => section.text)).toEqual(['Fees apply, twice, and taxes.', 'See below.\nBilled monthly.\nSet by your state.']);
    // Every block keeps its place in the body (link checks report lines by it).
    expect(lexed.headings[0].offset).toBe(body.indexOf('## Taxes'));
  });

  it('leaves a footnote reference with no note, or one in code, as text, and keeps each body\'s notes its own', () => {
    expect(render('A claim[^1] and `code[^2]`.\n')).toBe('<p>A claim[^1] and <code>code[^2]</code>.</p>\n');
    // Read one after another before either is rendered, as a build reads a help center.
    const first = lexBody('One[^a].\n\n[^a]: First note.\n');
    const second = lexBody('Two[^b].\n\n[^b]: Second note.\n');
    expect(renderBody(first)).toContain('<li id="footnote-a">\n<p>First note.');
    expect(renderBody(first)).not.toContain('Second note');
    expect(renderBody(second)).toContain('<li id="footnote-b">\n<p>Second note.');
  });

  it('captions a code block with the title after its language, as VitePress and Docusaurus show it, and searches it', () => {
    const body = '```sh [npm]\nnpm add -D lumen\n```\n\n```js title="src/<app>.js"\nlet a;\n```\n\n```js {1,3}\nplain\n```\n\n```\nbare\n```\n';
    const lexed = lexBody(body);
    expect(renderBody(lexed)).toBe(
      '<figure>\n<figcaption>npm</figcaption>\n<pre><code class="language-sh">npm add -D lumen\n</code></pre>\n</figure>\n' +
        '<figure>\n<figcaption>src/&lt;app&gt;.js</figcaption>\n<pre><code class="language-js">let a;\n</code></pre>\n</figure>\n' +
        '<pre><code class="language-js">plain\n</code></pre>\n<pre><code>bare\n</code></pre>\n',
    );
    expect(lexed.sections[0].text).toBe('npm\nnpm add -D lumen\nsrc/<app>.js\nlet a;\nplain\nbare');
  });

  it('opens external links in a new tab without access to the page', () => {
    expect(render('[site](https://example.com)')).toContain('<a href="https://example.com" target="_blank" rel="noopener noreferrer">site</a>');
  });
});

describe('sanitize', () => {
  it.each([
    ['<script>alert(1)</script>ok', 'ok'],
    ['<img src="x.png" onerror="alert(1)" alt="a">', '<img src="x.png" alt="a" loading="lazy" />'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="JaVaScRiPt:alert(1)">x</a>', '<a>x</a>'],
    ['<iframe src="https://evil.example"></iframe>after', 'after'],
    ['<form action="/steal"><input name="card"></form>', ''],
    ['<p style="position:fixed;inset:0">cover</p>', '<p>cover</p>'],
    ['<style>body{display:none}</style>text', 'text'],
    ['<svg><script>alert(1)</script></svg>x', 'x'],
    ['<base href="https://evil.example/">x', 'x'],
    ['<meta http-equiv="refresh" content="0;url=https://evil.example">x', 'x'],
    ['<img src="data:image/svg+xml;base64,PHN2Zz4=">', '<img loading="lazy" />'],
  ])('removes dangerous markup: %s', (input, output) => {
    expect(sanitize(input)).toBe(output);
  });

  it('keeps the markup writers use', () => {
    const html = '<details><summary>More</summary><p>Press <kbd>Ctrl</kbd></p></details>';
    expect(sanitize(html)).toBe(html);
  });

  it('sanitizes raw HTML inside markdown', () => {
    expect(render('Hello <img src=x onerror=alert(1)> <b onclick="x()">there</b>')).toBe('<p>Hello <img src="x" loading="lazy" /> <b>there</b></p>\n');
  });
});
