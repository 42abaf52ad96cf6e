import '../../../src/text/all-languages.ts';
import { describe, expect, it } from 'vitest';
import { excerpt, highlight } from '../../../src/search/highlight.ts';
import { queryTokens } from '../../../src/text/tokenize.ts';

describe('highlight', () => {
  it('marks words with the same stem as a query word', () => {
    expect(highlight('Refunds are paid in 5 days', queryTokens('refund'))).toBe('<mark>Refunds</mark> are paid in 5 days');
  });

  it('marks words that a partly typed word starts', () => {
    expect(highlight('Set up AutoPay', queryTokens('autop'))).toBe('Set up <mark>AutoPay</mark>');
  });

  it('escapes HTML in the text and the query', () => {
    expect(highlight('<img src=x onerror=alert(1)> & more', queryTokens('<img onerror>'))).toBe(
      '&lt;<mark>img</mark> src=x <mark>onerror</mark>=alert(1)&gt; &amp; more',
    );
  });
});

describe('excerpt', () => {
  it('centres on the densest cluster of matches and marks cuts', () => {
    const text = `${'Filler words here. '.repeat(20)}The GPRR charge is for roaming data. ${'More filler. '.repeat(20)}`;
    const result = excerpt(text, queryTokens('GPRR roaming'), 80);
    expect(result.startsWith('…')).toBe(true);
    expect(result.endsWith('…')).toBe(true);
    expect(result).toContain('<mark>GPRR</mark> charge is for <mark>roaming</mark> data');
  });

  it('starts at the beginning when nothing matches', () => {
    expect(excerpt('Short text.', queryTokens('zzz'))).toBe('Short text.');
  });
});
