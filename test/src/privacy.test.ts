import { describe, expect, it } from 'vitest';
import { scrubPersonalData } from '../../src/privacy.ts';

describe('scrubPersonalData', () => {
  it.each([
    ['my email is sam.rivera+bills@example.co.uk', 'my email is [email]'],
    ['card 4111 1111 1111 1111 was charged twice', 'card [card] was charged twice'],
    ['card 4111-1111-1111-1111', 'card [card]'],
    ['call me on +1 (555) 010-4477', 'call me on [phone]'],
    ['my number 07700 900123 is ported', 'my number [phone] is ported'],
    ['account 12345678', 'account [phone]'],
    ['ssn 123456', 'ssn [number]'],
  ])('%s', (input, output) => {
    expect(scrubPersonalData(input)).toBe(output);
  });

  it('keeps codes, amounts and short numbers', () => {
    const text = 'E-1042 error, charged $20.60 for 412 MB on 3 Nov, GPRR code, 2026';
    expect(scrubPersonalData(text)).toBe(text);
  });
});
