import type { AnalyticsEventRecord } from '../../src/analytics-event.ts';
import { normalize, ReformulationTracker, type AliasCandidate, type TermCandidate } from './reformulations.ts';

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

/** An article the contact form offered, read while writing to support. */
export interface ReadFromContact {
  slug: string;
  /** Visitors (tabs) who read it there. */
  read: number;
  /** Of those, how many sent their message all the same. */
  sentAnyway: number;
}

/**
 * An article read in another language than the one searched, after nothing matched there: the
 * translation visitors of `searchedIn` were missing.
 */
export interface ReadElsewhere {
  slug: string;
  searchedIn: string;
  readIn: string;
  /** Visitors (tabs) who read it so. */
  read: number;
  /** What they had searched. */
  queries: Counted[];
}

/** An alias to add to an article, with the frontmatter line to paste. */
export interface AliasSuggestion extends AliasCandidate {
  /** The article's title, when the report was given the content or the index. */
  title?: string;
  /** The article's file, relative to the content folder, when given the content. */
  file?: string;
  /** `aliases: [...]` with the article's current aliases and the new one. */
  line: string;
}

/** A code to define under `terms:`, with the line to paste. */
export interface TermSuggestion extends TermCandidate {
  line: string;
}

/** What writers need to know, from a stream of widget events. */
export interface Report {
  events: number;
  /** Lines that were not valid events, skipped. */
  skipped: number;
  from?: string;
  to?: string;
  searches: number;
  topSearches: Counted[];
  /** Settled searches that found nothing: the content gaps. */
  noResults: Counted[];
  unhelpful: UnhelpfulArticle[];
  /** The last search before each message to support. */
  beforeContact: Counted[];
  /** Articles read from the contact form, most read first: the messages they may have spared. */
  readFromContact: ReadFromContact[];
  /** Articles read in another language after nothing matched in the visitor's, most read first: translations to write. */
  readElsewhere: ReadElsewhere[];
  contacts: number;
  /** The "Suggested fixes" section. */
  suggestions: { aliases: AliasSuggestion[]; terms: TermSuggestion[] };
}

/** What the analyzer found before the suggestions are checked against the content. */
export interface Analysis extends Omit<Report, 'suggestions'> {
  aliases: AliasCandidate[];
  terms: TermCandidate[];
}

function counted(map: Map<string, number>, limit: number): Counted[] {
  return [...map].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, limit);
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * Takes events one at a time (so a million of them need not be in memory at once) and sums them
 * up with `finish()`.
 */
export class Analyzer {
  private events = 0;
  private skipped = 0;
  private first = Infinity;
  private last = -Infinity;
  private searchCount = 0;
  private contacts = 0;
  private readonly searches = new Map<string, number>();
  private readonly noResults = new Map<string, number>();
  private readonly beforeContact = new Map<string, number>();
  private readonly unhelpful = new Map<string, { count: number; reasons: Map<string, number>; queries: Map<string, number> }>();
  private readonly reformulations = new ReformulationTracker();
  private readonly readFromContact = new Map<string, { read: number; sentAnyway: number }>();
  /** Per tab, the articles read from the contact form since its last message. */
  private readonly readBeforeMessage = new Map<string, Set<string>>();
  /** Per tab, its last search that found nothing, and the language it was made in. */
  private readonly lastUnmatched = new Map<string, { query: string; locale?: string }>();
  private readonly readElsewhere = new Map<string, { slug: string; searchedIn: string; readIn: string; tabs: Set<string>; queries: Map<string, number> }>();

  add(event: AnalyticsEventRecord): void {
    this.events++;
    const time = Date.parse(event.time);
    if (time < this.first) this.first = time;
    if (time > this.last) this.last = time;
    const query = event.query ? normalize(event.query) : '';
    this.reformulations.add(event, time, query);
    switch (event.type) {
      case 'search':
        if (!query) break;
        this.searchCount++;
        bump(this.searches, query);
        break;
      case 'no-results':
        if (query) bump(this.noResults, query);
        if (query) this.lastUnmatched.set(event.tab, { query, locale: event.locale });
        break;
      case 'feedback': {
        if (event.helpful !== false || !event.slug) break;
        const entry = this.unhelpful.get(event.slug) ?? { count: 0, reasons: new Map(), queries: new Map() };
        entry.count++;
        bump(entry.reasons, event.reason || 'no reason given');
        if (query) bump(entry.queries, query);
        this.unhelpful.set(event.slug, entry);
        break;
      }
      case 'article': {
        const unmatched = this.lastUnmatched.get(event.tab);
        if (event.slug && unmatched && unmatched.query === query && unmatched.locale && event.locale && unmatched.locale !== event.locale) {
          const key = `${event.slug}\0${unmatched.locale}\0${event.locale}`;
          const entry = this.readElsewhere.get(key) ?? { slug: event.slug, searchedIn: unmatched.locale, readIn: event.locale, tabs: new Set(), queries: new Map() };
          this.readElsewhere.set(key, entry);
          // A visitor counts once per article, however often they go back to it.
          if (!entry.tabs.has(event.tab)) bump(entry.queries, query);
          entry.tabs.add(event.tab);
        }
        if (event.via !== 'contact' || !event.slug) break;
        const read = this.readBeforeMessage.get(event.tab) ?? new Set<string>();
        this.readBeforeMessage.set(event.tab, read);
        // A visitor counts once per article until they send: going back and forth is one reading.
        if (read.has(event.slug)) break;
        read.add(event.slug);
        const entry = this.readFromContact.get(event.slug) ?? { read: 0, sentAnyway: 0 };
        entry.read++;
        this.readFromContact.set(event.slug, entry);
        break;
      }
      case 'contact': {
        if (event.stage !== 'sent') break;
        this.contacts++;
        for (const slug of this.readBeforeMessage.get(event.tab) ?? []) this.readFromContact.get(slug)!.sentAnyway++;
        this.readBeforeMessage.delete(event.tab);
        bump(this.beforeContact, query || this.reformulations.lastSearch(event.tab) || '(no search)');
        break;
      }
    }
  }

  /** Counts a line that was not a valid event. */
  skip(): void {
    this.skipped++;
  }

  finish(limit = 10): Analysis {
    return {
      events: this.events,
      skipped: this.skipped,
      from: this.events ? new Date(this.first).toISOString() : undefined,
      to: this.events ? new Date(this.last).toISOString() : undefined,
      searches: this.searchCount,
      topSearches: counted(this.searches, limit),
      noResults: counted(this.noResults, limit),
      unhelpful: [...this.unhelpful]
        .map(([slug, e]) => ({ slug, count: e.count, reasons: counted(e.reasons, 5), queries: counted(e.queries, 5) }))
        .sort((a, b) => b.count - a.count || a.slug.localeCompare(b.slug))
        .slice(0, limit),
      beforeContact: counted(this.beforeContact, limit),
      readFromContact: [...this.readFromContact]
        .map(([slug, e]) => ({ slug, ...e }))
        .sort((a, b) => b.read - a.read || a.sentAnyway - b.sentAnyway || a.slug.localeCompare(b.slug))
        .slice(0, limit),
      readElsewhere: [...this.readElsewhere.values()]
        .map(({ slug, searchedIn, readIn, tabs, queries }) => ({ slug, searchedIn, readIn, read: tabs.size, queries: counted(queries, 5) }))
        .sort((a, b) => b.read - a.read || a.slug.localeCompare(b.slug) || a.searchedIn.localeCompare(b.searchedIn))
        .slice(0, limit),
      contacts: this.contacts,
      aliases: this.reformulations.aliases(),
      terms: this.reformulations.terms(),
    };
  }
}

/** The analysis of a list of events, for code that has them in memory. */
export function analyze(events: AnalyticsEventRecord[], limit = 10): Analysis {
  const analyzer = new Analyzer();
  for (const event of events) analyzer.add(event);
  return analyzer.finish(limit);
}
