import '../../../src/text/all-languages.ts';
import { describe, expect, it } from 'vitest';
import { languageFor } from '../../../src/text/languages.ts';
import { MAX_QUERY_TOKENS, normalize, queryTokens, stemOf, stemsOf, tokenize, wordSpans } from '../../../src/text/tokenize.ts';

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
    expect(queryTokens('So basically she really paid the roaming bill anyway, okay?').map((t) => t.surface)).toEqual(['paid', 'roaming', 'bill']);
    expect(queryTokens('Dear sir or madam, kindly refund my roaming charges asap. Thx, sincerely Jo').map((t) => t.surface)).toEqual(['refund', 'roaming', 'charges', 'jo']);
    expect(queryTokens('hiya pls plz thnx thanx btw yall hii cheers greetings').map((t) => t.surface)).toEqual([]);
    // "OK" may be Oklahoma.
    expect(queryTokens('moving from OK').map((t) => t.surface)).toEqual(['moving', 'ok']);
  });

  it("reads a contraction or a possessive as the word before its apostrophe: \"I'll\" is not \"ill\"", () => {
    expect(stems("I'll call you're we've they'd I'm")).toEqual(stems('call'));
    expect(stems('I’ll be ill')).toEqual(stems('ill'));
    expect(stems("the customer's refund")).toEqual(stems('customer refund'));
    // Only those endings: a name or a code with an apostrophe stays whole.
    expect(stems("O'Neill")).toEqual(['oneil']);
  });

  it('drops negations in every form, so a question and a page that word them apart meet', () => {
    for (const text of ['data not working', "data isn't working", "if data doesn't work", 'data won’t work', "data didn't work", "data can't work"]) {
      expect(stems(text)).toEqual(['data', 'work']);
    }
  });
});

describe('stemsOf', () => {
  it("gives the stems of tokenize's tokens, in order, in every kind of language", () => {
    const texts = [
      "The customer's E-1042 refunds: don't re-send Wi-Fi kestrel.data (3.5 GB) — Résumé’s café",
      'Las facturas del cliente se pagan en línea',
      'Die Rechnungen werden online bezahlt',
      '請求書はオンラインで支払えます E-1042',
      'whatever_else 2.0 x',
    ];
    for (const locale of ['en', 'es', 'de', 'ja', 'zh', 'ar', 'xx']) {
      for (const text of texts) expect(stemsOf(text, locale)).toEqual(tokenize(text, locale).map((t) => t.stem));
    }
  });

  it('drops stop words, as the index does', () => {
    expect(stemsOf('the refunds of the account')).toEqual(['refund', 'account']);
  });
});

describe('normalize', () => {
  it('folds case and accents, but keeps Japanese marks and folds full-width forms', () => {
    expect(normalize('Résumé ÇA')).toBe('resume ca');
    expect(normalize('データが', languageFor('ja'))).toBe('データが');
    expect(normalize('ＡＢＣ', languageFor('ja'))).toBe('abc');
  });
});

describe('stemOf', () => {
  it('stems words, but not short words, codes, or words without vowels', () => {
    expect(stemOf('charges')).toBe('charg');
    expect(stemOf('bus')).toBe('bus');
    expect(stemOf('abcs')).toBe('abc');
    expect(stemOf('e1042s')).toBe('e1042s');
    expect(stemOf('gprs')).toBe('gprs');
    expect(stemOf('sms')).toBe('sms');
    expect(stemOf('rhythms')).toBe(stemOf('rhythm'));
  });

  it('leaves words as they are in a language without a stemmer', () => {
    expect(stemOf('facturas', languageFor('fi'))).toBe('facturas');
  });
});

describe('queryTokens', () => {
  it('keeps each stem once, in the order typed', () => {
    expect(queryTokens('refunds refund charges').map((t) => t.surface)).toEqual(['refunds', 'charges']);
  });

  it('keeps at most 96 words, or as many as asked', () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    expect(MAX_QUERY_TOKENS).toBe(96);
    expect(queryTokens(words.join(' '))).toHaveLength(96);
    expect(queryTokens(words.join(' '), 'en', 30)).toHaveLength(30);
    expect(queryTokens(words.join(' '), 'en', 30)[29].surface).toBe(words[29]);
  });

  it('marks the words of email and web addresses as pasted, and no other', () => {
    const pasted = (query: string) => queryTokens(query).filter((t) => t.pasted).map((t) => t.surface);
    expect(pasted('write to John.Doe+bills@mail.example.co.uk about autopay')).toEqual(['johndoe', 'john', 'doe', 'bills', 'mailexamplecouk', 'mail', 'example', 'co', 'uk']);
    expect(pasted('see https://help.example.com/billing/autopay?x=1 and www.exemple.fr/aide now')).toEqual(['https', 'helpexamplecom', 'help', 'example', 'com', 'billing', 'autopay', 'x', '1', 'wwwexemplefr', 'www', 'exemple', 'fr', 'aide']);
    // A brand's name typed as a domain, an @ of a handle and the words around an address are typed.
    expect(pasted('kestrel.com billing @kestrel help me at x@y')).toEqual([]);
    expect(queryTokens('mail me@example.com')[0]).toEqual({ surface: 'mail', stem: 'mail' });
  });

  it('reads the first 4,000 characters of a query', () => {
    expect(queryTokens(`${'x'.repeat(3990)} refund`, 'en', 64).map((t) => t.surface)).toContain('refund');
    expect(queryTokens(`${'x'.repeat(4000)} refund`, 'en', 64).map((t) => t.surface)).not.toContain('refund');
  });
});

describe('wordSpans', () => {
  it('splits joined words into their parts, keeping one-letter parts only when they are digits', () => {
    expect(tokenize('wi-fi').map((t) => t.surface)).toEqual(['wifi', 'wi', 'fi']);
    expect(tokenize('kestrel.data').map((t) => t.surface)).toEqual(['kestreldata', 'kestrel', 'data']);
    expect(tokenize('x-ray').map((t) => t.surface)).toEqual(['xray', 'ray']);
    expect(tokenize('plan-5').map((t) => t.surface)).toEqual(['plan5', 'plan', '5']);
    expect(tokenize("O'Neill").map((t) => t.surface)).toEqual(['oneill']);
  });

  it("drops a possessive 's", () => {
    expect(tokenize("Kestrel's plans").map((t) => t.surface)).toEqual(['kestrel', 'plans']);
    expect(tokenize('Kestrel’s').map((t) => t.surface)).toEqual(['kestrel']);
  });

  it('keeps stop words when asked', () => {
    expect(wordSpans('the bill', { keepStopWords: true }).map((s) => s.surface)).toEqual(['the', 'bill']);
  });

  it('gives positions in the original text', () => {
    const text = 'Pay the GPRR charge';
    expect(wordSpans(text).map((s) => text.slice(s.start, s.end))).toEqual(['Pay', 'GPRR', 'charge']);
  });
});
