// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from 'vitest';
import type { HelpIndex } from '../../../src/open-index.ts';
import { SelfserveIndexError } from '../../../src/errors.ts';
import { createStore } from '../../../widget/app/store.ts';
import { DEFAULTS } from '../../../widget/config.ts';
import { createEmitter } from '../../../widget/events.ts';
import { fixtureIndex } from './fixture.ts';

let index: HelpIndex;
beforeAll(async () => {
  index = await fixtureIndex();
});

function setup(open = (_: string) => Promise.resolve(index)) {
  const emitter = createEmitter();
  const events: string[] = [];
  for (const name of ['open', 'close', 'search', 'results', 'article'] as const) emitter.on(name, (d) => events.push(`${name} ${JSON.stringify(d)}`));
  const pushed: string[] = [];
  const location = { pathname: '/account/bill', hash: '', href: 'https://shop.example/account/bill' };
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
  const store = createStore({ config: DEFAULTS, emitter, open, location, history: history as unknown as History });
  return { store, events, pushed, location };
}

describe('createStore', () => {
  it('loads the index on open and suggests the articles for the current page', async () => {
    const { store, events } = setup();
    store.open();
    expect(store.get().index).toBe('loading');
    await store.settled();
    await new Promise((r) => setTimeout(r, 0));
    expect(store.get().index).toBe('ready');
    expect(store.get().suggestions.map((a) => a.slug)).toEqual(['billing/bill-codes']);
    expect(events).toEqual(['open {}']);
  });

  it('searches as the query changes and drops answers to older queries', async () => {
    const { store } = setup();
    store.open();
    const first = store.setQuery('refund');
    const second = store.setQuery('GPRR');
    await Promise.all([first, second]);
    expect(store.get().response?.query).toBe('GPRR');
    expect(store.get().response?.answer?.term).toBe('GPRR');
  });

  it('reports the settled query, not every keystroke', async () => {
    const { store, events } = setup();
    store.open();
    for (const q of ['r', 're', 'ref', 'refund']) void store.setQuery(q);
    await store.settled();
    await new Promise((r) => setTimeout(r, 800));
    const count = store.get().response!.results.length;
    expect(events.filter((e) => e.startsWith('search') || e.startsWith('results'))).toEqual(['search {"query":"refund"}', `results {"query":"refund","count":${count}}`]);
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

  it('follows Back and Forward through route()', async () => {
    const { store } = setup();
    store.route('#help/billing/refunds');
    await new Promise((r) => setTimeout(r, 50));
    expect(store.get().open).toBe(true);
    expect(store.get().view).toMatchObject({ kind: 'article', slug: 'billing/refunds' });
    store.route('');
    expect(store.get().view.kind).toBe('search');
  });

  it('shows an error when the index cannot load, and retries', async () => {
    let fail = true;
    const { store } = setup(() => (fail ? Promise.reject(new SelfserveIndexError('network', '/help/manifest.json', 'offline')) : Promise.resolve(index)));
    const warn = console.warn;
    console.warn = () => {};
    try {
      store.open();
      await new Promise((r) => setTimeout(r, 0));
      expect(store.get()).toMatchObject({ index: 'error', indexError: 'selfserve: offline' });
      fail = false;
      store.retry();
      await new Promise((r) => setTimeout(r, 0));
      expect(store.get().index).toBe('ready');
    } finally {
      console.warn = warn;
    }
  });

  it('reports an article that does not exist as an error view', async () => {
    const { store } = setup();
    await store.openArticle('nope');
    expect(store.get().view).toMatchObject({ kind: 'article', status: 'error' });
  });
});
