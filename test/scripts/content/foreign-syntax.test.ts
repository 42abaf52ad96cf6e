import { describe, expect, it } from 'vitest';
import { toPlainMarkdown, type Container } from '../../../scripts/content/foreign-syntax.ts';
import { lexBody, renderBody } from '../../../scripts/content/render-markdown.ts';

const mdx = `import { Tabs, TabItem } from '@astrojs/starlight/components';
import {
  Card,
} from './cards';

Intro text with \`<Tabs>\` in code.

<Tabs syncKey="pkg">
	<TabItem label="npm">

	\`\`\`sh
	npm i
	\`\`\`

	</TabItem>
</Tabs>

<Card
	title="Multi-line"
	config={[{ a: '>' }]}
/>

{/* a comment */}

:::tip[Did you know?]
Asides keep their text.
:::

\`\`\`js
import kept from 'inside-a-code-block';
\`\`\`
`;

describe('toPlainMarkdown', () => {
  it('drops MDX imports, comments and component tags, keeps the text inside and every line in place', () => {
    const plain = toPlainMarkdown(mdx, true);
    expect(plain.length).toBe(mdx.length);
    expect(plain.split('\n').length).toBe(mdx.split('\n').length);
    expect(plain).not.toMatch(/from '@astrojs|from '.\/cards'|<Tabs |<\/?TabItem|<Card|title="Multi-line"|a comment|:::/);
    expect(plain).toContain('Intro text with `<Tabs>` in code.');
    // Indentation inside components is layout, not an indented code block.
    expect(plain).toContain('\n```sh');
    expect(plain).toContain('\nnpm i');
    expect(plain).toContain('Did you know?');
    expect(plain).toContain("import kept from 'inside-a-code-block';");
  });

  it('leaves no line break where a tag closed a line of a paragraph, but one the writer made', () => {
    const text = 'Install the <Badge>beta</Badge>\nversion first.\n\n<Aside>Note this</Aside>\nand that.\n\nA break made by hand  \n<Badge>here</Badge> stays.\n';
    const plain = toPlainMarkdown(text, true);
    expect(plain.length).toBe(text.length);
    const html = renderBody(lexBody(plain));
    expect(html).toContain('beta');
    expect(html.match(/<br/g)).toHaveLength(1);
    expect(html).toMatch(/by hand<br \/>/);
  });

  it('drops VitePress script and style blocks, [[toc]] and snippet imports, even in .md', () => {
    const md = '<script setup>\nimport { useData } from "vitepress"\n</script>\n\n[[toc]]\n\n::: warning Careful\nText.\n:::\n\n<<< @/snippets/init.ansi\n\n<style>\n.a { color: red }\n</style>\n';
    const plain = toPlainMarkdown(md, false);
    expect(plain.length).toBe(md.length);
    expect(plain.replace(/\s+/g, ' ').trim()).toBe('Careful Text.');
  });

  it('notes the containers and asides that say what GitHub\'s alerts say, and VitePress\'s details, outermost ones only, and quotes their blocks as those alerts', () => {
    const md = [
      '::: danger',
      'Text one.',
      '',
      '- an item',
      ':::',
      '',
      ':::note[A title]',
      'Two.',
      ':::',
      '',
      '::::info',
      ':::tip',
      'Nested.',
      ':::',
      '::::',
      '',
      '::: details Click',
      'Hidden.',
      ':::',
      '',
      '```md',
      '::: warning',
      '```',
      '',
      '::: caution',
      '## A heading',
      ':::',
      '',
    ].join('\n');
    const containers: Container[] = [];
    expect(toPlainMarkdown(md, false, containers).length).toBe(md.length);
    expect(containers.map(({ kind, title, start, end }) => [kind, title, md.slice(start, end).split('\n')[0], md.slice(start, end).split('\n').at(-1)])).toEqual([
      ['caution', undefined, '::: danger', ':::'],
      ['note', 'A title', ':::note[A title]', ':::'],
      ['note', undefined, '::::info', '::::'],
      ['details', 'Click', '::: details Click', ':::'],
      ['warning', undefined, '::: caution', ':::'],
    ]);
    const lexed = lexBody(toPlainMarkdown(md, false), { containers });
    const html = renderBody(lexed);
    expect(html).toMatch(/^<blockquote data-alert="caution">\n<p>Text one.<\/p>\n<ul>\n<li>an item<\/li>\n<\/ul>\n<\/blockquote>/);
    // A title is the quote's label, shown in place of the kind's name (see panel.css); a details'
    // title its summary. Both are searched, as the line before the text.
    expect(html).toContain('<blockquote data-alert="note" data-alert-title="A title">\n<p>Two.</p>');
    expect(html).toContain('<blockquote data-alert="note">\n<p>Nested.</p>');
    expect(html).toContain('<details>\n<summary>Click</summary>\n<p>Hidden.</p>\n</details>');
    expect(lexed.sections[0].text).toContain('A title\nTwo.');
    expect(lexed.sections[0].text).toContain('Click\nHidden.');
    // A container with a heading in it: the heading stays a section of its own.
    expect(html).toContain('<h2 id="a-heading">A heading</h2>');
    expect(html.match(/data-alert=/g)).toHaveLength(3);
  });

  it('reads a container\'s title from its opening line only, and a details without one as the browser names it', () => {
    const md = [
      '::: tip Before you start',
      '',
      'Check your plan.',
      ':::',
      '',
      '::: details',
      'Hidden <b>text</b>.',
      ':::',
      '',
      ':::warning[Fees & "taxes"]',
      'Paid monthly.',
      ':::',
      '',
      '::: details Only a title',
      ':::',
      '',
      '::: tip Use **npm**',
      'Run it.',
      ':::',
      '',
    ].join('\n');
    const containers: Container[] = [];
    const lexed = lexBody(toPlainMarkdown(md, false, containers), { containers });
    const html = renderBody(lexed);
    // A title alone on its paragraph goes whole; the text after it stays.
    expect(html).toContain('<blockquote data-alert="tip" data-alert-title="Before you start">\n<p>Check your plan.</p>\n</blockquote>');
    expect(html).toContain('<details>\n<p>Hidden <b>text</b>.</p>\n</details>');
    expect(html).toContain('<blockquote data-alert="warning" data-alert-title="Fees &amp; &quot;taxes&quot;">\n<p>Paid monthly.</p>');
    expect(html).toContain('<details>\n<summary>Only a title</summary>\n</details>');
    expect(html.match(/<summary>/g)).toHaveLength(1);
    // A title with markdown in it is not taken apart: it stays the text it was.
    expect(html).toContain('<blockquote data-alert="tip">\n<p>Use <strong>npm</strong><br />Run it.</p>');

  });

  it('quotes Starlight\'s <Aside> and Docusaurus\'s <Admonition> as the alerts they are, their title attribute the label', () => {
    const md = [
      "import { Aside } from '@astrojs/starlight/components';",
      '',
      '<Aside>Asides are short.</Aside>',
      '',
      '<Aside type="caution" title="Watch out!">',
      '  A warning *with* a title.',
      '</Aside>',
      '',
      "<Admonition type='danger'>",
      'Do not do this.',
      '',
      '- really',
      '</Admonition>',
      '',
      '<Aside type="tip">',
      '<Aside>Nested.</Aside>',
      '</Aside>',
      '',
      'Text after.',
    ].join('\n');
    const containers: Container[] = [];
    const plain = toPlainMarkdown(md, true, containers);
    expect(plain.length).toBe(md.length);
    expect(containers.map(({ kind, title }) => [kind, title])).toEqual([['note', undefined], ['warning', 'Watch out!'], ['caution', undefined], ['tip', undefined]]);
    const lexed = lexBody(plain, { containers });
    const html = renderBody(lexed);
    // A tag that opened its line leaves no room before the text: a paragraph, not indented code.
    expect(html).toMatch(/^<blockquote data-alert="note">\n<p>Asides are short\.\s*<\/p>\n<\/blockquote>/);
    expect(html).toMatch(/<blockquote data-alert="warning" data-alert-title="Watch out!">\n<p>A warning <em>with<\/em> a title\.\s*<\/p>\n<\/blockquote>/);
    expect(html).toMatch(/<blockquote data-alert="caution">\n<p>Do not do this\.<\/p>\n<ul>\n<li>really<\/li>\n<\/ul>\n<\/blockquote>/);
    expect(html).toMatch(/<blockquote data-alert="tip">\n<p>Nested\.\s*<\/p>\n<\/blockquote>\n<p>Text after\.<\/p>/);
    expect(lexed.sections[0].text).toContain('Watch out!\nA warning with a title.');
    // Not in .md files, which are not MDX: there the tags are HTML, sanitized away.
    const inMarkdown: Container[] = [];
    toPlainMarkdown(md, false, inMarkdown);
    expect(inMarkdown).toEqual([]);
  });

  it('keeps a tab\'s label, in bold, over what the tab holds', () => {
    const md = [
      '<Tabs>',
      '  <TabItem value="mac" label="macOS">',
      '',
      'Open Terminal.',
      '',
      '  </TabItem>',
      "  <TabItem value='win'>",
      '',
      'Open PowerShell.',
      '',
      '  </TabItem>',
      '  <TabItem label="*nix_like">',
      '',
      'Open a shell.',
      '',
      '  </TabItem>',
      '</Tabs>',
    ].join('\n');
    const plain = toPlainMarkdown(md, true);
    expect(plain.length).toBe(md.length);
    expect(renderBody(lexBody(plain)).replace(/\s+</g, '<').trim()).toBe(
      '<p><strong>macOS</strong></p><p>Open Terminal.</p><p><strong>win</strong></p><p>Open PowerShell.</p><p><strong>*nix_like</strong></p><p>Open a shell.</p>',
    );
  });

  it('lets no markup through the titles, labels and footnotes of other tools\' syntax', () => {
    const evil = '<img src=x onerror=__pwn()>';
    const md = [`::: warning "${evil}`, 'Text.', ':::', '', `::: details ${evil}`, 'Hidden.', ':::', '', `A[^x"${evil}].`, '', `[^x"${evil}]: ${evil} note`, '', '```js title="' + evil + '"', 'x', '```', '', '<Tabs>', `<TabItem label='${evil}'>`, '', 'Tab.', '', '</TabItem>', '</Tabs>', ''].join('\n');
    for (const mdx of [false, true]) {
      const containers: Container[] = [];
      const html = renderBody(lexBody(toPlainMarkdown(md, mdx, containers), { containers }));
      // No tag with an event handler: what is left of the attack is text, or attributes' values encoded.
      expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
      expect(html).toContain('<blockquote data-alert="warning">');
      expect(html).toContain('<figcaption>&lt;img src=x onerror=__pwn()&gt;</figcaption>');
    }
  });

  it('leaves MDX-looking text alone in .md files', () => {
    const md = 'import is a word here\n\n<Card title="x">Shown as HTML is sanitized later</Card>\n';
    expect(toPlainMarkdown(md, false)).toBe(md);
  });
});
