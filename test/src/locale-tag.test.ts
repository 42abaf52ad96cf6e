import { describe, expect, it } from 'vitest';
import { isLanguageTag } from '../../src/locale-tag.ts';

describe('isLanguageTag', () => {
  it.each([
    ['en', true],
    ['es', true],
    ['pt-BR', true],
    ['zh-Hant-TW', true],
    ['es-419', true],
    ['fil', true],
    ['en_US', false],
    ['', false],
    ['english', false],
    ['e', false],
    // Shaped like a tag, refused by Intl: a region is two letters or three digits.
    ['en-1a', false],
    ['en-US-', false],
  ])('%j → %s', (tag, ok) => {
    expect(isLanguageTag(tag)).toBe(ok);
  });
});
