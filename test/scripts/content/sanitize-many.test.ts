import { describe, expect, it } from 'vitest';
import { lexBody, renderUnsanitized } from '../../../scripts/content/render-markdown.ts';
import { sanitize } from '../../../scripts/content/sanitize.ts';
import { sanitizeMarkdownHtml, withoutRawHtml } from '../../../scripts/content/sanitize-many.ts';

// Markdown without raw HTML, with what the sanitizer changes or checks: links (external, unsafe
// schemes), images, task lists, code, tables, entities and text that ends on one.
const bodies = [
  'Pay online.\n\n## By card {#card}\n\nUse a [debit card](https://example.com/pay "Pay") or [this](javascript:alert(1)).',
  '![Logo](logo.png) and ![x](data:image/png;base64,AAAA)\n\n- [x] done\n- [ ] to do',
  '```js\nif (a && c > d) {}\n```\n\n`x > y` &amp; &copy; AT&T',
  '| A | B |\n|---|:-:|\n| *one* | **two** |\n\n> quoted ~~gone~~',
  '1. first\n2. second\n\n---\n\nLast words &',
  'Tom’s "quotes" & \'apostrophes\'\\\nline break',
  '',
];

describe('sanitizeMarkdownHtml', () => {
  it('gives each body of markdown without raw HTML what sanitize gives it alone', () => {
    const html = Array.from({ length: 40 }, (_, i) => renderUnsanitized(lexBody(bodies[i % bodies.length])));
    expect(bodies.every(withoutRawHtml)).toBe(true);
    expect(sanitizeMarkdownHtml(html)).toEqual(html.map(sanitize));
  });
});

describe('withoutRawHtml', () => {
  it('is false for markdown with raw HTML or anything else that starts with <', () => {
    expect(withoutRawHtml('Text <div>open')).toBe(false);
    expect(withoutRawHtml('<https://example.com>')).toBe(false);
    expect(withoutRawHtml('a &lt; b')).toBe(true);
  });
});
