import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, hostPage, newPage, screenshot, useBrowserAndSite } from '../../helpers/browser.ts';

// Issue #14's "How it is judged", on a page unlike the demo bill: a device and service ledger with
// other codes (ICCID, IMEI, LFEE, DPP, ADJ, SMSI, E-3301), an undefined code (KXPV), a code in a link
// inside the region and one in a link outside it, a code whose first occurrence is 70 rows down, and
// a row the page adds later. The region is a table found by its class.
const smsiRows = (n: number) => Array.from({ length: n }, (_, i) => `<tr><td>2026-09-${String((i % 28) + 1).padStart(2, '0')}</td><td><code>SMSI</code></td><td>Text to +44 7700 900${String(i).padStart(3, '0')}</td><td>$0.25</td></tr>`).join('');
const filler = smsiRows(64);
const LEDGER = `<main><h1>Service history</h1>
<p>Codes explained: <a id="outside" href="#imei">What is my IMEI?</a> <a id="pdf" href="#pdf">Download PDF</a></p>
<section><h2>September</h2>
<table class="ledger"><thead><tr><th>Date</th><th>Code</th><th>Detail</th><th>Amount</th></tr></thead><tbody>
<tr><td>2026-09-01</td><td><code>ICCID</code></td><td>SIM swap, new ICCID ends 4417</td><td>$0.00</td></tr>
<tr><td>2026-09-03</td><td><code>LFEE</code></td><td>Payment 6 days late</td><td>$7.00</td></tr>
<tr><td>2026-09-04</td><td><code>KXPV</code></td><td>Carrier adjustment, see <a id="inside" href="#imei">IMEI lookup</a></td><td>$2.00</td></tr>
<tr><td>2026-09-05</td><td><code>DPP</code></td><td>Phone instalment 3 of 24</td><td>$41.66</td></tr>
<tr><td>2026-09-06</td><td><code>ADJ</code></td><td>Credit for the outage</td><td>-$5.00</td></tr>
${filler}
<tr><td>2026-09-29</td><td><code>E-3301</code></td><td>Number transfer in progress</td><td>$0.00</td></tr>
</tbody></table></section></main>`;

// The same with 100 more SMSI rows instead of the E-3301 one, and no code in a link (a code
// written only where it is not marked is looked for to the end): every code's first occurrence is
// near the top, and the rows far below are not looked at until they come near the viewport.
const LONG = LEDGER.replace(/<tr><td>2026-09-29<\/td><td><code>E-3301.*?<\/tr>/, smsiRows(96)).replace(/see <a id="inside".*?<\/a>/, 'see the note');

const env = useBrowserAndSite({
    pages: {
      '/ledger': hostPage({ attrs: 'data-index="/help/" data-explain=".ledger"', body: LEDGER, title: 'Service history' }),
      '/ledger-long': hostPage({ attrs: 'data-index="/help/" data-explain=".ledger"', body: LONG, title: 'Service history' }),
      '/ledger-plain': hostPage({ attrs: 'data-index="/help/"', body: LEDGER, title: 'Service history' }),
      '/ledger-long-plain': hostPage({ attrs: 'data-index="/help/"', body: LONG, title: 'Service history' }),
    },
  });

/** The marked occurrences, as `text@row.cell` (-1 outside a cell). */
function marked(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...(CSS.highlights.get('selfserve-term') ?? [])].map((range) => {
      const node = range.startContainer as Text;
      const cell = node.parentElement!.closest('td');
      return `${node.data.slice(range.startOffset, range.endOffset)}@${cell ? `${(cell.parentElement as HTMLTableRowElement).sectionRowIndex}.${cell.cellIndex}` : -1}`;
    }),
  );
}

/** Marks are painted near the viewport only: every occurrence, painted or not, is read from a scroll through the page. */
async function markedEverywhere(page: Page): Promise<string[]> {
  const seen = new Set<string>();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y <= height; y += 600) {
    await page.evaluate((y) => window.scrollTo(0, y), y);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    for (const mark of await marked(page)) seen.add(mark);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  return [...seen].sort();
}

const stopTerms = (page: Page) => page.evaluate(() => [...document.querySelectorAll('selfserve-term')].map((s) => s.shadowRoot!.querySelector('button')!.getAttribute('aria-label')));
const popover = (page: Page) => page.locator('selfserve-term .pop:popover-open');

/** Every row's and cell's box, and the text around and in the table. */
const rows = (page: Page) =>
  page.evaluate(() => ({
    boxes: [...document.querySelectorAll('main *:not(selfserve-term)')].map((el) => {
      const r = el.getBoundingClientRect();
      return `${el.localName} ${r.x},${r.y},${r.width},${r.height}`;
    }),
    text: document.querySelector('main')!.innerText,
  }));

const SMSI = Array.from({ length: 64 }, (_, i) => `SMSI@${i + 5}.1`);
const EXPECTED = ['ADJ@4.1', 'DPP@3.1', 'E-3301@69.1', 'ICCID@0.1', 'ICCID@0.2', 'LFEE@1.1', ...SMSI].sort();

describe('a statement page explained in place, as #14 is judged', () => {
  it('marks the defined codes, one added later too, not an undefined code, and leaves links and rows alone', async () => {
    const plain = await newPage(env.browser);
    await plain.page.goto(`${env.site.url}/ledger-plain`);
    const before = await rows(plain.page);
    const outside = await plain.page.locator('#outside').evaluate((a) => a.outerHTML);

    const { page, log } = await newPage(env.browser);
    await page.goto(`${env.site.url}/ledger`);
    await expect.poll(() => stopTerms(page)).toEqual(['ICCID', 'LFEE', 'DPP', 'ADJ', 'SMSI', 'E-3301']);
    // KXPV is not defined; the IMEI links inside and outside the region stay unmarked and untouched.
    expect(await markedEverywhere(page)).toEqual(EXPECTED);
    expect(await page.locator('#outside').evaluate((a) => a.outerHTML)).toBe(outside);
    expect(await page.locator('#inside').evaluate((a) => a.outerHTML)).toBe('<a id="inside" href="#imei">IMEI lookup</a>');
    // Row heights, every box and the text are as without explaining.
    expect(await rows(page)).toEqual(before);

    // A row the page adds later is marked once, its new code gets a stop, and nothing moves.
    await page.evaluate(() => {
      const row = document.createElement('tr');
      row.innerHTML = '<td>2026-09-30</td><td><code>GPRD</code></td><td>Data beyond the allowance, 2 GB, and another SMSI</td><td>$15.00</td>';
      document.querySelector('.ledger tbody')!.append(row);
    });
    await expect.poll(() => stopTerms(page)).toEqual(['ICCID', 'LFEE', 'DPP', 'ADJ', 'SMSI', 'E-3301', 'GPRD']);
    expect(await markedEverywhere(page)).toEqual([...EXPECTED, 'GPRD@70.1', 'SMSI@70.2'].sort());
    expect(log.errors).toEqual([]);
    expect(log.cspViolations).toEqual([]);
  });

  it('Tab reaches a marked code and shows its definition, "Read more" opens the article, hover shows another, with axe and CSP clean', async () => {
    const { page, log } = await newPage(env.browser);
    await page.goto(`${env.site.url}/ledger`);
    await expect.poll(() => stopTerms(page)).toHaveLength(6);
    await page.locator('#pdf').focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => popover(page).textContent()).toContain('serial number printed on your SIM card');
    expect(await page.evaluate(() => CSS.highlights.get('selfserve-term-active')?.size)).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'explain-judged-focus');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Insert and activate a SIM card');
    // Esc closes the article; focus is back on the stop, showing its definition, which Esc closes.
    await page.keyboard.press('Escape');
    await expect.poll(() => popover(page).count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => popover(page).count()).toBe(0);

    // Hovering another code shows its definition.
    const late = (await page.locator('.ledger code', { hasText: 'LFEE' }).boundingBox())!;
    await page.mouse.move(late.x + late.width / 2, late.y + late.height / 2);
    await expect.poll(() => popover(page).textContent()).toContain('late fee');
    expect(await axeViolations(page)).toEqual([]);
    expect(log.cspViolations).toEqual([]);
    expect(log.errors).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
  });

  it('rows the page removes take the stops of their codes away, but not of codes further down', async () => {
    // A short viewport: the rows far below have not been looked at yet.
    const { page, log } = await newPage(env.browser, { width: 1280, height: 300 });
    await page.goto(`${env.site.url}/ledger-long`);
    await expect.poll(() => stopTerms(page)).toEqual(['ICCID', 'LFEE', 'DPP', 'ADJ', 'SMSI']);
    expect(await page.evaluate(() => document.querySelectorAll('.ledger tbody tr').length)).toBe(165);
    await page.evaluate(() => [...document.querySelectorAll('.ledger tbody tr')].slice(0, 100).forEach((row) => row.remove()));
    await expect.poll(() => stopTerms(page)).toEqual(['SMSI']);
    expect(await markedEverywhere(page)).toEqual(Array.from({ length: 65 }, (_, i) => `SMSI@${i}.1`).sort());
    expect(log.errors).toEqual([]);
  });

  it('marks the rows far below when they come near: scrolled to, and in a scrolled container', async () => {
    // Text far below the viewport is not even looked at until it comes near.
    const { page, log } = await newPage(env.browser, { width: 1280, height: 300 });
    await page.goto(`${env.site.url}/ledger-long`);
    await expect.poll(() => stopTerms(page)).toEqual(['ICCID', 'LFEE', 'DPP', 'ADJ', 'SMSI']);
    expect(await marked(page)).not.toContain('SMSI@164.1');
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(() => marked(page)).toContain('SMSI@164.1');
    expect(log.errors).toEqual([]);

    // The same table in a box of its own that scrolls (styled through the CSSOM, as the page's policy allows).
    const boxed = await newPage(env.browser, { width: 1280, height: 600 });
    await boxed.page.goto(`${env.site.url}/ledger-long-plain`);
    await boxed.page.evaluate(() => {
      const table = document.querySelector('.ledger')!;
      const box = document.createElement('div');
      box.id = 'box';
      box.style.setProperty('height', '300px');
      box.style.setProperty('overflow', 'auto');
      table.replaceWith(box);
      box.append(table);
      window.Selfserve!.explain('.ledger');
    });
    await expect.poll(() => stopTerms(boxed.page)).toEqual(['ICCID', 'LFEE', 'DPP', 'ADJ', 'SMSI']);
    expect(await marked(boxed.page)).not.toContain('SMSI@164.1');
    await boxed.page.evaluate(() => document.querySelector('#box')!.scrollTo(0, 100_000));
    await expect.poll(() => marked(boxed.page)).toContain('SMSI@164.1');
    expect(boxed.log.errors).toEqual([]);
  });

  it('a stop whose first occurrence is far down the table brings it into view, with its definition beside it', async () => {
    const { page, log } = await newPage(env.browser, { width: 1280, height: 600 });
    await page.goto(`${env.site.url}/ledger`);
    await expect.poll(() => stopTerms(page)).toHaveLength(6);
    await page.locator('#pdf').focus();
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      // Past each definition's "Read more" to the next stop.
      if (i < 5) await page.keyboard.press('Tab');
    }
    await expect.poll(() => popover(page).textContent()).toContain('number port is still pending');
    const code = page.locator('.ledger code', { hasText: 'E-3301' });
    await expect.poll(async () => (await code.boundingBox())!.y).toBeLessThan(600);
    const term = (await code.boundingBox())!;
    expect(term.y).toBeGreaterThanOrEqual(0);
    const shown = (await popover(page).boundingBox())!;
    expect(shown.y).toBeGreaterThanOrEqual(0);
    expect(shown.y + shown.height).toBeLessThanOrEqual(600);
    expect(Math.abs(shown.y - (term.y + term.height)) < 40 || Math.abs(shown.y + shown.height - term.y) < 40).toBe(true);
    expect(log.errors).toEqual([]);
  });
});
