import { describe, expect, it } from 'vitest';
import type { SearchResponse } from '../../../src/open-index.ts';
import { searchDisplay } from '../../../widget/app/options.ts';
import { initialState, reduce, type Action, type State } from '../../../widget/app/reducer.ts';

const article = (slug: string) => ({ slug, title: slug, description: `About ${slug}.` });
const response = (query: string, slugs: string[], extra: Partial<SearchResponse> = {}): SearchResponse => ({
  query,
  tokens: [],
  results: slugs.map((slug) => ({ ...article(slug), url: `#help/${slug}`, sections: [], excerpt: '', score: 1 })),
  ...extra,
});
const ready: Action = { type: 'indexReady', contentLocale: 'en', suggestions: [article('a/suggested')], contextual: true, popular: [article('a/popular')] };
const run = (...actions: Action[]): State => actions.reduce(reduce, reduce(initialState('en'), ready));

describe('searchDisplay (issue #12: "no results" only when it is true)', () => {
  it('shows the suggestions before anything is typed', () => {
    expect(searchDisplay(run())).toMatchObject({ kind: 'suggestions', noResults: false, pending: false });
  });

  it('never says "no results" for a single letter', () => {
    const state = run({ type: 'queryChanged', query: 'G', typing: true }, { type: 'resultsArrived', response: response('G', []) }, { type: 'typingPaused' });
    expect(searchDisplay(state)).toMatchObject({ kind: 'suggestions', noResults: false });
  });

  it('keeps the previous results while the next query is on its way, and while typing goes on', () => {
    const typed = run({ type: 'queryChanged', query: 'refu', typing: true }, { type: 'resultsArrived', response: response('refu', ['billing/refunds']) }, { type: 'queryChanged', query: 'refun', typing: true });
    expect(searchDisplay(typed)).toMatchObject({ kind: 'results', pending: true, noResults: false });
    expect(searchDisplay(typed).options[0].slug).toBe('billing/refunds');
    const empty = reduce(typed, { type: 'resultsArrived', response: response('refun', []) });
    expect(searchDisplay(empty)).toMatchObject({ kind: 'results', pending: true, noResults: false });
    // Typing paused on a query with no results: now it is true.
    expect(searchDisplay(reduce(empty, { type: 'typingPaused' }))).toMatchObject({ kind: 'popular', noResults: true });
  });

  it('shows the description in an article’s row when a section’s row below shows its excerpt, else its title alone', () => {
    const section = (anchor: string, excerpt: string) => ({ anchor, heading: anchor, url: `#help/a/steps#${anchor}`, excerpt });
    const result = (excerpt: string, sections: ReturnType<typeof section>[]) => ({ slug: 'a/steps', title: 'Steps', description: 'What the steps are.' as string | undefined, url: '#help/a/steps', excerpt, section: sections[0], sections, score: 1 });
    const rows = (r: ReturnType<typeof result>) => searchDisplay(run({ type: 'queryChanged', query: 'turn on', typing: false }, { type: 'resultsArrived', response: { query: 'turn on', tokens: [], results: [r] } })).options.map((o) => o.textHtml);
    // An h2 whose h3 shows the steps: the article's row says what it is, the h3's shows them.
    expect(rows(result('Go to <mark>Settings</mark>.', [section('on', ''), section('ios', 'Go to <mark>Settings</mark>.')]))).toEqual(['What the steps are.', '', 'Go to <mark>Settings</mark>.']);
    // The best section's own passage, as before.
    expect(rows(result('Go to <mark>Settings</mark>.', [section('on', 'Go to <mark>Settings</mark>.')]))[0]).toBe('What the steps are.');
    // A section not shown (the third), or an excerpt no row shows: the excerpt.
    expect(rows(result('Third.', [section('a', 'One.'), section('b', 'Two.'), section('c', 'Third.')]))[0]).toBe('Third.');
    expect(rows(result('', [section('on', '')]))[0]).toBe('');
    // No description to say what it is: the article's row is its title alone, the passage once, in its section's row.
    expect(rows({ ...result('Go.', [section('on', 'Go.')]), description: undefined })).toEqual(['', 'Go.']);
    expect(rows({ ...result('Go.', [section('on', 'Other.')]), description: undefined })[0]).toBe('Go.');
  });

  it('binds the mark that sets rows apart to the word after it, so a clamped passage never ends on it', () => {
    const section = { anchor: 'other', heading: 'Other ways', url: '#help/a/pay#other', excerpt: 'Call 611. It is free. · Right away · Store' };
    const result = { slug: 'a/pay', title: 'Pay', url: '#help/a/pay', excerpt: 'Phone · Call', section, sections: [section], score: 1 };
    const state = run({ type: 'queryChanged', query: 'pay', typing: false }, { type: 'resultsArrived', response: { query: 'pay', tokens: [], results: [result] } });
    expect(searchDisplay(state).options.map((o) => o.textHtml)).toEqual(['Phone ·\u00a0Call', 'Call 611. It is free. ·\u00a0Right away ·\u00a0Store']);
  });

  it('puts the instant answer first in the list, opening its section', () => {
    const answer = { term: 'GPRR', definition: 'Roaming data.', slug: 'billing/bill-codes', title: 'Bill codes', anchor: 'charge-codes', url: '#help/billing/bill-codes#charge-codes' };
    const state = run({ type: 'queryChanged', query: 'GPRR', typing: false }, { type: 'resultsArrived', response: response('GPRR', ['billing/bill-codes'], { answer }) });
    const { options } = searchDisplay(state);
    expect(options[0]).toMatchObject({ id: 'ss-option-answer', slug: 'billing/bill-codes', anchor: 'charge-codes', answer: { term: 'GPRR' } });
    expect(options).toHaveLength(2);
  });

  it('treats a corrected answer as stale once the visitor asks for the exact words', () => {
    const corrected = response('refnud', ['billing/refunds'], { corrected: { query: 'refund', words: ['refund'] } });
    const state = run({ type: 'queryChanged', query: 'refnud', typing: false }, { type: 'resultsArrived', response: corrected });
    expect(searchDisplay(state)).toMatchObject({ kind: 'results', pending: false });
    expect(searchDisplay(reduce(state, { type: 'queryChanged', query: 'refnud', typing: false, exact: true }))).toMatchObject({ pending: true });
  });
});

describe('reduce', () => {
  it('keeps the view when the panel closes, so reopening returns there', () => {
    const state = run({ type: 'articleRequested', slug: 'billing/refunds' }, { type: 'closed' });
    expect(state.open).toBe(false);
    expect(state.view).toMatchObject({ kind: 'article', slug: 'billing/refunds' });
  });

  it('ignores an article that arrives after another was asked for', () => {
    const state = run({ type: 'articleRequested', slug: 'a' }, { type: 'articleRequested', slug: 'b' });
    expect(reduce(state, { type: 'articleArrived', view: { kind: 'article', slug: 'a', query: '', words: [], status: 'ready' } })).toBe(state);
  });
});

describe('searchDisplay while typing past results not loaded yet (issue #12)', () => {
  it('keeps the previous results, marked pending, until the titles of the new ones arrive', () => {
    const shown = run({ type: 'queryChanged', query: 'refund', typing: true }, { type: 'resultsArrived', response: response('refund', ['billing/refunds']) });
    const typed = reduce(shown, { type: 'queryChanged', query: 'refund t', typing: true });
    const unloaded = reduce(typed, { type: 'resultsArrived', response: response('refund t', [], { unloaded: true }) });
    expect(searchDisplay(unloaded)).toMatchObject({ kind: 'results', pending: true, noResults: false, response: { query: 'refund' } });
    // Even once typing pauses: the results are there, only their titles are still on their way.
    expect(searchDisplay(reduce(unloaded, { type: 'typingPaused' }))).toMatchObject({ kind: 'results', pending: true, noResults: false });
  });
});
