// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { contactPayloadSchema, MESSAGE_LIMIT, type ContactPayload } from '../../../src/contact.ts';
import { ANSWERS_DELAY_MS, createContactFlow } from '../../../widget/app/contact-flow.ts';
import { manualClock } from '../../helpers/clock.ts';
import { createTrail } from '../../../widget/app/trail.ts';
import { DEFAULTS } from '../../../widget/config.ts';
import { createEmitter } from '../../../widget/events.ts';

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

type Reply = number | 'offline' | 'silent' | Response;

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const CLIENT = { browser: 'Chrome 131', os: 'Linux', device: 'desktop' as const, viewport: '1280×860' };

function setup(responses: Reply[] = [200], config = { ...DEFAULTS, contact: 'https://help.example/api/contact' }, timeout?: number) {
  const posts: ContactPayload[] = [];
  const inits: RequestInit[] = [];
  const fetch = async (_url: string | URL | Request, init?: RequestInit) => {
    const next = responses.shift() ?? 200;
    if (next === 'offline') throw new TypeError('Failed to fetch');
    inits.push(init!);
    posts.push(JSON.parse(String(init!.body)));
    if (next === 'silent') {
      return new Promise<Response>((_, reject) => init!.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    }
    return typeof next === 'number' ? json({ ok: next < 300 }, next) : next;
  };
  const emitter = createEmitter();
  const events: string[] = [];
  emitter.on('contact', (d) => events.push(d.stage), true);
  const trail = createTrail();
  trail.add({ type: 'search', query: 'esim on ipad', results: 0, time: '2026-11-24T10:00:00.000Z' });
  trail.add({ type: 'article', slug: 'devices/activate-esim', title: 'Activate an eSIM', query: 'esim', time: '2026-11-24T10:01:00.000Z' });
  const flow = createContactFlow({ config, emitter, trail, fetch: fetch as typeof globalThis.fetch, location: { href: 'https://shop.example/devices#x' }, client: () => CLIENT, timeout });
  return { flow, posts, inits, events, trail };
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
      expect(flow.get()).toMatchObject({ status: 'failed', failure: 'rejected' });
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

  it('asks for an email and a message before sending, field by field', async () => {
    const { flow, posts } = setup();
    flow.update({ email: 'not an email', message: '' });
    expect((await flow.send()).fields).toEqual({ email: 'invalid-email', message: 'empty-message' });
    flow.update({ email: 'sam@example.com' });
    expect(flow.get().fields).toEqual({ message: 'empty-message' });
    flow.update({ message: '   ' });
    expect((await flow.send()).fields).toEqual({ message: 'empty-message' });
    expect(posts).toEqual([]);
  });

  // (#17) A 12,000-character message was refused by the endpoint as "couldn't reach support".
  it('refuses a message over the limit before sending, keeping it', async () => {
    const { flow, posts } = setup();
    flow.update({ email: 'sam@example.com', message: 'x'.repeat(MESSAGE_LIMIT + 1) });
    expect((await flow.send()).fields).toEqual({ message: 'too-long' });
    expect(posts).toEqual([]);
    expect(flow.get().draft.message).toHaveLength(MESSAGE_LIMIT + 1);
  });

  it('sends a message too large for keepalive without it, rather than not at all', async () => {
    const { flow, inits, trail } = setup();
    for (let i = 0; i < 30; i++) trail.add({ type: 'search', query: `${i} ${'q'.repeat(400)}`, results: 5, shown: Array.from({ length: 5 }, () => 't'.repeat(400)), time: `2026-11-24T10:02:${String(i).padStart(2, '0')}.000Z` });
    flow.update({ email: 'sam@example.com', message: '日本語'.repeat(3000) });
    await flow.send();
    expect(new Blob([String(inits[0].body)]).size).toBeGreaterThan(64 * 1024);
    expect(inits[0].keepalive).toBe(false);
    expect(flow.get().status).toBe('sent');
    const small = setup();
    small.flow.update({ email: 'sam@example.com', message: 'Help' });
    await small.flow.send();
    expect(small.inits[0].keepalive).toBe(true);
  });

  // (#17) A redirect to a login page answered 200 HTML: it was taken as sent and the draft deleted.
  it('counts only a 2xx JSON reply as sent', async () => {
    const restore = warnings();
    try {
      const html = new Response('<!doctype html><title>Sign in</title>', { status: 200, headers: { 'content-type': 'text/html' } });
      for (const reply of [html, new Response(null, { status: 204 }), json({ error: 'bad' }, 400), new Response('{"id": ', { headers: { 'content-type': 'application/json' } })]) {
        const { flow, events } = setup([reply]);
        flow.update({ email: 'sam@example.com', message: 'Help' });
        expect(await flow.send()).toMatchObject({ status: 'failed', failure: 'rejected' });
        expect(flow.get().draft.message).toBe('Help');
        expect(localStorage.getItem('selfserve:contact-draft')).toContain('Help');
        expect(events).toEqual([]);
      }
      const { flow } = setup([413]);
      flow.update({ email: 'sam@example.com', message: 'Help' });
      expect(await flow.send()).toMatchObject({ status: 'failed', failure: 'too-large' });
    } finally {
      restore();
    }
  });

  it('gives up on a silent endpoint after the timeout, keeping the draft for a retry', async () => {
    const restore = warnings();
    vi.useFakeTimers();
    try {
      const { flow, posts } = setup(['silent', 200], undefined, 20_000);
      flow.update({ email: 'sam@example.com', message: 'Help' });
      const sending = flow.send();
      expect(flow.get().status).toBe('sending');
      await vi.advanceTimersByTimeAsync(20_000);
      expect(await sending).toMatchObject({ status: 'failed', failure: 'timeout' });
      expect(flow.get().draft.message).toBe('Help');
      await flow.send();
      expect(flow.get().status).toBe('sent');
      expect(posts[1].idempotencyKey).toBe(posts[0].idempotencyKey);
    } finally {
      vi.useRealTimers();
      restore();
    }
  });

  it('shows the reference the endpoint gives, and where the reply goes', async () => {
    for (const [reply, reference] of [[{ id: 'T-1042' }, 'T-1042'], [{ reference: 881 }, '881'], [{ ok: true }, undefined]] as const) {
      const { flow } = setup([json(reply)]);
      flow.update({ email: 'sam@example.com', message: 'Help' });
      expect((await flow.send()).sent).toEqual({ reference, email: 'sam@example.com' });
    }
  });

  it('prefills and attaches the visitor the site identified', async () => {
    const { flow, posts } = setup();
    flow.identify({ email: 'sam@example.com', name: 'Sam Rivera', id: 42 });
    expect(flow.get().draft.email).toBe('sam@example.com');
    flow.update({ message: 'Help' });
    await flow.send();
    expect(posts[0]).toMatchObject({ email: 'sam@example.com', visitor: { email: 'sam@example.com', name: 'Sam Rivera', id: '42' }, client: CLIENT });
    // The next message starts with the same address.
    expect(flow.get().draft.email).toBe('sam@example.com');
  });

  it('keeps what the visitor typed over an identified email, and ignores a bad identify()', () => {
    const restore = warnings();
    try {
      const { flow } = setup();
      flow.update({ email: 'typed@example.com' });
      flow.identify({ email: 'site@example.com' });
      expect(flow.get().draft.email).toBe('typed@example.com');
      flow.identify({ email: 'not an email' });
      expect(flow.get().visitor).toEqual({ email: 'site@example.com' });
      flow.identify(null);
      expect(flow.get().visitor).toBeUndefined();
    } finally {
      restore();
    }
  });

  it('leaves out the browser and device when the visitor removes them', async () => {
    const { flow, posts } = setup();
    flow.update({ email: 'sam@example.com', message: 'Help', includeClient: false });
    await flow.send();
    expect(posts[0].client).toBeUndefined();
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
  describe('articles that may answer the message', () => {
    function withAnswers(trail = createTrail()) {
      const clock = manualClock();
      const asked: string[] = [];
      const limits: number[] = [];
      const pending: ((titles: string[]) => void)[] = [];
      const answers = (message: string, limit: number) => {
        asked.push(message);
        limits.push(limit);
        return new Promise<{ slug: string; title: string }[]>((resolve) => pending.push((titles) => resolve(titles.map((title) => ({ slug: title.toLowerCase(), title })))));
      };
      const flow = createContactFlow({ config: { ...DEFAULTS, contact: 'https://help.example/api/contact' }, emitter: createEmitter(), trail, fetch: async () => json({ id: 7 }), client: () => CLIENT, answers, clock });
      return { flow, clock, asked, limits, answer: (titles: string[]) => pending.shift()!(titles) };
    }
    const settled = () => new Promise((resolve) => setTimeout(resolve));

    it('searches the message once writing pauses, and only a message long enough to say something', async () => {
      const { flow, clock, asked, answer } = withAnswers();
      flow.update({ message: 'Hi, I' });
      clock.advance(ANSWERS_DELAY_MS);
      expect(asked).toEqual([]);
      flow.update({ message: 'Hi, I moved and my eSIM' });
      clock.advance(ANSWERS_DELAY_MS - 1);
      flow.update({ message: 'Hi, I moved and my eSIM stopped working' });
      clock.advance(ANSWERS_DELAY_MS - 1);
      expect(asked).toEqual([]);
      clock.advance(1);
      expect(asked).toEqual(['Hi, I moved and my eSIM stopped working']);
      answer(['Activate an eSIM', 'Moving abroad']);
      await settled();
      expect(flow.get().answers.map((a) => a.title)).toEqual(['Activate an eSIM', 'Moving abroad']);
      // Cut back to a greeting: nothing is offered for it.
      flow.update({ message: 'Hi' });
      expect(flow.get().answers).toEqual([]);
    });

    it('offers three, none of them an article the visitor already read', async () => {
      const trail = createTrail();
      trail.add({ type: 'article', slug: 'activate an esim', title: 'Activate an eSIM', time: '2026-11-24T10:01:00.000Z' });
      trail.add({ type: 'feedback', slug: 'esim on ipad', title: 'eSIM on iPad', helpful: false, time: '2026-11-24T10:02:00.000Z' });
      const { flow, clock, limits, answer } = withAnswers(trail);
      flow.update({ message: 'My eSIM will not install on my iPad.' });
      clock.advance(ANSWERS_DELAY_MS);
      expect(limits).toEqual([5]);
      answer(['Activate an eSIM', 'Moving abroad', 'eSIM on iPad', 'Travel pass', 'Roaming', 'Coverage']);
      await settled();
      expect(flow.get().answers.map((a) => a.title)).toEqual(['Moving abroad', 'Travel pass', 'Roaming']);
    });

    it('drops an answer to a message the visitor has since changed, and forgets them once it is sent', async () => {
      const { flow, clock, answer } = withAnswers();
      flow.update({ email: 'sam@example.com', message: 'My eSIM will not install.' });
      clock.advance(ANSWERS_DELAY_MS);
      flow.update({ message: 'My eSIM will not install on my iPad.' });
      answer(['Stale']);
      await settled();
      expect(flow.get().answers).toEqual([]);
      clock.advance(ANSWERS_DELAY_MS);
      answer(['Activate an eSIM']);
      await settled();
      expect(flow.get().answers.map((a) => a.title)).toEqual(['Activate an eSIM']);
      await flow.send();
      expect(flow.get().status).toBe('sent');
      expect(flow.get().answers).toEqual([]);
    });

    it('searches a kept draft as soon as the form opens again', async () => {
      const { flow, asked, clock } = withAnswers();
      flow.update({ message: 'My eSIM will not install.' });
      const again = withAnswers();
      expect(again.flow.get().draft.message).toBe('My eSIM will not install.');
      again.flow.shown();
      again.clock.advance(0);
      expect(again.asked).toEqual(['My eSIM will not install.']);
      clock.advance(ANSWERS_DELAY_MS);
      expect(asked).toHaveLength(1);
    });

    it('offers the next article once the visitor is back from reading one it offered', async () => {
      const trail = createTrail();
      const { flow, clock, answer } = withAnswers(trail);
      flow.update({ message: 'My eSIM will not install.' });
      clock.advance(ANSWERS_DELAY_MS);
      answer(['Activate an eSIM', 'Moving abroad', 'Travel pass', 'Roaming']);
      await settled();
      trail.add({ type: 'article', slug: 'activate an esim', title: 'Activate an eSIM', time: '2026-11-24T10:01:00.000Z' });
      flow.shown();
      clock.advance(0);
      answer(['Activate an eSIM', 'Moving abroad', 'Travel pass', 'Roaming']);
      await settled();
      expect(flow.get().answers.map((a) => a.title)).toEqual(['Moving abroad', 'Travel pass', 'Roaming']);
    });
  });
});
