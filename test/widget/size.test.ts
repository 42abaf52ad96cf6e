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
