import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';

// The budget of issue #3: what every host page loads before help is opened.
const BUDGET = 12 * 1024;

describe('the script tag', () => {
  it('stays within its 12 kB gzip budget', () => {
    const script = readFileSync(path.join(inject('e2eDist'), 'selfserve.js'));
    expect(gzipSync(script, { level: 9 }).length).toBeLessThanOrEqual(BUDGET);
  });
});

describe('the widget the tests load', () => {
  // Built under vitest (NODE_ENV=test), it must still be the widget npm ships: Vite and the Preact
  // preset once made it a development build, with Preact's devtools hooks.
  it('is a production build', () => {
    const app = readFileSync(path.join(inject('e2eDist'), 'selfserve-app.js'), 'utf8');
    expect(app.includes('Search help articles'), 'the app').toBe(true);
    expect(app.includes('__PREACT_DEVTOOLS__'), "Preact's devtools hooks").toBe(false);
  });
});
