import { describe, expect, it } from 'vitest';
import { editTiers, oneEditVariants, typoPrefixes, typoStems as grouped, typoTiers } from '../../../src/search/typos.ts';

/** Every stem one edit away, swaps and the others. */
const typoStems = (...args: Parameters<typeof grouped>) => grouped(...args).flat();

describe('typoStems', () => {
  it('finds the word meant with a letter missing, extra, wrong, or two swapped', () => {
    expect(typoStems('pasword')).toContain('password');
    expect(typoStems('passsword')).toContain('password');
    expect(typoStems('passwird')).toContain('password');
    expect(typoStems('refnud')).toContain('refund');
  });

  it('edits at the very start and the very end too', () => {
    expect(typoStems('efund')).toContain('refund');
    expect(typoStems('refun')).toContain('refund');
    expect(typoStems('erfund')).toContain('refund');
    expect(typoStems('refunx')).toContain('refund');
  });

  it('gives stems, so a typo of a plural finds the singular', () => {
    expect(typoStems('pasWords'.toLowerCase())).toContain('password');
  });

  it('swaps letters from the first on, however many it keeps, and names the parts of the index they start in', () => {
    expect(typoStems('rfeund', 'en', 2)).toContain('refund');
    expect(typoStems('erfund', 'en', 2)).toContain('refund');
    expect(typoPrefixes('rfeund', 2)).toEqual(['rf', 'fr', 're']);
    expect(typoPrefixes('pasword', 2)).toEqual(['pa', 'ap', 'ps']);
  });

  it('keeps the first letters when asked', () => {
    expect(typoStems('pasword', 'en', 2)).toContain('password');
    expect(typoStems('oassword', 'en', 2)).not.toContain('password');
    expect(typoStems('oassword', 'en', 0)).toContain('password');
  });

  it('never offers the word itself or a stop word', () => {
    const stems = typoStems('refund');
    expect(stems).not.toContain('refund');
    // A swap of its two "s" is "pass" itself.
    expect(oneEditVariants('pass')).not.toContain('pass');
    expect(oneEditVariants('pass')).toContain('pas');
    expect(typoStems('thw')).not.toContain('the');
    expect(stems.length).toBe(new Set(stems).size);
  });

  it('gives the stems by tier: swaps, then a letter left out, then a letter extra or wrong', () => {
    const [swapped, leftOut, wrong] = grouped('paegs');
    expect(swapped).toContain('page');
    expect(wrong).toContain('payg');
    expect(grouped('pasword')[1]).toContain('password');
    expect(grouped('passwird')[2]).toContain('password');
    // Each stem once, in its likeliest tier.
    expect([...leftOut, ...wrong]).not.toContain('page');
    expect(swapped).not.toContain('payg');
  });

  it('reads a letter doubled with the swaps, before a letter left out: "addiing" is adding, not additing', () => {
    const [first, leftOut] = grouped('addiing');
    expect(first).toContain('add');
    expect(leftOut).toContain('addit');
    expect(grouped('ppassword', 'en', 2)[0]).toContain('password');
    expect(typoPrefixes('ppassword', 2)).toContain('pa');
    // Read in that tier only, not again as a letter extra.
    expect(editTiers('addiing')[0]).toContain('adding');
    expect(editTiers('addiing')[2]).not.toContain('adding');
    // Only a letter next to itself: "adiing" has none to undo.
    expect(grouped('adiing')[0]).not.toContain('ading');
  });

  it('reads no edit less likely than one that makes a stop word, nor the stop word', () => {
    // "waht" is "what" with two letters swapped (before its first two, which stop words may change).
    const waht = typoTiers('waht', 'en', 2).flatMap((tier) => [...tier]);
    expect(typoTiers('waht', 'en', 2)).toHaveLength(1);
    expect(waht).not.toContain('wait');
    expect(waht).not.toContain('what');
    // In the stop word's own tier the others count: "thnk" left out an "i" as much as an "a".
    const [, leftOut] = typoTiers('thnk', 'en', 2);
    expect(leftOut).toContain('think');
    expect(leftOut).not.toContain('thank');
    // A word no edit makes a stop word of has every tier.
    expect(typoTiers('paegs', 'en', 2)).toHaveLength(3);
  });

  it('varies digits only in words that have them', () => {
    expect(typoStems('e1042')).toContain('e1043');
    expect(typoStems('refund').some((s) => /\d/.test(s))).toBe(false);
  });
});
