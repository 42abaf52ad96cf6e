import { fetchLoader, type IndexLoader } from '../../src/fetch-loader.ts';
import { glossarySchema, paths } from '../../src/format.ts';
import { loadJson, loadManifest, pickLocale } from '../../src/index-files.ts';
import type { GlossaryTerm } from '../../src/terms.ts';

/** A language's glossary as pages explain it: the terms and the language they are in. */
export interface PageGlossary {
  locale: string;
  terms: GlossaryTerm[];
}

/**
 * Loads the defined terms of the language closest to `lang` (as search picks it: `es-MX` → `es`,
 * else the help center's default): the manifest, then that language's glossary, which the manifest
 * lists with its size limit. Nothing else of the index is loaded. Resolves to no terms when the
 * help center defines none; rejects with a `SelfserveIndexError` naming the file at fault.
 */
export async function loadGlossary(index: string, lang: string, loader: IndexLoader = fetchLoader(index)): Promise<PageGlossary> {
  const manifest = await loadManifest(loader);
  const locale = pickLocale(manifest, lang);
  const entry = manifest.indexes[locale]?.glossary;
  if (!entry) return { locale, terms: [] };
  const file = paths.glossary(locale, entry.hash);
  const glossary = await loadJson(loader, file, glossarySchema, entry.bytes);
  return { locale, terms: glossary.terms.map(({ term, definition, slug, anchor }) => ({ term, definition, slug, anchor })) };
}
