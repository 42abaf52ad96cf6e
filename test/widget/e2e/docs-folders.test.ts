import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { axeViolations, hostPage, launchBrowser, newPage, screenshot, serveSite } from '../../helpers/browser.ts';
import { buildIndexFolder } from '../../helpers/build.ts';

// A VitePress docs folder, built as it is (see test/scripts/docs-folders.test.ts), read in the widget.
const VITEPRESS = path.resolve(import.meta.dirname, '../../fixtures/docs-folders/vitepress');

let browser: Browser;
let site: Awaited<ReturnType<typeof serveSite>>;

beforeAll(async () => {
  browser = await launchBrowser();
  const index = await buildIndexFolder(VITEPRESS);
  site = await serveSite(inject('e2eDist'), { mounts: { '/docs/': index }, pages: { '/': hostPage({ attrs: 'data-index="/docs/"' }) } });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const label = (page: Page, selector: string) => page.locator(selector).evaluate((element) => getComputedStyle(element, '::before').content);

it('shows a container\'s title as its label and ::: details as a block that opens, with zero axe violations', async () => {
  const { page, log } = await newPage(browser);
  await page.goto(`${site.url}/#help/guide/getting-started`);
  await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Getting Started');
  // `::: warning Node version`: the title in place of "Warning", and not again in the text.
  const warning = '.ss-article blockquote[data-alert="warning"]';
  await expect.poll(() => label(page, warning)).toBe('"Node version"');
  expect(await page.locator(warning).textContent()).not.toContain('Node version');
  // `::: details Upgrading from Lumen 1`: closed until its summary is clicked.
  const details = page.locator('.ss-article details');
  expect(await details.locator('summary').textContent()).toBe('Upgrading from Lumen 1');
  expect(await details.getByText('lumen.config.mjs').isVisible()).toBe(false);
  await details.locator('summary').click();
  expect(await details.getByText('lumen.config.mjs').isVisible()).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'docs-folder-containers');
  expect(log.errors).toEqual([]);
  expect(log.cspViolations).toEqual([]);
});

it('opens a closed details when what was searched for is inside it, not when only its summary matched', async () => {
  const { page, log } = await newPage(browser);
  const openArticle = async (query: string) => {
    await page.goto(`${site.url}/`);
    await page.keyboard.press('/');
    await page.keyboard.type(query, { delay: 20 });
    await page.getByRole('option', { name: /^Getting Started/ }).first().click();
    await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Getting Started');
    return page.locator('.ss-article details');
  };
  const details = await openArticle('rename lumen config');
  await expect.poll(() => details.evaluate((element: HTMLDetailsElement) => element.open)).toBe(true);
  expect(await details.locator('mark').allTextContents()).toContain('Rename');
  expect(await (await openArticle('upgrading')).evaluate((element: HTMLDetailsElement) => element.open)).toBe(false);
  expect(log.errors).toEqual([]);
});
