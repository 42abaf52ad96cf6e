// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { contactPayloadSchema, type ContactPayload } from '../../../src/contact.ts';
import { createContactFlow } from '../../../widget/app/contact-flow.ts';
import { createTrail } from '../../../widget/app/trail.ts';
import { DEFAULTS } from '../../../widget/config.ts';
import { createEmitter } from '../../../widget/events.ts';

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

function setup(responses: (number | 'offline')[] = [200], config = { ...DEFAULTS, contact: 'https://help.example/api/contact' }) {
  const posts: ContactPayload[] = [];
  const fetch = async (_url: string | URL | Request, init?: RequestInit) => {
    const next = responses.shift() ?? 200;
    if (next === 'offline') throw new TypeError('Failed to fetch');
    posts.push(JSON.parse(String(init!.body)));
    return new Response(null, { status: next });
  };
  const emitter = createEmitter();
  const events: string[] = [];
  emitter.on('contact', (d) => events.push(d.stage), true);
  const trail = createTrail();
  trail.add({ type: 'search', query: 'esim on ipad', results: 0, time: '2026-11-24T10:00:00.000Z' });
  trail.add({ type: 'article', slug: 'devices/activate-esim', title: 'Activate an eSIM', query: 'esim', time: '2026-11-24T10:01:00.000Z' });
  const flow = createContactFlow({ config, emitter, trail, fetch: fetch as typeof globalThis.fetch, location: { href: 'https://shop.example/devices#x' } });
  return { flow, posts, events, trail };
}

const warnings = () => {
  const warn = console.warn;
  console.warn = () => {};
  return () => (console.warn = warn);
};

describe('createContactFlow', () => {
  it('sends a valid payload with the trail, minus what the visitor removed', async () => {
    const { flow, posts, events, trail } = setup();
    flow.update({ email: 'sam@example.com', message: 'My eSIM will not install.' });
    flow.toggle(trail.items()[0]);
    flow.update({ includePage: false });
    await flow.send();
    expect(posts).toHaveLength(1);
    expect(contactPayloadSchema.safeParse(posts[0]).success).toBe(true);
    expect(posts[0]).toMatchObject({ email: 'sam@example.com', message: 'My eSIM will not install.', page: '', locale: 'en' });
    expect(posts[0].trail.map((t) => t.type)).toEqual(['article']);
    expect(flow.get().status).toBe('sent');
    expect(events).toEqual(['sent']);
    expect(localStorage.getItem('selfserve:contact-draft')).toBeNull();
    expect(trail.items()).toEqual([]);
  });

  it('keeps the draft in local storage while it is written', () => {
    const first = setup();
    first.flow.update({ email: 'sam@example.com', message: 'Half a thought' });
    // A reload: a new flow reads the saved draft.
    const second = setup();
    expect(second.flow.get().draft).toMatchObject({ email: 'sam@example.com', message: 'Half a thought', idempotencyKey: first.flow.get().draft.idempotencyKey });
  });

  it('keeps the text after a failed send and retries with the same idempotency key', async () => {
    const restore = warnings();
    try {
      const { flow, posts } = setup([500, 200]);
      flow.update({ email: 'sam@example.com', message: 'Help' });
      await flow.send();
      expect(flow.get()).toMatchObject({ status: 'failed', error: 'network' });
      expect(flow.get().draft.message).toBe('Help');
      await flow.send();
      expect(flow.get().status).toBe('sent');
      expect(posts.map((p) => p.idempotencyKey)).toEqual([posts[0].idempotencyKey, posts[0].idempotencyKey]);
    } finally {
      restore();
    }
  });

  it('sends once when the button is pressed twice', async () => {
    const { flow, posts } = setup();
    flow.update({ email: 'sam@example.com', message: 'Help' });
    await Promise.all([flow.send(), flow.send()]);
    expect(posts).toHaveLength(1);
  });

  it('sends again by itself when the browser comes back online', async () => {
    const restore = warnings();
    try {
      const { flow, posts } = setup(['offline', 200]);
      flow.update({ email: 'sam@example.com', message: 'Help' });
      await flow.send();
      expect(flow.get().status).toBe('failed');
      window.dispatchEvent(new Event('online'));
      await new Promise((r) => setTimeout(r, 10));
      expect(posts).toHaveLength(1);
      expect(flow.get().status).toBe('sent');
    } finally {
      restore();
    }
  });

  it('asks for an email and a message before sending', async () => {
    const { flow, posts } = setup();
    flow.update({ email: 'not an email', message: 'Help' });
    await flow.send();
    expect(flow.get().error).toBe('invalid-email');
    flow.update({ email: 'sam@example.com', message: '   ' });
    await flow.send();
    expect(flow.get().error).toBe('empty-message');
    expect(posts).toEqual([]);
  });

  it('builds a prefilled email for mailto: contact', () => {
    const { flow } = setup([], { ...DEFAULTS, contact: 'mailto:help@kestrel.example' });
    flow.update({ message: 'My eSIM will not install.' });
    const href = decodeURIComponent(flow.mailto());
    expect(href).toContain('mailto:help@kestrel.example?subject=Help request&body=My eSIM will not install.');
    expect(href).toContain('Searched “esim on ipad” (0 results)');
    expect(href).toContain('Read “Activate an eSIM” after searching “esim”');
    expect(href).toContain('Page: https://shop.example/devices');
  });

  it('lets the page handle contact itself', () => {
    const { flow } = setup();
    expect(flow.request('esim')).toBe(true);
    const emitter = createEmitter();
    const requests: string[] = [];
    emitter.on('contact', (d) => requests.push(`${d.stage} ${d.query} ${d.trail.length}`));
    const own = createContactFlow({ config: { ...DEFAULTS }, emitter, trail: createTrail() });
    expect(own.request('esim')).toBe(false);
    expect(requests).toEqual(['request esim 2']);
  });
});
