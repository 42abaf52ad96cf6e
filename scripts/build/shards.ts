import { FIELD_NAMES, postingsOf, type FieldName } from '../../src/engine.ts';
import { compareTerms } from '../../src/format.ts';
import type { RecordFields } from './render-pool.ts';
import { entryLength, ShardChangedError, ShardCutter, type MemoShard, type ShardPart, type ShardTerms } from './shard-cut.ts';

export type { MemoShard, ShardPart } from './shard-cut.ts';

/**
 * What the last build of one language left for the next: its shards, each with its terms'
 * postings (kept in memory by --watch and dev; read back from the output folder by the next
 * `build`, a shard's terms only when asked, see shard-memo.ts), and the tokens of each article in
 * record-id order. When the articles and their record counts are the same (an edit to a text), the
 * next build moves the records of the articles whose tokens changed, in the shards their terms
 * fall in, and makes again only the shards those touch.
 */
export interface ShardMemo {
  /** `slug\nrecord count` of each article, in id order: what fixes the record ids. */
  layout: string[];
  /**
   * Each article's tokens, made when asked (see `ArticleTokens`). Undefined for one whose tokens
   * are not known (a memo read back from the output, for an article the build cache has no
   * earlier tokens of): its `prints` tells whether it changed, and the records of one that did
   * are taken out by their ids, from every shard.
   */
  tokens: readonly (ArticleTokens['fields'] | undefined)[];
  /** What each article's tokens were made from (hash of its file, and language): tells a later build which changed. */
  prints: string[];
  /** In term order; the first one's `from` is `''`. */
  shards: MemoShard[];
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
  /** Lets its tokens go (`fields` makes or reads them again if asked): called once the postings of a fresh index have them. */
  spend?: () => void;
}

/**
 * The shards of one language's index: its terms in sorted order, cut into shards (see
 * `ShardCutter`), their id lists delta-encoded. `articles` holds each article's slug and tokens in
 * id order; `last` is the memo of the previous build, which this one takes over (and may change).
 * With `keep: false` (a single build, which lets the memo go) the memo returned has spent
 * postings, and must not be given to another build.
 */
export function indexShards(articles: ArticleTokens[], last?: ShardMemo, { keep = true } = {}): { shards: ShardPart[]; memo: ShardMemo } {
  const layout = articles.map(({ slug, records }) => `${slug}\n${records}`);
  const tokens = articles.map((a) => a.fields);
  const prints = articles.map((a) => a.print);
  const same = last && last.layout.length === layout.length && layout.every((line, i) => line === last.layout[i]);
  const unknown = same ? articles.filter((_, i) => isUnknown(last, prints, i)).length : 0;
  // Taking out records by id walks every term: past a few articles, starting afresh costs less.
  const shards = !last || !same || unknown > Math.max(20, articles.length / 50) ? fresh(articles, keep) : updateElseFresh(articles, last, prints, keep);
  return { shards: shards.map((shard) => shard.part), memo: { layout, tokens, prints, shards } };
}

/** An article whose tokens the memo does not know, made from another file than the last build's. */
const isUnknown = (last: ShardMemo, prints: string[], i: number) => !last.tokens[i] && last.prints[i] !== prints[i];

function fresh(articles: ArticleTokens[], keep: boolean): MemoShard[] {
  let id = 0;
  // An article at a time, whose tokens may go once read (`spend`): at 50,000 articles they are 100 MB.
  function* records() {
    for (const { fields, spend } of articles) {
      for (const record of fields()) yield [id++, record] as const;
      spend?.();
    }
  }
  const postings = postingsOf(records());
  const cutter = new ShardCutter(keep);
  for (const term of [...postings.keys()].sort(compareTerms)) {
    const lists = postings.get(term)!;
    cutter.push(term, lists, entryLength(term, lists));
  }
  cutter.close();
  return cutter.shards;
}

/** An update (see `update`), or shards made afresh if one the update reads changed since the last build wrote it. */
function updateElseFresh(articles: ArticleTokens[], last: ShardMemo, prints: string[], keep: boolean): MemoShard[] {
  try {
    return update(articles, last, prints, keep);
  } catch (error) {
    if (!(error instanceof ShardChangedError)) throw error;
    return fresh(articles, keep);
  }
}

/**
 * Ids are as they were: moves only the records of the articles whose tokens changed, in the
 * shards their terms fall in, then cuts again from the first shard touched until the cut is back
 * on the last build's; the other shards are taken as they were, their terms never read.
 */
function update(articles: ArticleTokens[], last: ShardMemo, prints: string[], keep: boolean): MemoShard[] {
  const postings = new ShardedPostings(last.shards);
  const unknownRanges: [number, number][] = [];
  let id = 0;
  articles.forEach(({ fields, records }, i) => {
    const before = last.tokens[i];
    if (isUnknown(last, prints, i)) unknownRanges.push([id, id + records]);
    // (The same tokens are the same arrays: the build cache keeps them.)
    else if (before && fields !== before && fields() !== before()) {
      const oldRecords = before();
      fields().forEach((record, r) => {
        for (let field = 0; field < FIELD_NAMES.length; field++) {
          const old = distinctTerms(oldRecords[r], field);
          const now = distinctTerms(record, field);
          for (const term of old) if (!now.has(term)) postings.remove(term, field, id + r);
          for (const term of now) if (!old.has(term)) postings.add(term, field, id + r);
        }
      });
    }
    id += records;
  });
  if (unknownRanges.length) {
    postings.removeRanges(unknownRanges);
    id = 0;
    articles.forEach(({ fields, records }, i) => {
      if (isUnknown(last, prints, i)) fields().forEach((record, r) => FIELD_NAMES.forEach((_, field) => distinctTerms(record, field).forEach((term) => postings.add(term, field, id + r))));
      id += records;
    });
  }
  const touched = postings.settle();
  const cutter = new ShardCutter(keep, { shards: last.shards, touched });
  const count = last.shards.length;
  // The size of the first term after shard k: whether it opens a shard of its own.
  const firstSizeAfter = (k: number) => {
    for (let next = k + 1; next < count; next++) {
      const { sizes } = last.shards[next].terms();
      if (sizes.length) return sizes[0];
    }
    return undefined;
  };
  for (let k = 0; k < count; k++) {
    // Cut where the last build cut, from the same terms to the same first term after: the same shard.
    if (cutter.between && !touched.has(k) && (k + 1 === count || !touched.has(k + 1))) {
      cutter.take(last.shards[k]);
      continue;
    }
    const { terms, lists, sizes } = last.shards[k].terms();
    terms.forEach((term, i) => cutter.push(term, lists[i], sizes[i], k));
    const next = firstSizeAfter(k);
    if (next !== undefined && cutter.wouldClose(next)) cutter.close();
  }
  cutter.close();
  return cutter.shards;
}

/**
 * The postings of a memo's shards, changed a record at a time: each term in the shard whose range
 * holds it (by `from`), whose terms are loaded on the first change. `settle` then drops the terms
 * left without ids, measures again those changed, and tells which shards were touched.
 */
class ShardedPostings {
  private readonly froms: string[];
  private readonly changed = new Map<number, Set<string>>();

  constructor(private readonly shards: MemoShard[]) {
    this.froms = shards.map((shard) => shard.part.from);
  }

  add(term: string, field: number, id: number): void {
    const { terms, at } = this.find(term);
    if (terms.terms[at] !== term) {
      terms.terms.splice(at, 0, term);
      terms.lists.splice(at, 0, FIELD_NAMES.map(() => []));
      terms.sizes.splice(at, 0, 0);
    }
    const ids = terms.lists[at][field];
    ids.splice(firstNotBelow(ids, id), 0, id);
  }

  remove(term: string, field: number, id: number): void {
    const { terms, at } = this.find(term);
    const ids = terms.lists[at][field];
    ids.splice(firstNotBelow(ids, id), 1);
  }

  /** Takes the ids in `[start, end)` ranges out of every term's lists, in every shard. */
  removeRanges(ranges: [number, number][]): void {
    this.shards.forEach((shard, k) => {
      const { terms, lists } = shard.terms();
      terms.forEach((term, i) => {
        let changed = false;
        for (const ids of lists[i]) {
          for (const [start, end] of ranges) {
            const from = firstNotBelow(ids, start);
            const to = firstNotBelow(ids, end);
            if (to > from) {
              ids.splice(from, to - from);
              changed = true;
            }
          }
        }
        if (changed) this.note(k, term);
      });
    });
  }

  /** The shards touched, their changed terms measured again and those without ids gone. */
  settle(): Set<number> {
    for (const [k, changed] of this.changed) {
      const terms = this.shards[k].terms();
      for (let i = terms.terms.length - 1; i >= 0; i--) {
        if (!changed.has(terms.terms[i])) continue;
        if (terms.lists[i].every((ids) => !ids.length)) {
          terms.terms.splice(i, 1);
          terms.lists.splice(i, 1);
          terms.sizes.splice(i, 1);
        } else terms.sizes[i] = entryLength(terms.terms[i], terms.lists[i]);
      }
    }
    return new Set(this.changed.keys());
  }

  private find(term: string): { terms: ShardTerms; at: number } {
    const k = lastNotAbove(this.froms, term);
    const terms = this.shards[k].terms();
    this.note(k, term);
    return { terms, at: firstTermNotBelow(terms.terms, term) };
  }

  private note(k: number, term: string): void {
    if (!this.changed.has(k)) this.changed.set(k, new Set());
    this.changed.get(k)!.add(term);
  }
}

/** A field's distinct tokens in a record (as `postingsOf` reads them). */
function distinctTerms(record: RecordFields, field: number): Set<string> {
  const terms = new Set((record[FIELD_NAMES[field] as FieldName] ?? '').split(' '));
  terms.delete('');
  return terms;
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

/** The index of the first term not below `term` in sorted terms. */
function firstTermNotBelow(terms: string[], term: string): number {
  let lo = 0;
  let hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareTerms(terms[mid], term) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the last of sorted `froms` (the first being `''`) not above `term`: the shard whose range holds it. */
function lastNotAbove(froms: string[], term: string): number {
  const at = firstTermNotBelow(froms, term);
  return froms[at] === term ? at : Math.max(0, at - 1);
}
