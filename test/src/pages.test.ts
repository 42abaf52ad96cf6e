import { describe, expect, it } from 'vitest';
import { pageMatches } from '../../src/pages.ts';

/** The regular expression the matcher replaced: right, but exponential on hostile globs. */
function reference(glob: string, path: string): boolean {
  const body = glob
    .replace(/(.)\/$/, '$1')
    .split(/(\*\*\/?|\*|\?)/)
    .map((part) => (part === '**' || part === '**/' ? '.*' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`).test(path.replace(/(.)\/$/, '$1'));
}

describe('pageMatches', () => {
  it.each([
    ['/account/bill', '/account/bill', true],
    ['/account/bill', '/account/bill/', true],
    ['/account/bill/*', '/account/bill/2026-10', true],
    ['/account/bill/*', '/account/bill/2026-10/pdf', false],
    ['/account/bill/*', '/account/billing', false],
    ['/help/**', '/help/a/b/c', true],
    ['/help/**/faq', '/help/faq', true],
    ['/help/**/faq', '/help/a/b/faq', true],
    ['/plans/?', '/plans/1', true],
    ['/plans/?', '/plans/', false],
    ['/a.b', '/aXb', false],
    ['/', '/', true],
    ['/*', '/', true],
  ])('%s vs %s → %s', (glob, path, expected) => {
    expect(pageMatches(glob, path)).toBe(expected);
  });

  it('agrees with the regular expression on random globs and paths', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const pick = (parts: string[], length: number) => Array.from({ length }, () => parts[random(parts.length)]).join('');
    for (let i = 0; i < 3000; i++) {
      const glob = `/${pick(['a', 'b', '/', '*', '**', '**/', '?', '.'], 1 + random(6))}`;
      const path = `/${pick(['a', 'b', '/', '.'], random(8))}`;
      expect(pageMatches(glob, path), `${glob} vs ${path}`).toBe(reference(glob, path));
    }
  });

  // (#17) A regular expression backtracks for longer than the test runs on these; the matcher's
  // steps are bounded by glob × path length.
  it('answers at once for globs that make a regular expression backtrack', () => {
    const hostile = `/${'**?'.repeat(40)}Z`;
    expect(pageMatches(hostile, `/${'a/'.repeat(2000)}`)).toBe(false);
    expect(pageMatches(`/${'*a'.repeat(60)}`, `/${'a'.repeat(5000)}b`)).toBe(false);
  });
});
