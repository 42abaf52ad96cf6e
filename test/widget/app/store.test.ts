// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from 'vitest';
import type { HelpIndex } from '../../../src/open-index.ts';
import { SelfserveIndexError } from '../../../src/errors.ts';
import { createStore, PASSAGE_LENGTH, passageLengthFor, PAUSE_MS, REFERENCE_CHAR_WIDTH, SETTLE_MS, STALL_MS } from '../../../widget/app/store.ts';
import { DEFAULTS } from '../../../widget/config.ts';
import { createEmitter } from '../../../widget/events.ts';
import { manualClock } from '../../helpers/clock.ts';
import { openIndex } from '../../../src/node/index.ts';
import { buildIndexFolder } from '../../helpers/build.ts';
import { article, tempFolder } from '../../helpers/content.ts';
import { fixtureIndex } from './fixture.ts';

let index: HelpIndex;
beforeAll(async () => {
  index = await fixtureIndex();
});

/** `index`, telling `seen` the arguments of each call of `method` before making it. */
function watching(index: HelpIndex, method: 'search' | 'article', seen: (...args: unknown[]) => void): HelpIndex {
  return new Proxy(index, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return key === method ? (...args: unknown[]) => (seen(...args), value.apply(target, args)) : value.bind(target);
    },
  });
}

function setup(open = (_: string) => Promise.resolve(index), pathname = '/account/bill', listWidth?: () => number, charWidth?: (locale: string) => number) {
  const emitter = createEmitter();
  const events: string[] = [];
  for (const name of ['open', 'close', 'search', 'results', 'article', 'feedback'] as const) emitter.on(name, (d) => events.push(`${name} ${JSON.stringify(d)}`));
  const pushed: string[] = [];
  const location = { pathname, hash: '', href: `https://shop.example${pathname}` };
  const history = {
    state: null as unknown,
    pushState(state: unknown, _: string, url: string) {
      this.state = state;
      pushed.push(url);
      location.hash = url;
    },
    replaceState(state: unknown, _: string, url: string) {
      this.state = state;
      location.hash = new URL(url, location.href).hash;
    },
    back() {
      pushed.push('back');
      location.hash = '';
    },
  };
  const clock = manualClock();
  const opened: boolean[] = [];
  const store = createStore({ config: DEFAULTS, emitter, open, location, history: history as unknown as History, clock, onOpenChange: (o) => opened.push(o), listWidth, charWidth });
  return { store, events, pushed, location, clock, opened };
}

describe('createStore', () => {
  it('loads the index on open and suggests the articles meant for the current page', async () => {
    const { store, events, opened } = setup();
    store.open();
    expect(store.get().index).toBe('loading');
    await store.preload();
    expect(store.get().index).toBe('ready');
    expect(store.get().suggestions.map((a) => a.slug)).toEqual(['billing/bill-codes']);
    expect(store.get().contextual).toBe(true);
    expect(events).toEqual(['open {}']);
    expect(opened).toEqual([true]);
    store.close();
    expect(opened).toEqual([true, false]);
    expect(store.isOpen()).toBe(false);
  });

  it('calls the popular articles popular on a page no article names', async () => {
    const { store } = setup(undefined, '/somewhere/else');
    store.open();
    await store.preload();
    expect(store.get().suggestions.length).toBeGreaterThan(0);
    expect(store.get().contextual).toBe(false);
  });

  it('searches as the query changes and drops answers to older queries', async () => {
    const { store, clock } = setup();
    store.open();
    const first = store.setQuery('refund');
    const second = store.setQuery('GPRR');
    await Promise.all([first, second]);
    expect(store.get().response?.query).toBe('GPRR');
    clock.advance(PAUSE_MS);
    await store.settled();
    expect(store.get().response?.query).toBe('GPRR');
    expect(store.get().response?.answer?.term).toBe('GPRR');
  });

  it('drops an answer that arrives after the answer to a newer query', async () => {
    let release!: () => void;
    const late = new Promise<void>((resolve) => (release = resolve));
    // An index that answers "ref" last, whatever the abort signal says.
    const started: string[] = [];
    const slow = new Proxy(index, {
      get(target, key) {
        const value = Reflect.get(target, key);
        if (key !== 'search') return typeof value === 'function' ? value.bind(target) : value;
        return async (query: string, options: object) => {
          started.push(query);
          const response = await target.search(query, { ...options, signal: undefined });
          if (query === 'ref') await late;
          return response;
        };
      },
    });
    const { store } = setup(() => Promise.resolve(slow));
    store.open();
    await store.preload();
    const older = store.setQuery('ref');
    await expect.poll(() => started).toEqual(['ref']);
    await store.setQuery('refund');
    release();
    await older;
    expect(store.get().response?.query).toBe('refund');
  });

  it('says search is unavailable only once the finished query fails, not for a keystroke', async () => {
    const failing = new Proxy(index, {
      get(target, key) {
        const value = Reflect.get(target, key);
        if (key === 'search') return () => Promise.reject(new SelfserveIndexError('network', 'en/terms/x.json', 'en/terms/x.json answered 500'));
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const { store, clock } = setup(() => Promise.resolve(failing));
    store.open();
    await store.preload();
    await store.setQuery('refund');
    expect(store.get().index).toBe('ready');
    clock.advance(PAUSE_MS);
    await store.settled();
    expect(store.get().index).toBe('error');
    expect(store.get().indexError).toMatch(/answered 500/);
  });

  it('leaves a key superseded before its frame was painted unsearched', async () => {
    const searched: string[] = [];
    const spied = watching(index, 'search', (query) => searched.push(query as string));
    const { store } = setup(() => Promise.resolve(spied));
    store.open();
    await store.preload();
    void store.setQuery('r');
    void store.setQuery('re');
    await store.setQuery('ref');
    expect(searched).toEqual(['ref']);
  });

  it('fetches the titles of results only once typing pauses, or at once when they are loaded', async () => {
    const { store, clock } = setup(fixtureIndex);
    store.open();
    await store.setQuery('GPRR');
    // Keys in quick succession: ranked, but their titles are not fetched for results about to change.
    expect(store.get().response).toMatchObject({ query: 'GPRR', results: [], unloaded: true });
    clock.advance(PAUSE_MS);
    await store.settled();
    expect(store.get().response?.unloaded).toBeUndefined();
    expect(store.get().response?.results[0].slug).toBe('billing/bill-codes');
    // Typed again, the same results show at once: their titles are loaded now.
    await store.setQuery('GPR');
    await store.setQuery('GPRR');
    expect(store.get().response?.unloaded).toBeUndefined();
    expect(store.get().response?.results[0].slug).toBe('billing/bill-codes');
  });

  it('searches a query still being typed as finished when asked to (Enter before the pause)', async () => {
    const { store } = setup(fixtureIndex);
    store.open();
    await store.setQuery('refund');
    expect(store.get().response?.unloaded).toBe(true);
    await store.finish();
    expect(store.get().response?.results.length).toBeGreaterThan(0);
    expect(store.get().paused).toBe(true);
  });

  it('aborts the search a newer keystroke superseded', async () => {
    const signals: AbortSignal[] = [];
    const spied = watching(index, 'search', (_, options) => signals.push((options as { signal: AbortSignal }).signal));
    const { store } = setup(() => Promise.resolve(spied));
    store.open();
    await store.preload();
    void store.setQuery('ref');
    // Its search is under way (the key has been painted): then the next key arrives.
    await expect.poll(() => signals.length).toBe(1);
    await store.setQuery('refund');
    expect(signals.map((signal) => signal.aborted)).toEqual([true, false]);
    expect(store.get().response?.query).toBe('refund');
  });

  it('lists results with their passages at once, from the cards that bring their titles', async () => {
    const { store, clock } = setup();
    store.open();
    await store.preload();
    for (const q of ['r', 're', 'ref', 'refu', 'refund']) await store.setQuery(q);
    clock.advance(PAUSE_MS);
    await store.settled();
    const { response } = store.get();
    expect(response?.results.length).toBeGreaterThan(0);
    expect(response?.partial).toBeUndefined();
    expect(response?.results[0].excerpt).toContain('<mark>');
  });

  /** The passage lengths a search for "refund" asked for, with the list `listWidth` wide, and the store. */
  async function passageLengthsAsked(listWidth?: () => number, charWidth?: (locale: string) => number) {
    const asked: unknown[] = [];
    const spied = watching(index, 'search', (_query, options) => asked.push((options as { passageLength?: number }).passageLength));
    const { store, clock } = setup(() => Promise.resolve(spied), '/account/bill', listWidth, charWidth);
    store.open();
    await store.preload();
    await store.setQuery('refund');
    clock.advance(PAUSE_MS);
    await store.settled();
    return { asked, store };
  }

  it('asks for passages as long as the list’s two lines show', async () => {
    const { asked, store } = await passageLengthsAsked();
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked)).toEqual(new Set([PASSAGE_LENGTH]));
    const passages = store.get().response!.results.flatMap((r) => [r.excerpt, ...r.sections.map((s) => s.excerpt)]).filter(Boolean);
    expect(passages.length).toBeGreaterThan(0);
    for (const html of passages) expect(html.replace(/<\/?mark>/g, '').replace(/&[a-z#0-9]+;/g, '_').replace(/…/g, '').length).toBeLessThanOrEqual(PASSAGE_LENGTH);
  });

  it('asks for passages as long as the list is wide: shorter on a phone, as long as the API gives in a wide page', async () => {
    expect(passageLengthFor(419)).toBe(PASSAGE_LENGTH);
    expect(PASSAGE_LENGTH).toBe(85);
    expect(passageLengthFor(320)).toBe(60);
    expect(passageLengthFor(390)).toBe(78);
    expect(passageLengthFor(1200)).toBe(180);
    expect(passageLengthFor(120)).toBe(30);
    expect(passageLengthFor(0)).toBe(PASSAGE_LENGTH);
    const { asked } = await passageLengthsAsked(() => 320);
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked)).toEqual(new Set([60]));
  });

  it('asks for fewer characters in a wider font, measured in the language searched', async () => {
    // Japanese characters are about twice as wide as help text in Latin letters; a monospace font a quarter wider.
    expect(passageLengthFor(419, REFERENCE_CHAR_WIDTH)).toBe(PASSAGE_LENGTH);
    expect(passageLengthFor(419, 2 * REFERENCE_CHAR_WIDTH)).toBe(42);
    expect(passageLengthFor(419, 8.1)).toBe(68);
    expect(passageLengthFor(419, 5.5)).toBe(100);
    const locales: string[] = [];
    const { asked } = await passageLengthsAsked(undefined, (locale) => (locales.push(locale), 8.1));
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked)).toEqual(new Set([68]));
    expect(new Set(locales)).toEqual(new Set(['en']));
  });

  it('fetches the article of the option made active, so choosing it opens at once', async () => {
    const fetched: string[] = [];
    const spied = watching(index, 'article', (slug) => fetched.push(slug as string));
    const { store } = setup(() => Promise.resolve(spied));
    store.open();
    await store.preload();
    store.setActive(0);
    store.setActive(1, 'billing/bill-codes');
    await expect.poll(() => fetched).toEqual(['billing/bill-codes']);
    expect(store.get().active).toBe(1);
  });

  it('reports the settled query, not every keystroke', async () => {
    const { store, events, clock } = setup();
    store.open();
    for (const q of ['r', 're', 'ref', 'refund']) void store.setQuery(q);
    await store.settled();
    // Typing pauses: the query is searched as finished, and reported once it settles.
    clock.advance(PAUSE_MS);
    await store.settled();
    expect(events.filter((e) => e.startsWith('search'))).toEqual([]);
    clock.advance(SETTLE_MS - PAUSE_MS);
    const count = store.get().response!.results.length;
    expect(events.filter((e) => e.startsWith('search') || e.startsWith('results'))).toEqual(['search {"query":"refund"}', `results {"query":"refund","count":${count}}`]);
  });

  it('reports a search once when an article is opened before typing pauses', async () => {
    const { store, events, clock } = setup();
    store.open();
    await store.setQuery('refund');
    await store.openArticle('billing/refunds');
    clock.advance(SETTLE_MS);
    await store.settled();
    clock.advance(SETTLE_MS);
    expect(events.filter((e) => e.startsWith('search'))).toEqual(['search {"query":"refund"}']);
  });

  it('knows when typing paused, and when a search stalls', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { store, clock } = setup(() => gate.then(() => index));
    store.open();
    void store.setQuery('refund');
    expect(store.get().paused).toBe(false);
    clock.advance(PAUSE_MS);
    // Paused, and searched again as a finished query: paused once that answer is in.
    expect(store.get().paused).toBe(false);
    expect(store.get().stalled).toBe(false);
    clock.advance(STALL_MS);
    expect(store.get().stalled).toBe(true);
    release();
    await store.settled();
    expect(store.get().paused).toBe(true);
    expect(store.get().stalled).toBe(false);
    // A query set by the page is final at once.
    void store.search('GPRR');
    expect(store.get().paused).toBe(true);
  });

  it('searches exactly what was typed when asked, and says what a typo was read as otherwise', async () => {
    const { store, clock } = setup();
    store.open();
    await store.setQuery('refnud');
    // The word at the caret may be unfinished: no typo is looked for until typing pauses.
    expect(store.get().response?.corrected).toBeUndefined();
    clock.advance(PAUSE_MS);
    await store.settled();
    expect(store.get().response?.corrected?.words).toEqual(['refund']);
    await store.searchExactly();
    expect(store.get().exact).toBe(true);
    expect(store.get().response?.corrected).toBeUndefined();
    expect(store.get().response?.results).toEqual([]);
  });

  it('opens an article with a history entry and goes back', async () => {
    const { store, pushed, events } = setup();
    await store.openArticle('billing/refunds', 'credit-or-refund');
    const view = store.get().view;
    expect(view.kind === 'article' && view.status).toBe('ready');
    expect(pushed).toEqual(['#help/billing/refunds#credit-or-refund']);
    expect(events).toContain('article {"slug":"billing/refunds","anchor":"credit-or-refund"}');
    store.back();
    expect(store.get().view.kind).toBe('search');
    expect(pushed.at(-1)).toBe('back');
  });

  it('goes back from an article the contact form offered to the message, through its links and Back alike', async () => {
    const { store, pushed, events } = setup();
    await store.search('refund');
    await store.openArticle('billing/refunds');
    store.showContact();
    await store.openArticle('billing/bill-codes');
    // Not found by the query typed before: none to highlight or report, and said where it came from.
    expect(store.get().view).toMatchObject({ kind: 'article', slug: 'billing/bill-codes', query: '', words: [], returnTo: { kind: 'contact' } });
    expect(events.filter((e) => e.startsWith('article '))).toEqual(['article {"slug":"billing/refunds","query":"refund"}', 'article {"slug":"billing/bill-codes","via":"contact"}']);
    // A link in it, followed: Back still returns to the message.
    await store.openArticle('billing/refunds');
    store.back();
    expect(pushed.at(-1)).toBe('back');
    // The message, whose own Back still goes where it was written from.
    expect(store.get().view).toMatchObject({ kind: 'contact', from: { kind: 'article', slug: 'billing/refunds' } });
    store.leaveContact();
    expect(store.get().view).toMatchObject({ kind: 'article', slug: 'billing/refunds' });
    // "Continue your message" there is the same message, whose Back leads where it did.
    store.showContact();
    await store.openArticle('billing/bill-codes');
    store.showContact();
    expect(store.get().view).toMatchObject({ kind: 'contact', from: { kind: 'article', slug: 'billing/refunds' } });
    // The browser's Back button too.
    await store.openArticle('billing/bill-codes');
    await store.route('');
    expect(store.get().view.kind).toBe('contact');
    // From the results, Back is to the results, as before.
    store.leaveContact();
    store.back();
    expect(store.get().view.kind).toBe('search');
  });

  it('returns to the article it was closed on', async () => {
    const { store, location } = setup();
    await store.openArticle('billing/refunds');
    store.close();
    expect(location.hash).toBe('');
    store.open();
    expect(store.get().view).toMatchObject({ kind: 'article', slug: 'billing/refunds', status: 'ready' });
    expect(location.hash).toBe('#help/billing/refunds');
  });

  it('follows Back and Forward through route()', async () => {
    const { store } = setup();
    await store.route('#help/billing/refunds');
    expect(store.get().open).toBe(true);
    expect(store.get().view).toMatchObject({ kind: 'article', slug: 'billing/refunds' });
    await store.route('');
    expect(store.get().view.kind).toBe('search');
  });

  it('shows an error when the index cannot load, and retries', async () => {
    let fail = true;
    const { store } = setup(() => (fail ? Promise.reject(new SelfserveIndexError('network', '/help/manifest.json', 'offline')) : Promise.resolve(index)));
    const warn = console.warn;
    console.warn = () => {};
    try {
      store.open();
      await store.preload();
      expect(store.get()).toMatchObject({ index: 'error', indexError: 'selfserve: offline' });
      fail = false;
      await store.retry();
      expect(store.get().index).toBe('ready');
    } finally {
      console.warn = warn;
    }
  });

  it('tells a missing article (an old link) from one that failed to load', async () => {
    const { store } = setup();
    await store.openArticle('nope');
    expect(store.get().view).toMatchObject({ kind: 'article', status: 'missing' });
    const warn = console.warn;
    console.warn = () => {};
    try {
      const broken = setup(() => Promise.reject(new Error('offline'))).store;
      await broken.openArticle('billing/refunds');
      expect(broken.get().view).toMatchObject({ kind: 'article', status: 'error' });
    } finally {
      console.warn = warn;
    }
  });

  it('records feedback with or without a reason, and asks why before recording a No', () => {
    const { store, events } = setup();
    store.askWhy('billing/refunds');
    expect(store.get().feedback['billing/refunds']).toBe('asking');
    expect(events.filter((e) => e.startsWith('feedback'))).toEqual([]);
    store.feedback('billing/refunds', false);
    expect(store.get().feedback['billing/refunds']).toBe('not-helpful');
    expect(events.filter((e) => e.startsWith('feedback'))).toEqual(['feedback {"slug":"billing/refunds","helpful":false}']);
  });
});

describe('other languages, when nothing matches in the visitor’s', () => {
  let folder: string;
  beforeAll(async () => {
    const content = await tempFolder({
      'billing/pay.md': article('title: Pay your bill\ndescription: Ways to pay.', 'Pay by card or bank transfer.\n'),
      'es/billing/pay.md': article('title: Paga tu factura\ndescription: Formas de pago.', 'Paga la factura con tarjeta. Tarifas de roaming en la factura.\n\n## Notificaciones\n\nUn aviso antes de cada pago.\n'),
      'fr/billing/pay.md': article('title: Payer votre facture\ndescription: Moyens de paiement.', 'Payez par carte. Tarifs de roaming sur la facture.\n'),
    });
    folder = await buildIndexFolder(content);
  });
  const storeFor = (languages: string[]) =>
    createStore({ config: DEFAULTS, emitter: createEmitter(), open: (_, locale) => openIndex(folder, { locale }), location: { pathname: '/', hash: '', href: 'https://shop.example/' }, clock: manualClock(), languages });

  it('finds the articles of another language that match what was typed', async () => {
    const found = await storeFor(['en-US']).elsewhere('factura');
    expect(found).toEqual({ locale: 'es', results: [expect.objectContaining({ slug: 'billing/pay', title: 'Paga tu factura' })] });
    expect(await storeFor(['en-US']).elsewhere('hovercraft')).toBeUndefined();
  });

  it('tries the visitor’s own languages first, then the others', async () => {
    // "roaming" is in the Spanish and the French article alike.
    expect((await storeFor(['fr-CA', 'en']).elsewhere('roaming'))?.locale).toBe('fr');
    expect((await storeFor(['en']).elsewhere('roaming'))?.locale).toBe('es');
  });

  it('switches to that language with the index it searched, not a second one', async () => {
    const opened: string[] = [];
    const store = createStore({
      config: DEFAULTS, emitter: createEmitter(), location: { pathname: '/', hash: '', href: 'https://shop.example/' }, clock: manualClock(), languages: ['en'],
      open: (_, locale) => (opened.push(locale), openIndex(folder, { locale })),
    });
    await store.setQuery('factura');
    const found = await store.elsewhere('factura');
    store.switchLocale(found!.locale, found!.results[0].slug);
    await expect.poll(() => store.get().response?.results.map((r) => r.title)).toEqual(['Paga tu factura']);
    expect(opened).toEqual(['en', 'es']);
  });

  it('does not look for words that mean nothing in the visitor’s language', async () => {
    // "not" begins a Spanish heading, but an English visitor typed no word yet.
    const spanish = await openIndex(folder, { locale: 'es' });
    expect((await spanish.search('not')).results.map((r) => r.title)).toEqual(['Paga tu factura']);
    expect(await storeFor(['en']).elsewhere('not')).toBeUndefined();
  });

  it('does not guess typos in a language the visitor did not type in', async () => {
    // One letter off: the Spanish index itself would take it for "factura".
    const spanish = await openIndex(folder, { locale: 'es' });
    expect((await spanish.search('facfura')).results.map((r) => r.title)).toEqual(['Paga tu factura']);
    expect(await storeFor(['en']).elsewhere('facfura')).toBeUndefined();
  });
});
