import { describe, expect, it } from 'vitest';
import type { AnalyticsEventRecord } from '../../../src/analytics-event.ts';
import { analyze } from '../../../scripts/report/analyze.ts';

let minute = 0;
const event = (tab: string, fields: Partial<AnalyticsEventRecord> & Pick<AnalyticsEventRecord, 'type'>): AnalyticsEventRecord => ({
  time: new Date(Date.UTC(2026, 10, 2, 9, minute++)).toISOString(),
  tab,
  ...fields,
});
const readThere = (tab: string, slug: string) => event(tab, { type: 'article', slug, via: 'contact' });
const sent = (tab: string) => event(tab, { type: 'contact', stage: 'sent', query: '' });

describe('articles read from the contact form', () => {
  it('counts a visitor once per article and message, and only the message that followed the reading', () => {
    const { readFromContact } = analyze([
      readThere('a', 'billing/refunds'),
      sent('a'),
      // The same tab writes again later without reading anything: that message owes the article nothing.
      sent('a'),
      // And reads it again before a third message: a new reading.
      readThere('a', 'billing/refunds'),
      readThere('a', 'billing/refunds'),
      // An article opened from search is not one the contact form offered.
      event('b', { type: 'article', slug: 'billing/refunds', query: 'refund' }),
      readThere('c', 'billing/autopay'),
    ]);
    expect(readFromContact).toEqual([
      { slug: 'billing/refunds', read: 2, sentAnyway: 1 },
      { slug: 'billing/autopay', read: 1, sentAnyway: 0 },
    ]);
  });
});

describe('articles read in another language', () => {
  const nothing = (tab: string, query: string, locale: string) => event(tab, { type: 'no-results', query, locale });
  const read = (tab: string, slug: string, query: string, locale: string) => event(tab, { type: 'article', slug, query, locale });

  it('counts a visitor once per article, when the search that found nothing in their language led to it in another', () => {
    const { readElsewhere } = analyze([
      nothing('a', '定額', 'en'),
      read('a', 'roaming/travel-pass', '定額', 'ja'),
      read('a', 'roaming/travel-pass', '定額', 'ja'),
      nothing('b', 'Teigaku 定額', 'en'),
      read('b', 'roaming/travel-pass', 'teigaku 定額', 'ja'),
      // Read in the language searched: a search that worked after all, not a missing translation.
      nothing('c', 'roaming', 'en'),
      read('c', 'roaming/travel-pass', 'roaming', 'en'),
      // Another search came between: that article answered it, not the one that found nothing.
      nothing('d', 'factura', 'en'),
      read('d', 'billing/pay', 'pay bill', 'es'),
    ]);
    expect(readElsewhere).toEqual([{ slug: 'roaming/travel-pass', searchedIn: 'en', readIn: 'ja', read: 2, queries: [{ key: 'teigaku 定額', count: 1 }, { key: '定額', count: 1 }] }]);
  });
});
