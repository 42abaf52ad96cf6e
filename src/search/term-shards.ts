import { FIELD_NAMES, NAME_FIELDS, createIndexes, importShard, termIds, type SearchIndexes } from '../engine.ts';
import { SelfserveIndexError } from '../errors.ts';
import { compareTerms, paths, type ShardRef } from '../format.ts';
import type { IndexFiles } from '../index-files.ts';
import type { Token } from '../text/tokenize.ts';
import { typedPastStem, type TermLookup } from './rank.ts';
import { lastHolding } from '../sorted.ts';

// The highest term, for ranges: every term that begins with a prefix sorts below prefix + this.
const HIGH = '\uffff';
// While typing, shorter beginnings of words are not looked up: one or two letters begin too many.
const TYPING_PREFIX_MIN = 3;
// While typing, a beginning whose words span more shards than this waits for another letter: the
// next key narrows it, and the shards it would read are mostly words never meant.
const TYPING_MAX_RANGE = 2;

/** A loaded shard's terms in order, and whether each names something (title, keywords, heading). */
interface LoadedShard {
  terms: string[];
  named: boolean[];
}

/**
 * The postings lookup: which term shards hold a word, loading them into the search engine, and the
 * exact and prefix lookups ranking reads from what is loaded.
 */
export class TermShards {
  private readonly indexes: SearchIndexes = createIndexes();
  private readonly loaded = new Map<number, LoadedShard>();
  private readonly refs: ShardRef[];

  constructor(private readonly files: IndexFiles) {
    this.refs = files.root.shards;
  }

  /** Lookups over the loaded shards; a word in a shard not loaded matches nothing. */
  readonly lookup: TermLookup = {
    ids: (field, term) => (this.loaded.has(this.shardOf(term)) ? termIds(this.indexes, field, term) : []),
    completions: (prefix, limit) => this.completions(prefix, limit),
  };

  /**
   * Lookups for a query still being typed: only `open`, the word at the caret, counts as the
   * beginning of longer words, and only from 3 letters on.
   */
  typingLookup(open: Token | undefined): TermLookup {
    return { ids: this.lookup.ids, completions: (prefix, limit) => (prefix === open?.surface && prefix.length >= TYPING_PREFIX_MIN ? this.completions(prefix, limit) : []) };
  }

  /**
   * Loads the shards a query's tokens need. While `typing`, finished words need only their own
   * shard, and `open` (the word at the caret) the words it begins too, once they are few.
   */
  load(tokens: Token[], typing = false, open?: Token): Promise<unknown> {
    return this.loadShards(tokens.flatMap((token) => (typing ? this.whileTyping(token, token === open) : this.shardsFor(token))));
  }

  /** Loads the shards holding these exact terms (the pairs of a query's neighbouring words). */
  loadTerms(terms: string[]): Promise<unknown> {
    return this.loadShards(terms.map((term) => this.shardOf(term)));
  }

  /** Loads the shards holding the words that begin with `prefix` (for typo variants). */
  loadRange(prefix: string): Promise<unknown> {
    return this.loadShards(this.range(prefix));
  }

  /** The shards holding a token's word, the words it begins, and the stems it may be typed past. */
  private shardsFor(token: Token): number[] {
    return [this.shardOf(token.stem), ...this.range(token.surface), ...typedPastStem(token).map((stem) => this.shardOf(stem))];
  }

  /**
   * While typing: a finished word's own shard. The word at the caret, once it has 3 letters and
   * the words it begins fit in two shards, its shards as a finished word; before that nothing, as
   * what one key reads would seldom hold the word the next keys finish.
   */
  private whileTyping(token: Token, open: boolean): number[] {
    if (!open) return [this.shardOf(token.stem)];
    if (token.surface.length < TYPING_PREFIX_MIN || this.range(token.surface).length > TYPING_MAX_RANGE) return [];
    return this.shardsFor(token);
  }

  /** The shard whose terms include `term`. */
  private shardOf(term: string): number {
    return lastHolding(this.refs.length, (i) => compareTerms(this.refs[i].from, term) <= 0);
  }

  /** The shards holding the terms that begin with `prefix`. */
  private range(prefix: string): number[] {
    const first = this.shardOf(prefix);
    const last = this.shardOf(prefix + HIGH);
    return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  }

  private completions(prefix: string, limit: number): string[] {
    const found: string[] = [];
    for (const number of this.range(prefix)) {
      const shard = this.loaded.get(number);
      if (!shard) continue;
      for (let i = lowerBound(shard.terms, prefix); i < shard.terms.length && shard.terms[i].startsWith(prefix); i++) {
        if (shard.named[i] && shard.terms[i] !== prefix) found.push(shard.terms[i]);
      }
    }
    // The shortest words are the likeliest ends of what is being typed.
    return found.sort((a, b) => a.length - b.length || compareTerms(a, b)).slice(0, limit);
  }

  private loadShards(numbers: number[]): Promise<unknown> {
    return Promise.all(
      [...new Set(numbers)].map(async (number) => {
        const data = await this.files.shard(number);
        // Shared by every search that asked for it; only the first to arrive imports it.
        if (this.loaded.has(number)) return;
        try {
          importShard(this.indexes, data.terms);
        } catch (cause) {
          const where = this.files.loader.locate(paths.shard(this.files.root.locale, this.refs[number].hash));
          throw new SelfserveIndexError('corrupt', where, `${where} could not be loaded into the search engine: rebuild the index`, { cause });
        }
        const named = FIELD_NAMES.map((field) => NAME_FIELDS.includes(field));
        this.loaded.set(number, { terms: data.terms.map((entry) => entry[0]), named: data.terms.map((entry) => named.some((isName, f) => isName && entry[f + 1].length > 0)) });
      }),
    );
  }
}

/** The first position in sorted `terms` not below `term`. */
function lowerBound(terms: string[], term: string): number {
  let lo = 0;
  let hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareTerms(terms[mid], term) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
