import { describe, expect, it } from 'vitest';
import { addRecord, createIndexes, exportPostings, FIELD_NAMES, importShard, recordFields } from '../../src/engine.ts';

describe('recordFields', () => {
  it('indexes the stems of each field, keywords kept apart', () => {
    expect(recordFields({ title: 'Refunds and credits', keywords: ['money back', 'overpaid'], heading: 'Timing', body: 'Refunds take five days.' })).toEqual({
      title: 'refund credit',
      keywords: 'monei back overpaid',
      heading: 'time',
      body: 'refund five dai',
    });
    expect(recordFields({})).toEqual({ title: '', keywords: '', heading: '', body: '' });
  });
});

describe('postings', () => {
  it('come out of the indexes by field, sorted, and go back in shard by shard', () => {
    const indexes = createIndexes();
    addRecord(indexes, 3, { title: 'Refunds', body: 'Refunds take five days.' });
    addRecord(indexes, 1, { heading: 'Refund timing', body: 'Five days.' });
    addRecord(indexes, 2, {});
    const postings = exportPostings(indexes);
    expect(FIELD_NAMES).toEqual(['title', 'keywords', 'heading', 'body']);
    expect(postings.get('refund')).toEqual([[3], [], [1], [3]]);
    expect(postings.get('five')).toEqual([[], [], [], [1, 3]]);

    // As stored: ids delta-encoded.
    const copy = createIndexes();
    importShard(copy, [['refund', [3], [], [1], [3]]]);
    importShard(copy, [['five', [], [], [], [1, 2]]]);
    expect(copy.title.search('refund')).toEqual([3]);
    expect(copy.heading.search('refund')).toEqual([1]);
    expect(copy.keywords.search('refund')).toEqual([]);
    expect([...(copy.body.search('five', { limit: 10 }) as number[])].sort()).toEqual([1, 3]);
  });
});
