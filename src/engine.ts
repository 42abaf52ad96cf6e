import { Index } from 'flexsearch';
import { tokenize, type Token } from './text/tokenize.ts';

/**
 * The one FlexSearch configuration, shared by the build (which fills and exports the indexes) and the
 * runtime (which imports them and searches). Build and search cannot disagree because both call
 * `createIndexes()` and `recordFields()` from here.
 *
 * Every indexed record is a *section*: section 0 of an article is its title, keywords and intro;
 * sections 1… are its h2/h3 headings with their text. Text is tokenized by our own `tokenize()`
 * (normalizing, stop words, stemming, codes) and handed to FlexSearch as space-separated tokens, so
 * FlexSearch's own encoder never sees raw text.
 */
export const FIELDS = {
  /** Article title (section 0 only). Exact stems. */
  title: { tokenize: 'strict', form: 'stem', resolution: 1 },
  /** Aliases, tags and defined terms (section 0 only): codes, synonyms, misspellings. */
  keywords: { tokenize: 'strict', form: 'stem', resolution: 1 },
  /** Section heading (sections 1… only). */
  heading: { tokenize: 'strict', form: 'stem', resolution: 1 },
  /** Section text; section 0 holds the description and the intro. */
  body: { tokenize: 'strict', form: 'stem', resolution: 1 },
  /** Title, keywords and headings as written, for words still being typed ("autopa"). */
  prefix: { tokenize: 'forward', form: 'surface', resolution: 1 },
} as const;
// Ranking ignores word positions (`resolution: 1`): it weighs *where* a word matched, not how early,
// and one slot per term keeps the exported index small. Typo tolerance needs no index of its own:
// the runtime looks up the one-edit variants of a word that matched nothing (see search/typos.ts).

export type FieldName = keyof typeof FIELDS;
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

/** How much a match in each place counts, relative to a match in body text. */
export const WEIGHTS = {
  title: 6,
  keywords: 5,
  heading: 3,
  body: 1,
  /** A word that only starts a title, keyword or heading word. */
  prefix: 1.5,
  /** A word one edit (a letter missing, extra, wrong or swapped) away from an indexed word: this
   *  factor times the weight of the field where the corrected word matched. */
  typo: 0.5,
} as const;

export type SearchIndexes = Record<FieldName, Index>;

/** The text of one record, by field, before tokenizing. */
export interface RecordText {
  title?: string;
  keywords?: string[];
  heading?: string;
  body?: string;
}

const splitTokens = (content: string): string[] => (content ? content.split(' ') : []);

export function createIndexes(): SearchIndexes {
  const indexes = {} as SearchIndexes;
  for (const name of FIELD_NAMES) {
    const { tokenize: mode, resolution } = FIELDS[name];
    indexes[name] = new Index({ tokenize: mode, resolution, encode: splitTokens, cache: false });
  }
  return indexes;
}

const join = (tokens: Token[], form: 'stem' | 'surface') => tokens.map((t) => t[form]).join(' ');

/** The token string each field indexes for one record. */
export function recordFields(text: RecordText, locale?: string): Partial<Record<FieldName, string>> {
  const title = tokenize(text.title ?? '', locale);
  const keywords = tokenize((text.keywords ?? []).join(' \n '), locale);
  const heading = tokenize(text.heading ?? '', locale);
  const body = tokenize(text.body ?? '', locale);
  const names = [...title, ...keywords, ...heading];
  return {
    title: join(title, 'stem'),
    keywords: join(keywords, 'stem'),
    heading: join(heading, 'stem'),
    body: join(body, 'stem'),
    prefix: join(names, 'surface'),
  };
}

export function addRecord(indexes: SearchIndexes, id: number, text: RecordText, locale?: string): void {
  const fields = recordFields(text, locale);
  for (const name of FIELD_NAMES) {
    const content = fields[name];
    if (content) indexes[name].add(id, content);
  }
}

/** Index data as written to disk: per field, FlexSearch's export keys with their parsed values. */
export type ExportedIndexes = Record<FieldName, Record<string, unknown>>;

export function exportIndexes(indexes: SearchIndexes): ExportedIndexes {
  const out = {} as ExportedIndexes;
  for (const name of FIELD_NAMES) {
    const parts: Record<string, unknown> = {};
    // With a synchronous handler FlexSearch exports synchronously.
    indexes[name].export((key: string, data: string) => {
      parts[key] = data === undefined ? null : JSON.parse(data);
    });
    out[name] = parts;
  }
  return out;
}

export function importIndexes(data: ExportedIndexes): SearchIndexes {
  const indexes = createIndexes();
  for (const name of FIELD_NAMES) {
    for (const [key, value] of Object.entries(data[name])) {
      // FlexSearch accepts already-parsed data, though its types say string.
      indexes[name].import(key, value as string);
    }
  }
  return indexes;
}
