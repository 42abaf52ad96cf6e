import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { integrityOf } from '../../../scripts/integrity.ts';
import { axeViolations, hostPage, launchBrowser, newPage, screenshot, serveSite } from '../../helpers/browser.ts';
import { tempFolder } from '../../helpers/content.ts';
import { tamperRoot } from '../../helpers/tamper.ts';

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
      // "/" takes the visitor to the search box, which is on the page already; typed there, it is a "/".
      await input(page).waitFor();
      await page.keyboard.press('/');
      await expect.poll(() => page.evaluate(() => document.querySelector('selfserve-widget')!.shadowRoot!.activeElement?.id)).toBe('ss-input');
      await page.keyboard.type('esim/');
      expect(await input(page).inputValue()).toBe('esim/');
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

describe('the widget on unusual pages', () => {
  it('works when the page wraps fetch, JSON and Array.prototype', async () => {
    const wrappers = `<script>
      const realFetch = window.fetch;
      window.fetch = function (...args) { window.fetchCalls = (window.fetchCalls || 0) + 1; return realFetch.apply(this, args); };
      const realParse = JSON.parse;
      JSON.parse = function (text, reviver) { return realParse.call(JSON, text, reviver); };
      const realStringify = JSON.stringify;
      JSON.stringify = function (value, replacer, space) { return realStringify.call(JSON, value, replacer, space); };
      const realMap = Array.prototype.map;
      Array.prototype.map = function (fn, self) { return realMap.call(this, fn, self); };
      // An old library's enumerable helper, the kind that breaks for…in over arrays.
      Array.prototype.last = function () { return this[this.length - 1]; };
    </script>`;
    const site = await serveSite(inject('e2eDist'), { pages: { '/': hostPage({ head: wrappers }) }, csp: false });
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${site.url}/`);
      await searchAndRead(page);
      expect(await page.evaluate(() => (window as unknown as { fetchCalls: number }).fetchCalls)).toBeGreaterThan(0);
      expect(log.errors).toEqual([]);
    } finally {
      await site.close();
    }
  });

  it('works beside the page’s own Preact app', async () => {
    const vendor = path.resolve(import.meta.dirname, '../../../node_modules/preact/dist');
    const app = `<div id="app"></div><script type="module">
      import { h, render } from '/vendor/preact.mjs';
      let clicks = 0;
      function App() { return h('button', { id: 'counter', onClick: () => { clicks++; render(h(App), document.getElementById('app')); } }, 'Clicked ' + clicks); }
      render(h(App), document.getElementById('app'));
    </script>`;
    const site = await serveSite(inject('e2eDist'), { pages: { '/': hostPage({ body: app }) }, mounts: { '/vendor/': vendor }, csp: false });
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${site.url}/`);
      await page.locator('#counter').click();
      await searchAndRead(page);
      await page.keyboard.press('Escape');
      await page.locator('#counter').click();
      expect(await page.locator('#counter').textContent()).toBe('Clicked 2');
      expect(log.errors).toEqual([]);
    } finally {
      await site.close();
    }
  });

  it('resolves data-index against <base href>, as HTML does', async () => {
    const site = await serveSite(inject('e2eDist'), {
      pages: { '/shop/page': hostPage({ head: '<base href="/docs/">', attrs: 'data-index="help/"' }).replace('src="/selfserve.js"', 'src="/selfserve.js"') },
      mounts: { '/docs/help/': path.join(inject('e2eDist'), 'help') },
    });
    try {
      const { page, log } = await newPage(browser);
      const requests: string[] = [];
      page.on('request', (r) => requests.push(new URL(r.url()).pathname));
      await page.goto(`${site.url}/shop/page`);
      await searchAndRead(page);
      expect(requests).toContain('/docs/help/manifest.json');
      expect(log.errors).toEqual([]);
    } finally {
      await site.close();
    }
  });

  it('works in quirks mode (no doctype)', async () => {
    const quirks = hostPage().replace('<!doctype html>', '');
    const site = await serveSite(inject('e2eDist'), { pages: { '/': quirks } });
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${site.url}/`);
      expect(await page.evaluate(() => document.compatMode)).toBe('BackCompat');
      await searchAndRead(page);
      expect(await page.locator('.ss-panel').evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
      expect(log.errors).toEqual([]);
    } finally {
      await site.close();
    }
  });

  it('works inside an iframe', async () => {
    const site = await serveSite(inject('e2eDist'), {
      pages: {
        '/': '<!doctype html><html lang="en"><head><title>Outer</title></head><body><h1>Outer</h1><iframe src="/inner" title="Shop" width="900" height="760"></iframe></body></html>',
        '/inner': hostPage(),
      },
    });
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${site.url}/`);
      const frame = page.frameLocator('iframe');
      await frame.locator('.ss-launcher').click();
      await frame.locator('.ss-input').fill('travel pass');
      await expect.poll(() => frame.getByRole('option').first().textContent()).toContain('Travel Pass');
      await frame.locator('.ss-input').press('Enter');
      await expect.poll(() => frame.locator('#ss-article-title').textContent()).toBe('Travel Pass');
      expect(log.errors).toEqual([]);
    } finally {
      await site.close();
    }
  });
});

describe('themes', () => {
  it('follows a dark system theme with data-theme="auto", with enough contrast', async () => {
    const site = await serveSite(inject('e2eDist'), { pages: { '/': hostPage() } });
    try {
      const { page } = await newPage(browser);
      await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
      await page.goto(`${site.url}/`);
      await searchAndRead(page);
      expect(await page.locator('.ss-panel').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(23, 25, 30)');
      expect(await page.locator('.ss-panel').evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'dark-article');
    } finally {
      await site.close();
    }
  });
});

describe('Subresource Integrity', () => {
  /** Serves a copy of the widget with `file` modified after the build; `attrs` for the script tag. */
  async function tamperedSite(file: string, attrs = 'data-index="/help/" data-contact="mailto:help@kestrel.example"') {
    const copy = await tempFolder();
    cpSync(inject('e2eDist'), copy, { recursive: true });
    appendFileSync(path.join(copy, file), '\nwindow.__tampered = true;\n');
    return serveSite(copy, { pages: { '/': hostPage({ attrs }) } });
  }
  const tampered = (page: Page) => page.evaluate(() => (window as unknown as { __tampered?: boolean }).__tampered);

  it('pins the app from the loader: a modified selfserve-app.js does not run', async () => {
    const dist = inject('e2eDist');
    const loader = readFileSync(path.join(dist, 'selfserve.js'), 'utf8');
    expect(loader).toContain(integrityOf(readFileSync(path.join(dist, 'selfserve-app.js'))));

    const site = await tamperedSite('selfserve-app.js');
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${site.url}/`);
      await page.locator('.ss-launcher').click();
      await expect.poll(() => log.consoleErrors.join('\n')).toMatch(/could not load the help widget/);
      expect(await tampered(page)).toBeUndefined();
      expect(await page.locator('.ss-panel').count()).toBe(0);
      // The visitor is told, and can still reach support.
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Help is unavailable right now');
      expect(await page.getByRole('alert').getByRole('link', { name: 'Contact support' }).getAttribute('href')).toBe('mailto:help@kestrel.example');
      expect(await axeViolations(page)).toEqual([]);
      expect(log.errors).toEqual([]);
    } finally {
      await site.close();
    }
  });

  it('gives up on an app file that never finishes loading, and says so with the contact path', async () => {
    const site = await serveSite(inject('e2eDist'), {
      pages: { '/': hostPage({ attrs: 'data-index="/help/" data-contact="mailto:help@kestrel.example"' }) },
      // Headers, then nothing: the file never ends.
      intercept: (req, res) => {
        if (!req.url?.startsWith('/selfserve-app.js')) return false;
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.write('// ');
        return true;
      },
    });
    try {
      const { page, log } = await newPage(browser);
      await page.clock.install();
      await page.goto(`${site.url}/`);
      await page.locator('.ss-launcher').click();
      await page.clock.fastForward(25_000);
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Help is unavailable right now');
      expect(await page.getByRole('alert').getByRole('link', { name: 'Contact support' }).getAttribute('href')).toBe('mailto:help@kestrel.example');
      expect(log.errors).toEqual([]);
    } finally {
      await site.close();
    }
  });

  it('pins the parts the app loads on demand: a modified selfserve-article.js does not run', async () => {
    const dist = inject('e2eDist');
    for (const part of ['selfserve-article.js', 'selfserve-languages.js']) {
      expect(readFileSync(path.join(dist, 'selfserve-app.js'), 'utf8')).toContain(integrityOf(readFileSync(path.join(dist, part))));
    }
    const site = await tamperedSite('selfserve-article.js');
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${site.url}/#help/billing/bill-codes`);
      // The article cannot be shown safely, so it is not shown; search and the contact path stay.
      await expect.poll(() => page.locator('.ss-body .ss-message h3').textContent()).toBe('This article could not be loaded.');
      expect(await tampered(page)).toBeUndefined();
      expect(log.warnings.join('\n')).toMatch(/could not load .*selfserve-article\.js/);
      expect(log.errors).toEqual([]);
    } finally {
      await site.close();
    }
  });

  it('pins the language rules too: a modified selfserve-languages.js makes search unavailable, not wrong', async () => {
    const site = await tamperedSite('selfserve-languages.js', 'data-index="/help/" data-lang="es" data-contact="mailto:help@kestrel.example"');
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${site.url}/`);
      await page.locator('.ss-launcher').click();
      await expect.poll(() => page.locator('.ss-message h3').textContent()).toBe('La búsqueda no está disponible en este momento');
      expect(await tampered(page)).toBeUndefined();
      expect(log.warnings.join('\n')).toMatch(/could not load .*selfserve-languages\.js/);
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

  // (#17) decodeURIComponent threw URIError into the page, and the listeners after it were never added.
  it('ignores malformed deep links and still follows good ones', async () => {
    const site = await serveSite(inject('e2eDist'), { pages: { '/': hostPage() } });
    try {
      for (const hash of ['#help/%E0%A4%A', '#help/%zz']) {
        const { page, log } = await newPage(browser);
        await page.goto(`${site.url}/${hash}`);
        await page.locator('.ss-launcher').waitFor();
        expect(await page.getByRole('dialog').count()).toBe(0);
        await page.evaluate(() => (location.hash = '#help/roaming/travel-pass'));
        await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Travel Pass');
        expect(log.errors).toEqual([]);
        expect(log.consoleErrors).toEqual([]);
        await page.close();
      }
    } finally {
      await site.close();
    }
  });

  // (#17) As a regular expression this glob backtracks for longer than the test runs, during the
  // idle preload of every page, before anyone clicks.
  it('stays responsive when a tampered index carries a backtracking page glob', async () => {
    const dir = path.join(await tempFolder(), 'help');
    cpSync(path.join(inject('e2eDist'), 'help'), dir, { recursive: true });
    tamperRoot(dir, (root) => {
      root.featured[0].pages = [`/${'**?'.repeat(40)}Z`];
    });
    const deep = `/${'a/'.repeat(60)}x`;
    const site = await serveSite(inject('e2eDist'), { mounts: { '/evil/': dir }, pages: { [deep]: hostPage({ attrs: 'data-index="/evil/"' }) } });
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${site.url}${deep}`);
      await page.locator('.ss-launcher').click();
      await expect.poll(() => page.getByRole('option').count()).toBeGreaterThan(0);
      await input(page).fill('travel pass');
      await expect.poll(() => page.getByRole('option').first().textContent()).toContain('Travel Pass');
      expect(log.errors).toEqual([]);
    } finally {
      await site.close();
    }
  });
});
