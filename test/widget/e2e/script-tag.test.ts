import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, newPage, serveSite } from '../../helpers/browser.ts';

let browser: Browser;
let site: Awaited<ReturnType<typeof serveSite>>;

const page = (head: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Site</title>${head}</head><body><h1>Site</h1></body></html>`;

beforeAll(async () => {
  browser = await launchBrowser();
  const help = path.join(inject('e2eDist'), 'help');
  site = await serveSite(inject('e2eDist'), {
    pages: {
      // The tag `selfserve build` prints: the widget, published in the index folder, with no options.
      '/': page('<script src="/help/selfserve.js" defer></script>'),
      '/docs/page': page('<script src="/help/selfserve.js" defer></script>'),
      // A later script of the page configures the widget itself.
      '/configured': page('<script src="/help/selfserve.js" defer></script><script src="/configure.js" defer></script>'),
    },
    mounts: { '/kb/': help },
    intercept: (req, res) => {
      if (req.url !== '/configure.js') return false;
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(`Selfserve.init({ index: '/kb/', title: 'Kestrel support' });`);
      return true;
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function searchFor(p: Page, query: string) {
  await p.getByRole('button', { name: 'Help' }).click();
  await p.locator('.ss-input').pressSequentially(query, { delay: 20 });
  await expect.poll(() => p.getByRole('option').first().textContent()).toMatch(/bill/i);
}

describe('the script tag with no options', () => {
  it.each(['/', '/docs/page'])('on %s, finds the index in the folder it was loaded from', async (pathname) => {
    const { page: p, log } = await newPage(browser);
    const requests: string[] = [];
    p.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await p.goto(`${site.url}${pathname}`);
    await searchFor(p, 'bill codes');
    expect(requests).toContain('/help/manifest.json');
    expect(log.errors).toEqual([]);
    expect(log.cspViolations).toEqual([]);
  });

  it('lets a later script of the page call init() with its own options instead', async () => {
    const { page: p, log } = await newPage(browser);
    const requests: string[] = [];
    p.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await p.goto(`${site.url}/configured`);
    await searchFor(p, 'bill codes');
    expect(await p.getByRole('dialog').getAttribute('aria-label') ?? await p.locator('#ss-title').textContent()).toContain('Kestrel support');
    expect(requests).toContain('/kb/manifest.json');
    expect(requests).not.toContain('/help/manifest.json');
    expect(log.warnings.filter((w) => w.includes('init() was called again'))).toEqual([]);
    expect(log.errors).toEqual([]);
  });
});
