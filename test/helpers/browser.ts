import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, inject, onTestFinished } from 'vitest';
import { launchChromium } from '../../scripts/chromium.ts';
import { startStaticServer, STRICT_CSP } from '../../scripts/static-server.ts';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');

/** A headless Chromium: $CHROMIUM_PATH, a system one, or the one inside @sparticuz/chromium. */
export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

/** What a page said while a test ran. */
export interface PageLog {
  errors: string[];
  consoleErrors: string[];
  warnings: string[];
  cspViolations: string[];
}

/**
 * A page in a fresh browser context (its own cache and storage), closed with the test that opened
 * it: pages left open keep their timers and memory, and a long file slowed its last tests down.
 * When the test fails, what the page showed is kept first (see `keepEvidence`).
 */
export async function newPage(browser: Browser, viewport = { width: 1280, height: 860 }): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage({ viewport });
  const log: PageLog = { errors: [], consoleErrors: [], warnings: [], cspViolations: [] };
  onTestFinished(async ({ task }) => {
    if (task.result?.state === 'fail') await keepEvidence(page, log, task.name).catch(() => {});
    await page.close().catch(() => {});
  });
  page.on('pageerror', (error) => log.errors.push(error.message));
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('csp-violation ')) log.cspViolations.push(text.slice(14));
    else if (message.type() === 'error' && !text.includes('favicon')) log.consoleErrors.push(text);
    else if (message.type() === 'warning') log.warnings.push(text);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.log(`csp-violation ${e.violatedDirective} ${e.blockedURI}`));
  });
  return { page, log };
}

/**
 * For a failed test: a screenshot under test-results/screenshots/failed-*.png, and the widget's
 * markup and the page's log on stderr, so a failure seen only in CI can be read afterwards.
 */
async function keepEvidence(page: Page, log: PageLog, name: string): Promise<void> {
  await screenshot(page, `failed-${name.replace(/[^\w-]+/g, '-').slice(0, 80)}`);
  const widget = await page.evaluate(() => document.querySelector('selfserve-widget')?.shadowRoot?.innerHTML ?? '(no widget)');
  console.error(`The page of the failed test "${name}" at ${page.url()}:\nwidget: ${widget.slice(0, 3000)}\nlog: ${JSON.stringify(log)}`);
}

/** Runs axe-core on the page, shadow DOM included; returns the violations, readable. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Colours are checked as they end up, not halfway through a fade-in: finite animations are
  // finished at once (waiting for the 1.6 s flash of a section opened took a quarter of a test).
  const injected = await page.evaluate(() => {
    const roots: DocumentOrShadowRoot[] = [document, ...[...document.querySelectorAll('*')].flatMap((e) => (e.shadowRoot ? [e.shadowRoot] : []))];
    for (const animation of roots.flatMap((root) => root.getAnimations())) if (animation.effect?.getComputedTiming().endTime !== Infinity) animation.finish();
    return 'axe' in window;
  });
  // Evaluated through the DevTools protocol, which a page's CSP does not restrict; once a page.
  if (!injected) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown; failureSummary: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary}`).join(' | ')}`);
  });
  return violations;
}

/** Saves a screenshot under test-results/screenshots/ (kept by CI, not in git). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

export interface SiteOptions {
  /** Path → HTML of the host pages. */
  pages: Record<string, string>;
  /** More folders to serve, by URL prefix (e.g. another index at `/evil/`). */
  mounts?: Record<string, string>;
  /** Content-Security-Policy for the pages; the strict policy by default. */
  csp?: string | false;
  /** Lets a test fail or slow down index requests: return true when it answered. */
  intercept?: Parameters<typeof startStaticServer>[0]['intercept'];
}

/** Serves the built widget (`/selfserve.js`), the sample index (`/help/`) and test pages. */
export function serveSite(dist: string, options: SiteOptions) {
  return startStaticServer({
    mounts: { ...options.mounts, '/': dist },
    csp: options.csp === false ? undefined : (options.csp ?? STRICT_CSP),
    intercept: async (req, res) => {
      const pathname = new URL(req.url ?? '/', 'http://x').pathname;
      const html = options.pages[pathname];
      if (html !== undefined) {
        const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
        if (options.csp !== false) headers['content-security-policy'] = options.csp ?? STRICT_CSP;
        res.writeHead(200, headers).end(html);
        return true;
      }
      return (await options.intercept?.(req, res)) ?? false;
    },
  });
}

/**
 * For a test file: a browser, and the built widget, sample index and `options.pages` served, both
 * started before its tests and closed after them. Read them from the returned object in tests.
 */
export function useBrowserAndSite(options: SiteOptions): { browser: Browser; site: Awaited<ReturnType<typeof serveSite>> } {
  const env = {} as { browser: Browser; site: Awaited<ReturnType<typeof serveSite>> };
  beforeAll(async () => {
    env.browser = await launchBrowser();
    env.site = await serveSite(inject('e2eDist'), options);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.site?.close();
  });
  return env;
}

/** A host page with the widget's script tag. */
export function hostPage({ attrs = 'data-index="/help/"', head = '', body = '<main><h1>Kestrel Mobile</h1><p>Welcome.</p><a href="#top">A page link</a></main>', title = 'Test page' } = {}): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${title}</title>${head}</head><body>${body}<script src="/selfserve.js" ${attrs} defer></script></body></html>`;
}
