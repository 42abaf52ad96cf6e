import { describe, expect, it } from 'vitest';
import { createMatcher, isCode } from '../../src/terms.ts';

const glossary = [
  { term: 'GPRR', definition: 'A data transfer charge.' },
  { term: 'MBRA', definition: 'The Zone 1 roaming rate.' },
  { term: 'MBRA rate', definition: 'The rate named MBRA.' },
  { term: 'E-1042', definition: 'Payment declined.' },
  { term: 'eSIM', definition: 'A digital SIM.' },
  { term: 'Tethering', definition: 'Sharing data.' },
  { term: 'Mobile hotspot', definition: 'A Wi-Fi network from your phone.' },
  { term: 'Top-up', definition: 'Money added.' },
  { term: 'ローミング', definition: 'Roaming.' },
  { term: 'GPRR', definition: 'A second, different definition.' },
];
const found = (text: string) => createMatcher(glossary).find(text).map((o) => text.slice(o.start, o.end));

describe('isCode', () => {
  it('treats terms with no lower-case letter, or capitals and digits inside, as codes', () => {
    expect(['GPRR', 'E-1042', '5G', 'eSIM', 'VoLTE'].map(isCode)).toEqual([true, true, true, true, true]);
    expect(['Tethering', 'Mobile hotspot', 'Top-up', 'roaming'].map(isCode)).toEqual([false, false, false, false]);
  });
});

describe('createMatcher', () => {
  it('finds codes as whole words, exactly as written', () => {
    expect(found('GPRR transfer, 412 MB (GPRR).')).toEqual(['GPRR', 'GPRR']);
    expect(found('XGPRR GPRRX GPRR2 gprr Gprr GPRR-2 A.GPRR GPRR_')).toEqual([]);
    expect(found("GPRR's rate")).toEqual(['GPRR']);
    expect(found('error E-1042, not E-10420 or E-1042-B')).toEqual(['E-1042']);
    expect(found('Activate your eSIM, not your ESIM')).toEqual(['eSIM']);
  });

  // ASCII is checked without Unicode tables; letters, digits and marks outside it must count the same.
  it('checks the edges of a term the same whatever script is next to it', () => {
    expect(found('GPRRé GPRR-é GPRR-1 GPRR- GPRR\u0301 éGPRR ΩGPRR GPRR→ (GPRR)')).toEqual(['GPRR', 'GPRR', 'GPRR']);
    expect(found('MBRA rateé, MBRA éa')).toEqual(['MBRA', 'MBRA']);
    expect(found('TETHERINGé tethering€')).toEqual(['tethering']);
    expect(['ÉTAT', 'Ünterm', 'eŚIM'].map(isCode)).toEqual([true, false, true]);
  });

  it('prefers the longest term at a place', () => {
    expect(found('MBRA rate applies; MBRA rates differ')).toEqual(['MBRA rate', 'MBRA']);
  });

  it('finds words and phrases in any case, as whole words', () => {
    expect(found('Use tethering or a mobile hotspot; TOP-UP now')).toEqual(['tethering', 'mobile hotspot', 'TOP-UP']);
    expect(found('Untethering, tetherings, mobile hotspots, top-ups')).toEqual([]);
  });

  it('marks every occurrence of a code, and says a word is marked once', () => {
    const matcher = createMatcher(glossary);
    expect(matcher.terms.get('GPRR')?.every).toBe(true);
    expect(matcher.terms.get('tethering')?.every).toBe(false);
  });

  it('keeps the first definition of a term defined twice', () => {
    expect(createMatcher(glossary).terms.get('GPRR')?.definition).toBe('A data transfer charge.');
  });

  it('finds terms of scripts written without spaces inside longer text', () => {
    expect(found('海外ローミングの料金')).toEqual(['ローミング']);
  });

  it('finds nothing with an empty glossary', () => {
    expect(createMatcher([]).find('GPRR')).toEqual([]);
    expect(createMatcher([]).starts('GPRR')).toEqual([]);
  });
});

describe('starts', () => {
  const matcher = createMatcher(glossary);

  it('gives every place a term is written, whatever is around it, codes and words merged in order', () => {
    const text = 'XGPRR tethering MBRA rate';
    expect(matcher.starts(text)).toEqual([1, 6, 16]);
  });

  // An element's text nodes are joined into one text (textContent): each occurrence find() gives in
  // a node must start at one of the places in the joined text, even where a term crosses two nodes.
  it('covers every occurrence of every piece of a joined text', () => {
    const pieces = ['2026-10-01', 'GPRR', 'MBRA r', 'ate', 'Mobile hot', 'spot', 'GP', 'RR', 'E-1042', '', 'Top-up', 'GPRRGPRR', ' GPRR', 'eSIMMBRA', 'MBRA', 'ローミング', 'Tethering', 'Mobile hotspo', 'Top-up'];
    const starts = new Set(matcher.starts(pieces.join('')));
    let offset = 0;
    let occurrences = 0;
    for (const piece of pieces) {
      for (const { start } of matcher.find(piece)) {
        occurrences++;
        expect(starts.has(offset + start), `${piece} at ${start}`).toBe(true);
      }
      offset += piece.length;
    }
    expect(occurrences).toBe(9);
  });
});
