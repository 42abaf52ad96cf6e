// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { sanitize } from '../../../scripts/content/sanitize.ts';
import { sanitizeArticle } from '../../../widget/app/lazy/article.ts';

// (#17) What a tampered index file carried past the browser's sanitizer, though the build removes it.
const TAMPERED = [
  '<input type="text" value="card number"><input type="password"><input type="checkbox" checked>',
  '<video src="https://evil.example/v.mp4" autoplay></video><audio><source src="https://evil.example/a.mp3"></audio>',
  '<img usemap="#m" src="a.png" alt="map"><map name="m"><area href="https://evil.example" shape="rect" coords="0,0,9,9"></map>',
  '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="data">',
  '<a href="java\tscript:alert(1)">x</a><a href="//evil.example/">protocol-relative</a>',
  '<p class="ss-backdrop" style="position:fixed" aria-hidden="true" data-x="1">cover</p>',
  '<code class="language-js">ok</code><a href="https://example.com" target="_top">out</a>',
].join('');

const parse = (html: string) => {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
};

describe('sanitizeArticle', () => {
  it('lets through only what the build lets through', () => {
    const browser = parse(sanitizeArticle(TAMPERED));
    expect(browser.querySelectorAll('video, audio, source, map, area').length).toBe(0);
    expect([...browser.querySelectorAll('input')].map((input) => [input.type, input.disabled])).toEqual([['checkbox', true]]);
    expect(browser.querySelector('img[alt="data"]')?.hasAttribute('src')).toBe(false);
    expect(browser.querySelector('img[alt="map"]')?.hasAttribute('usemap')).toBe(false);
    expect([...browser.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([null, null, 'https://example.com']);
    expect(browser.querySelector('a[href^="https"]')?.getAttribute('rel')).toBe('noopener noreferrer');
    const cover = browser.querySelector('p')!;
    expect([...cover.attributes].map((a) => a.name)).toEqual([]);
    expect(browser.querySelector('code')?.className).toBe('language-js');

    // The same elements survive both sanitizers.
    const build = parse(sanitize(TAMPERED));
    const tags = (root: DocumentFragment) => [...root.querySelectorAll('*')].map((el) => el.tagName).join(' ');
    expect(tags(browser)).toBe(tags(build));
  });

  it('keeps ordinary article HTML as it is', () => {
    const html = '<h2 id="a">Pay</h2><p>Use <a href="#help/billing/refunds" data-selfserve-article="billing/refunds">refunds</a>, <kbd>Ctrl</kbd>.</p><table><tr><td colspan="2">E-2210</td></tr></table><img src="https://cdn.example/x.png" alt="x">';
    expect(sanitizeArticle(html)).toBe(html.replace('<table><tr>', '<table><tbody><tr>').replace('</tr></table>', '</tr></tbody></table>'));
  });
});
