import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureTyping, type TypingHarness } from '../../../scripts/bench/typing.ts';
import { launchBrowser } from '../../helpers/browser.ts';
import { tempFolder } from '../../helpers/content.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

// A search page in Pagefind's default UI's words that answers every query but "never".
const harness: TypingHarness = {
  kind: 'pagefind',
  input: '#q',
  html: `<!doctype html><html lang="en"><title>Search</title><input id="q" aria-label="Search"><p class="pagefind-ui__message"></p>
<script>document.getElementById('q').addEventListener('input', (e) => { const q = e.target.value; if (q !== 'never') document.querySelector('.pagefind-ui__message').textContent = '1 result for ' + q; });</script>`,
};

describe('measureTyping (npm run bench)', () => {
  it('reports a query whose answer never shows and goes on with the others, cold and warm', async () => {
    const figures = await measureTyping(browser, await tempFolder(), harness, ['refund', 'never'], new Map(), { delay: 0, latency: 0, warm: true, answerTimeoutMs: 1000 });
    expect(figures.unanswered).toEqual(['never (warm)', 'never']);
    // The answered query still counts: its page's bytes, and its keys' paints.
    expect(figures.bytesToFirstResults).toBeGreaterThan(0);
    expect(figures.settledMs).toBeGreaterThanOrEqual(0);
  }, 60_000);
});
