import { describe, expect, it } from 'vitest';
import { locateChromium } from '../../scripts/chromium.ts';

describe('locateChromium', () => {
  it('takes CHROMIUM_PATH first', async () => {
    expect(await locateChromium({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
  });

  it('fails with how to get a browser when CHROMIUM_PATH points nowhere, rather than skipping', async () => {
    await expect(locateChromium({ CHROMIUM_PATH: '/nowhere/chromium' })).rejects.toThrow(/CHROMIUM_PATH is \/nowhere\/chromium, which does not exist; set CHROMIUM_PATH .* apt-get install chromium.* @sparticuz\/chromium/);
  });
});
