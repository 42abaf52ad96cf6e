import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { axeViolations, hostPage, launchBrowser, newPage, screenshot, serveSite } from '../../helpers/browser.ts';
import { buildIndexFolder } from '../../helpers/build.ts';

// Docs folders of other tools, built as they are (see test/scripts/docs-folders.test.ts), read in the widget.
const folder = (name: string) => path.resolve(import.meta.dirname, '../../fixtures/docs-folders', name);

let browser: Browser;
let site: Awaited<ReturnType<typeof serveSite>>;

beforeAll(async () => {
  browser = await launchBrowser();
  const [vitepress, docusaurus] = await Promise.all([buildIndexFolder(folder('vitepress')), buildIndexFolder(folder('docusaurus'))]);
  site = await serveSite(inject('e2eDist'), {
    mounts: { '/docs/': vitepress, '/quillpad/': docusaurus },
    pages: { '/': hostPage({ attrs: 'data-index="/docs/"' }), '/quillpad': hostPage({ attrs: 'data-index="/quillpad/"' }) },
  });
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

it('follows a footnote to its note and back inside the article, leaving the page\'s address alone', async () => {
  const { page, log } = await newPage(browser);
  await page.goto(`${site.url}/quillpad#help/tutorial-basics/deploy-your-site`);
  await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Deploy your site');
  const address = page.url();
  const note = page.locator('.ss-article [id="footnote-hosts"]');
  const inView = (locator: typeof note) => locator.evaluate((element) => {
    const { top, bottom } = element.getBoundingClientRect();
    const body = element.closest('.ss-body')!.getBoundingClientRect();
    return top >= body.top - 1 && bottom <= body.bottom + 1;
  });
  await page.locator('.ss-article a[href="#footnote-hosts"]').first().click();
  await expect.poll(() => note.evaluate((element) => element === (element.getRootNode() as ShadowRoot).activeElement)).toBe(true);
  expect(await inView(note)).toBe(true);
  expect(page.url()).toBe(address);
  // And back, to where it was referred to, by a link named for screen readers.
  expect(await note.locator('a[href="#footnote-ref-hosts"]').getAttribute('aria-label')).toBe('Back to the text');
  expect(await note.locator('a[href="#footnote-ref-hosts-2"]').getAttribute('aria-label')).toBe('Back to the text 2');
  await note.locator('a[href="#footnote-ref-hosts"]').click();
  const reference = page.locator('.ss-article [id="footnote-ref-hosts"]');
  await expect.poll(() => reference.evaluate((element) => element === (element.getRootNode() as ShadowRoot).activeElement)).toBe(true);
  // A link landed on stays in the tab order.
  expect(await reference.evaluate((element: HTMLElement) => element.tabIndex)).toBe(0);
  expect(page.url()).toBe(address);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'docs-folder-footnotes');
  expect(log.errors).toEqual([]);
  expect(log.cspViolations).toEqual([]);
});
