import { describe, expect, it } from 'vitest';
import { isUsableUrl } from '../../src/url-policy.ts';

describe('isUsableUrl', () => {
  const page = 'https://shop.example/account/bill';
  it.each([
    ['/help/', true],
    ['help/', true],
    ['../help/', true],
    ['//cdn.example.com/help/', true],
    ['https://cdn.example.com/help/', true],
    ['http://localhost:8080/help/', true],
    ['http://127.0.0.1/help/', true],
    ['http://[::1]:4173/help/', true],
    ['http://shop.localhost/help/', true],
    ['http://example.com/help/', false],
    ['http://localhost.example.com/help/', false],
    ['ftp://example.com/help/', false],
    ['javascript:alert(1)', false],
    ['data:text/html,hi', false],
    ['https://[not a host/', false],
  ])('%s → %s', (url, ok) => {
    expect(isUsableUrl(url, page)).toBe(ok);
  });

  it('resolves a relative URL against the page given: on an http: page it is usable only on localhost', () => {
    expect(isUsableUrl('help/', 'http://example.com/')).toBe(false);
    expect(isUsableUrl('help/', 'http://localhost:3000/')).toBe(true);
  });

  it('takes other schemes only where asked', () => {
    expect(isUsableUrl('mailto:help@example.com', page)).toBe(false);
    expect(isUsableUrl('mailto:help@example.com', page, ['https:', 'mailto:'])).toBe(true);
  });
});
