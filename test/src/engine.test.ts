import { describe, expect, it } from 'vitest';
import { addRecord, createIndexes, exportPostings, FIELD_NAMES, importShard, pairTerms, postingsOf, recordFields } from '../../src/engine.ts';

describe('recordFields', () => {
  it('indexes the stems of each field, keywords kept apart', () => {
    expect(recordFields({ title: 'Refunds and credits', keywords: ['money back', 'overpaid'], heading: 'Timing', body: 'Refunds take five days.' })).toEqual({
      title: 'refund credit',
      keywords: 'money back overpaid',
      heading: 'time',
      body: 'refund five day',
      pairs: 'credit+refund back+money',
    });
    expect(recordFields({})).toEqual({ title: '', keywords: '', heading: '', body: '', pairs: '' });
  });

  it('pairs the neighbouring words of the title, the heading and each alias, never of body text nor across two aliases', () => {
    expect(recordFields({ title: 'Direct debits', keywords: ['standing order', 'mandate'], heading: 'Cancel a direct debit', body: 'Cancel it online.' }).pairs).toBe('debit+direct cancel+direct debit+direct order+stand');
  });
});

describe('pairTerms', () => {
  it('joins each two neighbouring words in sorted order, skipping a word next to itself', () => {
    expect(pairTerms(['direct', 'debit', 'debit', 'card'])).toEqual(['debit+direct', 'card+debit']);
    expect(pairTerms(['debit'])).toEqual([]);
    expect(pairTerms([])).toEqual([]);
  });
});

describe('postings', () => {
  it('come out of the indexes by field, sorted, and go back in shard by shard', () => {
    const indexes = createIndexes();
    addRecord(indexes, 3, { title: 'Refunds', body: 'Refunds take five days.' });
    addRecord(indexes, 1, { heading: 'Refund timing', body: 'Five days.' });
    addRecord(indexes, 2, {});
    const postings = exportPostings(indexes);
    expect(FIELD_NAMES).toEqual(['title', 'keywords', 'heading', 'body', 'pairs']);
    expect(postings.get('refund')).toEqual([[3], [], [1], [3], []]);
    expect(postings.get('five')).toEqual([[], [], [], [1, 3], []]);
    expect(postings.get('refund+time')).toEqual([[], [], [], [], [1]]);

    // As stored: ids delta-encoded.
    const copy = createIndexes();
    importShard(copy, [['refund', [3], [], [1], [3], []]]);
    importShard(copy, [['five', [], [], [], [1, 2], []]]);
    expect(copy.title.search('refund')).toEqual([3]);
    expect(copy.heading.search('refund')).toEqual([1]);
    expect(copy.keywords.search('refund')).toEqual([]);
    expect([...(copy.body.search('five', { limit: 10 }) as number[])].sort()).toEqual([1, 3]);
  });
});

describe('postingsOf', () => {
  it('gives what the FlexSearch indexes give for the same records', () => {
    // Repeated words, empty fields, words that are names of object properties, non-Latin text.
    const texts = [
      { title: 'Refunds and refunds', body: 'Refunds take five days. Five!' },
      {},
      { heading: 'constructor __proto__ toString', body: 'hasOwnProperty constructor' },
      { title: 'Kündigung', keywords: ['Vertrag kündigen', 'Kündigung'], body: '契約を解約する 解約' },
      { heading: 'Five refund days', body: 'days and days' },
    ];
    const indexes = createIndexes();
    texts.forEach((text, id) => addRecord(indexes, id, text));
    const direct = postingsOf(texts.map((text, id) => [id, recordFields(text)] as const));
    const sorted = (p: Map<string, number[][]>) => [...p].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    expect(sorted(direct)).toEqual(sorted(exportPostings(indexes)));
    expect(direct.get('refund')).toEqual([[0], [], [4], [0], []]);
  });

  it('gives the same past the sizes it starts with: thousands of terms, and more words than its first stream holds', () => {
    const word = (n: number) => `w${n.toString(36)}x`;
    const texts = Array.from({ length: 3000 }, (_, id) => ({ title: word(id % 50), body: Array.from({ length: 30 }, (_, k) => word((id * 7 + k * 311) % 9000)).join(' ') }));
    const indexes = createIndexes();
    texts.forEach((text, id) => addRecord(indexes, id, text));
    const direct = postingsOf(texts.map((text, id) => [id, recordFields(text)] as const));
    expect(direct.size).toBeGreaterThan(5000);
    const sorted = (p: Map<string, number[][]>) => [...p].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    expect(sorted(direct)).toEqual(sorted(exportPostings(indexes)));
  });
});
