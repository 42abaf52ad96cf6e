// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HelpIndex } from '../../../src/open-index.ts';
import { App } from '../../../widget/app/App.tsx';
import { createStore } from '../../../widget/app/store.ts';
import { DEFAULTS, type WidgetConfig } from '../../../widget/config.ts';
import { createEmitter } from '../../../widget/events.ts';
import type { AppContext } from '../../../widget/types.ts';
import { fixtureIndex } from './fixture.ts';

let index: HelpIndex;
beforeAll(async () => {
  index = await fixtureIndex();
  Element.prototype.scrollIntoView ??= () => {};
});
afterEach(cleanup);

function renderApp(config: Partial<WidgetConfig> = {}, open: (source: string) => Promise<HelpIndex> = () => Promise.resolve(index)) {
  const full = { ...DEFAULTS, deepLink: false as const, ...config };
  const store = createStore({ config: full, emitter: createEmitter(), open });
  const context = { host: { shadow: document, root: document.body, element: document.body }, config: full, emitter: createEmitter(), inline: false, onOpenChange: () => {} } as unknown as AppContext;
  render(<App store={store} context={context} />);
  store.open();
  return store;
}

const combobox = () => screen.getByRole('combobox', { name: 'Search help articles' });

describe('App', () => {
  it('is a labelled modal dialog with a combobox', async () => {
    renderApp();
    const dialog = await screen.findByRole('dialog', { name: 'Help' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(combobox().getAttribute('aria-autocomplete')).toBe('list');
    await waitFor(() => expect(screen.getAllByRole('option').length).toBeGreaterThan(0));
    expect(combobox().getAttribute('aria-controls')).toBe('ss-listbox');
  });

  it('shows results with highlighted words and an instant answer', async () => {
    renderApp();
    fireEvent.input(await screen.findByRole('combobox'), { target: { value: 'GPRR' } });
    await waitFor(() => expect(screen.getByRole('heading', { name: 'GPRR' })).toBeTruthy());
    expect(screen.getByText('Data used on a partner network while roaming.')).toBeTruthy();
    const options = screen.getAllByRole('option');
    expect(options[0].textContent).toContain('Understand the codes on your bill');
    expect(options.some((o) => o.querySelector('mark')?.textContent === 'GPRR')).toBe(true);
    // Sections are sub-results named with their article.
    expect(options.some((o) => o.textContent!.startsWith('Understand the codes on your bill: Charge codes'))).toBe(true);
  });

  it('moves through options with the arrow keys and opens one with Enter', async () => {
    renderApp();
    fireEvent.input(await screen.findByRole('combobox'), { target: { value: 'refund' } });
    await waitFor(() => expect(screen.getAllByRole('option')[0].textContent).toContain('Refunds'));
    fireEvent.keyDown(combobox(), { key: 'ArrowDown' });
    const first = screen.getAllByRole('option')[0];
    expect(combobox().getAttribute('aria-activedescendant')).toBe(first.id);
    expect(first.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(combobox(), { key: 'ArrowUp' });
    expect(screen.getAllByRole('option').at(-1)!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(combobox(), { key: 'ArrowDown' });
    fireEvent.keyDown(combobox(), { key: 'Enter' });
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Refunds and account credits' })).toBeTruthy());
    await waitFor(() => expect(document.querySelector('.ss-article mark')?.textContent).toBe('refund'));
    fireEvent.click(screen.getByRole('button', { name: 'Back to results' }));
    await waitFor(() => expect((combobox() as HTMLInputElement).value).toBe('refund'));
  });

  it('opens links to other articles inside the widget', async () => {
    const store = renderApp();
    await store.openArticle('billing/bill-codes');
    const link = await screen.findByRole('link', { name: 'refunds' });
    fireEvent.click(link);
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Refunds and account credits' })).toBeTruthy());
  });

  it('says so kindly when nothing matches and offers popular articles and the contact path', async () => {
    renderApp({ contact: 'https://example.com/contact?q={query}' });
    fireEvent.input(await screen.findByRole('combobox'), { target: { value: 'zzzz qqqq' } });
    await waitFor(() => expect(screen.getByRole('heading', { name: 'No articles match “zzzz qqqq”' })).toBeTruthy());
    expect(screen.getByRole('listbox', { name: 'Popular articles' })).toBeTruthy();
    const links = screen.getAllByRole('link', { name: 'Contact support' });
    expect(links[0].getAttribute('href')).toBe('https://example.com/contact?q=zzzz%20qqqq');
  });

  it('says when search is unavailable and offers a retry', async () => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      renderApp({}, () => Promise.reject(new Error('selfserve: offline')));
      expect(await screen.findByRole('heading', { name: 'Search is unavailable right now' })).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    } finally {
      console.warn = warn;
    }
  });

  it('closes on Escape', async () => {
    const store = renderApp();
    await screen.findByRole('dialog');
    fireEvent.keyDown(combobox(), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(store.get().open).toBe(false);
  });
});
