import { describe, expect, it } from 'vitest';
import { recordFields } from '../../../src/engine.ts';
import { entryLength, ShardChangedError } from '../../../scripts/build/shard-cut.ts';
import { indexShards, type ShardMemo } from '../../../scripts/build/shards.ts';

/** A help center of `n` articles, two records each, with enough words to fill several shards. */
function articles(n: number, edit?: { article: number; body: string }) {
  return Array.from({ length: n }, (_, i) => ({
    slug: `article-${i}`,
    print: edit?.article === i ? edit.body : '',
    records: 2,
    fields: () => [
      recordFields({ title: `Topic ${i} word${i % 37}`, body: `common words here term${i} term${(i * 7) % 101} shared${i % 13}` }),
      recordFields({ heading: `Part ${i}`, body: edit?.article === i ? edit.body : `section text term${i + 1} other${i % 29} solo${i}` }),
    ],
  }));
}

describe('indexShards', () => {
  it('updates the shards of the last build to the same shards a build from scratch makes', () => {
    const first = indexShards(articles(2000));
    expect(first.shards.length).toBeGreaterThan(3);
    const edits = [
      // A word replaced by a new one (a new term, one gone), then by a word many articles share.
      { article: 200, body: 'section text brandnewword' },
      { article: 200, body: 'common words here' },
      // The first article: terms sorted before every other.
      { article: 0, body: '000 aaa section text' },
    ];
    let memo = first.memo;
    let previous = articles(2000);
    for (const edit of edits) {
      const fresh = indexShards(articles(2000, edit));
      // As the build cache gives them: the same tokens as before for an unchanged article.
      const same = (a: { fields: () => object }, i: number) => JSON.stringify(a.fields()) === JSON.stringify(memo.tokens[i]!());
      const updated = indexShards(articles(2000, edit).map((a, i) => (same(a, i) ? { ...a, fields: memo.tokens[i]! } : a)), memo);
      expect(updated.shards).toEqual(fresh.shards);
      // Shards without the edited words are the previous build's own.
      expect(updated.shards.filter((part) => memo.shards.some((shard) => shard.part === part)).length).toBeGreaterThan(0);
      // Read back from an output, a memo does not know the tokens: the changed article's records are taken out by id.
      const before = indexShards(previous).memo;
      const changed = (a: { fields: () => object }, i: number) => JSON.stringify(a.fields()) !== JSON.stringify(before.tokens[i]!());
      const now = articles(2000, edit);
      const unknown = { ...before, tokens: before.tokens.map((fields, i) => (changed(now[i], i) ? undefined : fields)) };
      const fromOutput = indexShards(now.map((a, i) => (changed(a, i) ? a : { ...a, fields: before.tokens[i]! })), unknown);
      expect(fromOutput.shards).toEqual(fresh.shards);
      memo = updated.memo;
      previous = articles(2000, edit);
    }
  });

  it('reads the terms of only the shards an edit touches, and takes the others as they were', () => {
    const last = indexShards(articles(2000));
    const loaded = new Set<number>();
    // As a memo read back from the output: each shard's terms parsed when asked.
    const lazy: ShardMemo = { ...last.memo, shards: last.memo.shards.map((shard, k) => ({ part: shard.part, terms: () => (loaded.add(k), shard.terms()) })) };
    const edit = { article: 200, body: 'section text brandnewword' };
    const now = articles(2000, edit).map((a, i) => (i === 200 ? a : { ...a, fields: last.memo.tokens[i]! }));
    const updated = indexShards(now, lazy);
    expect(updated.shards).toEqual(indexShards(articles(2000, edit)).shards);
    expect(last.memo.shards.length).toBeGreaterThan(20);
    expect(loaded.size).toBeLessThan(last.memo.shards.length / 2);
    expect(updated.shards.filter((part) => last.memo.shards.some((shard) => shard.part === part)).length).toBeGreaterThan(last.memo.shards.length / 2);
  });

  it('makes the shards afresh when one that an update reads changed since the last build', () => {
    const last = indexShards(articles(2000));
    // As a memo read back from an output whose shards were all altered since.
    const changed: ShardMemo = { ...last.memo, shards: last.memo.shards.map((shard) => ({ part: shard.part, terms: () => { throw new ShardChangedError('en/terms/x.json'); } })) };
    const edit = { article: 200, body: 'section text brandnewword' };
    const now = articles(2000, edit).map((a, i) => (i === 200 ? a : { ...a, fields: last.memo.tokens[i]! }));
    expect(indexShards(now, changed).shards).toEqual(indexShards(articles(2000, edit)).shards);
    // Any other failure is not taken for a changed shard.
    const broken: ShardMemo = { ...last.memo, shards: last.memo.shards.map((shard) => ({ part: shard.part, terms: () => { throw new Error('disk on fire'); } })) };
    expect(() => indexShards(now, broken)).toThrow('disk on fire');
  });

  it('updates to the same shards as a build from scratch when an edit takes out the first word of a shard', () => {
    const last = indexShards(articles(2000));
    // Shards that start with a word only one article has: its edit takes the word out.
    const starts = last.memo.shards.flatMap((shard, k) => (k > 0 && shard.terms().terms[0].startsWith('solo') ? [k] : []));
    expect(starts.length).toBeGreaterThan(2);
    for (const k of starts) {
      const edit = { article: Number(last.memo.shards[k].terms().terms[0].slice('solo'.length)), body: 'section text' };
      // (An update takes its memo over: each edit starts from a memo of its own.)
      const { memo } = indexShards(articles(2000));
      const now = articles(2000, edit).map((a, i) => (i === edit.article ? a : { ...a, fields: memo.tokens[i]! }));
      expect(indexShards(now, memo).shards).toEqual(indexShards(articles(2000, edit)).shards);
    }
  });

  it('makes the same shards when the memo is not kept, from scratch and as an update', () => {
    const kept = indexShards(articles(2000));
    expect(indexShards(articles(2000), undefined, { keep: false }).shards).toEqual(kept.shards);
    const edit = { article: 200, body: 'section text brandnewword' };
    const fresh = indexShards(articles(2000, edit));
    const last = indexShards(articles(2000));
    const same = (a: { fields: () => object }, i: number) => JSON.stringify(a.fields()) === JSON.stringify(last.memo.tokens[i]!());
    const updated = indexShards(articles(2000, edit).map((a, i) => (same(a, i) ? { ...a, fields: last.memo.tokens[i]! } : a)), last.memo, { keep: false });
    expect(updated.shards).toEqual(fresh.shards);
  });

  it('starts afresh when articles come or go', () => {
    const { memo } = indexShards(articles(50));
    expect(indexShards(articles(51), memo).shards).toEqual(indexShards(articles(51)).shards);
    expect(indexShards(articles(49), memo).shards).toEqual(indexShards(articles(49)).shards);
  });
});

describe('entryLength', () => {
  it('is the length of a term entry as JSON, escapes and long numbers too', () => {
    const cases: [string, number[][]][] = [
      ['plain', [[0, 1, 2], [], [5, 100, 12345678]]],
      ['quo"te\\back', [[9, 10, 99, 1000], [0]]],
      ['日本語', [[], [], []]],
      ['tab\tand\nline', [[7, 123456789012]]],
    ];
    for (const [term, lists] of cases) {
      const deltas = lists.map((ids) => ids.map((id, i) => (i ? id - ids[i - 1] : id)));
      expect(entryLength(term, lists)).toBe(JSON.stringify([term, ...deltas]).length);
    }
  });
});
