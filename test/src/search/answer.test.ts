import '../../../src/text/all-languages.ts';
import { describe, expect, it } from 'vitest';
import { findTerm, termEntry } from '../../../src/search/answer.ts';

const terms = [
  termEntry('GPRR', 'Roaming data charge.', 0, 'charge-codes'),
  termEntry('GPRS', 'Mobile data standard.', 0),
  termEntry('Travel Pass', 'A daily roaming plan.', 1),
  termEntry('Pass', 'A prepaid add-on.', 2),
  termEntry('E-1042', 'Card declined.', 3),
];

describe('termEntry', () => {
  it('keeps the words of a term whole and normalized, stop words too', () => {
    expect(termEntry('The Travel Pass', '', 0).words).toEqual(['the', 'travel', 'pass']);
    expect(termEntry('E-1042', '', 0).words).toEqual(['e1042']);
    expect(termEntry('pass pass', '', 0).words).toEqual(['pass']);
  });
});

describe('findTerm', () => {
  it('finds a term named in a question, as whole words', () => {
    expect(findTerm('what is a GPRR charge?', terms)?.term).toBe('GPRR');
    expect(findTerm('what is a GPRRX charge?', terms)).toBeUndefined();
    expect(findTerm('error e-1042 again', terms)?.term).toBe('E-1042');
  });

  it('prefers the longest term, with its words in order', () => {
    expect(findTerm('how much is the travel pass', terms)?.term).toBe('Travel Pass');
    expect(findTerm('pass for travel', terms)?.term).toBe('Pass');
  });

  it('completes a single word being typed when only one term begins with it', () => {
    expect(findTerm('tra', terms)).toBeUndefined();
    expect(findTerm('GPRR', terms)?.term).toBe('GPRR');
    expect(findTerm('GPR', terms)).toBeUndefined();
    expect(findTerm('e104', terms)?.term).toBe('E-1042');
    expect(findTerm('e1', terms)).toBeUndefined();
    expect(findTerm('my e104', terms)).toBeUndefined();
  });

  it('answers nothing for an empty query or no terms', () => {
    expect(findTerm('', terms)).toBeUndefined();
    expect(findTerm('  ', terms)).toBeUndefined();
    expect(findTerm('GPRR', [])).toBeUndefined();
  });
});
