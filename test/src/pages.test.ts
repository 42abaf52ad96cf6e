import { describe, expect, it } from 'vitest';
import { pageMatches } from '../../src/pages.ts';

describe('pageMatches', () => {
  it.each([
    ['/account/bill', '/account/bill', true],
    ['/account/bill', '/account/bill/', true],
    ['/account/bill/*', '/account/bill/2026-10', true],
    ['/account/bill/*', '/account/bill/2026-10/pdf', false],
    ['/account/bill/*', '/account/billing', false],
    ['/help/**', '/help/a/b/c', true],
    ['/plans/?', '/plans/1', true],
    ['/a.b', '/aXb', false],
  ])('%s vs %s → %s', (glob, path, expected) => {
    expect(pageMatches(glob, path)).toBe(expected);
  });
});
