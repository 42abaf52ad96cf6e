import type { AnalyticsEventRecord } from '../../src/analytics-event.ts';
import { editDistance } from '../diagnostics.ts';

/**
 * How long after a failed wording a successful search still counts as the same need. Long enough
 * to read a list of results and try again, short enough not to tie unrelated visits together.
 */
export const REFORMULATION_WINDOW_MS = 5 * 60 * 1000;
/** Failed wordings kept per tab: a forged stream of searches cannot grow memory past this. */
const MAX_PENDING = 8;

/** Queries are compared lower-cased with their spaces tidied: "GPRR " and "gprr" are one search. */
export function normalize(query: string): string {
  const trimmed = query.trim();
  // Most queries have single spaces: skip the replace (it runs on every event of a million).
  return (/\s\s|[^\S ]/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed).toLowerCase();
}

/** A code a visitor typed, like `ZZQP` or `E-2210`: capitals and digits, no lower-case letters. */
export const isCodeLike = (query: string) => /^(?=.*[A-Z])[A-Z0-9]+(?:[-_./][A-Z0-9]+)*$/.test(query.trim()) && query.trim().length >= 3;

/** A wording that failed one visitor and another wording that then found the article they read. */
export interface AliasCandidate {
  slug: string;
  /** The failed wording, normalized; `variants` has the near-identical ones merged into it. */
  wording: string;
  variants: string[];
  /** Tabs that went from this wording (or a variant) to this article. */
  visitors: number;
  /** Of those, how many said the article helped. */
  helpful: number;
  /** The wordings that then found the article, most common first. */
  foundWith: string[];
  locale?: string;
}

export interface TermCandidate {
  /** As typed (codes are written in capitals). */
  term: string;
  visitors: number;
}

interface Attempt {
  wording: string;
  time: number;
  /** Results found; undefined until the `results` or `no-results` event. */
  found?: number;
  opened: boolean;
}

interface TabState {
  attempt?: Attempt;
  /** The tab's last settled search, for "searches before people contacted support". */
  lastSearch?: string;
  failed?: Attempt[];
  /** Proposals this tab supports: slug → failed wordings; dropped if the article is marked unhelpful. */
  proposals?: Map<string, { wordings: Set<string>; foundWith: string; helpful: boolean; locale?: string }>;
  /** Codes this tab searched for and found nothing. */
  codes?: Set<string>;
}

/**
 * Follows each tab's searches in order and collects the reformulations: a wording that found
 * nothing (or nothing anyone opened), then, within a few minutes, another wording that led to an
 * article read and not marked unhelpful.
 */
export class ReformulationTracker {
  private readonly tabs = new Map<string, TabState>();

  /** `wording` is the event's query, normalized (the caller has it already). */
  add(event: AnalyticsEventRecord, time: number, wording: string): void {
    let tab = this.tabs.get(event.tab);
    if (!tab) {
      tab = {};
      this.tabs.set(event.tab, tab);
    }
    switch (event.type) {
      case 'search': {
        if (!wording) break;
        tab.lastSearch = wording;
        const previous = tab.attempt;
        if (previous?.wording === wording) break;
        if (previous && !previous.opened) {
          (tab.failed ??= []).push(previous);
          if (tab.failed.length > MAX_PENDING) tab.failed.shift();
        }
        tab.attempt = { wording, time, opened: false };
        break;
      }
      case 'results':
      case 'no-results':
        if (tab.attempt && tab.attempt.wording === wording) tab.attempt.found = event.type === 'results' ? (event.count ?? 0) : 0;
        if (event.type === 'no-results' || event.count === 0) {
          const code = event.query?.trim() ?? '';
          if (isCodeLike(code)) (tab.codes ??= new Set()).add(code);
        }
        break;
      case 'article':
        if (wording && event.slug) this.found(tab, wording, event.slug, time, event.locale);
        break;
      case 'feedback': {
        const proposal = event.slug ? tab.proposals?.get(event.slug) : undefined;
        if (!proposal) break;
        if (event.helpful === false) tab.proposals!.delete(event.slug!);
        else if (event.helpful) proposal.helpful = true;
        break;
      }
    }
  }

  /** An article opened from the results of `wording`: the tab's recent failed wordings led here. */
  private found(tab: TabState, wording: string, slug: string, time: number, locale?: string) {
    const success = tab.attempt?.wording === wording ? tab.attempt : undefined;
    if (success) success.opened = true;
    const at = success?.time ?? time;
    if (!tab.failed) return;
    const failed = tab.failed.filter((f) => f.wording !== wording && at - f.time >= 0 && at - f.time <= REFORMULATION_WINDOW_MS && !stillTyping(f.wording, wording));
    tab.failed = undefined;
    if (!failed.length) return;
    tab.proposals ??= new Map();
    const proposal = tab.proposals.get(slug) ?? { wordings: new Set<string>(), foundWith: wording, helpful: false, locale };
    for (const f of failed) proposal.wordings.add(f.wording);
    tab.proposals.set(slug, proposal);
  }

  /** The last search of a tab, if any. */
  lastSearch(tab: string): string | undefined {
    return this.tabs.get(tab)?.lastSearch;
  }

  /** Every proposal with the tabs that support it, near-identical wordings merged, most visitors first. */
  aliases(): AliasCandidate[] {
    const bySlug = new Map<string, Map<string, { visitors: number; helpful: number; foundWith: Map<string, number>; locale?: string }>>();
    for (const tab of this.tabs.values()) {
      for (const [slug, proposal] of tab.proposals ?? []) {
        const wordings = bySlug.get(slug) ?? new Map();
        bySlug.set(slug, wordings);
        for (const wording of proposal.wordings) {
          const entry = wordings.get(wording) ?? { visitors: 0, helpful: 0, foundWith: new Map(), locale: proposal.locale };
          entry.visitors++;
          if (proposal.helpful) entry.helpful++;
          entry.foundWith.set(proposal.foundWith, (entry.foundWith.get(proposal.foundWith) ?? 0) + 1);
          wordings.set(wording, entry);
        }
      }
    }
    const candidates: AliasCandidate[] = [];
    for (const [slug, wordings] of bySlug) {
      const groups: AliasCandidate[] = [];
      const foundWith = new Map<AliasCandidate, Map<string, number>>();
      const ranked = [...wordings].sort((a, b) => b[1].visitors - a[1].visitors || a[0].localeCompare(b[0]));
      for (const [wording, entry] of ranked) {
        // "wierd charge" joins "weird charge": a writer adds the common spelling, the search forgives typos.
        let group = groups.find((g) => nearlyIdentical(g.wording, wording));
        if (group) group.variants.push(wording);
        else groups.push((group = { slug, wording, variants: [], visitors: 0, helpful: 0, foundWith: [], locale: entry.locale }));
        group.visitors += entry.visitors;
        group.helpful += entry.helpful;
        const counts = foundWith.get(group) ?? new Map<string, number>();
        for (const [w, n] of entry.foundWith) counts.set(w, (counts.get(w) ?? 0) + n);
        foundWith.set(group, counts);
      }
      for (const group of groups) group.foundWith = [...foundWith.get(group)!].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([w]) => w).slice(0, 3);
      candidates.push(...groups);
    }
    return candidates.sort((a, b) => b.visitors - a.visitors || b.helpful - a.helpful || a.wording.localeCompare(b.wording) || a.slug.localeCompare(b.slug));
  }

  /** Codes that found nothing, by how many tabs searched for them. */
  terms(): TermCandidate[] {
    const counts = new Map<string, number>();
    for (const tab of this.tabs.values()) for (const code of tab.codes ?? []) counts.set(code, (counts.get(code) ?? 0) + 1);
    return [...counts].map(([term, visitors]) => ({ term, visitors })).sort((a, b) => b.visitors - a.visitors || a.term.localeCompare(b.term));
  }
}

/**
 * "pas" or "pay" before "pay my bill": typing paused before the visitor had finished, so the first
 * wording is no alias.
 */
const stillTyping = (failed: string, success: string) => success.startsWith(failed);

/** One slip of the keyboard apart ("weird"/"wierd"), two for long wordings. */
function nearlyIdentical(a: string, b: string): boolean {
  const shorter = Math.min(a.length, b.length);
  if (shorter < 4 || Math.abs(a.length - b.length) > 2) return false;
  return editDistance(a, b) <= (shorter >= 10 ? 2 : 1);
}
