// Bytes a browser downloads from page load to the first results of a query, counted where they are
// served, and the time from keystroke to results, measured inside Chromium.
import type { Browser, Page } from 'playwright-core';
import { startStaticServer } from '../static-server.ts';
import { median, p95 } from './stats.ts';

/**
 * Serves `dir` with `html` as its page, every response after `latency` ms, and notes what it sent
 * and when (`sent`, emptied by the caller between page loads): counted where they are served, so
 * requests from web workers (Pagefind searches in one) count too.
 */
export async function benchServer(dir: string, html: string, latency = 0) {
  const sent: { at: number; bytes: number }[] = [];
  const server = await startStaticServer({
    onSent: (bytes) => sent.push({ at: Date.now(), bytes }),
    mounts: { '/': dir },
    intercept: async (req, res) => {
      if (latency) await new Promise((resolve) => setTimeout(resolve, latency));
      if (new URL(req.url ?? '/', 'http://x').pathname !== '/') return false;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return true;
    },
  });
  return Object.assign(server, { sent });
}

export interface BrowserFigures {
  /** Median bytes of response bodies (after compression) from page load to the first results. */
  bytesToFirstResults: number;
  /** Median requests made by then. */
  requests: number;
  /**
   * From the input event to the results in the page (the DOM), in ms, median and 95th percentile,
   * on a page whose search is already loaded: for a query typed the first time (its parts of the
   * index may still be fetched), and typed again.
   */
  medianMs: number;
  p95Ms: number;
  repeatMedianMs: number;
  repeatP95Ms: number;
}



interface Harness {
  kind: 'selfserve' | 'pagefind';
  /** The page to load. */
  html: string;
  /** Opens the search UI, if it needs opening. */
  open?(page: Page): Promise<void>;
  /** The search box. */
  input: string;
  /** Resolves when the box is cleared and no answer is shown. */
  cleared(page: Page): Promise<unknown>;
}

/** Measures one search UI over `queries`, each on a fresh page with a cold cache. */
export async function measureBrowser(browser: Browser, dir: string, harness: Harness, queries: string[]): Promise<BrowserFigures> {
  // With the time each response was sent, to leave out what loads after the answer (Selfserve's excerpts).
  const server = await benchServer(dir, harness.html);
  const bytes: number[] = [];
  const requests: number[] = [];
  const latencies: number[] = [];
  const repeats: number[] = [];
  try {
    for (const query of queries) {
      const context = await browser.newContext();
      const page = await context.newPage();
      server.sent.length = 0;
      await page.goto(`${server.url}/`);
      await harness.open?.(page);
      await page.locator(harness.input).waitFor();
      const { at } = await typeInPage(page, harness, query);
      // Same machine, same clock: what the server finished sending by the time the answer was there.
      const before = server.sent.filter((response) => response.at <= at);
      bytes.push(before.reduce((n, response) => n + response.bytes, 0));
      requests.push(before.length);
      // Then, with the search loaded: the other queries, each typed twice.
      for (const next of queries) {
        if (next === query) continue;
        latencies.push(await timeInPage(page, harness, next));
        repeats.push(await timeInPage(page, harness, next));
      }
      await context.close();
    }
  } finally {
    await server.close();
  }
  return {
    bytesToFirstResults: median(bytes),
    requests: median(requests),
    medianMs: median(latencies),
    p95Ms: p95(latencies),
    repeatMedianMs: median(repeats),
    repeatP95Ms: p95(repeats),
  };
}

/**
 * Clears the box, then types `query` as one input event and times, inside the page, how long until
 * the answer is in the DOM (watched with a MutationObserver, so no polling interval or round trip to
 * Playwright is counted). Painting follows at the next frame.
 */
async function timeInPage(page: Page, harness: Harness, query: string): Promise<number> {
  await page.locator(harness.input).fill('');
  await harness.cleared(page);
  return (await typeInPage(page, harness, query)).elapsed;
}

/** Types `query` as one input event; resolves with the time to its answer, and the clock time then. */
function typeInPage(page: Page, harness: Harness, query: string): Promise<{ elapsed: number; at: number }> {
  // A string, not a function: tsx would wrap a function's inner arrows in a helper the page lacks.
  const args = JSON.stringify({ kind: harness.kind, selector: harness.input, query });
  return page.evaluate(`(${IN_PAGE_TIMER})(${args})`) as Promise<{ elapsed: number; at: number }>;
}

const IN_PAGE_TIMER = `({ kind, selector, query }) => new Promise((resolve, reject) => {
  const root = kind === 'selfserve' ? document.querySelector('selfserve-widget').shadowRoot : document;
  // Results (not the suggestions shown while the box is empty), or the no-results message. Pagefind's
  // UI says "Searching for …" while it loads, then "N results for …" or "No results for …".
  const answered = () => {
    if (kind === 'selfserve') return Boolean(root.querySelector('ul[aria-label="Search results"] .ss-option') || root.querySelector('.ss-message h3')?.textContent?.includes(query));
    const message = document.querySelector('.pagefind-ui__message')?.textContent ?? '';
    return message.includes(query) && !/^Searching/i.test(message.trim());
  };
  const input = root.querySelector(selector);
  const timer = setTimeout(() => reject(new Error('no answer for ' + query)), 30000);
  const observer = new MutationObserver(() => {
    if (!answered()) return;
    const elapsed = performance.now() - started;
    observer.disconnect();
    clearTimeout(timer);
    resolve({ elapsed, at: Date.now() });
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  const started = performance.now();
  input.value = query;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
})`;

/** The Selfserve widget on a page, searching the index in `help/`. */
export const selfserveHarness: Harness = {
  kind: 'selfserve',
  html: '<!doctype html><html lang="en"><head><title>Selfserve</title></head><body><script src="/selfserve.js" data-index="/help/" defer></script></body></html>',
  open: async (page) => page.locator('.ss-launcher').click(),
  input: '.ss-input',
  cleared: (page) =>
    page.waitForFunction(() => {
      const root = document.querySelector('selfserve-widget')!.shadowRoot!;
      return !root.querySelector('ul[aria-label="Search results"]') && !root.querySelector('.ss-message h3');
    }, undefined, { timeout: 30_000 }),
};

/** Pagefind's default UI, as its documentation sets it up. */
export const pagefindHarness: Harness = {
  kind: 'pagefind',
  html: '<!doctype html><html lang="en"><head><title>Pagefind</title><link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script></head><body><div id="search"></div><script>window.addEventListener("DOMContentLoaded", () => new PagefindUI({ element: "#search", showSubResults: true }));</script></body></html>',
  input: '.pagefind-ui__search-input',
  cleared: (page) => page.waitForFunction(() => !document.querySelector('.pagefind-ui__result'), undefined, { timeout: 30_000 }),
};
