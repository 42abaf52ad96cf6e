/** One analytics event as the beacon sends it (see widget/app/analytics.ts). */
export interface RecordedEvent {
  type: string;
  time?: string;
  tab?: string;
  query?: string;
  count?: number;
  slug?: string;
  helpful?: boolean;
  reason?: string;
  stage?: string;
}

export interface Counted {
  key: string;
  count: number;
}

export interface UnhelpfulArticle {
  slug: string;
  count: number;
  reasons: Counted[];
  queries: Counted[];
}

/** What writers need to know, from a stream of widget events. */
export interface Report {
  events: number;
  from?: string;
  to?: string;
  searches: number;
  topSearches: Counted[];
  /** Settled searches that found nothing: the content gaps. */
  noResults: Counted[];
  unhelpful: UnhelpfulArticle[];
  /** The last search before each message to support. */
  beforeContact: Counted[];
  contacts: number;
}

/** Queries are compared lower-cased with their spaces tidied: "GPRR " and "gprr" are one search. */
const normalize = (query: string) => query.trim().replace(/\s+/g, ' ').toLowerCase();

function counted(map: Map<string, number>, limit: number): Counted[] {
  return [...map].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, limit);
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

export function analyze(events: RecordedEvent[], limit = 10): Report {
  const searches = new Map<string, number>();
  const noResults = new Map<string, number>();
  const beforeContact = new Map<string, number>();
  const unhelpful = new Map<string, { count: number; reasons: Map<string, number>; queries: Map<string, number> }>();
  const lastSearch = new Map<string, string>();
  let searchCount = 0;
  let contacts = 0;
  const times = events.map((e) => e.time).filter((t): t is string => Boolean(t)).sort();

  for (const event of events) {
    const tab = event.tab ?? '';
    const query = event.query ? normalize(event.query) : '';
    switch (event.type) {
      case 'search':
        if (!query) break;
        searchCount++;
        bump(searches, query);
        lastSearch.set(tab, query);
        break;
      case 'no-results':
        if (query) bump(noResults, query);
        break;
      case 'feedback': {
        if (event.helpful !== false || !event.slug) break;
        const entry = unhelpful.get(event.slug) ?? { count: 0, reasons: new Map(), queries: new Map() };
        entry.count++;
        bump(entry.reasons, event.reason || 'no reason given');
        if (query) bump(entry.queries, query);
        unhelpful.set(event.slug, entry);
        break;
      }
      case 'contact': {
        if (event.stage !== 'sent') break;
        contacts++;
        const before = query || lastSearch.get(tab);
        bump(beforeContact, before || '(no search)');
        break;
      }
    }
  }
  return {
    events: events.length,
    from: times[0],
    to: times[times.length - 1],
    searches: searchCount,
    topSearches: counted(searches, limit),
    noResults: counted(noResults, limit),
    unhelpful: [...unhelpful]
      .map(([slug, e]) => ({ slug, count: e.count, reasons: counted(e.reasons, 5), queries: counted(e.queries, 5) }))
      .sort((a, b) => b.count - a.count || a.slug.localeCompare(b.slug))
      .slice(0, limit),
    beforeContact: counted(beforeContact, limit),
    contacts,
  };
}
