import type { TrailItem } from '../../src/contact.ts';
import { safeStorage } from './storage.ts';

const KEY = 'selfserve:trail';
// The last few steps are what support needs; older ones are dropped.
const MAX_ITEMS = 30;
// A pasted page of text is not a search support needs in full, and the message must stay small.
const MAX_TEXT = 300;
const MAX_SHOWN = 5;

const cut = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);
const normalize = (query: string) => query.trim().toLowerCase().replace(/\s+/g, ' ');

function clip(item: TrailItem): TrailItem {
  if (item.type === 'search') return { ...item, query: cut(item.query), ...(item.shown && { shown: item.shown.slice(0, MAX_SHOWN).map(cut) }), ...(item.answer && { answer: cut(item.answer) }) };
  if (item.type === 'article') return { ...item, title: cut(item.title), ...(item.section && { section: cut(item.section) }), ...(item.query && { query: cut(item.query) }) };
  return { ...item, ...(item.title && { title: cut(item.title) }), ...(item.comment && { comment: cut(item.comment) }) };
}

/**
 * What the visitor searched, read and said on this tab, kept in sessionStorage so it survives a
 * reload, and sent only with a message they write (and can trim).
 */
export function createTrail(storage = safeStorage('sessionStorage')) {
  let items: TrailItem[] = storage.get<TrailItem[]>(KEY) ?? [];
  return {
    items: () => items,
    add(added: TrailItem) {
      const item = clip(added);
      if (item.type === 'search') {
        // Typing "refund" then "refunds" is one search, not two; a search made again moves to the end.
        const last = items[items.length - 1];
        if (last?.type === 'search' && (item.query.startsWith(last.query) || last.query.startsWith(item.query))) items = items.slice(0, -1);
        const same = normalize(item.query);
        items = items.filter((i) => i.type !== 'search' || normalize(i.query) !== same);
      }
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
