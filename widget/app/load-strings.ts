import * as z from 'zod/mini';
import { en, PLURAL_FORM, type Strings } from './strings.ts';

/** Languages the widget's own text is translated into (English is built in). */
export const UI_LANGUAGES = ['es', 'fr', 'de', 'ja', 'ar'];

const stringsSchema = z.record(z.string(), z.string());
// Translations sit in locales/ next to the app's own file, and load only when needed.
const base = import.meta.url;
const cache = new Map<string, Promise<Strings>>();

/** The widget's text in a language (by primary subtag), English for anything missing. */
export function loadStrings(locale: string): Promise<Strings> {
  const language = locale.toLowerCase().split('-')[0];
  if (!UI_LANGUAGES.includes(language)) return Promise.resolve(en);
  let strings = cache.get(language);
  if (!strings) {
    strings = fetch(new URL(`locales/${language}.json`, base))
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`${response.status}`))))
      .then((data: unknown) => {
        const parsed = stringsSchema.safeParse(data);
        if (!parsed.success) throw new Error('not a table of strings');
        // Only known keys, and English where a translation is missing; plus the plural forms its language has.
        const forms = Object.entries(parsed.data).filter(([key]) => PLURAL_FORM.test(key) && `${PLURAL_FORM.exec(key)![1]}_other` in en);
        return Object.fromEntries([...Object.keys(en).map((key) => [key, parsed.data[key] ?? en[key as keyof Strings]]), ...forms]) as Strings;
      })
      .catch((error: Error) => {
        console.warn(`selfserve: the "${language}" translation of the widget could not load (${error.message}); using English.`);
        cache.delete(language);
        return en;
      });
    cache.set(language, strings);
  }
  return strings;
}
