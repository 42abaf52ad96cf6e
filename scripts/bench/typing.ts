// What people meet when they type a query key by key, with real key events, from a cold page load:
// bytes and requests until the answer shows, when the results stop changing after the last key,
// how much the layout shifts then, and (once warm) how long each keystroke takes to paint.
import type { Browser, Page } from 'playwright-core';
import { benchServer } from './browser.ts';
import { median, p95 } from './stats.ts';

/** A search UI as the bench drives it. */
export interface TypingHarness {
  kind: 'selfserve' | 'pagefind';
  html: string;
  open?(page: Page): Promise<void>;
  /** The search box (inside the widget's shadow root for Selfserve). */
  input: string;
}

export interface TypingOptions {
  /** Milliseconds between keys: 30 is a fast typist, 150 a careful one. */
  delay: number;
  /** Delay every response by this many ms (a slow network); 0 for loopback. */
  latency: number;
  /** Also time each keystroke's paint on a warm page (the other queries, typed after the first). */
  warm: boolean;
  /** How long a query's answer may take to show before it counts as never shown. Default 30 s. */
  answerTimeoutMs?: number;
}

export interface TypingFigures {
  /** Medians over the queries, each typed on a cold page. */
  bytesToFirstResults: number;
  requestsToFirstResults: number;
  /** From the last key until the results (passages included) stop changing, ms. */
  settledMs: number;
  /** Sum of the browser's layout-shift entries after the last key (worst query). */
  layoutShift: number;
  /** Keystroke → the next frame painted after the page handled it (as INP counts), once the search is loaded, ms. */
  paintP50Ms: number;
  paintP95Ms: number;
  /**
   * Queries whose answer never showed (within `answerTimeoutMs`), on a cold page or a warm one: left
   * out of the medians and reported, rather than ending a bench run of many minutes.
   */
  unanswered: string[];
}


/** True when the page shows the answer to `query`: its expected top result, or its no-results message. */
const ANSWERED = `({ kind, query, top }) => {
  if (kind === 'selfserve') {
    const root = document.querySelector('selfserve-widget').shadowRoot;
    if (root.querySelector('.ss-input').value !== query) return false;
    const first = root.querySelector('[role="listbox"] [role="option"]');
    if (top) return Boolean(first && first.textContent.includes(top));
    return Boolean(root.querySelector('.ss-message h3')?.textContent?.includes(query));
  }
  const message = document.querySelector('.pagefind-ui__message')?.textContent ?? '';
  return message.includes(query) && !/^Searching/i.test(message.trim());
}`;

/**
 * Pushes `{ at, painted }` to `keys` for each key. Captured on window: a key typed in the widget's
 * shadow DOM is seen here, retargeted to its host. Painted: the frame after the key, once the page
 * has handled it (its handlers and whatever they ran at once), as Interaction to Next Paint counts
 * it: a message posted from that frame's animation callback arrives after the frame is painted.
 */
const KEY_RECORDER = `(keys) => {
  window.addEventListener('keydown', (event) => {
    const key = { at: event.timeStamp, painted: null };
    keys.push(key);
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { key.painted = performance.now(); };
      channel.port2.postMessage(null);
    });
  }, true);
}`;

/**
 * Records, inside the page, key times, mutations of the search UI (and the frame painted after
 * each), and layout shifts. A string: tsx would wrap a function's arrows in a helper the page lacks.
 */
const RECORDER = `(kind) => {
  const root = kind === 'selfserve' ? document.querySelector('selfserve-widget').shadowRoot : document.body;
  const r = { keys: [], mutations: [], shifts: [], expect: null, answeredAt: null };
  window.__typing = r;
  (${KEY_RECORDER})(r.keys);
  new MutationObserver((records) => {
    // Not seen on screen: the box's own value, and what live regions read out to screen readers.
    const seen = (m) => m.target.nodeName !== 'INPUT' && !(m.target.nodeType === 1 ? m.target : m.target.parentElement)?.closest('[aria-live]');
    if (records.some(seen)) r.mutations.push(performance.now());
    // The wall-clock time the answer to the query typed (r.expect) first showed, to compare with
    // the server's log of what it had sent by then.
    if (r.expect && r.answeredAt === null && (${ANSWERED})(r.expect)) r.answeredAt = Date.now();
  }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) r.shifts.push({ at: e.startTime, value: e.value }); }).observe({ type: 'layout-shift', buffered: true });
}`;

/** Resolves when `check()` holds, polling in the page every frame; rejects after `timeout`. */
async function until(page: Page, expression: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction(expression, undefined, { timeout, polling: 'raf' });
}

/** `until`, resolving to false when it timed out (other errors still throw). */
async function answered(page: Page, expression: string, timeout?: number): Promise<boolean> {
  try {
    await until(page, expression, timeout);
    return true;
  } catch (error) {
    if ((error as Error).name !== 'TimeoutError') throw error;
    return false;
  }
}

/**
 * Types each query on a fresh page (cold cache), then the other queries on that page (warm), key
 * by key. `topTitles` maps each query to the title the engine ranks first (undefined: no results).
 */
export async function measureTyping(browser: Browser, dir: string, harness: TypingHarness, queries: string[], topTitles: Map<string, string | undefined>, options: TypingOptions): Promise<TypingFigures> {
  const server = await benchServer(dir, harness.html, options.latency);
  const bytes: number[] = [];
  const requests: number[] = [];
  const settled: number[] = [];
  const shifts: number[] = [];
  const paints: number[] = [];
  const unanswered: string[] = [];
  try {
    for (const query of queries) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      server.sent.length = 0;
      await page.goto(`${server.url}/`);
      await harness.open?.(page);
      const input = page.locator(harness.input);
      await input.waitFor();
      await page.evaluate(`(${RECORDER})(${JSON.stringify(harness.kind)})`);
      const args = JSON.stringify({ kind: harness.kind, query, top: topTitles.get(query) });
      await page.evaluate(`window.__typing.expect = ${args}`);
      await input.pressSequentially(query, { delay: options.delay });
      const lastKey = (await page.evaluate('window.__typing.keys.at(-1).at')) as number;
      if (!(await answered(page, `(${ANSWERED})(${args})`, options.answerTimeoutMs))) {
        unanswered.push(query);
        await context.close();
        continue;
      }
      // Same machine, same clock: what the server had sent by the time the answer showed.
      const answeredAt = (await page.evaluate('window.__typing.answeredAt ?? Date.now()')) as number;
      const before = server.sent.filter((response) => response.at <= answeredAt);
      bytes.push(before.reduce((n, response) => n + response.bytes, 0));
      requests.push(before.length);
      // Settled: a second with no change after the answer (passages and late parts included).
      await until(page, `performance.now() - (window.__typing.mutations.at(-1) ?? 0) > 1000`);
      const { lastMutation, shift } = (await page.evaluate(
        `({ lastMutation: window.__typing.mutations.at(-1) ?? 0, shift: window.__typing.shifts.filter((s) => s.at > ${lastKey}).reduce((n, s) => n + s.value, 0) })`,
      )) as { lastMutation: number; shift: number };
      settled.push(Math.max(0, lastMutation - lastKey));
      shifts.push(shift);
      // Warm: the other queries on this page, each key's paint timed.
      for (const next of options.warm ? queries : []) {
        if (next === query) continue;
        await input.fill('');
        await page.evaluate('window.__typing.keys.length = 0');
        await input.pressSequentially(next, { delay: options.delay });
        if (!(await answered(page, `(${ANSWERED})(${JSON.stringify({ kind: harness.kind, query: next, top: topTitles.get(next) })})`, options.answerTimeoutMs))) {
          unanswered.push(`${next} (warm)`);
          continue;
        }
        await until(page, `performance.now() - (window.__typing.mutations.at(-1) ?? 0) > 300`);
        const keys = (await page.evaluate('window.__typing.keys')) as { at: number; painted: number | null }[];
        for (const key of keys) if (key.painted !== null) paints.push(key.painted - key.at);
      }
      await context.close();
    }
  } finally {
    await server.close();
  }
  return {
    bytesToFirstResults: median(bytes),
    requestsToFirstResults: median(requests),
    settledMs: median(settled),
    layoutShift: Math.max(0, ...shifts),
    paintP50Ms: median(paints),
    paintP95Ms: p95(paints),
    unanswered,
  };
}

/**
 * Keystroke → next paint on a page with nothing but a text box, the same keys typed at the same
 * speed: the floor that this browser's frame cadence on this machine sets for every page, so the
 * engines' paint figures read against it (a key that arrives just after a frame waits for the next).
 */
export async function measurePaintFloor(browser: Browser, queries: string[], delay: number): Promise<{ paintP50Ms: number; paintP95Ms: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  try {
    const page = await context.newPage();
    await page.setContent('<!doctype html><html lang="en"><title>Floor</title><input aria-label="Search">');
    await page.evaluate(`window.__keys = []; (${KEY_RECORDER})(window.__keys)`);
    const input = page.locator('input');
    const paints: number[] = [];
    // Each query after the first, as the engines' warm figures type them.
    for (const query of queries) {
      for (const next of queries) {
        if (next === query) continue;
        await input.fill('');
        await page.evaluate('window.__keys.length = 0');
        await input.pressSequentially(next, { delay });
        await page.waitForTimeout(300);
        const keys = (await page.evaluate('window.__keys')) as { at: number; painted: number | null }[];
        for (const key of keys) if (key.painted !== null) paints.push(key.painted - key.at);
      }
    }
    return { paintP50Ms: median(paints), paintP95Ms: p95(paints) };
  } finally {
    await context.close();
  }
}
