import { Index } from 'flexsearch';
import { stemsOf } from './text/tokenize.ts';

/**
 * The one FlexSearch configuration, shared by the build (which fills and exports the indexes) and the
 * runtime (which imports their shards and searches). Build and search cannot disagree because both
 * create their indexes with `createIndexes()` and tokenize with the same rules.
 *
 * Every indexed record is a *section*: section 0 of an article is its title, keywords and intro;
 * sections 1… are its h2/h3 headings with their text. Text is tokenized by our own `tokenize()`
 * (normalizing, stop words, stemming, codes) and handed to FlexSearch as space-separated tokens, so
 * FlexSearch's own encoder never sees raw text.
 */
export const FIELDS = {
  /** Article title (section 0 only). Exact stems. */
  title: { tokenize: 'strict', resolution: 1 },
  /** Aliases, tags and defined terms (section 0 only): codes, synonyms, misspellings. */
  keywords: { tokenize: 'strict', resolution: 1 },
  /** Section heading (sections 1… only). */
  heading: { tokenize: 'strict', resolution: 1 },
  /** Section text; section 0 holds the description and the intro. */
  body: { tokenize: 'strict', resolution: 1 },
  /** Neighbouring words of the title, the headings and each alias, as one term each (`pairTerm`): for the word-pair bonus. */
  pairs: { tokenize: 'strict', resolution: 1 },
} as const;
// Ranking ignores word positions (`resolution: 1`): it weighs *where* a word matched, not how early,
// and one slot per term keeps the exported index small. Neither prefixes nor typos need an index of
// their own: terms are stored in sorted shards, so the words a prefix starts ("autopa" → autopay)
// are a range of them, and a word that matched nothing is retried as its one-edit variants.

export type FieldName = keyof typeof FIELDS;
/** The fields in the order of everything stored by field (shard entries, postings lists). */
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];
/** The fields that name what a record is about: a word typed there can be the beginning of one of theirs. */
export const NAME_FIELDS: readonly FieldName[] = ['title', 'keywords', 'heading'];
/** The fields that hold single words (all but `pairs`): where a query's words are looked up. */
export const WORD_FIELDS = ['title', 'keywords', 'heading', 'body'] as const satisfies readonly FieldName[];

/** How much a match in each place counts, relative to a match in body text. */
export const WEIGHTS = {
  title: 6,
  keywords: 5,
  heading: 3,
  body: 1,
  /** A word that only starts a title, keyword or heading word ("autopa"). */
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

const stems = (text: string, locale?: string) => stemsOf(text, locale).join(' ');

/**
 * Two neighbouring words as one term, in either order ("deposit+direct" for "direct deposit" and
 * "deposit direct"): `+` never occurs in a stem, and it sorts the pair next to its first word, so
 * the pair is usually in a shard a search loads anyway.
 */
export const pairTerm = (a: string, b: string): string => (a < b ? `${a}+${b}` : `${b}+${a}`);

/** The pair terms of neighbouring words in `stems` (stop words are already out, so "card for a child" pairs card and child). */
export function pairTerms(stems: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let i = 1; i < stems.length; i++) if (stems[i] !== stems[i - 1]) pairs.push(pairTerm(stems[i - 1], stems[i]));
  return pairs;
}


const namePairs = (text: string | undefined, locale?: string) => pairTerms(stemsOf(text ?? '', locale)).join(' ');

/** The token string each field indexes for one record. */
export function recordFields(text: RecordText, locale?: string): Partial<Record<FieldName, string>> {
  return {
    title: stems(text.title ?? '', locale),
    keywords: stems((text.keywords ?? []).join(' \n '), locale),
    heading: stems(text.heading ?? '', locale),
    body: stems(text.body ?? '', locale),
    // Only names: pairs of every body word would double the index for a bonus titles and headings
    // earn nearly alone on doc2dial. Each alias is a name of its own ("data not working abroad"):
    // no pair spans two of them.
    pairs: [text.title, text.heading, ...(text.keywords ?? [])].map((name) => namePairs(name, locale)).filter(Boolean).join(' '),
  };
}

export function addRecord(indexes: SearchIndexes, id: number, text: RecordText, locale?: string): void {
  addRecordFields(indexes, id, recordFields(text, locale));
}

/** Adds a record already tokenized by `recordFields` (the build tokenizes on worker threads). */
export function addRecordFields(indexes: SearchIndexes, id: number, fields: Partial<Record<FieldName, string>>): void {
  for (const name of FIELD_NAMES) {
    const content = fields[name];
    if (content) indexes[name].add(id, content);
  }
}

/** Per term, the sorted record ids it occurs in, one list per field (in `FIELD_NAMES` order). */
export type Postings = Map<string, number[][]>;

/**
 * The postings of tokenized records, given in rising id order: what filling indexes with
 * `addRecordFields` and reading them with `exportPostings` gives (with `strict` tokenizing, one
 * slot per term and `splitTokens` as encoder, FlexSearch keeps each record's distinct non-empty
 * tokens), without FlexSearch's maps and export, which took most of a build's index step.
 */
export function postingsOf(records: Iterable<readonly [number, Partial<Record<FieldName, string>>]>): Postings {
  // Two passes, and lists made at their length: grown a push at a time, the lists of a large help
  // center left about twice their size behind in garbage, the peak of a 50,000-article build.
  // The first pass numbers the terms and writes each record's distinct ones, as numbers, into one
  // typed stream (each field's run after a mark, -1 - id * fields - field); the second fills the lists.
  const fields = FIELD_NAMES.length;
  const terms = new Map<string, number>();
  let counts = new Int32Array(4096 * fields);
  // The run in which each term was last written: a term is written once per run.
  let lastRun = new Int32Array(4096);
  let stream = new Int32Array(1 << 16);
  let length = 0;
  let run = 0;
  const write = (value: number) => {
    if (length === stream.length) stream = grown(stream, stream.length * 2);
    stream[length++] = value;
  };
  for (const [id, record] of records) {
    for (let field = 0; field < fields; field++) {
      const content = record[FIELD_NAMES[field]];
      if (!content) continue;
      run++;
      write(-1 - (id * fields + field));
      for (const term of splitTokens(content)) {
        if (!term) continue;
        let number = terms.get(term);
        if (number === undefined) {
          number = terms.size;
          terms.set(term, number);
          if (number === lastRun.length) {
            lastRun = grown(lastRun, number * 2);
            counts = grown(counts, number * 2 * fields);
          }
        }
        if (lastRun[number] === run) continue;
        lastRun[number] = run;
        counts[number * fields + field]++;
        write(number);
      }
    }
  }
  const lists = Array.from({ length: terms.size }, (_, number) => Array.from({ length: fields }, (_, field) => new Array<number>(counts[number * fields + field])));
  // Where the next id of each term's list in each field goes.
  const filled = new Int32Array(terms.size * fields);
  let id = 0;
  let field = 0;
  for (let i = 0; i < length; i++) {
    const value = stream[i];
    if (value < 0) {
      id = Math.floor((-1 - value) / fields);
      field = (-1 - value) % fields;
    } else lists[value][field][filled[value * fields + field]++] = id;
  }
  const postings: Postings = new Map();
  for (const [term, number] of terms) postings.set(term, lists[number]);
  return postings;
}

/** A copy of a typed array at a larger size, zero-filled past the old length. */
function grown(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const copy = new Int32Array(size);
  copy.set(array);
  return copy;
}

/** Reads the term → record ids maps out of filled indexes, through FlexSearch's export. */
export function exportPostings(indexes: SearchIndexes): Postings {
  const postings: Postings = new Map();
  FIELD_NAMES.forEach((name, field) => {
    // With a synchronous handler FlexSearch exports synchronously.
    indexes[name].export((key: string, data: string) => {
      if (!key.endsWith('map') || data === undefined) return;
      // At resolution 1 each term has one slot: [term, [ids]].
      for (const [term, [ids]] of JSON.parse(data) as [string, number[][]][]) {
        let lists = postings.get(term);
        if (!lists) postings.set(term, (lists = FIELD_NAMES.map(() => [])));
        lists[field] = [...lists[field], ...ids].sort((a, b) => a - b);
      }
    });
  });
  return postings;
}

/** The record ids where `term` occurs in `field`, from the shards imported so far. */
export function termIds(indexes: SearchIndexes, field: FieldName, term: string): number[] {
  return indexes[field].search(term, { limit: 1e9 }) as number[];
}

/** Adds the terms of one shard (lists delta-encoded, as stored) to the indexes. */
export function importShard(indexes: SearchIndexes, terms: [string, ...number[][]][]): void {
  FIELD_NAMES.forEach((name, field) => {
    const entries: [string, number[][]][] = [];
    for (const entry of terms) {
      const deltas = entry[field + 1] as number[];
      if (!deltas.length) continue;
      const ids = new Array<number>(deltas.length);
      let id = 0;
      for (let i = 0; i < deltas.length; i++) ids[i] = id += deltas[i];
      entries.push([entry[0], [ids]]);
    }
    // FlexSearch merges imported map entries into what the index holds: shards add up.
    // It accepts already-parsed data, though its types say string.
    if (entries.length) indexes[name].import('map', entries as unknown as string);
  });
}
