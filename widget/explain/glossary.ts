import { SelfserveIndexError } from '../../src/errors.ts';
import { fetchLoader, type IndexLoader } from '../../src/fetch-loader.ts';
import { FORMAT_VERSION, glossarySchema, manifestSchema, paths, versionSchema } from '../../src/format.ts';
import type { GlossaryTerm } from '../../src/terms.ts';

/** A language's glossary as pages explain it: the terms and the language they are in. */
export interface PageGlossary {
  locale: string;
  terms: GlossaryTerm[];
}

function parse<T>(loader: IndexLoader, path: string, text: string, schema: { safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new SelfserveIndexError('corrupt', loader.locate(path), `${loader.locate(path)} is not valid JSON: rebuild the index with \`selfserve build\``, { cause });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SelfserveIndexError('corrupt', loader.locate(path), `${loader.locate(path)} is not a valid Selfserve index file (${issue.path.join('.') || 'file'}: ${issue.message}): rebuild the index with \`selfserve build\``);
  }
  return parsed.data;
}

/**
 * Loads the defined terms of the language closest to `lang` (as search picks it: `es-MX` → `es`,
 * else the help center's default): the manifest, then that language's glossary, which the manifest
 * lists with its size limit. Nothing else of the index is loaded. Resolves to no terms when the
 * help center defines none; rejects with a `SelfserveIndexError` naming the file at fault.
 */
export async function loadGlossary(index: string, lang: string, loader: IndexLoader = fetchLoader(index)): Promise<PageGlossary> {
  const text = await loader.load('manifest.json');
  const { version } = parse(loader, 'manifest.json', text, versionSchema);
  if (version !== FORMAT_VERSION) {
    throw new SelfserveIndexError('incompatible', loader.locate('manifest.json'), `${loader.locate('manifest.json')} has index format version ${version}, but this Selfserve reads version ${FORMAT_VERSION}: rebuild the index with the same Selfserve version as the widget`);
  }
  const manifest = parse(loader, 'manifest.json', text, manifestSchema);
  const wanted = lang.toLowerCase();
  const locale =
    manifest.locales.find((l) => l.toLowerCase() === wanted) ?? manifest.locales.find((l) => l.toLowerCase() === wanted.split('-')[0]) ?? manifest.defaultLocale;
  const entry = manifest.indexes[locale]?.glossary;
  if (!entry) return { locale, terms: [] };
  const file = paths.glossary(locale, entry.hash);
  const glossary = parse(loader, file, await loader.load(file, { maxBytes: entry.bytes }), glossarySchema);
  return { locale, terms: glossary.terms.map(({ term, definition, slug, anchor }) => ({ term, definition, slug, anchor })) };
}
