import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, hostPage, launchBrowser, newPage, screenshot, serveSite, type PageLog } from '../../helpers/browser.ts';

let browser: Browser;
let site: Awaited<ReturnType<typeof serveSite>>;

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serveSite(inject('e2eDist'), {
    pages: {
      '/': hostPage({ attrs: 'data-index="/help/" data-contact="mailto:support@kestrel.example"' }),
      '/account/bill': hostPage({ title: 'Your bill' }),
      '/modal': hostPage({ attrs: 'data-index="/help/" data-mode="modal"' }),
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const input = (page: Page) => page.locator('.ss-input');
const dialog = (page: Page) => page.getByRole('dialog');

async function expectClean(page: Page, log: PageLog, state: string) {
  expect(await axeViolations(page), `axe violations in state "${state}"`).toEqual([]);
  expect(log.errors).toEqual([]);
  expect(log.cspViolations).toEqual([]);
}

describe('the widget on a page with its script tag', () => {
  it('opens, searches, opens an article, goes back, and closes — accessible in every state', async () => {
    const { page, log } = await newPage(browser);
    await page.goto(`${site.url}/`);
    const launcher = page.getByRole('button', { name: 'Help' });
    await expect.poll(() => launcher.isVisible()).toBe(true);
    await expectClean(page, log, 'closed');
    await screenshot(page, 'desktop-0-closed');

    await launcher.click();
    await expect.poll(() => dialog(page).isVisible()).toBe(true);
    // Beside the page, not over it: a non-modal dialog.
    expect(await dialog(page).getAttribute('aria-modal')).toBeNull();
    await expect.poll(() => page.evaluate(() => document.querySelector('selfserve-widget')!.shadowRoot!.activeElement?.id)).toBe('ss-input');
    await expect.poll(() => page.locator('.ss-option').count()).toBeGreaterThan(0);
    await expectClean(page, log, 'open empty');
    await screenshot(page, 'desktop-1-open');

    await input(page).fill('GPRR');
    await expect.poll(() => page.locator('.ss-answer').textContent()).toContain('GPRR');
    await expect.poll(() => page.getByRole('option').nth(1).textContent()).toContain('Understand the codes on your bill');
    await expect.poll(() => page.locator('.ss-option:not(.ss-answer) mark').first().textContent()).toBe('GPRR');
    expect(await input(page).getAttribute('aria-expanded')).toBe('true');
    await expect
      .poll(async () => (await page.locator('[aria-live="polite"]').allTextContents()).join('') === `Quick answer: GPRR. ${await page.getByRole('option').count()} results for “GPRR”`)
      .toBe(true);
    await expectClean(page, log, 'results');
    await screenshot(page, 'desktop-2-results');

    await input(page).press('ArrowDown');
    await input(page).press('ArrowDown');
    const activeId = await input(page).getAttribute('aria-activedescendant');
    expect(activeId).toBeTruthy();
    expect(await page.locator(`[id="${activeId}"]`).getAttribute('aria-selected')).toBe('true');
    await input(page).press('Enter');
    await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Understand the codes on your bill');
    expect(new URL(page.url()).hash).toBe('#help/billing/bill-codes');
    await expect.poll(() => page.locator('.ss-article mark').count()).toBeGreaterThan(0);
    await expectClean(page, log, 'article');
    await screenshot(page, 'desktop-3-article');

    // A link to another article opens in the widget.
    await page.locator('.ss-article a[data-selfserve-article]').first().click();
    await expect.poll(() => new URL(page.url()).hash).not.toBe('#help/billing/bill-codes');
    await expect.poll(() => page.locator('#ss-article-title').isVisible()).toBe(true);

    // Browser Back walks back through the articles, then to the results with the query kept.
    await page.goBack();
    await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Understand the codes on your bill');
    await page.goBack();
    await expect.poll(() => input(page).isVisible()).toBe(true);
    expect(await input(page).inputValue()).toBe('GPRR');
    expect(await page.getByRole('option').count()).toBeGreaterThan(0);

    await page.keyboard.press('Escape');
    await expect.poll(() => dialog(page).count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.querySelector('selfserve-widget')!.shadowRoot!.activeElement?.className)).toBe('ss-launcher');
    expect(log.consoleErrors).toEqual([]);
  });

  it('says kindly when nothing matches, with tips, popular articles and the contact path', async () => {
    const { page, log } = await newPage(browser);
    await page.goto(`${site.url}/`);
    await page.evaluate(() => window.Selfserve!.open('xyzzy plover'));
    await expect.poll(() => page.locator('.ss-message h3').textContent()).toBe('No articles match “xyzzy plover”');
    expect(await page.locator('.ss-message').textContent()).toContain('Try fewer words');
    expect(await page.locator('.ss-section-label').textContent()).toBe('Popular articles');
    await expect.poll(() => page.locator('[aria-live="assertive"]').textContent()).toBe('No articles match “xyzzy plover”');
    await expectClean(page, log, 'no results');
    await screenshot(page, 'desktop-4-no-results');
    // mailto: contact shows what will be sent, then prefills the email.
    // One contact path in this view, with the message.
    expect(await page.getByRole('button', { name: 'Contact support' }).count()).toBe(1);
    await page.locator('.ss-message').getByRole('button', { name: 'Contact support' }).click();
    await page.getByLabel('Your message').fill('Where is the xyzzy?');
    const mail = decodeURIComponent((await page.getByRole('link', { name: 'Write the email' }).getAttribute('href'))!);
    expect(mail).toMatch(/^mailto:support@kestrel\.example\?subject=Help request&body=Where is the xyzzy\?/);
    expect(mail).toContain('Searched “xyzzy plover” (0 results)');
    await expectClean(page, log, 'contact form');
  });

  it('opens with the keyboard shortcuts, but never while the visitor types in the page', async () => {
    const { page } = await newPage(browser);
    await page.goto(`${site.url}/`);
    await page.getByRole('button', { name: 'Help' }).waitFor();
    await page.keyboard.press('/');
    await expect.poll(() => dialog(page).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await expect.poll(() => dialog(page).isVisible()).toBe(true);
    await page.keyboard.press('Control+k');
    await expect.poll(() => dialog(page).count()).toBe(0);

    await page.evaluate(() => {
      const field = document.createElement('input');
      field.id = 'page-field';
      document.body.prepend(field);
    });
    await page.locator('#page-field').type('a/b');
    expect(await page.locator('#page-field').inputValue()).toBe('a/b');
    expect(await dialog(page).count()).toBe(0);
  });

  it('works from the keyboard alone, keeping focus inside the modal dialog', async () => {
    const { page } = await newPage(browser);
    await page.goto(`${site.url}/modal`);
    await page.getByRole('button', { name: 'Help' }).waitFor();
    // Tab from the page's own link to the launcher.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.querySelector('selfserve-widget')!.shadowRoot!.activeElement?.className)).toBe('ss-launcher');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.querySelector('selfserve-widget')!.shadowRoot!.activeElement?.id)).toBe('ss-input');
    await page.keyboard.type('refund');
    await expect.poll(() => page.getByRole('option').first().textContent()).toContain('Refunds');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Refunds and account credits');
    // Focus cycles within the dialog.
    for (let i = 0; i < 30; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELFSERVE-WIDGET');
    // Back to results with Enter on the back button.
    await page.locator('.ss-back').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => input(page).inputValue()).toBe('refund');
    await expect.poll(() => page.evaluate(() => document.querySelector('selfserve-widget')!.shadowRoot!.activeElement?.id)).toBe('ss-input');
  });

  it('opens an article from a deep link, scrolled to its section', async () => {
    const { page, log } = await newPage(browser);
    await page.goto(`${site.url}/#help/billing/bill-codes#rate-codes`);
    await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Understand the codes on your bill');
    await expect.poll(() => page.locator('.ss-article [id="rate-codes"]').evaluate((el) => el.classList.contains('ss-target'))).toBe(true);
    const top = await page.locator('.ss-article [id="rate-codes"]').evaluate((el) => el.getBoundingClientRect().top);
    const bodyTop = await page.locator('.ss-body').evaluate((el) => el.getBoundingClientRect().top);
    expect(Math.abs(top - bodyTop)).toBeLessThan(40);
    expect(log.errors).toEqual([]);
  });

  it('shows an article’s images from the index, lazily, those of its raw HTML too, whose links open articles in place', async () => {
    const { page, log } = await newPage(browser);
    await page.goto(`${site.url}/#help/devices/insert-a-sim`);
    // The sizes, an <img width> in the article's raw HTML; the tray, a markdown image.
    const [sizes, image] = [page.locator('.ss-article img').first(), page.locator('.ss-article img').last()];
    for (const img of [sizes, image]) await img.scrollIntoViewIfNeeded();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await image.getAttribute('src')).toMatch(new RegExp(`^${site.url}/help/assets/sim-tray\\.[0-9a-f]{16}\\.svg$`));
    expect(await image.getAttribute('loading')).toBe('lazy');
    expect(await image.getAttribute('alt')).toContain('SIM tray');
    await expect.poll(() => sizes.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await sizes.getAttribute('src')).toMatch(new RegExp(`^${site.url}/help/assets/sim-sizes\\.[0-9a-f]{16}\\.svg$`));
    expect(await sizes.evaluate((img: HTMLImageElement) => img.getBoundingClientRect().width)).toBe(300);
    expect(await axeViolations(page)).toEqual([]);
    expect(log.cspViolations).toEqual([]);
    // A link of its raw HTML opens the article it names in the widget, as a markdown link does.
    await page.locator('.ss-article details summary').click();
    await page.locator('.ss-article details a').click();
    await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Activate an eSIM');
    expect(new URL(page.url()).hash).toBe('#help/devices/activate-esim');
  });

  it('opens the closed details that hold the part of an article a deep link names', async () => {
    const { page, log } = await newPage(browser);
    await page.goto(`${site.url}/#help/devices/insert-a-sim#no-sim-tray`);
    const part = page.locator('.ss-article [id="no-sim-tray"]');
    await expect.poll(() => part.isVisible()).toBe(true);
    expect(await page.locator('.ss-article details').evaluate((details: HTMLDetailsElement) => details.open)).toBe(true);
    // Scrolled to the question it answers, the details' summary, just above it.
    const inView = await page.locator('.ss-article details summary').evaluate((summary) => {
      const { top } = summary.getBoundingClientRect();
      const body = summary.closest('.ss-body')!.getBoundingClientRect();
      return top >= body.top - 1 && top < body.top + 40;
    });
    expect(inView).toBe(true);
    expect(await part.evaluate((element) => element === (element.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await expectClean(page, log, 'deep link into details');
    // A link of the article to that part, the details closed again.
    await page.locator('.ss-article details summary').click();
    await expect.poll(() => part.isVisible()).toBe(false);
    await page.locator('.ss-article a[data-selfserve-anchor="no-sim-tray"]').click();
    await expect.poll(() => part.isVisible()).toBe(true);
    expect(new URL(page.url()).hash).toBe('#help/devices/insert-a-sim#no-sim-tray');
  });

  it('suggests the articles meant for the current page before anything is typed', async () => {
    const { page } = await newPage(browser);
    await page.goto(`${site.url}/account/bill`);
    await page.getByRole('button', { name: 'Help' }).click();
    await expect.poll(() => page.locator('.ss-section-label').textContent()).toBe('Suggested for this page');
    expect(await page.getByRole('option').first().textContent()).toContain('Understand the codes on your bill');
  });

  it('has an API and events for the host page', async () => {
    const { page } = await newPage(browser);
    await page.goto(`${site.url}/`);
    await page.getByRole('button', { name: 'Help' }).waitFor();
    const events = await page.evaluate(async () => {
      const seen: string[] = [];
      const api = window.Selfserve!;
      api.on('open', () => seen.push('on:open'));
      window.addEventListener('selfserve:open', () => seen.push('dom:open'));
      api.on('article', (d) => seen.push(`on:article:${d.slug}`));
      window.addEventListener('selfserve:close', () => seen.push('dom:close'));
      const response = await api.search('reset password');
      seen.push(`search:${response?.results[0].slug}`);
      const shown = new Promise((resolve) => api.on('article', resolve));
      api.openArticle('billing/autopay');
      await shown;
      api.close();
      return seen;
    });
    expect(events).toEqual(['on:open', 'dom:open', 'search:account/reset-password', 'on:article:billing/autopay', 'dom:close']);
  });

  it('fills the screen on a phone', async () => {
    const { page, log } = await newPage(browser, { width: 375, height: 740 });
    await page.goto(`${site.url}/account/bill`);
    await page.getByRole('button', { name: 'Help' }).click();
    await expect.poll(() => page.locator('.ss-panel').boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 740 });
    await screenshot(page, 'mobile-1-open');
    await input(page).fill('reset password');
    // Enter straight after typing opens the best result for what was typed.
    await input(page).press('Enter');
    await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Reset your password');
    await page.locator('.ss-back').click();
    await screenshot(page, 'mobile-2-results');
    await input(page).press('Enter');
    await expect.poll(() => page.locator('#ss-article-title').isVisible()).toBe(true);
    await screenshot(page, 'mobile-3-article');
    // Touch targets are at least 44 px.
    for (const selector of ['.ss-back', '.ss-icon-button']) {
      const box = await page.locator(selector).boundingBox();
      expect(box!.height, selector).toBeGreaterThanOrEqual(44);
    }
    await expectClean(page, log, 'mobile article');
  });
});
