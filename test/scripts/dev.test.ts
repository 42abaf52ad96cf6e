import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewCacheFolder } from '../../scripts/build/cache.ts';
import { launchBrowser, newPage } from '../helpers/browser.ts';
import { runCli } from '../helpers/cli.ts';
import { article, tempFolder } from '../helpers/content.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/selfserve.js');
// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Starts `selfserve dev` on `content`, once it says where the preview is; its output so far is `output()`. */
async function startDev(content: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, 'dev', content, '--port', '0'], { env: { ...process.env, NO_COLOR: '1', ...env } });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    await expect.poll(() => /Preview of .*: (http:\/\/\S+)\//.exec(output)?.[1], { timeout: 40_000, interval: 100 }).toBeTruthy();
  } catch (error) {
    child.kill();
    throw error;
  }
  return { child, output: () => output, url: /Preview of .*: (http:\/\/\S+)\//.exec(output)![1] };
}

describe('selfserve dev', () => {
  it('previews articles, reloads on change, and overlays content errors until they are fixed', async () => {
    const content = await tempFolder({
      'billing/pay.md': article('title: Pay your bill\ndescription: Ways to pay.\npages: ["/account/bill"]\naliases: [payment, pay bill]', 'Pay by card.\n\n![The card form](card.png)\n\n## By phone\n\nCall 611.\n'),
    });
    writeFileSync(path.join(content, 'billing/card.png'), Buffer.from(PNG, 'base64'));
    const { child, output: printed, url } = await startDev(content);
    try {
      expect(printed()).toMatch(/^built 1 article in \d/m);
      const { page, log } = await newPage(browser);

      await page.goto(`${url}/`);
      const row = page.locator('tr', { hasText: 'Pay your bill' });
      expect(await row.textContent()).toContain('/account/bill');
      expect(await row.textContent()).toContain('pay bill');

      await row.getByRole('link').click();
      await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Pay your bill');
      expect(await page.locator('dl').textContent()).toContain('billing/pay');
      // The index comes from the server's memory, its images from the preview's folder.
      await expect.poll(() => page.locator('img[alt="The card form"]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);

      // Edit: the preview shows the change within two seconds.
      writeFileSync(path.join(content, 'billing/pay.md'), article('title: Pay your bill today\ndescription: Ways to pay.', 'Pay by card.\n'));
      await expect.poll(() => page.locator('#ss-article-title').textContent(), { interval: 100 }).toBe('Pay your bill today');
      // A save is a rebuild, named by the file that changed.
      expect(printed()).toMatch(/ billing\/pay\.md: rebuilt 1 article in [\d.]+ s\n/);

      // A YAML error: an overlay names the file and line; the last good build stays.
      writeFileSync(path.join(content, 'billing/pay.md'), '---\ntitle: Pay your bill\ntags: [a, b\n---\nBody\n');
      const overlay = page.locator('#selfserve-overlay');
      await expect.poll(() => overlay.textContent(), { interval: 100 }).toMatch(/billing\/pay\.md:3:\d+: error: invalid YAML in frontmatter/);
      expect(printed()).toMatch(/billing\/pay\.md:3:\d+: error: invalid YAML/);

      // Fixed: the overlay goes and the page shows the new content.
      writeFileSync(path.join(content, 'billing/pay.md'), article('title: Pay your bill now\ndescription: Ways to pay.', 'Pay by card.\n'));
      await expect.poll(() => page.locator('#ss-article-title').textContent(), { interval: 100 }).toBe('Pay your bill now');
      expect(await overlay.count()).toBe(0);

      // The article's page opened as typed, without the widget's link in it, shows the article too.
      await page.goto(`${url}/article/billing/pay`);
      await expect.poll(() => page.locator('#ss-article-title').textContent(), { interval: 100 }).toBe('Pay your bill now');
      expect(new URL(page.url()).hash).toBe('#help/billing/pay');
      expect(await page.locator('.warnings').count()).toBe(0);

      // A warning shows on the article's page and in the list, as the terminal said it.
      writeFileSync(path.join(content, 'billing/pay.md'), article('title: Pay your bill #now\ndescription: Ways to pay.', 'Pay by card.\n'));
      const warnings = page.getByRole('region', { name: '1 warning' });
      await expect.poll(() => warnings.textContent(), { interval: 100 }).toBe('1 warningbilling/pay.md:2:22 `title` ends before `#now`: YAML reads ` #` as the start of a comment and leaves the rest out; if it belongs to the value, put the value in quotes, like `title: "Pay your bill #now"`');
      expect(printed()).toMatch(/billing\/pay\.md:2:22: warning: `title` ends before `#now`/);
      await page.goto(`${url}/`);
      expect(await page.locator('tr', { hasText: 'Pay your bill' }).locator('td').last().textContent()).toBe('1 warning');
      expect(log.errors).toEqual([]);
    } finally {
      child.kill();
    }
  }, 90_000);

  it('says at once that its port is in use, and stops', async () => {
    const content = await tempFolder({ 'billing/pay.md': article('title: Pay your bill\ndescription: Ways to pay.', 'Pay by card.\n') });
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as AddressInfo;
    try {
      const { code, stdout, stderr } = await runCli(['dev', content, '--port', String(port)]);
      expect(code).toBe(2);
      expect(stderr).toBe(`selfserve: port ${port} is in use: stop what uses it, or choose another with --port (0 picks a free one)\n`);
      // Before its first build.
      expect(stdout).toBe('');
    } finally {
      other.close();
    }
  });

  it('removes its own folder when stopped by Ctrl+C or SIGTERM', async () => {
    const content = await tempFolder({ 'billing/pay.md': article('title: Pay your bill\ndescription: Ways to pay.', 'Pay by card.\n') });
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      const temp = await tempFolder();
      const previews = () => readdirSync(temp).filter((name) => name.startsWith('selfserve-dev-'));
      const dev = await startDev(content, { TMPDIR: temp });
      const exited = new Promise<number | null>((resolve) => dev.child.once('exit', resolve));
      expect(previews()).toHaveLength(1);
      dev.child.kill(signal);
      expect(await exited).toBe(code);
      expect(previews()).toEqual([]);
    }
  }, 90_000);

  it('starts from the build cache of its last preview of the folder: only what changed since is read again', async () => {
    const content = await tempFolder({
      'billing/pay.md': article('title: Pay your bill\ndescription: Ways to pay.', 'Pay by card.\n'),
      'account/pin.md': article('title: Your account PIN\ndescription: What it is for.', 'Set it in the app.\n'),
    });
    const saved = path.join(previewCacheFolder(content), 'index.json');
    const first = await startDev(content);
    try {
      expect(first.output()).toMatch(/^built 2 articles in [\d.]+ s\n/m);
      // Saved after the preview is served.
      await expect.poll(() => existsSync(saved), { timeout: 20_000, interval: 100 }).toBe(true);
    } finally {
      first.child.kill();
    }
    writeFileSync(path.join(content, 'billing/pay.md'), article('title: Pay your bill\ndescription: Ways to pay.', 'Pay by card or by phone.\n'));
    const second = await startDev(content);
    try {
      expect(second.output()).toMatch(/^built 2 articles in [\d.]+ s \(1 from the build cache\)/m);
    } finally {
      second.child.kill();
    }
  }, 90_000);
});
