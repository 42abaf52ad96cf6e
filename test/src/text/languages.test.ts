import '../../../src/text/all-languages.ts';
import { describe, expect, it } from 'vitest';
import { englishStem } from '../../../src/text/languages.ts';
import { queryTokens, tokenize } from '../../../src/text/tokenize.ts';

const surfaces = (text: string, locale: string) => tokenize(text, locale).map((t) => t.surface);
const stems = (text: string, locale: string) => tokenize(text, locale).map((t) => t.stem);

describe('tokenize in other languages', () => {
  it('segments Japanese words, keeping kana marks and codes', () => {
    const words = surfaces('実際にスマートフォンを使った日だけ定額の料金がかかります。エラーE-1042', 'ja');
    expect(words).toContain('定額');
    expect(words).toContain('料金');
    expect(words).toContain('e1042');
    expect(words).toContain('1042');
    // が stays が (NFKD would have turned it into か plus a mark).
    expect(surfaces('データが', 'ja').join('')).not.toContain('か');
  });

  it('finds a Japanese word from the middle of a sentence as its own token', () => {
    const text = 'ご利用の前にTravel Passを追加すると、海外でもプランのデータ通信を定額でご利用いただけます。';
    expect(surfaces(text, 'ja')).toEqual(expect.arrayContaining(['海外', 'データ', '定額']));
    expect(queryTokens('定額', 'ja').map((t) => t.surface)).toEqual(['定額']);
  });

  it('stems Spanish, French and German, and drops their stop words', () => {
    expect(stems('facturas', 'es')).toEqual(stems('factura', 'es'));
    expect(surfaces('el pago de la factura', 'es')).toEqual(['pago', 'factura']);
    expect(stems('factures', 'fr')).toEqual(stems('facture', 'fr'));
    expect(stems('Rechnungen', 'de')).toEqual(stems('Rechnung', 'de'));
  });

  it('strips Arabic diacritics so vowelled and plain spellings meet', () => {
    expect(surfaces('فَاتُورَة', 'ar')).toEqual(surfaces('فاتورة', 'ar'));
  });

  it('uses the primary language of a regional tag, and plain rules for unknown languages', () => {
    expect(stems('facturas', 'es-MX')).toEqual(stems('facturas', 'es'));
    expect(surfaces('Hei maailma', 'fi')).toEqual(['hei', 'maailma']);
  });
});

describe('englishStem', () => {
  it('keeps a y after a vowel, so the forms of "pay" and "employ" meet', () => {
    expect(stems('paying pays pay', 'en')).toEqual(['pay', 'pay', 'pay']);
    expect(stems('employed employment employer', 'en')).toEqual(['employ', 'employ', 'employ']);
    expect(englishStem('delays')).toBe('delay');
  });

  it('keeps the double consonant of a word that ends in one, so "adding" and "staffing" meet "add" and "staff"', () => {
    expect(stems('add adding added adds', 'en')).toEqual(['add', 'add', 'add', 'add']);
    expect(stems('staff staffing staffed', 'en')).toEqual(['staff', 'staff', 'staff']);
    expect(stems('odd egging erring bluffing', 'en')).toEqual(['odd', 'egg', 'err', 'bluff']);
    // A consonant doubled by the inflection still goes, and "ads" stays apart from "add".
    expect(stems('stopping running getting planned', 'en')).toEqual(['stop', 'run', 'get', 'plan']);
    expect(englishStem('ads')).toBe('ad');
  });

  it('reads a final "us" as part of the word, not a plural', () => {
    expect(stems('bonus bonuses status statuses', 'en')).toEqual(['bonus', 'bonus', 'status', 'status']);
    // After a vowel it is a suffix Porter shortens, as before.
    expect(englishStem('various')).toBe('variou');
  });

  it('keeps the forms of exceed, proceed and succeed together', () => {
    expect(stems('exceed exceeds exceeded exceeding', 'en')).toEqual(['exceed', 'exceed', 'exceed', 'exceed']);
    expect(stems('proceeds succeeded', 'en')).toEqual(['proceed', 'succeed']);
  });

  it('stems -anced and -enced words with their e, so they meet -ance and -ence', () => {
    expect(stems('experience experienced experiencing', 'en')).toEqual(['experi', 'experi', 'experi']);
    expect(stems('balance balanced balancing', 'en')).toEqual(['balanc', 'balanc', 'balanc']);
    // Only at the end: "convincingly" is Porter's, as is "exceedingly".
    expect(englishStem('convincingly')).toBe('convincingli');
    expect(englishStem('exceedingly')).toBe('exceedingli');
  });

  it('still turns a y after a consonant into i, as Porter does', () => {
    expect(englishStem('policies')).toBe('polici');
    expect(englishStem('policy')).toBe('polici');
    expect(englishStem('daily')).toBe('daili');
    // An i the word itself has stays.
    expect(englishStem('hawaii')).toBe('hawaii');
  });
});
