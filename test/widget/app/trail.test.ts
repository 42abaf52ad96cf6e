// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { createTrail } from '../../../widget/app/trail.ts';

beforeEach(() => sessionStorage.clear());

const search = (query: string, time: string) => ({ type: 'search' as const, query, results: 1, time });

describe('createTrail', () => {
  it('lists each search once, at the time it was last made', () => {
    const trail = createTrail();
    trail.add(search('refund', '1'));
    trail.add({ type: 'article', slug: 'billing/refunds', title: 'Refunds', time: '2' });
    trail.add(search('roaming', '3'));
    trail.add(search('  Refund ', '4'));
    expect(trail.items().map((i) => i.time)).toEqual(['2', '3', '4']);
  });

  it('keeps one search while it is being typed', () => {
    const trail = createTrail();
    trail.add(search('ref', '1'));
    trail.add(search('refund', '2'));
    expect(trail.items().map((i) => i.type === 'search' && i.query)).toEqual(['refund']);
  });

  it('shortens pasted text and keeps the first results shown', () => {
    const trail = createTrail();
    trail.add({ ...search('x'.repeat(30_000), '1'), shown: Array.from({ length: 8 }, (_, i) => `Article ${i}`) });
    const [item] = trail.items();
    expect(item.type === 'search' && [item.query.length, item.shown]).toEqual([300, ['Article 0', 'Article 1', 'Article 2', 'Article 3', 'Article 4']]);
  });
});
