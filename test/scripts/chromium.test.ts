import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');

/** findChromium() in a fresh process (it remembers what it found), with `env` added. */
const find = (env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', '-e', `import('./scripts/chromium.ts').then((m) => m.findChromium()).then(console.log, (e) => { console.error(e.message); process.exit(1); })`], { cwd: repo, env: { ...process.env, ...env } });

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first', async () => {
    const { stdout } = await find({ CHROMIUM_PATH: process.execPath });
    expect(stdout.trim()).toBe(process.execPath);
  });

  it('fails with how to get a browser when CHROMIUM_PATH points nowhere, rather than skipping', async () => {
    const error = await find({ CHROMIUM_PATH: '/nowhere/chromium' }).then(() => undefined, (e: { stderr: string }) => e);
    expect(error?.stderr).toMatch(/CHROMIUM_PATH is \/nowhere\/chromium, which does not exist; set CHROMIUM_PATH .* apt-get install chromium.* @sparticuz\/chromium/);
  });
});
