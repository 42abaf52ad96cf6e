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

/** Counts the codes and terms explained in place, one event at a time (the report streams them). */
export class ExplainedCounter {
  private readonly terms = new Map<string, number>();
  private readonly pages = new Map<string, number>();
  private shown = 0;

  add(event: { type: string; term?: string; page?: string }): void {
    if (event.type !== 'explain' || !event.term) return;
    this.shown++;
    this.terms.set(event.term, (this.terms.get(event.term) ?? 0) + 1);
    if (event.page) this.pages.set(event.page, (this.pages.get(event.page) ?? 0) + 1);
  }

  /** The counts; undefined when nothing was explained in place. */
  finish(limit = 10): Explained | undefined {
    return this.shown ? { shown: this.shown, terms: top(this.terms, limit), pages: top(this.pages, limit) } : undefined;
  }
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
