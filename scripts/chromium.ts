// Finds and launches a headless Chromium for the browser tests, the bench and the eval (Node only).
// Order: $CHROMIUM_PATH, a system Chrome or Chromium, then the Linux build that the npm package
// @sparticuz/chromium carries inside itself, so `npm install && npm test` works on a bare machine.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Flags for a sandboxless machine with no network of its own (no background calls to Google). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];

const HOW_TO_GET_ONE = 'set CHROMIUM_PATH to a Chrome or Chromium executable, install one (Debian: apt-get install chromium), or run `npm install` so that @sparticuz/chromium (Linux x64) is present';

let found: Promise<string> | undefined;

/** The path of a Chromium to drive (looked for once); rejects with how to get one when there is none. */
export function findChromium(): Promise<string> {
  found ??= locateChromium();
  return found;
}

/** Looks for a Chromium in the order above, with these environment variables. */
export async function locateChromium(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`selfserve: CHROMIUM_PATH is ${fromEnv}, which does not exist; ${HOW_TO_GET_ONE}`);
    return fromEnv;
  }
  const system = SYSTEM_BROWSERS.find((file) => existsSync(file));
  if (system) return system;
  try {
    // Unpacks its brotli-compressed Chromium into the temporary folder on first use.
    const { default: packaged } = await import('@sparticuz/chromium');
    return await packaged.executablePath();
  } catch (error) {
    throw new Error(`selfserve: no Chromium found for the browser tests (${(error as Error).message}); ${HOW_TO_GET_ONE}`);
  }
}

/** A headless Chromium with the flags this machine needs. */
export async function launchChromium(): Promise<Browser> {
  // Imported when a browser is launched: finding one needs none of playwright-core.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: await findChromium(), args: CHROMIUM_ARGS });
}
