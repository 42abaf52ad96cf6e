import type { Shard } from '../../src/format.ts';
import type { LaterText } from './layout.ts';

// A shard closes once its JSON passes this size (about a third of it after gzip): a search loads
// whole shards, so smaller ones carry fewer words it does not need, at the cost of a longer list
// of them in the root. A word with more postings than that gets a shard of its own.
const SHARD_BYTES = 12 * 1024;

/**
 * The terms of one shard in sorted order, with their postings (record ids per field, in
 * `FIELD_NAMES` order, not delta-encoded) and the length of each one's shard entry as JSON.
 */
export interface ShardTerms {
  terms: string[];
  lists: number[][][];
  sizes: number[];
}

/**
 * One shard as a build writes it: made by this build (`shard`), or a file of the last output taken
 * as it was (`stored`: its bytes and their `hashOf`), which is not made again.
 */
export interface ShardPart {
  from: string;
  shard?: Shard;
  stored?: { hash: string; bytes: Buffer | LaterText };
}

/**
 * A shard of the last output whose bytes are no longer those its build wrote (see shard-memo.ts):
 * thrown when an update reads its terms, which then makes the shards afresh.
 */
export class ShardChangedError extends Error {
  constructor(readonly file: string) {
    super(`${file} changed since the last build`);
  }
}

/** One shard of a build, as the next build takes it over: what was written, and its terms, loaded when first asked. */
export interface MemoShard {
  part: ShardPart;
  terms: () => ShardTerms;
}

/**
 * Cuts sorted terms into shards, a term at a time: a shard closes before the term that would take
 * it past `SHARD_BYTES`. Terms given from the shards of the last build (`source`: which one) that
 * end up as exactly the terms of one of them, none touched (`last.touched`), make that shard again:
 * the same object, whose file is not made again. Without `keep` (a single build, which lets the
 * postings go) a shard's entries are the postings' own lists, delta-encoded in place: at 50,000
 * articles a copy is 80 MB, and the terms of such a shard are spent.
 */
export class ShardCutter {
  readonly shards: MemoShard[] = [];
  private open: ShardTerms = { terms: [], lists: [], sizes: [] };
  private bytes = 0;
  /** The last build's shard all the open shard's terms came from, else -1. */
  private source = -1;

  constructor(
    private readonly keep: boolean,
    private readonly last?: { shards: MemoShard[]; touched: Set<number> },
  ) {}

  /** Whether no shard is open: the next term starts one. */
  get between(): boolean {
    return !this.open.terms.length;
  }

  /** Whether a term of `size` would close the open shard before it. */
  wouldClose(size: number): boolean {
    return !this.between && this.bytes + size > SHARD_BYTES;
  }

  push(term: string, lists: number[][], size: number, source = -1): void {
    if (this.wouldClose(size)) this.close();
    this.source = this.between || this.source === source ? source : -1;
    this.open.terms.push(term);
    this.open.lists.push(lists);
    this.open.sizes.push(size);
    this.bytes += size;
  }

  /** Takes a shard of the last build whole, between two shards (see `update` in shards.ts). */
  take(shard: MemoShard): void {
    this.shards.push(shard);
  }

  close(): void {
    const terms = this.open;
    if (!terms.terms.length) return;
    this.open = { terms: [], lists: [], sizes: [] };
    this.bytes = 0;
    const first = !this.shards.length;
    const old = this.source >= 0 && !this.last!.touched.has(this.source) ? this.last!.shards[this.source] : undefined;
    if (old && old.terms().terms.length === terms.terms.length && first === (old.part.from === '')) {
      this.shards.push(old);
      return;
    }
    const from = first ? '' : terms.terms[0];
    const shard: Shard = { terms: terms.terms.map((term, i) => (this.keep ? entry(term, terms.lists[i]) : entryInPlace(term, terms.lists[i]))) };
    this.shards.push({ part: { from, shard }, terms: () => terms });
  }
}

/** A term's shard entry: its id lists, one per field in `FIELD_NAMES` order, delta-encoded. */
const entry = (term: string, lists: number[][]) => [term, ...lists.map(deltas)] as Shard['terms'][number];
/** The same entry made of the postings' own lists, delta-encoded in place (see `keep`). */
function entryInPlace(term: string, lists: number[][]): Shard['terms'][number] {
  for (const ids of lists) for (let i = ids.length - 1; i > 0; i--) ids[i] -= ids[i - 1];
  return [term, ...lists] as Shard['terms'][number];
}
const deltas = (ids: number[]) => ids.map((id, i) => (i ? id - ids[i - 1] : id));

/** A shard's terms from its entries, as written (delta-encoded). */
export function termsOf(shard: Shard): ShardTerms {
  const terms: ShardTerms = { terms: [], lists: [], sizes: [] };
  for (const [term, ...deltaLists] of shard.terms) {
    const lists = (deltaLists as number[][]).map(undelta);
    terms.terms.push(term);
    terms.lists.push(lists);
    terms.sizes.push(entryLength(term, lists));
  }
  return terms;
}

function undelta(deltas: number[]): number[] {
  const ids = new Array<number>(deltas.length);
  let id = 0;
  for (let i = 0; i < deltas.length; i++) ids[i] = id += deltas[i];
  return ids;
}

/**
 * The length of a term's shard entry as JSON (`entry`), worked out without making it: making each
 * entry's JSON to measure it cost more than the rest of cutting.
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
