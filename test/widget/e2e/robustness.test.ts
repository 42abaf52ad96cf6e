import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, hostPage, launchBrowser, newPage, screenshot, serveSite } from '../../helpers/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const input = (page: Page) => page.locator('.ss-input');

/** Searches and opens the first result: the journey every page below must still allow. */
async function searchAndRead(page: Page) {
  await page.locator('.ss-launcher').click();
  await input(page).fill('travel pass');
  await expect.poll(() => page.getByRole('option').first().textContent()).toContain('Travel Pass');
  await input(page).press('Enter');
  await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Travel Pass');
}

describe('the widget on hostile pages', () => {
  it('keeps working and looking right under global resets and !important rules', async () => {
    const hostile = `<style>
      * { all: unset !important; }
      button { display: none !important; }
      div { display: none !important; }
      html, body { display: block !important; font: 40px/1 serif !important; color: red !important; }
      selfserve-widget { color: lime !important; font-size: 60px !important; }
    </style>`;
    const site = await serveSite(inject('e2eDist'), { pages: { '/': hostPage({ head: hostile }) }, csp: false });
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${site.url}/`);
      await searchAndRead(page);
      const style = await page.locator('.ss-article p').first().evaluate((el) => ({ font: getComputedStyle(el).fontSize, color: getComputedStyle(el).color }));
      expect(style.font).toBe('15px');
      expect(style.color).not.toBe('rgb(255, 0, 0)');
      expect(style.color).not.toBe('rgb(0, 255, 0)');
      expect(await axeViolations(page)).toEqual([]);
      expect(log.errors).toEqual([]);
      await screenshot(page, 'hostile-css-article');
    } finally {
      await site.close();
    }
  });

  it('works under a strict Content-Security-Policy with no violation', async () => {
    const site = await serveSite(inject('e2eDist'), { pages: { '/': hostPage() } });
    try {
      const { page, log } = await newPage(browser);
      const response = await page.goto(`${site.url}/`);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'; style-src 'self'");
      await searchAndRead(page);
      expect(log.cspViolations).toEqual([]);
      expect(log.errors).toEqual([]);
    } finally {
      await site.close();
    }
  });

  it('renders inline in an element of the page with data-mount', async () => {
    const site = await serveSite(inject('e2eDist'), {
      pages: { '/': hostPage({ attrs: 'data-index="/help/" data-mount="#help"', body: '<main><h1>Help center</h1><div id="help"></div></main>' }) },
    });
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${site.url}/`);
      await input(page).fill('esim');
      await expect.poll(() => page.getByRole('option').first().textContent()).toContain('eSIM');
      expect(await page.locator('.ss-launcher').count()).toBe(0);
      expect(await page.locator('#help selfserve-widget').count()).toBe(1);
      expect(await page.getByRole('dialog').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      expect(log.errors).toEqual([]);
      await screenshot(page, 'inline-results');
    } finally {
      await site.close();
    }
  });

  it('opens from the page’s own button with data-launcher, and returns focus to it', async () => {
    const site = await serveSite(inject('e2eDist'), {
      pages: { '/': hostPage({ attrs: 'data-index="/help/" data-launcher="#my-help"', body: '<main><h1>Shop</h1><a id="my-help" href="/help-page">Get help</a></main>' }) },
    });
    try {
      const { page } = await newPage(browser);
      await page.goto(`${site.url}/`);
      await page.locator('#my-help').click();
      await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await page.locator('.ss-launcher').count()).toBe(0);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('my-help');
    } finally {
      await site.close();
    }
  });

  it('logs one clear error for a bad option and carries on with the default', async () => {
    const site = await serveSite(inject('e2eDist'), {
      pages: { '/': hostPage({ attrs: 'data-index="/help/" data-position="top-middle" data-z-index="high"' }) },
    });
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${site.url}/`);
      await searchAndRead(page);
      expect(log.consoleErrors).toEqual([
        'selfserve: data-position="top-middle" is not a known position: use bottom-right or bottom-left. Using the default (bottom-right).',
        'selfserve: data-z-index="high" is not a whole number: use a whole number like 1000. Using the default (2147483000).',
      ]);
    } finally {
      await site.close();
    }
  });

  it('survives the script being included twice', async () => {
    const page2 = hostPage().replace('</body>', '<script src="/selfserve.js" data-index="/help/" defer></script></body>');
    const site = await serveSite(inject('e2eDist'), { pages: { '/': page2 } });
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${site.url}/`);
      await searchAndRead(page);
      expect(await page.locator('selfserve-widget').count()).toBe(1);
      expect(log.warnings.some((w) => w.includes('included more than once'))).toBe(true);
      expect(log.errors).toEqual([]);
    } finally {
      await site.close();
    }
  });
});

describe('when the index cannot load', () => {
  it('says search is unavailable, keeps the contact path, and recovers on retry', async () => {
    let broken = true;
    const site = await serveSite(inject('e2eDist'), {
      pages: { '/': hostPage({ attrs: 'data-index="/help/" data-contact="https://example.com/contact?q={query}"' }) },
      intercept: (req, res) => {
        if (broken && req.url?.startsWith('/help/manifest.json')) {
          res.writeHead(503).end();
          return true;
        }
        return false;
      },
    });
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${site.url}/`);
      await page.locator('.ss-launcher').click();
      await expect.poll(() => page.locator('.ss-message h3').textContent()).toBe('Search is unavailable right now');
      expect(await page.locator('.ss-message a', { hasText: 'Contact support' }).getAttribute('href')).toBe('https://example.com/contact?q=');
      expect(log.warnings.some((w) => /manifest\.json answered 503/.test(w))).toBe(true);
      expect(log.errors).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'desktop-5-unavailable');

      broken = false;
      await page.getByRole('button', { name: 'Try again' }).click();
      await input(page).fill('GPRR');
      await expect.poll(() => page.getByRole('option').first().textContent()).toContain('codes');
    } finally {
      await site.close();
    }
  });
});
