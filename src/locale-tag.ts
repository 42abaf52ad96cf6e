/**
 * Whether `tag` is a language tag Selfserve takes (`en`, `es`, `pt-BR`, `zh-Hant-TW`): for an
 * article's `locale:`, the build's `--locale` and the widget's `data-lang`. A language of two or
 * three letters, then subtags, and one that Intl accepts: every Intl API given a tag it refuses
 * (`en-1a`) throws, and the build and the widget pass these tags to them.
 */
export function isLanguageTag(tag: string): boolean {
  if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(tag)) return false;
  try {
    Intl.getCanonicalLocales(tag);
    return true;
  } catch {
    return false;
  }
}
