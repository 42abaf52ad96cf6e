import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FORMAT_VERSION } from '../../../src/format.ts';
import { hostPage, launchBrowser, newPage, serveSite } from '../../helpers/browser.ts';
import { tempFolder } from '../../helpers/content.ts';
import { tamperRoot } from '../../helpers/tamper.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

type Fault = (req: IncomingMessage, res: ServerResponse, files: { manifest: string; root: string }) => boolean | Promise<boolean>;

/**
 * Serves a copy of the sample index with `fault` applied until `recover()` is called; then checks
 * that the panel says search is unavailable, keeps the contact path, warns naming the file, throws
 * nothing into the page, and works after Try again.
 */
async function expectRecovery(fault: Fault, warning: RegExp, { tamper, query, attrs = '' }: { tamper?: (dir: string) => void; query?: string; attrs?: string } = {}) {
  const dir = path.join(await tempFolder(), 'help');
  cpSync(path.join(inject('e2eDist'), 'help'), dir, { recursive: true });
  const original = path.join(await tempFolder(), 'help');
  cpSync(dir, original, { recursive: true });
  tamper?.(dir);
  const manifest = JSON.parse(readFileSync(path.join(original, 'manifest.json'), 'utf8'));
  const files = { manifest: '/broken/manifest.json', root: `/broken/${manifest.indexes.en.root}` };
  let broken = true;
  const site = await serveSite(inject('e2eDist'), {
    mounts: { '/broken/': dir },
    pages: { '/': hostPage({ attrs: `data-index="/broken/" data-contact="/api/contact" ${attrs}` }) },
    intercept: (req, res) => (broken ? fault(req, res, files) : false),
  });
  try {
    const { page, log } = await newPage(browser);
    await page.goto(`${site.url}/`);
    await page.locator('.ss-launcher').click();
    // Parts of the index past its root load with the search that needs them.
    if (query) await page.locator('.ss-input').fill(query);
    await expect.poll(() => page.locator('.ss-message h3').textContent(), { timeout: 15_000 }).toBe('Search is unavailable right now');
    // One contact path in the view: the message's, not the footer's as well.
    expect(await page.locator('.ss-message').getByRole('button', { name: 'Contact support' }).count()).toBe(1);
    expect(await page.locator('.ss-panel').getByRole('button', { name: 'Contact support' }).count()).toBe(1);
    expect(log.warnings.join('\n')).toMatch(warning);
    expect(log.errors).toEqual([]);

    broken = false;
    if (tamper) cpSync(original, dir, { recursive: true });
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('.ss-input').fill('GPRR');
    await expect.poll(() => page.getByRole('option').first().textContent()).toContain('codes on your bill');
    expect(log.errors).toEqual([]);
    await page.close();
  } finally {
    await site.close();
  }
}

const answer = (status: number, body = '', type = 'application/json') => (res: ServerResponse) => {
  res.writeHead(status, { 'content-type': type }).end(body);
  return true;
};

describe('a broken or tampered index', () => {
  it('404 on the manifest', () => expectRecovery((req, res, f) => req.url === f.manifest && answer(404)(res), /broken\/manifest\.json was not found \(404\)/));

  it('500 on the root of the index', () => expectRecovery((req, res, f) => req.url === f.root && answer(500)(res), /en\/index\.[0-9a-f]+\.json answered 500/));

  it('500 on a term shard, once a search needs it', () =>
    expectRecovery((req, res) => Boolean(req.url?.startsWith('/broken/en/terms/')) && answer(500)(res), /en\/terms\/[0-9a-f]+\.json answered 500/, { query: 'GPRR' }));

  it('truncated JSON in the articles shown', () =>
    expectRecovery(
      (req, res) => {
        if (!req.url?.startsWith('/broken/en/cards/')) return false;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"slug": "bil');
        return true;
      },
      /en\/cards\/\d+\.[0-9a-f]+\.json is not valid JSON \(truncated or damaged\?\)/,
      { query: 'GPRR' },
    ));

  it('a manifest of another format version', () =>
    expectRecovery(
      () => false,
      new RegExp(`has index format version 99, but this Selfserve reads version ${FORMAT_VERSION}`),
      { tamper: (dir) => writeFileSync(path.join(dir, 'manifest.json'), readFileSync(path.join(dir, 'manifest.json'), 'utf8').replace(`"version": ${FORMAT_VERSION}`, '"version": 99')) },
    ));

  it('a manifest that points at missing files', () =>
    expectRecovery(
      () => false,
      /en\/index\.0000000000000000\.json was not found \(404\)/,
      { tamper: (dir) => writeFileSync(path.join(dir, 'manifest.json'), readFileSync(path.join(dir, 'manifest.json'), 'utf8').replace(/"root": "en\/index\.[0-9a-f]+\.json"/, '"root": "en/index.0000000000000000.json"')) },
    ));

  it('a huge file in place of the root of the index', () =>
    expectRecovery((req, res, f) => {
      if (req.url !== f.root) return false;
      res.writeHead(200, { 'content-type': 'application/json' }).end(`[${'0,'.repeat(3_000_000)}0]`);
      return true;
    }, /index\.[0-9a-f]+\.json is larger than the \d+ bytes the index expects/));

  it('an HTML page where the index should be (a host’s fallback page)', () =>
    expectRecovery((req, res, f) => req.url === f.manifest && answer(200, '<!doctype html><title>Home</title>', 'text/html')(res), /returned an HTML page, not an index file/));

  // The deadline is injected (data-timeout), so these take a second, not the default 8.
  it('a server that never answers', () =>
    expectRecovery(
      (req, res, f) => {
        if (req.url !== f.manifest) return false;
        req.socket.on('close', () => res.destroy());
        return true;
      },
      /manifest\.json did not arrive within 1 s/,
      { attrs: 'data-timeout="1000"' },
    ));

  // (#17) The timer used to stop at the headers: "Loading help articles…" forever.
  it('a server that sends its headers, then one byte every 2 s', () =>
    expectRecovery(
      (req, res, f) => {
        if (req.url !== f.root) return false;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{');
        const drip = setInterval(() => res.write(' '), 2000);
        req.socket.on('close', () => clearInterval(drip));
        return true;
      },
      /index\.[0-9a-f]+\.json did not arrive within 1 s/,
      { attrs: 'data-timeout="1000"' },
    ));

  // (#17) A tampered index is refused by validation, with the same clean message.
  it('an article claiming 150 million sections', () =>
    expectRecovery(() => false, /is not a valid Selfserve index file \(sections\.0: more than 10000 sections\)/, { tamper: (dir) => tamperRoot(dir, (root) => (root.sections[0] = 150_000_000)) }));

  it('titles of 2 MB', () =>
    expectRecovery(() => false, /is not a valid Selfserve index file \(featured\.0\.title: longer than 4096 characters\)/, { tamper: (dir) => tamperRoot(dir, (root) => (root.featured[0].title = 'x'.repeat(2_000_000))) }));

  it('a glossary entry for an article that does not exist does not fail the search for its term', async () => {
    const dir = path.join(await tempFolder(), 'help');
    cpSync(path.join(inject('e2eDist'), 'help'), dir, { recursive: true });
    tamperRoot(dir, (root) => {
      const file = path.join(dir, `en/glossary.${root.glossary.hash}.json`);
      const glossary = JSON.parse(readFileSync(file, 'utf8'));
      for (const term of glossary.terms) if (term.term === 'GPRR') term.article = 99_999;
      writeFileSync(file, JSON.stringify(glossary));
      root.glossary.bytes = Buffer.byteLength(JSON.stringify(glossary));
    });
    const site = await serveSite(inject('e2eDist'), { mounts: { '/broken/': dir }, pages: { '/': hostPage({ attrs: 'data-index="/broken/" data-contact="/api/contact"' }) } });
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${site.url}/`);
      await page.locator('.ss-launcher').click();
      await page.locator('.ss-input').fill('GPRR');
      await expect.poll(() => page.getByRole('option').first().textContent()).toContain('codes on your bill');
      expect(await page.locator('.ss-answer').count()).toBe(0);
      expect(await page.locator('.ss-message h3').count()).toBe(0);
      expect(log.errors).toEqual([]);
    } finally {
      await site.close();
    }
  });

  it('no network at all', async () => {
    const site = await serveSite(inject('e2eDist'), { pages: { '/': hostPage({ attrs: 'data-index="/help/" data-contact="/api/contact"' }) } });
    try {
      const { page, log } = await newPage(browser);
      // The page and the widget's script load; every request for the index fails as if offline.
      await page.route('**/help/**', (route) => route.abort('internetdisconnected'));
      await page.goto(`${site.url}/`);
      await page.locator('.ss-launcher').click();
      await expect.poll(() => page.locator('.ss-message h3').textContent()).toBe('Search is unavailable right now');
      expect(log.warnings.join('\n')).toMatch(/could not fetch .*manifest\.json \(offline or blocked\?\)/);
      await page.unroute('**/help/**');
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.locator('.ss-input').fill('refund');
      await expect.poll(() => page.getByRole('option').first().textContent()).toContain('Refunds');
      expect(log.errors).toEqual([]);
    } finally {
      await site.close();
    }
  });
});
