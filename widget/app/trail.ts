import type { TrailItem } from '../../src/contact.ts';
import { safeStorage } from './storage.ts';

const KEY = 'selfserve:trail';
// The last few steps are what support needs; older ones are dropped.
const MAX_ITEMS = 30;

/**
 * What the visitor searched, read and said on this tab, kept in sessionStorage so it survives a
 * reload, and sent only with a message they write (and can trim).
 */
export function createTrail(storage = safeStorage('sessionStorage')) {
  let items: TrailItem[] = storage.get<TrailItem[]>(KEY) ?? [];
  return {
    items: () => items,
    add(item: TrailItem) {
      // Typing "refund" then "refunds" is one search, not two.
      const last = items[items.length - 1];
      if (item.type === 'search' && last?.type === 'search' && (item.query.startsWith(last.query) || last.query.startsWith(item.query))) items = items.slice(0, -1);
      items = [...items, item].slice(-MAX_ITEMS);
      storage.set(KEY, items);
    },
    clear() {
      items = [];
      storage.remove(KEY);
    },
  };
}

export type Trail = ReturnType<typeof createTrail>;
