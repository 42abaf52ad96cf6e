import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PAGES, demoMounts } from '../../../scripts/demo.ts';
import { STRICT_CSP, startStaticServer } from '../../../scripts/static-server.ts';
import { axeViolations, launchBrowser, newPage, screenshot } from '../../helpers/browser.ts';

const demo = path.resolve(import.meta.dirname, '../../../widget/demo');
let browser: Browser;
let site: Awaited<ReturnType<typeof startStaticServer>>;

beforeAll(async () => {
  browser = await launchBrowser();
  const dist = inject('e2eDist');
  site = await startStaticServer({
    mounts: { ...demoMounts(path.join(dist, 'help'), dist), '/demo.css': path.join(demo, 'demo.css'), '/demo-bill.js': path.join(demo, 'demo-bill.js') },
    pages: DEMO_PAGES,
    csp: STRICT_CSP,
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const marked = (page: import('playwright-core').Page) =>
  page.evaluate(() => [...(CSS.highlights.get('selfserve-term') ?? [])].map((r) => (r.startContainer as Text).data.slice(r.startOffset, r.endOffset)).sort());

describe('the demo bill page', () => {
  it('explains the codes on the bill, including a row it adds, under its strict CSP', async () => {
    const { page, log } = await newPage(browser);
    await page.goto(`${site.url}/account/bill`);
    await expect.poll(() => marked(page)).toEqual(['DOMS', 'GPRR', 'GPRR', 'MBRA', 'MBRA', 'RCF', 'VCRM', 'roaming']);
    await page.getByRole('button', { name: 'Show pending charges' }).click();
    await expect.poll(() => marked(page)).toContain('TPAS');
    const box = (await page.locator('#bill-lines code', { hasText: 'TPAS' }).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.locator('selfserve-term .pop:popover-open').textContent()).toContain('Travel Pass');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'demo-bill-explain');
    expect(log.cspViolations).toEqual([]);
    expect(log.errors).toEqual([]);
  });
});
