import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { axeViolations, hostPage, launchBrowser, newPage, screenshot, serveSite, type PageLog } from '../../helpers/browser.ts';

// Issue #13 (the answer flow) and #12 item 3 (no false "no results"), in Chromium, on a strict-CSP
// page, at desktop width and on a phone: every state axe-clean, with a screenshot.

let browser: Browser;
let site: Awaited<ReturnType<typeof serveSite>>;
// Held index requests (by path part), released by the test: a slow network without timers.
const held = new Map<string, Promise<void>>();

const BILL = '<main><h1>Your bill</h1><table><tr><th>Code</th><th>Amount</th></tr><tr><td><code>GPRR</code></td><td>$20.60</td></tr></table><button id="page-button" type="button">Pay now</button></main>';

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serveSite(inject('e2eDist'), {
    pages: {
      '/': hostPage({ attrs: 'data-index="/help/" data-contact="mailto:support@kestrel.example"' }),
      // For held requests: no deadline to race (the widget gives up on a file after 8 s by default).
      '/held': hostPage({ attrs: 'data-index="/help/" data-contact="mailto:support@kestrel.example" data-timeout="120000"' }),
      '/account/bill': hostPage({ title: 'Your bill', body: BILL, attrs: 'data-index="/help/" data-contact="mailto:support@kestrel.example" data-title="Kestrel help" data-logo="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 viewBox=%220 0 10 10%22%3E%3Ccircle cx=%225%22 cy=%225%22 r=%225%22 fill=%22%230f5132%22/%3E%3C/svg%3E"' }),
      '/ar': hostPage({ attrs: 'data-index="/help/" data-contact="mailto:support@kestrel.example"' }).replace('<html lang="en">', '<html lang="ar" dir="rtl">'),
      '/field': hostPage({ body: '<main><h1>Notes</h1><label>Your note <input id="page-field"></label></main>' }),
      // A site that gives the widget its own font: a wide one.
      '/wide-font': hostPage({ head: '<link rel="stylesheet" href="/wide-font.css">' }),
    },
    intercept: async (req, res) => {
      if (req.url === '/wide-font.css') {
        res.writeHead(200, { 'content-type': 'text/css' }).end('selfserve-widget { --selfserve-font: monospace; }');
        return true;
      }
      for (const [part, gate] of held) if (req.url?.includes(part)) await gate;
      return false;
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const VIEWPORTS = [
  ['desktop', { width: 1280, height: 860 }],
  ['phone', { width: 375, height: 740 }],
] as const;

const input = (page: Page) => page.locator('.ss-input');
/** The element focused inside the widget, or "outside" when focus left it. */
const focusedInWidget = (page: Page) =>
  page.evaluate(() => {
    const shadow = document.querySelector('selfserve-widget')!.shadowRoot!;
    const active = shadow.activeElement as HTMLElement | null;
    return active ? `${active.tagName.toLowerCase()}:${active.textContent?.trim().slice(0, 60) ?? ''}` : 'outside';
  });
const liveText = (page: Page) => page.locator('[aria-live]').allTextContents().then((texts) => texts.join(''));

async function clean(page: Page, log: PageLog, name: string) {
  expect(await axeViolations(page), `axe violations in "${name}"`).toEqual([]);
  expect(log.cspViolations, name).toEqual([]);
  expect(log.errors, name).toEqual([]);
  await screenshot(page, name);
}

async function openOn(page: Page, path: string) {
  await page.goto(`${site.url}${path}`);
  await page.locator('.ss-launcher').click();
  await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
  // Keys go where focus is: wait for the panel to put it in its search box.
  await expect.poll(() => page.evaluate(() => document.querySelector('selfserve-widget')?.shadowRoot?.activeElement?.id)).toBe('ss-input');
}

describe.each(VIEWPORTS)('the answer flow (%s)', (device, viewport) => {
  it('offers the instant answer as the first option: announced, reached by the arrow keys, opened at its section', async () => {
    const { page, log } = await newPage(browser, viewport);
    await openOn(page, '/');
    await page.keyboard.type('GPRR', { delay: 30 });
    await expect.poll(() => page.getByRole('option').first().getAttribute('id')).toBe('ss-option-answer');
    expect(await page.getByRole('option').first().textContent()).toContain('partner network');
    // What is said matches what the list holds (once typing paused and the final answer is in).
    await expect
      .poll(async () => (await liveText(page)) === `Quick answer: GPRR. ${await page.getByRole('option').count()} results for “GPRR”`)
      .toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await input(page).getAttribute('aria-activedescendant')).toBe('ss-option-answer');
    await clean(page, log, `flow-${device}-1-answer`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.ss-article .ss-target').getAttribute('id')).toBe('charge-codes');
    // Highlights only inside the section opened.
    const marks = await page.locator('.ss-article').evaluate((article) => {
      const target = article.querySelector('.ss-target')!;
      const section = [target];
      for (let next = target.nextElementSibling; next && !/^H[12]$/.test(next.tagName); next = next.nextElementSibling) section.push(next);
      const all = [...article.querySelectorAll('mark')];
      return { all: all.length, outside: all.filter((mark) => !section.some((el) => el.contains(mark))).length };
    });
    expect(marks.all).toBeGreaterThan(0);
    expect(marks.outside).toBe(0);
    await clean(page, log, `flow-${device}-2-answer-article`);
  });

  it('never says "no results" while a query that has results is typed, key by key', async () => {
    const { page, log } = await newPage(browser, viewport);
    await openOn(page, '/');
    // Every text the panel shows while typing is recorded, to catch a flash of "No articles match".
    await page.evaluate(() => {
      const shadow = document.querySelector('selfserve-widget')!.shadowRoot!;
      const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
      new MutationObserver(() => seen.push(shadow.querySelector('.ss-body')?.textContent ?? '')).observe(shadow, { subtree: true, childList: true, characterData: true });
    });
    for (const query of ['G', 'roaming charges']) {
      await input(page).fill('');
      await page.keyboard.type(query, { delay: 30 });
      await expect.poll(() => page.getByRole('option').count()).toBeGreaterThan(0);
    }
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.filter((text) => text.includes('No articles match'))).toEqual([]);
    await clean(page, log, `flow-${device}-3-typed`);
  });

  it('says what a typo was searched as, with the way back to what was typed', async () => {
    const { page, log } = await newPage(browser, viewport);
    await openOn(page, '/');
    await page.keyboard.type('voicemial', { delay: 20 });
    await expect.poll(() => page.locator('.ss-corrected').textContent()).toContain('Showing results for “voicemail”.');
    expect(await page.locator('.ss-corrected mark').textContent()).toBe('voicemail');
    await expect.poll(() => liveText(page)).toContain('Showing results for “voicemail”.');
    await clean(page, log, `flow-${device}-4-typo`);
    await page.getByRole('button', { name: 'Search instead for “voicemial”' }).click();
    await expect.poll(() => page.locator('.ss-message h3').textContent()).toBe('No articles match “voicemial”');
    // One contact path in the view.
    expect(await page.getByRole('button', { name: 'Contact support' }).count()).toBe(1);
    await clean(page, log, `flow-${device}-5-no-results`);
  });

  it('shows each passage whole in its two lines, in the font the site gives the widget too', async () => {
    // Passages as long as the list's lines hold in its font (see `passageLengthFor`): a wide one
    // shows fewer characters, so the end of a passage, and the words it matched there, stay in sight.
    for (const path of ['/', '/wide-font']) {
      const { page, log } = await newPage(browser, viewport);
      await openOn(page, path);
      await page.keyboard.type('roaming charges abroad', { delay: 20 });
      const passages = page.locator('.ss-option-text:not(.ss-measure)');
      await expect.poll(() => page.locator('.ss-option-text mark').count()).toBeGreaterThan(2);
      // The lines each passage cut to length (an ellipsis at either end) takes unclamped, at its width, in its font.
      const lines = await passages.evaluateAll((elements) =>
        elements
          .filter((element) => /^…|…$/.test(element.textContent ?? ''))
          .map((element) => {
            const style = getComputedStyle(element);
            const probe = document.createElement('div');
            Object.assign(probe.style, { position: 'absolute', visibility: 'hidden', width: `${element.clientWidth}px`, font: style.font, lineHeight: style.lineHeight });
            probe.textContent = element.textContent;
            element.parentElement!.append(probe);
            const count = Math.round(probe.offsetHeight / parseFloat(style.lineHeight));
            probe.remove();
            return [count, element.textContent];
          }),
      );
      expect(lines.length, path).toBeGreaterThan(2);
      expect(lines.filter(([count]) => (count as number) > 2), path).toEqual([]);
      expect(log.errors).toEqual([]);
      expect(log.cspViolations).toEqual([]);
    }
  });

  it('reads words typed together as the two words they are, and says so', async () => {
    const { page, log } = await newPage(browser, viewport);
    await openOn(page, '/');
    await page.keyboard.type('simcard', { delay: 20 });
    await expect.poll(() => page.locator('.ss-corrected').textContent()).toContain('Showing results for “sim card”.');
    expect(await page.locator('.ss-corrected mark').allTextContents()).toEqual(['sim', 'card']);
    expect(await page.getByRole('option').first().textContent()).toContain('Insert and activate a SIM card');
    await clean(page, log, `flow-${device}-4-split`);
  });

  it('keeps focus in the widget through the feedback: no reason chosen in advance, none needed', async () => {
    const { page, log } = await newPage(browser, viewport);
    await page.goto(`${site.url}/#help/billing/refunds`);
    await expect.poll(() => page.locator('#ss-article-title').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'No', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedInWidget(page)).toBe('legend:What was missing?');
    expect(await page.locator('.ss-feedback input[type="radio"]:checked').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Contact support' }).count()).toBe(1);
    await clean(page, log, `flow-${device}-6-feedback-why`);
    await page.getByRole('button', { name: 'Send feedback' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedInWidget(page)).toBe('p:Sorry this didn’t help. Thanks for telling us.');
    await clean(page, log, `flow-${device}-7-feedback-sent`);
  });

  it('says a missing article is not there, offering search and contact, never "Try again"', async () => {
    const { page, log } = await newPage(browser, viewport);
    await page.goto(`${site.url}/#help/billing/no-such-article`);
    await expect.poll(() => page.locator('.ss-message h3').textContent()).toBe('This article isn’t here');
    await expect.poll(() => focusedInWidget(page)).toBe('h3:This article isn’t here');
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Contact support' }).count()).toBe(1);
    await clean(page, log, `flow-${device}-8-missing`);
    await page.getByRole('button', { name: 'Search the help articles' }).click();
    await expect.poll(() => focusedInWidget(page)).toBe('input:');
  });

  it('keeps the title in view at a section, tables whole, and returns to the article after closing', async () => {
    const { page, log } = await newPage(browser, viewport);
    await page.goto(`${site.url}/#help/billing/bill-codes#charge-codes`);
    await expect.poll(() => page.locator('.ss-article .ss-target').getAttribute('id')).toBe('charge-codes');
    await expect.poll(() => page.locator('.ss-bar-title.ss-shown').textContent()).toBe('Understand the codes on your bill');
    // Codes stay on one line: the table scrolls sideways instead.
    const code = page.locator('.ss-article td:first-child').first();
    const box = await code.evaluate((cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      return range.getClientRects().length;
    });
    expect(box).toBe(1);
    // The keys that work here: Esc only.
    if (device === 'desktop') expect(await page.locator('.ss-keys').textContent()).toBe('esc close');
    await clean(page, log, `flow-${device}-9-section`);
    await page.locator('.ss-body').evaluate((el) => (el.scrollTop += 120));
    const top = await page.locator('.ss-body').evaluate((el) => el.scrollTop);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.locator('.ss-launcher').click();
    await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Understand the codes on your bill');
    await expect.poll(() => page.locator('.ss-body').evaluate((el) => el.scrollTop)).toBe(top);
  });

  it('says the articles are in English on an Arabic page, and lays them out left to right', async () => {
    const { page, log } = await newPage(browser, viewport);
    await openOn(page, '/ar');
    await page.keyboard.type('GPRR', { delay: 20 });
    await expect.poll(() => page.locator('.ss-note').first().textContent()).toMatch(/الإنجليزية/);
    expect(await page.locator('.ss-list').getAttribute('dir')).toBe('ltr');
    await clean(page, log, `flow-${device}-10-arabic`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.ss-article').getAttribute('dir')).toBe('ltr');
    expect(await page.locator('.ss-root').getAttribute('dir')).toBe('rtl');
    await clean(page, log, `flow-${device}-11-arabic-article`);
  });
});

describe('calm loading (issue #12: no false "no results")', () => {
  const hold = (part: string) => {
    let release!: () => void;
    held.set(part, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      held.delete(part);
      release();
    };
  };

  it.each(VIEWPORTS)('shows the shape of the list while the index loads, then keeps results while the next query loads (%s)', async (device, viewport) => {
    const { page, log } = await newPage(browser, viewport);
    // Held from the start: the widget may fetch the index as soon as the browser is idle.
    const releaseRoot = hold('/help/en/');
    onTestFinished(releaseRoot);
    await page.goto(`${site.url}/held`);
    await page.locator('.ss-launcher').waitFor();
    await page.locator('.ss-launcher').click();
    await expect.poll(() => page.locator('.ss-skeleton').isVisible()).toBe(true);
    await expect.poll(() => page.locator('.ss-input-status').textContent()).toBe('Loading help articles…');
    await clean(page, log, `flow-${device}-13-loading`);
    releaseRoot();
    await page.keyboard.type('refund', { delay: 30 });
    await expect.poll(() => page.getByRole('option').first().textContent()).toContain('Refunds');
    // The words of the next query sit in shards not loaded yet: they are held back.
    const releaseShards = hold('/help/en/terms/');
    onTestFinished(releaseShards);
    await page.keyboard.type(' voicemail', { delay: 30 });
    await expect.poll(() => page.locator('.ss-input-status').textContent()).toBe('Searching…');
    expect(await page.getByRole('option').first().textContent()).toContain('Refunds');
    expect(await page.locator('.ss-message').count()).toBe(0);
    await clean(page, log, `flow-${device}-14-searching`);
    releaseShards();
    await expect.poll(() => page.locator('.ss-input-status').count()).toBe(0);
    await expect.poll(() => page.getByRole('option').allTextContents().then((texts) => texts.join(' '))).toMatch(/voicemail/i);
  });
});

describe('keys typed while the panel is on its way', () => {
  const holdApp = () => {
    let release!: () => void;
    held.set('selfserve-app.js', new Promise<void>((resolve) => (release = resolve)));
    const released = () => {
      held.delete('selfserve-app.js');
      release();
    };
    onTestFinished(released);
    return released;
  };

  it('go into the search box: "/" then a query at once, or a click on the launcher then a query', async () => {
    for (const how of ['shortcut', 'launcher'] as const) {
      const release = holdApp();
      const { page, log } = await newPage(browser);
      await page.goto(`${site.url}/`);
      await page.locator('.ss-launcher').waitFor();
      if (how === 'shortcut') await page.keyboard.press('/');
      else await page.locator('.ss-launcher').click();
      // No delay: as fast as keys come, before the panel's code has arrived.
      await page.keyboard.type('GPRR');
      // A page's own synthetic events, with no key or not a keyboard event at all, are no keys.
      await page.evaluate(() => {
        document.dispatchEvent(new Event('keydown'));
        document.dispatchEvent(new KeyboardEvent('keydown'));
      });
      expect(await page.locator('.ss-input').count(), how).toBe(0);
      release();
      await expect.poll(() => input(page).inputValue(), { message: how }).toBe('GPRR');
      await expect.poll(() => page.getByRole('option').first().textContent(), { message: how }).toContain('GPRR');
      // Typing goes on in the box.
      await page.keyboard.type(' roaming', { delay: 20 });
      expect(await input(page).inputValue(), how).toBe('GPRR roaming');
      expect(log.errors, how).toEqual([]);
      expect(log.consoleErrors, how).toEqual([]);
      await page.close();
    }
  });

  it('go into the search box also when the app was mounted already, in the frame before the box has focus', async () => {
    const { page, log } = await newPage(browser);
    await page.goto(`${site.url}/`);
    // A pointer over the launcher mounts the app: the click then opens a panel that takes its box a frame later.
    await page.locator('.ss-launcher').hover();
    // Mounted: its live regions are in place, the panel not yet.
    await page.locator('.ss-visually-hidden').first().waitFor({ state: 'attached' });
    expect(await page.locator('.ss-input').count()).toBe(0);
    // The box takes focus after the next frame: frames are held back while the keys come, so they
    // all come in that window (at full speed some did, some did not).
    await page.evaluate(() => {
      const held: FrameRequestCallback[] = [];
      const own = window.requestAnimationFrame;
      window.requestAnimationFrame = (callback) => (held.push(callback), 0);
      (window as unknown as { __frames: () => void }).__frames = () => {
        window.requestAnimationFrame = own;
        for (const callback of held.splice(0)) own(callback);
      };
    });
    await page.locator('.ss-launcher').click();
    await page.keyboard.type('GPRR');
    await page.evaluate(() => (window as unknown as { __frames: () => void }).__frames());
    await expect.poll(() => input(page).inputValue()).toBe('GPRR');
    expect(log.errors).toEqual([]);
    await page.close();
  });

  it('stops holding keys back once the panel shows something else than its search box, or closes', async () => {
    // A deep link opens an article, and "/" asks for the panel while its code is on its way: no
    // search box is shown to take the keys typed meanwhile.
    const opened = async () => {
      const release = holdApp();
      const { page, log } = await newPage(browser);
      // The deep link asks for the app at once: the page's load event would wait for it.
      await page.goto(`${site.url}/#help/billing/bill-codes`, { waitUntil: 'domcontentloaded' });
      await page.locator('.ss-launcher').waitFor();
      await page.keyboard.press('/');
      release();
      await expect.poll(() => page.locator('#ss-article-title').isVisible()).toBe(true);
      await page.evaluate(() => {
        const seen: boolean[] = ((window as unknown as { __prevented: boolean[] }).__prevented = []);
        document.addEventListener('keydown', (event) => seen.push(event.defaultPrevented));
      });
      const prevented = () => page.evaluate(() => (window as unknown as { __prevented: boolean[] }).__prevented.splice(0));
      return { page, log, prevented };
    };

    // Closed at once: the keys are the page's again.
    const closed = await opened();
    await closed.page.keyboard.press('Escape');
    await expect.poll(() => closed.page.getByRole('dialog').count()).toBe(0);
    await closed.page.keyboard.type('cd');
    expect(await closed.prevented()).toEqual([false, false]);
    expect(closed.log.errors).toEqual([]);

    // Read: the article has focus, and the keys are the panel's.
    const reading = await opened();
    await reading.page.locator('#ss-article-title').focus();
    await reading.page.keyboard.type('ab');
    expect(await reading.prevented()).toEqual([false, false]);
    expect(reading.log.errors).toEqual([]);
  });

  it('leaves the keys typed in a field of the page to that field', async () => {
    const release = holdApp();
    const { page } = await newPage(browser);
    await page.goto(`${site.url}/field`);
    await page.locator('.ss-launcher').click();
    await page.locator('#page-field').click();
    await page.keyboard.type('pay by card');
    release();
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
    expect(await page.locator('#page-field').inputValue()).toBe('pay by card');
    expect(await input(page).inputValue()).toBe('');
  });
});

describe('a panel beside the page', () => {
  it('at 1280 px leaves the page left of it usable: no backdrop, Esc and the close button close it', async () => {
    const { page, log } = await newPage(browser);
    await openOn(page, '/account/bill');
    expect(await page.getByRole('dialog').getAttribute('aria-modal')).toBeNull();
    expect(await page.locator('.ss-backdrop').count()).toBe(0);
    // The header carries the site's name and logo.
    expect(await page.locator('.ss-title').textContent()).toBe('Kestrel help');
    expect(await page.locator('.ss-logo').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // Suggestions meant for this page (a `pages:` glob matched) say so.
    await expect.poll(() => page.locator('.ss-section-label').textContent()).toBe('Suggested for this page');
    const panel = (await page.locator('.ss-panel').boundingBox())!;
    expect(panel.x).toBeGreaterThan(800);
    // The bill is still there to read and use, beside its explanation.
    const button = (await page.locator('#page-button').boundingBox())!;
    expect(button.x + button.width).toBeLessThan(panel.x);
    await page.locator('#page-button').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('page-button');
    expect(await page.getByRole('dialog').isVisible()).toBe(true);
    await clean(page, log, 'flow-desktop-12-beside-the-bill');
    await page.getByRole('button', { name: 'Close help' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.locator('.ss-launcher').click();
    await input(page).press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('leaves an Esc pressed in a field of the page to the page', async () => {
    const { page } = await newPage(browser);
    await page.goto(`${site.url}/`);
    await page.evaluate(() => document.body.prepend(Object.assign(document.createElement('input'), { id: 'page-field', ariaLabel: 'Page field' })));
    await page.locator('.ss-launcher').click();
    await page.locator('#page-field').click();
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').isVisible()).toBe(true);
    await page.locator('.ss-input').press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('is accessible in the dark too', async () => {
    const { page, log } = await newPage(browser);
    await page.emulateMedia({ colorScheme: 'dark' });
    await openOn(page, '/account/bill');
    await page.keyboard.type('GPRR', { delay: 20 });
    await expect.poll(() => page.getByRole('option').first().getAttribute('id')).toBe('ss-option-answer');
    await clean(page, log, 'flow-desktop-15-dark-answer');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#ss-article-title').isVisible()).toBe(true);
    await clean(page, log, 'flow-desktop-16-dark-article');
  });

  it('on a page no article names, calls the list "Popular articles"', async () => {
    const { page } = await newPage(browser);
    await openOn(page, '/');
    await expect.poll(() => page.locator('.ss-section-label').textContent()).toBe('Popular articles');
  });

  it('on a phone is a full-screen modal dialog', async () => {
    const { page, log } = await newPage(browser, { width: 375, height: 740 });
    await openOn(page, '/account/bill');
    expect(await page.getByRole('dialog').getAttribute('aria-modal')).toBe('true');
    await expect.poll(() => page.locator('.ss-panel').boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 740 });
    await clean(page, log, 'flow-phone-12-open');
  });

  it('turns into the phone dialog when the window narrows, and back when it widens', async () => {
    const { page } = await newPage(browser);
    await openOn(page, '/account/bill');
    await input(page).pressSequentially('roaming', { delay: 30 });
    await page.setViewportSize({ width: 375, height: 740 });
    await expect.poll(() => page.getByRole('dialog').getAttribute('aria-modal')).toBe('true');
    expect(await input(page).inputValue()).toBe('roaming');
    await page.setViewportSize({ width: 1280, height: 860 });
    await expect.poll(() => page.getByRole('dialog').getAttribute('aria-modal')).toBeNull();
  });
});
