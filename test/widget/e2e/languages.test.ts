import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import path from 'node:path';
import { createInbox } from '../../../scripts/inbox.ts';
import { DEMO_PAGES, demoMounts } from '../../../scripts/demo.ts';
import { STRICT_CSP, startStaticServer } from '../../../scripts/static-server.ts';
import { axeViolations, hostPage, launchBrowser, newPage, screenshot, serveSite } from '../../helpers/browser.ts';
import { tempFolder } from '../../helpers/content.ts';

let browser: Browser;
let site: Awaited<ReturnType<typeof serveSite>>;

const page = (lang: string, dir = 'ltr', attrs = 'data-index="/help/"') => hostPage({ attrs }).replace('<html lang="en">', `<html lang="${lang}" dir="${dir}">`);

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serveSite(inject('e2eDist'), {
    pages: { '/en': page('en'), '/ja': page('ja'), '/ar': page('ar', 'rtl'), '/en-page-es-widget': hostPage({ attrs: 'data-index="/help/" data-lang="es"' }) },
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const input = (p: Page) => p.locator('.ss-input');

describe('the widget in other languages', () => {
  it('Japanese: Japanese text, a word from the middle of a sentence finds the Japanese article, zero axe violations', async () => {
    const { page: p, log } = await newPage(browser);
    await p.goto(`${site.url}/ja`);
    await p.locator('.ss-launcher').click();
    await expect.poll(() => input(p).getAttribute('aria-label')).toBe('ヘルプ記事を検索');
    // 定額 ("flat rate") sits mid-sentence in the Japanese Travel Pass article.
    await input(p).fill('定額');
    await expect.poll(() => p.getByRole('option').first().textContent()).toContain('Travel Pass');
    expect(await p.locator('.ss-option mark').first().textContent()).toBe('定額');
    expect(await axeViolations(p)).toEqual([]);
    await screenshot(p, 'ja-results');
    await input(p).press('Enter');
    await expect.poll(() => p.locator('.ss-article').textContent()).toContain('定額');
    expect(await axeViolations(p)).toEqual([]);
    await screenshot(p, 'ja-article');

    // The same article in English, from the article itself.
    await p.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => p.locator('.ss-article').textContent()).toContain('lets you use your phone abroad');
    await expect.poll(() => input(p).count()).toBe(0);
    expect(log.errors).toEqual([]);
    expect(log.cspViolations).toEqual([]);
  });

  it('leaves the keys of a Japanese input method to it: Enter confirms the conversion, Esc cancels one, neither opens nor closes anything', async () => {
    const { page: p, log } = await newPage(browser);
    await p.goto(`${site.url}/ja`);
    await p.locator('.ss-launcher').click();
    await expect.poll(() => p.evaluate(() => document.querySelector('selfserve-widget')?.shadowRoot?.activeElement?.id)).toBe('ss-input');
    // Through Chromium's own input method path. A word begun, then dropped with Esc: the panel stays.
    const ime = await p.context().newCDPSession(p);
    const key = (type: 'rawKeyDown' | 'keyUp', name: string) => ime.send('Input.dispatchKeyEvent', { type, key: name, code: name, windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 });
    await ime.send('Input.imeSetComposition', { text: 'りょう', selectionStart: 3, selectionEnd: 3 });
    await key('rawKeyDown', 'Escape');
    await ime.send('Input.imeSetComposition', { text: '', selectionStart: 0, selectionEnd: 0 });
    await key('keyUp', 'Escape');
    expect(await p.getByRole('dialog').isVisible()).toBe(true);
    // "teigaku" composed, converted to 定額, and the conversion confirmed with Enter: no article opens.
    await input(p).fill('');
    await ime.send('Input.imeSetComposition', { text: 'ていがく', selectionStart: 4, selectionEnd: 4 });
    await ime.send('Input.imeSetComposition', { text: '定額', selectionStart: 2, selectionEnd: 2 });
    await expect.poll(() => p.getByRole('option').first().textContent()).toContain('Travel Pass');
    await key('rawKeyDown', 'Enter');
    await ime.send('Input.insertText', { text: '定額' });
    await key('keyUp', 'Enter');
    await expect.poll(() => input(p).inputValue()).toBe('定額');
    expect(await p.locator('#ss-article-title').count()).toBe(0);
    // Enter of its own, once the word is written, opens the best result.
    await input(p).press('Enter');
    await expect.poll(() => p.locator('.ss-article').textContent()).toContain('定額');
    expect(log.errors).toEqual([]);
  });

  it('Arabic: right-to-left, Arabic text, the default articles, zero axe violations', async () => {
    const { page: p, log } = await newPage(browser);
    await p.goto(`${site.url}/ar`);
    await p.locator('.ss-launcher').click();
    await expect.poll(() => input(p).getAttribute('aria-label')).toBe('البحث في مقالات المساعدة');
    expect(await p.locator('.ss-root').getAttribute('dir')).toBe('rtl');
    await input(p).fill('GPRR');
    await expect.poll(() => p.getByRole('option').first().textContent()).toContain('Understand the codes on your bill');
    // The panel sits on the left in right-to-left layout.
    const box = await p.locator('.ss-panel').boundingBox();
    expect(box!.x).toBeLessThan(100);
    expect(await axeViolations(p)).toEqual([]);
    await screenshot(p, 'ar-results');
    await input(p).press('Enter');
    await expect.poll(() => p.locator('#ss-article-title').textContent()).toBe('Understand the codes on your bill');
    expect(await axeViolations(p)).toEqual([]);
    expect(log.errors).toEqual([]);
  });

  it('offers the articles of another language that match when the visitor’s has none, and opens one in that language', async () => {
    const { page: p, log } = await newPage(browser);
    await p.goto(`${site.url}/en`);
    await p.locator('.ss-launcher').click();
    // Typed key by key on an English page: 定額 ("flat rate") is in the Japanese articles only.
    await input(p).pressSequentially('定額', { delay: 30 });
    const found = p.getByRole('navigation', { name: 'Found in 日本語' });
    await expect.poll(() => found.getByRole('button').allTextContents()).toEqual([expect.stringContaining('Travel Pass')]);
    await expect.poll(() => p.locator('.ss-message h3').textContent()).toBe('No articles match “定額”');
    expect(await found.getByRole('list').getAttribute('lang')).toBe('ja');
    await expect.poll(() => p.locator('[aria-live="assertive"]').textContent()).toBe('No articles match “定額”. Found in 日本語: Travel Pass');
    expect(await axeViolations(p)).toEqual([]);
    await screenshot(p, 'found-in-other-language');
    await found.getByRole('button').first().click();
    // The article in Japanese, and the widget with it: Back leads to the query's Japanese results.
    await expect.poll(() => p.locator('.ss-article').textContent()).toContain('定額');
    await p.locator('.ss-back').click();
    await expect.poll(() => input(p).getAttribute('aria-label')).toBe('ヘルプ記事を検索');
    await expect.poll(() => p.getByRole('option').first().textContent()).toContain('Travel Pass');
    expect(await input(p).inputValue()).toBe('定額');
    expect(log.errors).toEqual([]);
    expect(log.cspViolations).toEqual([]);
  });

  it('data-lang picks the language over the page’s, with Spanish stemming', async () => {
    const { page: p } = await newPage(browser);
    await p.goto(`${site.url}/en-page-es-widget`);
    await p.locator('.ss-launcher').click();
    await expect.poll(() => input(p).getAttribute('aria-label')).toBe('Buscar artículos de ayuda');
    await input(p).fill('olvidé mi contraseña');
    await expect.poll(() => p.getByRole('option').first().textContent()).toMatch(/contraseña/i);
  });

  it('names GitHub\'s alerts (> [!WARNING]) in the widget\'s language, with zero axe violations', async () => {
    const alertName = (p: Page) => p.locator('.ss-article blockquote[data-alert]').first().evaluate((quote) => getComputedStyle(quote, '::before').content);
    const { page: p, log } = await newPage(browser);
    await p.goto(`${site.url}/en#help/account/close-account`);
    await expect.poll(() => alertName(p)).toBe('"Warning"');
    expect(await p.locator('.ss-article').textContent()).not.toContain('[!WARNING]');
    expect(await axeViolations(p)).toEqual([]);
    await screenshot(p, 'alert-en');
    const { page: es } = await newPage(browser);
    await es.goto(`${site.url}/en-page-es-widget#help/billing/autopay`);
    await expect.poll(() => alertName(es)).toBe('"Importante"');
    expect(log.errors).toEqual([]);
    expect(log.cspViolations).toEqual([]);
  });

  it.each([
    ['/ja', '定額', 'Travel Pass'],
    ['/ar', 'rate zone', 'Roaming rates'],
    ['/es', 'factura', 'factura'],
  ])('the demo page %s works end to end with zero axe violations', async (pagePath, query, expected) => {
    const dist = inject('e2eDist');
    const demo = path.resolve(import.meta.dirname, '../../../widget/demo');
    const inbox = await createInbox(await tempFolder());
    const server = await startStaticServer({
      mounts: { ...demoMounts(path.join(dist, 'help'), dist), '/demo.css': path.join(demo, 'demo.css') },
      pages: DEMO_PAGES,
      csp: STRICT_CSP,
      intercept: inbox.handle,
    });
    try {
      const { page: p, log } = await newPage(browser);
      await p.goto(`${server.url}${pagePath}`);
      expect(await axeViolations(p)).toEqual([]);
      await p.locator('.ss-launcher').click();
      await input(p).fill(query);
      await expect.poll(() => p.getByRole('option').first().textContent()).toContain(expected);
      expect(await axeViolations(p)).toEqual([]);
      await input(p).press('Enter');
      await expect.poll(() => p.locator('#ss-article-title').isVisible()).toBe(true);
      expect(await axeViolations(p)).toEqual([]);
      await screenshot(p, `demo${pagePath.replace('/', '-')}-article`);
      expect(log.errors).toEqual([]);
      expect(log.cspViolations).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
