import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, hostPage, newPage, screenshot, useBrowserAndSite, type PageLog } from '../../helpers/browser.ts';

// A statement the sample help center defines codes for (content/billing/bill-codes.md), with an
// undefined code (ZQXW), a code inside a link, a code inside a word, and a link outside the region.
const STATEMENT = `<main><h1>Your statement</h1>
<p>Questions? <a id="outside" href="#codes">What does GPRR mean?</a></p>
<table id="statement"><caption>October charges</caption>
<thead><tr><th>Code</th><th>Description</th><th>Rate</th><th>Amount</th></tr></thead>
<tbody>
<tr><td><code>GPRR</code></td><td>GPRR transfer, 412 MB</td><td><code>MBRA</code></td><td>$20.60</td></tr>
<tr><td><code>VCRM</code></td><td>Calls while roaming</td><td><code>MBRA</code></td><td>$4.20</td></tr>
<tr><td><code>ZQXW</code></td><td>Something undefined, roaming again, XGPRR and GPRRS</td><td></td><td>$1.00</td></tr>
<tr><td><a id="inside" href="#rcf">RCF</a></td><td>Regulatory cost recovery fee</td><td><button type="button">GPRR</button></td><td>$1.85</td></tr>
</tbody></table></main>`;

// The page's own CSS aimed at anything the widget could add: none of it may move the text. A file,
// as the strict policy the pages are served with blocks a <style> element.
const HOSTILE = `
  td, th { padding: 6px 10px; font: 15px/1.4 sans-serif; }
  td > *, code > * { display: block !important; margin: 20px !important; padding: 20px !important; height: 40px !important; }
  selfserve-term { display: block !important; width: 300px !important; height: 50px !important; position: static !important; }
`;

const env = useBrowserAndSite({
    pages: {
      '/statement': hostPage({ attrs: 'data-index="/help/" data-explain="#statement"', body: STATEMENT, title: 'Statement' }),
      '/plain': hostPage({ attrs: 'data-index="/help/"', body: STATEMENT, head: '<link rel="stylesheet" href="/hostile.css">', title: 'Statement' }),
    },
    intercept: async (req, res) => {
      if (req.url !== '/hostile.css') return false;
      res.writeHead(200, { 'content-type': 'text/css' }).end(HOSTILE);
      return true;
    },
  });

/** The marked occurrences, as `text@row`: row is the index of their table row (-1 outside one). */
function marked(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const highlight = CSS.highlights.get('selfserve-term');
    return [...(highlight ?? [])].map((range) => {
      const node = range.startContainer as Text;
      const row = node.parentElement!.closest('tr');
      return `${node.data.slice(range.startOffset, range.endOffset)}@${row ? row.sectionRowIndex : -1}`;
    }).sort();
  });
}

// "roaming" is a word the help center defines (a word: marked once in the region, though it is in
// two rows); RCF is in a link.
const EXPECTED = ['GPRR@0', 'GPRR@0', 'MBRA@0', 'MBRA@1', 'VCRM@1', 'roaming@1'];

const popover = (page: Page) => page.locator('selfserve-term .pop:popover-open');

/** The terms of the tab stops, in order: all of them just before the table, none inside it (an insertion there would lay out the whole table again). */
function stops(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const table = document.querySelector('#statement')!;
    if (table.querySelector('selfserve-term')) return ['a stop inside the table'];
    const terms: string[] = [];
    for (let node = table.previousElementSibling; node?.localName === 'selfserve-term'; node = node.previousElementSibling) terms.unshift(node.shadowRoot!.querySelector('button')!.getAttribute('aria-label')!);
    return document.querySelectorAll('selfserve-term').length === terms.length ? terms : ['a stop elsewhere'];
  });
}

async function expectClean(page: Page, log: PageLog) {
  expect(await axeViolations(page)).toEqual([]);
  expect(log.errors).toEqual([]);
  expect(log.consoleErrors).toEqual([]);
  expect(log.cspViolations).toEqual([]);
}

describe('terms explained in place (data-explain)', () => {
  it('marks every defined code in the region, and nothing in links, buttons, other words or undefined codes', async () => {
    const { page, log } = await newPage(env.browser);
    await page.goto(`${env.site.url}/statement`);
    await expect.poll(() => marked(page)).toEqual(EXPECTED);
    // One tab stop per distinct term, in the order they come: GPRR, MBRA, VCRM, Roaming (as defined).
    expect(await stops(page)).toEqual(['GPRR', 'MBRA', 'VCRM', 'Roaming']);
    expect(await page.locator('#outside').evaluate((a) => a.outerHTML)).toBe('<a id="outside" href="#codes">What does GPRR mean?</a>');
    expect(await page.locator('#inside').evaluate((a) => a.innerHTML)).toBe('RCF');
    expect(await page.evaluate(() => document.querySelector('#statement td > button')!.outerHTML)).toBe('<button type="button">GPRR</button>');
    expect(log.cspViolations).toEqual([]);
    expect(log.errors).toEqual([]);
  });

  it('shows a definition on keyboard focus, closes it with Esc, and opens the article from "Read more"', async () => {
    const { page, log } = await newPage(env.browser);
    await page.goto(`${env.site.url}/statement`);
    await expect.poll(() => marked(page)).toEqual(EXPECTED);
    // Tab from the link before the table reaches the first code's stop.
    await page.locator('#outside').focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => popover(page).textContent()).toContain('A data transfer charge for mobile data');
    const stop = page.locator('selfserve-term button.stop').first();
    expect(await stop.getAttribute('aria-label')).toBe('GPRR');
    expect(await stop.getAttribute('aria-expanded')).toBe('true');
    // Screen readers get the definition as the stop's description.
    const description = await page.evaluate(() => {
      const button = document.querySelector('selfserve-term')!.shadowRoot!.querySelector('button')!;
      return button.ownerDocument && button.getRootNode() instanceof ShadowRoot ? (button.getRootNode() as ShadowRoot).getElementById(button.getAttribute('aria-describedby')!)!.textContent : '';
    });
    expect(description).toContain('A data transfer charge');
    // The term shown is highlighted as active: a visible focus on the text itself.
    expect(await page.evaluate(() => CSS.highlights.get('selfserve-term-active')?.size)).toBe(1);
    await expectClean(page, log);
    await screenshot(page, 'explain-focus');

    await page.keyboard.press('Escape');
    await expect.poll(() => popover(page).count()).toBe(0);
    expect(await stop.getAttribute('aria-expanded')).toBe('false');

    // Next stop: MBRA (the first row's rate); Tab into its popover reaches "Read more".
    await page.keyboard.press('Tab');
    await expect.poll(() => popover(page).textContent()).toContain('standard roaming data rate');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Understand the codes on your bill');
    expect(log.errors).toEqual([]);
  });

  it('shows a definition on hover, and reports it once as an explain event', async () => {
    const { page, log } = await newPage(env.browser);
    await page.goto(`${env.site.url}/statement`);
    await page.evaluate(() => {
      (window as unknown as { explained: unknown[] }).explained = [];
      window.addEventListener('selfserve:explain', (e) => (window as unknown as { explained: unknown[] }).explained.push((e as CustomEvent).detail));
    });
    await expect.poll(() => marked(page)).toEqual(EXPECTED);
    const box = await termBox(page, 'VCRM');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => popover(page).textContent()).toContain('A charge for a voice call you made or received while roaming.');
    await expectClean(page, log);
    // Away from the term and its popover, it closes.
    await page.mouse.move(5, 5);
    await expect.poll(() => popover(page).count()).toBe(0);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => popover(page).count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { explained: unknown[] }).explained)).toEqual([{ term: 'VCRM', slug: 'billing/bill-codes' }]);
  });

  it('shows a definition on a tap on a 375 px phone, inside the screen', async () => {
    const context = await env.browser.newContext({ viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${env.site.url}/statement`);
      await expect.poll(() => marked(page)).toEqual(EXPECTED);
      const box = await termBox(page, 'MBRA');
      await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
      await expect.poll(() => popover(page).textContent()).toContain('standard roaming data rate');
      const shown = (await popover(page).boundingBox())!;
      expect(shown.x).toBeGreaterThanOrEqual(0);
      expect(shown.x + shown.width).toBeLessThanOrEqual(375);
      await screenshot(page, 'explain-tap-375');
      // A tap elsewhere closes it.
      await page.touchscreen.tap(200, 700);
      await expect.poll(() => popover(page).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('marks a row the page adds later, once, without another tab stop', async () => {
    const { page, log } = await newPage(env.browser);
    await page.goto(`${env.site.url}/statement`);
    await expect.poll(() => marked(page)).toEqual(EXPECTED);
    await page.evaluate(() => {
      const row = document.createElement('tr');
      row.innerHTML = '<td><code>TPAS</code></td><td>Daily charge, GPRR included</td><td></td><td>$20.00</td>';
      document.querySelector('#statement tbody')!.append(row);
    });
    await expect.poll(() => marked(page)).toEqual([...EXPECTED, 'GPRR@4', 'TPAS@4'].sort());
    // TPAS is new (one more stop, after the others); GPRR already had its stop.
    expect(await stops(page)).toEqual(['GPRR', 'MBRA', 'VCRM', 'Roaming', 'TPAS']);
    // Text the page changes is marked again, not twice.
    await page.evaluate(() => {
      const cell = document.querySelector('#statement tbody tr:last-child td:nth-child(2)')!.firstChild as Text;
      cell.data = 'Daily charge, no GPRR and no MBRA';
    });
    await expect.poll(() => marked(page)).toEqual([...EXPECTED, 'GPRR@4', 'MBRA@4', 'TPAS@4'].sort());
    expect(log.errors).toEqual([]);
  });

  it('leaves the layout, the text, a copied selection and the page CSS alone', async () => {
    const { page, log } = await newPage(env.browser);
    await page.goto(`${env.site.url}/plain`);
    // The page's CSS applies (its stylesheet loaded).
    expect(await page.locator('#statement code').first().evaluate((code) => getComputedStyle(code).display)).toBe('block');
    const before = await layout(page);
    await page.evaluate(() => window.Selfserve!.explain('#statement'));
    await expect.poll(() => marked(page)).toEqual(EXPECTED);
    expect(await stops(page)).toEqual(['GPRR', 'MBRA', 'VCRM', 'Roaming']);
    expect(await layout(page)).toEqual(before);
    // Showing a definition does not move anything either.
    await page.locator('#outside').focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => popover(page).count()).toBe(1);
    expect(await layout(page)).toEqual(before);
    expect(log.errors).toEqual([]);

    // unexplain() puts the page back as it was.
    await page.evaluate(() => window.Selfserve!.unexplain());
    await expect.poll(() => page.locator('selfserve-term').count()).toBe(0);
    expect(await page.evaluate(() => CSS.highlights.has('selfserve-term'))).toBe(false);
    expect(await layout(page)).toEqual(before);
  });

  it('costs the page no layout until the keyboard is used, while screen readers already list its stops', async () => {
    const { page, log } = await newPage(env.browser);
    // Save-Data: the loader does not preload the search app when idle, which lays its panel out.
    await page.addInitScript({ content: `Object.defineProperty(navigator, 'connection', { value: { saveData: true } })` });
    await page.goto(`${env.site.url}/plain`);
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const layouts = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'LayoutCount')!.value;
    const frames = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    // Counted from a frame after counting starts (the page's own first layout may come then).
    await frames();
    const before = await layouts();
    await page.evaluate(() => window.Selfserve!.explain('#statement'));
    await expect.poll(() => marked(page)).toEqual(EXPECTED);
    expect(await stops(page)).toEqual(['GPRR', 'MBRA', 'VCRM', 'Roaming']);
    // Painted, two frames on: beside a long statement, one layout would prepaint all of it.
    await frames();
    expect(await layouts()).toBe(before);
    // The stops are already buttons named by their terms and described by their definitions.
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { ignored: boolean; role?: { value: string }; name?: { value: string }; description?: { value: string } }[] };
    const buttons = nodes.filter((node) => !node.ignored && node.role?.value === 'button').map((node) => `${node.name?.value}: ${node.description?.value ?? ''}`);
    expect(buttons.find((button) => button.startsWith('GPRR: '))).toContain('A data transfer charge');
    expect(buttons.filter((button) => /^(GPRR|MBRA|VCRM|Roaming): ./.test(button))).toHaveLength(4);
    // The marks are a tint: a decoration in a highlight is ink overflow, which Chromium recomputes
    // for the whole region whenever marks are painted.
    const style = await page.evaluate(() => {
      const rule = [...document.adoptedStyleSheets].flatMap((sheet) => [...sheet.cssRules]).find((r) => (r as CSSStyleRule).selectorText?.endsWith('::highlight(selfserve-term)')) as CSSStyleRule;
      return { background: rule.style.backgroundColor, decoration: rule.style.textDecorationLine, shadow: rule.style.textShadow };
    });
    expect(style).toEqual({ background: expect.stringMatching(/./), decoration: '', shadow: '' });
    // The first Tab gives them their boxes before focus moves: it reaches the first.
    await page.locator('#outside').focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('aria-label'))).toBe('GPRR');
    expect(log.errors).toEqual([]);
  });

  it('loads nothing for explaining before the page has painted the frame after it loaded', async () => {
    const { page } = await newPage(env.browser);
    await page.addInitScript({ content: `document.addEventListener('DOMContentLoaded', () => requestAnimationFrame(() => { window.framed = performance.now(); }))` });
    await page.goto(`${env.site.url}/statement`);
    await expect.poll(() => marked(page)).toEqual(EXPECTED);
    const { framed, requested } = await page.evaluate(() => ({
      framed: (window as unknown as { framed: number }).framed,
      requested: performance.getEntriesByType('resource').find((entry) => entry.name.includes('selfserve-explain'))!.startTime,
    }));
    expect(requested).toBeGreaterThan(framed);
  });

  it('loads nothing for explaining on a page that does not ask', async () => {
    const { page } = await newPage(env.browser);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`${env.site.url}/plain`);
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
    expect(requested.some((path) => path.includes('selfserve-explain') || path.includes('glossary'))).toBe(false);
  });
});

/** The box of a term's first occurrence in the statement. */
function termBox(page: Page, term: string): Promise<{ x: number; y: number; width: number; height: number }> {
  return page.evaluate((term) => {
    const cell = [...document.querySelectorAll('#statement td')].find((td) => td.textContent!.trim() === term)!;
    const range = document.createRange();
    range.selectNodeContents(cell);
    const rect = range.getBoundingClientRect();
    return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
  }, term);
}

/** Every box of the page's content (rows and cells too), its text, its text as selected and copied. */
function layout(page: Page) {
  return page.evaluate(() => {
    const table = document.querySelector('main')!;
    const boxes = [...table.querySelectorAll(':not(selfserve-term)')].map((el) => {
      const r = el.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height].join(',');
    });
    const selection = getSelection()!;
    const previous = selection.rangeCount ? selection.getRangeAt(0) : undefined;
    selection.selectAllChildren(table);
    const selected = selection.toString();
    selection.removeAllRanges();
    if (previous) selection.addRange(previous);
    return { boxes, text: table.textContent, innerText: (table as HTMLElement).innerText, selected };
  });
}
