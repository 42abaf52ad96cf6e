// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { options, render as renderNow } from 'preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HelpIndex } from '../../../src/open-index.ts';
import { App } from '../../../widget/app/App.tsx';
import { createAnnouncer } from '../../../widget/app/announcer.ts';
import { createContactFlow } from '../../../widget/app/contact-flow.ts';
import { createStore } from '../../../widget/app/store.ts';
import { createTrail } from '../../../widget/app/trail.ts';
import { DEFAULTS, type WidgetConfig } from '../../../widget/config.ts';
import { createEmitter } from '../../../widget/events.ts';
import type { AppContext } from '../../../widget/types.ts';
import { fixtureIndex } from './fixture.ts';

// Effects run right after each render: Preact's own wait for the next frame ends in a 100 ms timer,
// which could fire after this file's jsdom is gone and throw from there ("cancelAnimationFrame is
// not defined", seen once in CI).
options.requestAnimationFrame = (flush) => void Promise.resolve().then(flush);

let index: HelpIndex;
beforeAll(async () => {
  index = await fixtureIndex();
  Element.prototype.scrollIntoView ??= () => {};
});
afterEach(() => {
  cleanup();
  // The announcer's live regions are the body's own children, which cleanup() leaves: a later test
  // would read what an earlier one announced (seen with --sequence.shuffle).
  document.body.replaceChildren();
});

function renderApp(config: Partial<WidgetConfig> = {}, open: (source: string) => Promise<HelpIndex> = () => Promise.resolve(index), fetch?: typeof globalThis.fetch) {
  const full = { ...DEFAULTS, deepLink: false as const, ...config };
  const emitter = createEmitter();
  const trail = createTrail();
  trail.clear();
  localStorage.clear();
  const store = createStore({ config: full, emitter, open, trail });
  const flow = createContactFlow({ config: full, emitter, trail, fetch });
  const context = { host: { shadow: document, root: document.body, element: document.body }, config: full, emitter, inline: false, onOpenChange: () => {} } as unknown as AppContext;
  render(<App store={store} flow={flow} context={context} announcer={createAnnouncer(document.body)} />);
  store.open();
  return store;
}

const liveText = () => [...document.querySelectorAll('[aria-live]')].map((region) => region.textContent).join('');
const focused = () => document.activeElement;

const combobox = () => screen.getByRole('combobox', { name: 'Search help articles' });

describe('App', () => {
  // (CI, under load) The page opened the panel right after mounting, before the App's effects had
  // subscribed to the store: the launcher said expanded, and the panel never showed.
  it('shows a change the store made before its effects subscribed', async () => {
    const full = { ...DEFAULTS, deepLink: false as const };
    const emitter = createEmitter();
    const trail = createTrail();
    const store = createStore({ config: full, emitter, open: () => Promise.resolve(index), trail });
    const flow = createContactFlow({ config: full, emitter, trail });
    const context = { host: { shadow: document, root: document.body, element: document.body }, config: full, emitter, inline: false, onOpenChange: () => {} } as unknown as AppContext;
    // Loaded at idle before the visitor asks: opening changes nothing more after it.
    await store.preload();
    const container = document.body.appendChild(document.createElement('div'));
    // As mount() does, outside act(): effects run after this task.
    renderNow(<App store={store} flow={flow} context={context} announcer={createAnnouncer(document.body)} />, container);
    store.open();
    expect(await screen.findByRole('dialog', { name: 'Help' })).toBeTruthy();
    renderNow(null, container);
    container.remove();
  });

  it('is a labelled dialog beside the page with a combobox; modal when asked', async () => {
    renderApp();
    const dialog = await screen.findByRole('dialog', { name: 'Help' });
    expect(dialog.getAttribute('aria-modal')).toBeNull();
    expect(document.querySelector('.ss-backdrop')).toBeNull();
    expect(combobox().getAttribute('aria-autocomplete')).toBe('list');
    await waitFor(() => expect(screen.getAllByRole('option').length).toBeGreaterThan(0));
    expect(combobox().getAttribute('aria-controls')).toBe('ss-listbox');
    cleanup();
    renderApp({ mode: 'modal' });
    expect((await screen.findByRole('dialog', { name: 'Help' })).getAttribute('aria-modal')).toBe('true');
    expect(document.querySelector('.ss-backdrop')).not.toBeNull();
  });

  it('offers the instant answer as the first option, reached by the arrow keys and announced', async () => {
    renderApp();
    fireEvent.input(await screen.findByRole('combobox'), { target: { value: 'GPRR' } });
    const options = () => screen.getAllByRole('option');
    await waitFor(() => expect(options()[0].textContent).toContain('Data used on a partner network while roaming.'));
    expect(options()[0].textContent).toContain('GPRR');
    expect(options()[1].textContent).toContain('Understand the codes on your bill');
    // The count said is the count of options the list holds, answer included.
    await waitFor(() => expect(liveText()).toBe(`Quick answer: GPRR. ${options().length} results for “GPRR”`));
    // The passages around the matched words follow the results, in room kept for them.
    await waitFor(() => expect(options().some((o) => o.querySelector('mark')?.textContent === 'GPRR')).toBe(true));
    expect(options().some((o) => o.querySelector('.ss-option-pending'))).toBe(false);
    // Sections are sub-results named with their article.
    expect(options().some((o) => o.textContent!.startsWith('Understand the codes on your bill: Charge codes'))).toBe(true);
    fireEvent.keyDown(combobox(), { key: 'ArrowDown' });
    expect(combobox().getAttribute('aria-activedescendant')).toBe('ss-option-answer');
    fireEvent.keyDown(combobox(), { key: 'Enter' });
    await waitFor(() => expect(document.querySelector('.ss-target')?.id).toBe('charge-codes'));
  });

  it('says what a typo was searched as, and searches exactly what was typed when asked', async () => {
    const store = renderApp();
    fireEvent.input(await screen.findByRole('combobox'), { target: { value: 'refnud' } });
    await waitFor(() => expect(document.querySelector('.ss-corrected')?.textContent).toContain('Showing results for “refund”.'));
    expect(document.querySelector('.ss-corrected mark')?.textContent).toBe('refund');
    await waitFor(() => expect(liveText()).toContain('Showing results for “refund”.'));
    fireEvent.click(screen.getByRole('button', { name: 'Search instead for “refnud”' }));
    await waitFor(() => expect(store.get().exact).toBe(true));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'No articles match “refnud”' })).toBeTruthy());
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
    expect(links).toHaveLength(1);
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

  it('asks "Did this answer your question?" and, after a No, why (nothing chosen in advance) — then offers next steps', async () => {
    const store = renderApp({ contact: 'https://help.example/api/contact' });
    await store.openArticle('billing/refunds');
    fireEvent.click(await screen.findByRole('button', { name: 'No' }));
    const reasons = await screen.findByRole('group', { name: 'What was missing?' });
    // Focus follows from the button that went away to the question that replaced it.
    await waitFor(() => expect(focused()?.textContent).toBe('What was missing?'));
    const radios = [...reasons.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.length).toBe(4);
    expect(radios.some((radio) => radio.checked)).toBe(false);
    // Sending without a reason is allowed.
    fireEvent.click(screen.getByRole('button', { name: 'Send feedback' }));
    await waitFor(() => expect(focused()?.textContent).toBe('Sorry this didn’t help. Thanks for telling us.'));
    await waitFor(() => expect(screen.getByRole('navigation', { name: 'These might help' })).toBeTruthy());
    expect(store.get().feedback['billing/refunds']).toBe('not-helpful');
    // One contact path in this view.
    expect(screen.getAllByRole('button', { name: 'Contact support' })).toHaveLength(1);
  });

  it('thanks the reader after a Yes, with focus on the thanks', async () => {
    const store = renderApp();
    await store.openArticle('billing/refunds');
    fireEvent.click(await screen.findByRole('button', { name: 'Yes' }));
    await waitFor(() => expect(focused()?.textContent).toBe('Thanks for letting us know.'));
  });

  it('says a missing article is not there, offers search and contact, and no retry', async () => {
    const store = renderApp({ contact: 'https://help.example/api/contact' });
    await store.openArticle('billing/gone');
    expect(await screen.findByRole('heading', { name: 'This article isn’t here' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(screen.getAllByRole('button', { name: 'Contact support' })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Search the help articles' }));
    await waitFor(() => expect(combobox()).toBeTruthy());
  });

  it('walks the contact form through its states: invalid, failed, sent', async () => {
    const responses = [500, 200];
    const fetch = (async () => new Response(JSON.stringify({ id: 'T-1042' }), { status: responses.shift(), headers: { 'content-type': 'application/json' } })) as typeof globalThis.fetch;
    const warn = console.warn;
    console.warn = () => {};
    try {
      const store = renderApp({ contact: 'https://help.example/api/contact', replyTime: 'We reply within a day.' }, undefined, fetch);
      await screen.findByRole('combobox');
      store.showContact();
      const email = await screen.findByLabelText('Your email');
      const message = screen.getByLabelText('Your message');
      fireEvent.input(email, { target: { value: 'nope' } });
      fireEvent.input(message, { target: { value: 'Help me' } });
      expect(document.getElementById(message.getAttribute('aria-describedby')!)?.textContent).toBe('7 / 10,000 characters');
      fireEvent.click(screen.getByRole('button', { name: 'Send message' }));
      // The error sits beside its field, which gets focus.
      await waitFor(() => expect(document.activeElement).toBe(email));
      expect(email.getAttribute('aria-invalid')).toBe('true');
      expect(document.getElementById(email.getAttribute('aria-describedby')!)?.textContent).toContain('Enter your email address');
      fireEvent.input(email, { target: { value: 'sam@example.com' } });
      expect(email.hasAttribute('aria-describedby')).toBe(false);
      fireEvent.click(screen.getByRole('button', { name: 'Send message' }));
      await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Support couldn’t accept your message'));
      expect(document.activeElement).toBe(screen.getByRole('alert'));
      fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
      await waitFor(() => expect(screen.getByRole('heading', { name: 'Message sent' })).toBeTruthy());
      await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Message sent' })));
      expect(screen.getByText('Your reference: T-1042')).toBeTruthy();
      expect(screen.getByText('We’ll reply to sam@example.com.')).toBeTruthy();
      expect(screen.getByText('We reply within a day.')).toBeTruthy();
    } finally {
      console.warn = warn;
    }
  });
});
