import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadStrings } from '../../../widget/app/load-strings.ts';
import { en, plural } from '../../../widget/app/strings.ts';

const LOCALES = path.resolve(import.meta.dirname, '../../../widget/app/locales');

afterEach(() => vi.unstubAllGlobals());

/** The translation as the widget loads it, from locales/ beside the app. */
function translation(language: string) {
  vi.stubGlobal('fetch', async (url: URL) => new Response(readFileSync(path.join(LOCALES, path.basename(url.pathname)), 'utf8')));
  return loadStrings(language);
}

describe('plural', () => {
  it('picks the form each language uses for a count (Intl.PluralRules)', async () => {
    expect([0, 1, 2].map((n) => plural(en, 'en', 'results', n))).toEqual(['0 results', '1 result', '2 results']);
    const fr = await translation('fr');
    // French counts 0 as singular.
    expect([0, 1, 2].map((n) => plural(fr, 'fr', 'results', n))).toEqual(['0 résultat', '1 résultat', '2 résultats']);
    const ja = await translation('ja');
    expect([1, 5].map((n) => plural(ja, 'ja', 'results', n))).toEqual(['1 件', '5 件']);
    // Arabic has six forms; the translation's extra ones survive loading.
    const ar = await translation('ar');
    // Latin or Arabic-Indic digits, as this ICU's Arabic has it.
    const digits = (n: number) => n.toLocaleString('ar');
    expect([0, 1, 2, 3, 11, 100].map((n) => plural(ar, 'ar', 'results', n))).toEqual(['لا نتائج', 'نتيجة واحدة', 'نتيجتان', `${digits(3)} نتائج`, `${digits(11)} نتيجة`, `${digits(100)} نتيجة`]);
  });

  it('groups digits as the language does', () => {
    expect(plural(en, 'en', 'results', 12_000)).toBe('12,000 results');
    expect(plural(en, 'de', 'results', 12_000)).toBe('12.000 results');
  });
});
