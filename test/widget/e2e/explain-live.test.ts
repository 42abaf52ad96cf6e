import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { integrityOf } from '../../../scripts/integrity.ts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createInbox } from '../../../scripts/inbox.ts';
import { axeViolations, hostPage, launchBrowser, newPage, screenshot, serveSite } from '../../helpers/browser.ts';
import { tempFolder } from '../../helpers/content.ts';

let browser: Browser;
let site: Awaited<ReturnType<typeof serveSite>>;
let inbox: Awaited<ReturnType<typeof createInbox>>;

const STATEMENT = '<table class="statement"><tbody><tr><td><code>GPRR</code></td><td>GPRR transfer</td><td>$20.60</td></tr></tbody></table>';

beforeAll(async () => {
  browser = await launchBrowser();
  inbox = await createInbox(await tempFolder());
  site = await serveSite(inject('e2eDist'), {
    pages: {
      '/app': hostPage({ attrs: 'data-index="/help/" data-explain=".statement" data-analytics="/api/collect"', body: '<main><h1>Account</h1><div id="route"></div></main>' }),
      '/ar': hostPage({ attrs: 'data-index="/help/" data-lang="ar" data-explain="#bill"', body: `<main dir="rtl"><h1>فاتورتك</h1><div id="bill">${STATEMENT}</div></main>` }),
    },
    intercept: (req, res) => inbox.handle(req, res),
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const marked = (page: Page) =>
  page.evaluate(() => [...(CSS.highlights.get('selfserve-term') ?? [])].map((r) => (r.startContainer as Text).data.slice(r.startOffset, r.endOffset)).sort());

const events = () => {
  try {
    return readFileSync(inbox.eventsFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } catch {
    return [];
  }
};

describe('terms explained in place on live pages', () => {
  it('explains a region a single-page app renders later, but not text the visitor can edit', async () => {
    const { page, log } = await newPage(browser);
    await page.goto(`${site.url}/app`);
    await page.waitForFunction(() => window.Selfserve !== undefined);
    expect(await marked(page)).toEqual([]);
    // The next route renders the statement, with an editable note that mentions a code.
    await page.evaluate((html) => {
      document.querySelector('#route')!.innerHTML = `${html}<div class="statement"><p>Note: <span contenteditable="true">ask about MBRA</span></p></div>`;
    }, STATEMENT);
    await expect.poll(() => marked(page)).toEqual(['GPRR', 'GPRR']);
    // Leaving the route takes its marks and stops with it.
    await page.evaluate(() => (document.querySelector('#route')!.innerHTML = ''));
    await expect.poll(() => page.evaluate(() => CSS.highlights.get('selfserve-term')?.size)).toBe(0);
    expect(log.errors).toEqual([]);
  });

  it('sends an explain event with the term and the page path to analytics', async () => {
    const { page, log } = await newPage(browser);
    await page.goto(`${site.url}/app`);
    await page.evaluate((html) => (document.querySelector('#route')!.innerHTML = html), STATEMENT);
    await expect.poll(() => marked(page)).toEqual(['GPRR', 'GPRR']);
    await page.locator('h1').focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.locator('selfserve-term .pop:popover-open').count()).toBe(1);
    // Analytics listens once the app is there; the event waits for it.
    await expect.poll(() => page.evaluate(() => Boolean(document.querySelector('selfserve-widget')))).toBe(true);
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('selfserve-app.js')));
    await expect
      .poll(async () => {
        await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide')));
        return events().filter((e) => e.type === 'explain');
      })
      .toEqual([expect.objectContaining({ type: 'explain', term: 'GPRR', slug: 'billing/bill-codes', page: '/app', locale: 'en' })]);
    expect(log.errors).toEqual([]);
  });

  it('lays the definition out right to left in a right-to-left language, inside a 375 px screen', async () => {
    const { page, log } = await newPage(browser, { width: 375, height: 700 });
    await page.goto(`${site.url}/ar`);
    await expect.poll(() => marked(page)).toEqual(['GPRR', 'GPRR']);
    const code = (await page.locator('#bill code').boundingBox())!;
    await page.mouse.move(code.x + code.width / 2, code.y + code.height / 2);
    const pop = page.locator('selfserve-term .pop:popover-open');
    await expect.poll(() => pop.count()).toBe(1);
    expect(await pop.getAttribute('dir')).toBe('rtl');
    const box = (await pop.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    // Aligned to the term's right edge (as far as the screen allows), not its left.
    expect(Math.abs(box.x + box.width - Math.min(code.x + code.width, 375 - 8))).toBeLessThanOrEqual(2);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'explain-rtl-375');
    expect(log.errors).toEqual([]);
    expect(log.cspViolations).toEqual([]);
  });

  it('is pinned by the loader: a modified selfserve-explain.js does not run, and the page is left alone', async () => {
    const dist = inject('e2eDist');
    expect(readFileSync(path.join(dist, 'selfserve.js'), 'utf8')).toContain(integrityOf(readFileSync(path.join(dist, 'selfserve-explain.js'))));
    const copy = await tempFolder();
    cpSync(dist, copy, { recursive: true });
    appendFileSync(path.join(copy, 'selfserve-explain.js'), '\nwindow.__tampered = true;\n');
    const tampered = await serveSite(copy, { pages: { '/': hostPage({ attrs: 'data-index="/help/" data-explain="#bill"', body: `<main><div id="bill">${STATEMENT}</div></main>` }) } });
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${tampered.url}/`);
      await expect.poll(() => log.consoleErrors.join('\n')).toMatch(/could not explain terms on this page/);
      expect(await page.evaluate(() => (window as unknown as { __tampered?: boolean }).__tampered)).toBeUndefined();
      expect(await page.locator('selfserve-term').count()).toBe(0);
      expect(log.errors).toEqual([]);
    } finally {
      await tampered.close();
    }
  });
});
