import { contactPayloadSchema, contactReplySchema, MESSAGE_LIMIT, visitorSchema, type Client, type ContactPayload, type TrailItem, type Visitor } from '../../src/contact.ts';
import type { ArticleSummary } from '../../src/format.ts';
import { contactMode, type WidgetConfig } from '../config.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Emitter } from '../events.ts';
import { describeClient } from './contact-client.ts';
import { randomId, safeStorage } from './storage.ts';
import type { Trail } from './trail.ts';

/** The message a visitor is writing to support. Saved locally on every change until it is sent. */
export interface Draft {
  idempotencyKey: string;
  email: string;
  message: string;
  /** Trail items (by their `time`) the visitor chose not to send. */
  removed: string[];
  /** Whether to send the page address. */
  includePage: boolean;
  /** Whether to send the browser and device. */
  includeClient?: boolean;
}

/** What is wrong with a field, shown beside it. */
export interface FieldErrors {
  email?: 'invalid-email';
  message?: 'empty-message' | 'too-long';
}

/**
 * Why sending failed: support could not be reached (`network`), did not answer in time
 * (`timeout`), answered with something other than a 2xx JSON reply, such as a login page
 * (`rejected`), or found the message too large (`too-large`).
 */
export type SendFailure = 'network' | 'timeout' | 'rejected' | 'too-large';

export interface ContactState {
  draft: Draft;
  status: 'editing' | 'sending' | 'sent' | 'failed';
  fields: FieldErrors;
  failure?: SendFailure;
  /** After sending: the endpoint's reference for the message, and where the reply will go. */
  sent?: { reference?: string; email: string };
  /** Who the site says the visitor is (`Selfserve.identify`). */
  visitor?: Visitor;
  /** Articles that may answer the message as written so far: the last chance to answer it in place. */
  answers: ArticleSummary[];
}

const KEY = 'selfserve:contact-draft';
/** How long support may take to accept a message; the visitor hears within this, plus a moment. */
export const SEND_TIMEOUT_MS = 20_000;
// `keepalive` lets a message finish sending after the page is left, but browsers refuse it for
// bodies over 64 KiB: a larger message is sent without it rather than not at all.
const KEEPALIVE_LIMIT = 60 * 1024;

// A message is searched once writing pauses this long, and once it is this long: "Hi, I" finds noise.
export const ANSWERS_DELAY_MS = 600;
const ANSWERS_MIN_LENGTH = 12;
const ANSWERS_SHOWN = 3;

const newDraft = (email = ''): Draft => ({ idempotencyKey: randomId(), email, message: '', removed: [], includePage: true, includeClient: true });

export interface ContactFlowOptions {
  config: WidgetConfig;
  emitter: Emitter;
  trail: Trail;
  fetch?: typeof fetch;
  location?: Pick<Location, 'href'>;
  storage?: ReturnType<typeof safeStorage>;
  /** The browser and device; read from `navigator` and the window by default. */
  client?: () => Client;
  /** How long to wait for the endpoint, in milliseconds. Default `SEND_TIMEOUT_MS`. */
  timeout?: number;
  /** Searches the help center for a message, the best `limit` (see `ContactState.answers`); without it none are shown. */
  answers?: (message: string, limit: number) => Promise<ArticleSummary[]>;
  clock?: Clock;
}

const browserClient = () => describeClient(navigator.userAgent, { width: innerWidth, height: innerHeight }, navigator.maxTouchPoints);

/** Writing to support: the draft, what is attached, sending with retries, exactly once. */
export function createContactFlow({
  config,
  emitter,
  trail,
  fetch: fetchImpl = (...args) => fetch(...args),
  location = window.location,
  storage = safeStorage('localStorage'),
  client = browserClient,
  timeout = SEND_TIMEOUT_MS,
  answers: search,
  clock = systemClock,
}: ContactFlowOptions) {
  let state: ContactState = { draft: { includeClient: true, ...(storage.get<Draft>(KEY) ?? newDraft()) }, status: 'editing', fields: {}, answers: [] };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<ContactState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };
  const page = () => location.href.replace(/#.*$/, '');

  let answersTimer: unknown;
  /** Looks for articles that answer the message as it is now, after `delay` ms; only the latest lookup counts. */
  function findAnswers(delay: number) {
    clock.clearTimeout(answersTimer);
    const message = state.draft.message.trim();
    if (!search || message.length < ANSWERS_MIN_LENGTH) {
      if (state.answers.length) set({ answers: [] });
      return;
    }
    // Not the articles the visitor already read: they are writing because those did not do.
    const read = new Set(trail.items().flatMap((item) => (item.type === 'search' ? [] : [item.slug])));
    answersTimer = clock.setTimeout(() => {
      void search(message, ANSWERS_SHOWN + read.size)
        .catch(() => [])
        .then((found) => state.draft.message.trim() === message && set({ answers: found.filter((article) => !read.has(article.slug)).slice(0, ANSWERS_SHOWN) }));
    }, delay);
  }

  /** What will be attached, after the visitor's removals. */
  const attached = (): TrailItem[] => trail.items().filter((item) => !state.draft.removed.includes(item.time));

  function payload(): ContactPayload {
    const { draft, visitor } = state;
    return {
      idempotencyKey: draft.idempotencyKey,
      email: draft.email.trim(),
      message: draft.message.trim(),
      page: draft.includePage ? page() : '',
      locale: config.lang,
      sentAt: new Date().toISOString(),
      trail: attached(),
      ...(visitor && { visitor }),
      ...(draft.includeClient !== false && { client: client() }),
    };
  }

  function finish(reference?: string) {
    const sent = attached();
    const email = state.draft.email.trim();
    storage.remove(KEY);
    trail.clear();
    clock.clearTimeout(answersTimer);
    set({ status: 'sent', fields: {}, failure: undefined, sent: { reference, email }, draft: newDraft(state.visitor?.email), answers: [] });
    emitter.emit('contact', { stage: 'sent', query: lastQuery(sent), trail: sent });
  }

  /** The problems with the form as it is, by field. */
  function check(body: ContactPayload): FieldErrors {
    const fields: FieldErrors = {};
    if (!contactPayloadSchema.shape.email.safeParse(body.email).success) fields.email = 'invalid-email';
    if (!body.message) fields.message = 'empty-message';
    else if (body.message.length > MESSAGE_LIMIT) fields.message = 'too-long';
    return fields;
  }

  /** Posts the message; resolves to the endpoint's reference, or rejects with a `SendFailure`. */
  async function post(body: string): Promise<string | undefined> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    try {
      const keepalive = new Blob([body]).size <= KEEPALIVE_LIMIT;
      let response: Response;
      try {
        response = await fetchImpl(config.contact!, { method: 'POST', headers: { 'content-type': 'application/json' }, body, keepalive, signal: controller.signal });
      } catch (error) {
        throw failure(controller.signal.aborted ? 'timeout' : 'network', (error as Error).message);
      }
      if (response.status === 413) throw failure('too-large', `${config.contact} answered 413`);
      // A login page after a redirect is a 200 too: only a JSON answer says the message was stored.
      const json = /^application\/([\w.+-]*\+)?json\b/i.test(response.headers.get('content-type') ?? '');
      if (!response.ok || !json) throw failure('rejected', `${config.contact} answered ${response.status}${json ? '' : ` with ${response.headers.get('content-type') || 'no content type'}, not JSON`}${response.redirected ? ` after a redirect to ${response.url}` : ''}`);
      let data: unknown;
      try {
        data = await response.json();
      } catch (error) {
        throw failure(controller.signal.aborted ? 'timeout' : 'rejected', `${config.contact} answered with broken JSON (${(error as Error).message})`);
      }
      const reply = contactReplySchema.safeParse(data);
      if (!reply.success) throw failure('rejected', `${config.contact} answered with JSON that is not an object`);
      const reference = reply.data.id ?? reply.data.reference;
      return reference === undefined || reference === '' ? undefined : String(reference).slice(0, 100);
    } finally {
      clearTimeout(timer);
    }
  }

  async function send(): Promise<ContactState> {
    // A second click while the first send runs does nothing; the key makes retries safe server-side.
    if (state.status === 'sending' || state.status === 'sent') return state;
    const body = payload();
    const fields = check(body);
    if (fields.email || fields.message) {
      set({ status: 'editing', fields, failure: undefined });
      return state;
    }
    set({ status: 'sending', fields: {}, failure: undefined });
    try {
      finish(await post(JSON.stringify(body)));
    } catch (error) {
      const { reason, detail } = error as FailureError;
      console.warn(`selfserve: the message was not sent (${detail ?? (error as Error).message}); it is kept on this device.`);
      set({ status: 'failed', failure: reason ?? 'network' });
    }
    return state;
  }

  // A message that failed for want of a network goes out as soon as the network is back.
  window.addEventListener('online', () => state.status === 'failed' && state.failure === 'network' && void send());

  return {
    get: () => state,
    attached,
    /** Every trail item, including ones the visitor removed (shown so they can be added back). */
    allItems: () => trail.items(),
    page,
    /** The browser and device that would be sent. */
    client,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Whether the page handles contact itself (`Selfserve.on('contact', …)`). */
    handledByPage: () => emitter.has('contact'),
    /** The visitor asks for support; resolves to whether the widget should show its own form. */
    request(query: string): boolean {
      emitter.emit('contact', { stage: 'request', query, trail: trail.items() });
      if (emitter.has('contact')) return false;
      if (state.status === 'sent') set({ status: 'editing', sent: undefined });
      return Boolean(config.contact && contactMode(config.contact) !== 'template');
    },
    /**
     * The form is on screen, first or again (back from an article it offered): a draft kept from
     * before is searched at once, leaving out the articles read meanwhile.
     */
    shown() {
      findAnswers(0);
    },
    update(patch: Partial<Draft>) {
      const draft = { ...state.draft, ...patch };
      storage.set(KEY, draft);
      // An error beside a field goes once the visitor changes that field.
      const fields = { ...state.fields };
      if ('email' in patch) delete fields.email;
      if ('message' in patch) delete fields.message;
      set({ draft, fields });
      if ('message' in patch) findAnswers(ANSWERS_DELAY_MS);
    },
    toggle(item: TrailItem) {
      const removed = state.draft.removed.includes(item.time) ? state.draft.removed.filter((t) => t !== item.time) : [...state.draft.removed, item.time];
      this.update({ removed });
    },
    /**
     * The site says who the visitor is (`Selfserve.identify`): their email fills an empty email
     * field, and all of it goes with the message. `null` forgets them (signing out).
     */
    identify(input: unknown) {
      if (input === null || input === undefined) return set({ visitor: undefined });
      const parsed = visitorSchema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        console.warn(`selfserve: Selfserve.identify() ignored its argument (${issue.path.join('.') || 'value'}: ${issue.message}): pass { email, name, id }, like { email: 'sam@example.com', name: 'Sam Rivera', id: 'cus_123' }.`);
        return;
      }
      const visitor = Object.keys(parsed.data).length ? parsed.data : undefined;
      set({ visitor });
      if (visitor?.email && !state.draft.email.trim()) this.update({ email: visitor.email });
    },
    send,
    /** The prefilled email for `mailto:` contact; opening it counts as sending. */
    mailto(): string {
      const body = payload();
      const lines = [body.message, '', '—', ...describeTrail(body.trail), ...(body.page ? [`Page: ${body.page}`] : [])];
      if (body.client) lines.push(`Browser: ${body.client.browser} on ${body.client.os} (${body.client.device}, ${body.client.viewport})`);
      if (body.visitor) lines.push(`Customer: ${[body.visitor.name, body.visitor.email, body.visitor.id && `id ${body.visitor.id}`].filter(Boolean).join(', ')}`);
      const separator = config.contact!.includes('?') ? '&' : '?';
      return `${config.contact}${separator}subject=${encodeURIComponent('Help request')}&body=${encodeURIComponent(lines.join('\n'))}`;
    },
    mailed: () => finish(),
  };
}

export type ContactFlow = ReturnType<typeof createContactFlow>;

interface FailureError extends Error {
  reason?: SendFailure;
  detail?: string;
}

function failure(reason: SendFailure, detail: string): FailureError {
  return Object.assign(new Error(detail), { reason, detail });
}

function lastQuery(items: TrailItem[]): string {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.type === 'search') return item.query;
  }
  return '';
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The trail as lines a support agent reads (in English, like the rest of the email). */
export function describeTrail(items: TrailItem[]): string[] {
  return items.map((item) => {
    if (item.type === 'search') {
      const shown = item.shown?.length ? `: ${item.shown.map((t) => `“${t}”`).join(', ')}` : '';
      return `Searched “${item.query}” (${plural(item.results, 'result')}${shown})${item.answer ? `; the answer for “${item.answer}” was shown` : ''}`;
    }
    if (item.type === 'article') return `Read “${item.title}”${item.section ? `, section “${item.section}”` : ''}${item.query ? ` after searching “${item.query}”` : ''}`;
    return `Said “${item.title ?? item.slug}” ${item.helpful ? 'helped' : `did not help${item.reason ? `: ${item.reason}` : ''}${item.comment ? ` — ${item.comment}` : ''}`}`;
  });
}
