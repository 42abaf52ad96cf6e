import { FIELD_NAMES, postingsOf, type FieldName, type Postings } from '../../src/engine.ts';
import { compareTerms, type Shard } from '../../src/format.ts';
import type { RecordFields } from './render-pool.ts';

// A shard closes once its JSON passes this size (about a third of it after gzip): a search loads
// whole shards, so smaller ones carry fewer words it does not need, at the cost of a longer list
// of them in the root. A word with more postings than that gets a shard of its own.
const SHARD_BYTES = 12 * 1024;

export interface ShardPart {
  from: string;
  shard: Shard;
}

/**
 * What the last build of one language left for the next: its postings, sorted terms and shards,
 * and the tokens of each article in record-id order (kept in memory by --watch and dev; read back
 * from the output folder by the next `build`, see shard-memo.ts). When the articles and their
 * record counts are the same (an edit to a text), the next build updates the postings of the
 * articles whose tokens changed and makes again only the shards they touch.
 */
export interface ShardMemo {
  /** `slug\nrecord count` of each article, in id order: what fixes the record ids. */
  layout: string[];
  /**
   * Each article's tokens, made when asked (see `ArticleTokens`). Undefined for one whose tokens
   * are not known (a memo read back from the output): its `prints` tells whether it changed, and
   * the records of one that did are taken out by their ids.
   */
  tokens: readonly (ArticleTokens['fields'] | undefined)[];
  /** What each article's tokens were made from (hash of its file, and language): tells a later build which changed. */
  prints: string[];
  postings: Postings;
  terms: string[];
  /** The length of each term's shard entry as JSON. */
  sizes: Map<string, number>;
  shards: ShardPart[];
}

/** One article's part of the index, in id order. */
export interface ArticleTokens {
  slug: string;
  /** What its tokens are made from (see `ShardMemo.prints`). */
  print: string;
  /** How many records it has. */
  records: number;
  /**
   * Its records' tokens, made or read from the build cache when asked: an update asks only for
   * those of the articles that changed, which spares a rebuild the tokens of all the others.
   */
  fields: () => RecordFields[];
}

/**
 * The shards of one language's index: its terms in sorted order, cut into shards of about
 * `SHARD_BYTES`, their id lists delta-encoded. `articles` holds each article's slug and tokens in
 * id order; `last` is the memo of the previous build, which this one takes over (and may change).
 * With `keep: false` (a single build, which lets the memo go) the shards take the postings' lists
 * over, delta-encoded in place, rather than copies: at 50,000 articles a copy is 80 MB. The memo
 * returned then has spent postings, and must not be given to another build.
 */
export function indexShards(articles: ArticleTokens[], last?: ShardMemo, { keep = true } = {}): { shards: ShardPart[]; memo: ShardMemo } {
  const layout = articles.map(({ slug, records }) => `${slug}\n${records}`);
  const tokens = articles.map((a) => a.fields);
  const prints = articles.map((a) => a.print);
  const same = last && last.layout.length === layout.length && layout.every((line, i) => line === last.layout[i]);
  // An article whose tokens the memo does not know is the same if it was made from the same file.
  const isUnknown = (i: number) => !last!.tokens[i] && last!.prints[i] !== prints[i];
  const unknown = same ? articles.filter((_, i) => isUnknown(i)).length : 0;
  // Taking out records by id walks every term: past a few articles, starting afresh costs less.
  if (!last || !same || unknown > Math.max(20, articles.length / 50)) {
    let id = 0;
    const postings = postingsOf(articles.flatMap(({ fields }) => fields().map((record) => [id++, record] as const)));
    const terms = [...postings.keys()].sort(compareTerms);
    const sizes = new Map(terms.map((term) => [term, entrySize(term, postings)]));
    const shards = cut(terms, sizes, postings, keep);
    return { shards, memo: { layout, tokens, prints, postings, terms, sizes, shards } };
  }

  // Ids are as they were: move only the records of the articles whose tokens changed.
  const { postings, sizes } = last;
  const touched = new Set<string>();
  const unknownRanges: [number, number][] = [];
  let id = 0;
  articles.forEach(({ fields, records }, i) => {
    const before = last.tokens[i];
    if (isUnknown(i)) unknownRanges.push([id, id + records]);
    // (The same tokens are the same arrays: the build cache keeps them.)
    else if (before && fields !== before && fields() !== before()) {
      const oldRecords = before();
      fields().forEach((record, r) => {
        for (let field = 0; field < FIELD_NAMES.length; field++) {
          const old = distinctTerms(oldRecords[r], field);
          const now = distinctTerms(record, field);
          for (const term of old) if (!now.has(term)) remove(postings, term, field, id + r, touched);
          for (const term of now) if (!old.has(term)) add(postings, term, field, id + r, touched);
        }
      });
    }
    id += records;
  });
  if (unknownRanges.length) {
    removeRanges(postings, unknownRanges, touched);
    id = 0;
    articles.forEach(({ fields, records }, i) => {
      if (isUnknown(i)) fields().forEach((record, r) => FIELD_NAMES.forEach((_, field) => distinctTerms(record, field).forEach((term) => add(postings, term, field, id + r, touched))));
      id += records;
    });
  }
  const gone = new Set([...touched].filter((term) => !postings.has(term)));
  const added = [...touched].filter((term) => postings.has(term) && !sizes.has(term)).sort(compareTerms);
  const terms = gone.size || added.length ? merge(last.terms.filter((term) => !gone.has(term)), added) : last.terms;
  for (const term of gone) sizes.delete(term);
  for (const term of touched) if (!gone.has(term)) sizes.set(term, entrySize(term, postings));
  const shards = cut(terms, sizes, postings, keep, { shards: last.shards, touched });
  return { shards, memo: { layout, tokens, prints, postings, terms, sizes, shards } };
}

/**
 * Cuts sorted terms into shards. With the previous build's shards, one that holds the same terms,
 * none of them touched, is taken as it was (the same object: its JSON is not made again).
 */
function cut(terms: string[], sizes: Map<string, number>, postings: Postings, keep: boolean, earlier?: { shards: ShardPart[]; touched: Set<string> }): ShardPart[] {
  const starts = [0];
  let bytes = 0;
  terms.forEach((term, i) => {
    const size = sizes.get(term)!;
    if (i > starts.at(-1)! && bytes + size > SHARD_BYTES) {
      starts.push(i);
      bytes = 0;
    }
    bytes += size;
  });
  const byFirst = new Map(earlier?.shards.map((part) => [part.shard.terms[0]?.[0], part]));
  return starts.map((start, s) => {
    const end = s + 1 < starts.length ? starts[s + 1] : terms.length;
    const from = s ? terms[start] : '';
    const old = earlier && byFirst.get(terms[start]);
    const unchanged = (part: ShardPart) =>
      part.from === from && part.shard.terms.length === end - start && part.shard.terms.every(([term], k) => term === terms[start + k] && !earlier!.touched.has(term));
    if (old && unchanged(old)) return old;
    return { from, shard: { terms: terms.slice(start, end).map((term) => (keep ? entry(term, postings) : entryInPlace(term, postings))) } };
  });
}

/** A term's shard entry: its id lists, one per field in `FIELD_NAMES` order, delta-encoded. */
const entry = (term: string, postings: Postings) => [term, ...postings.get(term)!.map(deltas)] as Shard['terms'][number];
/** The same entry made of the postings' own lists, delta-encoded in place (see `keep`). */
function entryInPlace(term: string, postings: Postings): Shard['terms'][number] {
  const lists = postings.get(term)!;
  for (const ids of lists) for (let i = ids.length - 1; i > 0; i--) ids[i] -= ids[i - 1];
  return [term, ...lists] as Shard['terms'][number];
}
const entrySize = (term: string, postings: Postings) => entryLength(term, postings.get(term)!);

/**
 * The length of a term's shard entry as JSON (`entry`), worked out without making it: a rebuild
 * reads back every term of the last build (shard-memo.ts), and making each entry's JSON again cost
 * more than reading the shards.
 */
export function entryLength(term: string, lists: number[][]): number {
  // `[`, the term, `]`; then per list a comma, its brackets, and its deltas with commas between.
  let length = JSON.stringify(term).length + 2;
  for (const ids of lists) {
    length += 3 + Math.max(0, ids.length - 1);
    for (let i = 0; i < ids.length; i++) length += digits(i ? ids[i] - ids[i - 1] : ids[i]);
  }
  return length;
}

/** Digits of a whole number ≥ 0. */
function digits(n: number): number {
  let count = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    count++;
  }
  return count;
}
const deltas = (ids: number[]) => ids.map((id, i) => (i ? id - ids[i - 1] : id));

/** A field's distinct tokens in a record (as `postingsOf` reads them). */
function distinctTerms(record: RecordFields, field: number): Set<string> {
  const terms = new Set((record[FIELD_NAMES[field] as FieldName] ?? '').split(' '));
  terms.delete('');
  return terms;
}

function remove(postings: Postings, term: string, field: number, id: number, touched: Set<string>): void {
  const lists = postings.get(term)!;
  const ids = lists[field];
  ids.splice(firstNotBelow(ids, id), 1);
  touched.add(term);
  if (lists.every((list) => !list.length)) postings.delete(term);
}

/** Takes the ids in `[start, end)` ranges out of every term's lists. */
function removeRanges(postings: Postings, ranges: [number, number][], touched: Set<string>): void {
  for (const [term, lists] of postings) {
    let changed = false;
    for (const ids of lists) {
      for (const [start, end] of ranges) {
        const from = firstNotBelow(ids, start);
        const to = firstNotBelow(ids, end);
        if (to > from) {
          ids.splice(from, to - from);
          changed = true;
        }
      }
    }
    if (!changed) continue;
    touched.add(term);
    if (lists.every((list) => !list.length)) postings.delete(term);
  }
}

function add(postings: Postings, term: string, field: number, id: number, touched: Set<string>): void {
  let lists = postings.get(term);
  if (!lists) postings.set(term, (lists = FIELD_NAMES.map(() => [])));
  lists[field].splice(firstNotBelow(lists[field], id), 0, id);
  touched.add(term);
}

/** The index of the first id not below `id` in a sorted list. */
function firstNotBelow(ids: number[], id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Two sorted lists of terms as one. */
function merge(a: string[], b: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && compareTerms(a[i], b[j]) <= 0) ? a[i++] : b[j++]);
  return out;
}
