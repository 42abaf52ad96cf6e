import type { Counted } from './analyze.ts';

/** Definitions shown in place on the site's pages (`explain` events, data-explain). */
export interface Explained {
  /** Definitions shown: each term counts once per page view. */
  shown: number;
  /** The terms, most shown first. */
  terms: Counted[];
  /** The pages they were shown on, most first. */
  pages: Counted[];
}

function top(map: Map<string, number>, limit: number): Counted[] {
  return [...map].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, limit);
}

/** Counts the codes and terms explained in place; undefined when there were none. */
export function countExplained(events: readonly { type: string; term?: unknown; page?: unknown }[], limit = 10): Explained | undefined {
  const terms = new Map<string, number>();
  const pages = new Map<string, number>();
  let shown = 0;
  for (const event of events) {
    if (event.type !== 'explain' || typeof event.term !== 'string') continue;
    shown++;
    terms.set(event.term, (terms.get(event.term) ?? 0) + 1);
    if (typeof event.page === 'string') pages.set(event.page, (pages.get(event.page) ?? 0) + 1);
  }
  return shown ? { shown, terms: top(terms, limit), pages: top(pages, limit) } : undefined;
}

/** The section of `selfserve report` for terms explained in place, beside the number of searches. */
export function formatExplained(explained: Explained, searches: number): string {
  const row = ({ key, count }: Counted) => `  ${String(count).padStart(5)}  ${key}`;
  return [
    '',
    `Terms explained in place: ${explained.shown} definitions shown on pages (beside ${searches} search${searches === 1 ? '' : 'es'})`,
    ...explained.terms.map(row),
    '  on pages:',
    ...explained.pages.map(row),
  ].join('\n') + '\n';
}
