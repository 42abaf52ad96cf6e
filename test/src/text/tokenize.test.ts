import '../../../src/text/all-languages.ts';
import { describe, expect, it } from 'vitest';
import { queryTokens, tokenize, wordSpans } from '../../../src/text/tokenize.ts';

const stems = (text: string) => tokenize(text).map((t) => t.stem);

describe('tokenize', () => {
  it('lower-cases, strips accents and drops stop words', () => {
    expect(tokenize('The Résumé of THE account').map((t) => t.surface)).toEqual(['resume', 'account']);
  });

  it('stems words so plurals and tenses meet', () => {
    expect(stems('refunds')).toEqual(stems('refund'));
    expect(stems('charged')).toEqual(stems('charges'));
  });

  it('keeps codes whole and also findable by their parts', () => {
    expect(stems('E-1042')).toEqual(['e1042', '1042']);
    expect(stems('e1042')).toEqual(['e1042']);
    expect(stems('GPRR')).toEqual(['gprr']);
  });

  it('does not stem codes or merge their letters', () => {
    expect(stems('GPRS GPRR')).toEqual(['gprs', 'gprr']);
  });

  it('drops the greetings customers wrap questions in', () => {
    expect(queryTokens('Hi, can you please tell me how my plates were stolen?').map((t) => t.surface)).toEqual(['plates', 'stolen']);
  });
});

describe('wordSpans', () => {
  it('gives positions in the original text', () => {
    const text = 'Pay the GPRR charge';
    expect(wordSpans(text).map((s) => text.slice(s.start, s.end))).toEqual(['Pay', 'GPRR', 'charge']);
  });
});
