import { contactPayloadSchema, type ContactPayload, type TrailItem } from '../../src/contact.ts';
import { contactMode, type WidgetConfig } from '../config.ts';
import type { Emitter } from '../events.ts';
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
}

export interface ContactState {
  draft: Draft;
  status: 'editing' | 'sending' | 'sent' | 'failed';
  /** Why sending failed, or what is wrong with the form. */
  error?: 'invalid-email' | 'empty-message' | 'network';
}

const KEY = 'selfserve:contact-draft';

const newDraft = (): Draft => ({ idempotencyKey: randomId(), email: '', message: '', removed: [], includePage: true });

export interface ContactFlowOptions {
  config: WidgetConfig;
  emitter: Emitter;
  trail: Trail;
  fetch?: typeof fetch;
  location?: Pick<Location, 'href'>;
  storage?: ReturnType<typeof safeStorage>;
}

/** Writing to support: the draft, what is attached, sending with retries, exactly once. */
export function createContactFlow({ config, emitter, trail, fetch: fetchImpl = (...args) => fetch(...args), location = window.location, storage = safeStorage('localStorage') }: ContactFlowOptions) {
  let state: ContactState = { draft: storage.get<Draft>(KEY) ?? newDraft(), status: 'editing' };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<ContactState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };
  const page = () => location.href.replace(/#.*$/, '');

  /** What will be attached, after the visitor's removals. */
  const attached = (): TrailItem[] => trail.items().filter((item) => !state.draft.removed.includes(item.time));

  function payload(): ContactPayload {
    const { draft } = state;
    return {
      idempotencyKey: draft.idempotencyKey,
      email: draft.email.trim(),
      message: draft.message.trim(),
      page: draft.includePage ? page() : '',
      locale: config.lang,
      sentAt: new Date().toISOString(),
      trail: attached(),
    };
  }

  function finish() {
    const sent = attached();
    storage.remove(KEY);
    trail.clear();
    set({ status: 'sent', error: undefined, draft: newDraft() });
    emitter.emit('contact', { stage: 'sent', query: lastQuery(sent), trail: sent });
  }

  async function send(): Promise<void> {
    // A second click while the first send runs does nothing; the key makes retries safe server-side.
    if (state.status === 'sending' || state.status === 'sent') return;
    const body = payload();
    if (!contactPayloadSchema.shape.email.safeParse(body.email).success) return set({ status: 'editing', error: 'invalid-email' });
    if (!body.message) return set({ status: 'editing', error: 'empty-message' });
    set({ status: 'sending', error: undefined });
    try {
      const response = await fetchImpl(config.contact!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), keepalive: true });
      if (!response.ok) throw new Error(`${config.contact} answered ${response.status}`);
      finish();
    } catch (error) {
      console.warn(`selfserve: the message was not sent (${(error as Error).message}); it is kept on this device.`);
      set({ status: 'failed', error: 'network' });
    }
  }

  // A message that failed for want of a network goes out as soon as the network is back.
  window.addEventListener('online', () => state.status === 'failed' && void send());

  return {
    get: () => state,
    attached,
    /** Every trail item, including ones the visitor removed (shown so they can be added back). */
    allItems: () => trail.items(),
    page,
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
      if (state.status === 'sent') set({ status: 'editing' });
      return Boolean(config.contact && contactMode(config.contact) !== 'template');
    },
    update(patch: Partial<Draft>) {
      const draft = { ...state.draft, ...patch };
      storage.set(KEY, draft);
      set({ draft, error: state.error === 'network' ? state.error : undefined });
    },
    toggle(item: TrailItem) {
      const removed = state.draft.removed.includes(item.time) ? state.draft.removed.filter((t) => t !== item.time) : [...state.draft.removed, item.time];
      this.update({ removed });
    },
    send,
    /** The prefilled email for `mailto:` contact; opening it counts as sending. */
    mailto(): string {
      const body = payload();
      const lines = [body.message, '', '—', ...describeTrail(body.trail), ...(body.page ? [`Page: ${body.page}`] : [])];
      const separator = config.contact!.includes('?') ? '&' : '?';
      return `${config.contact}${separator}subject=${encodeURIComponent('Help request')}&body=${encodeURIComponent(lines.join('\n'))}`;
    },
    mailed: finish,
  };
}

export type ContactFlow = ReturnType<typeof createContactFlow>;

function lastQuery(items: TrailItem[]): string {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.type === 'search') return item.query;
  }
  return '';
}

/** The trail as lines a support agent reads. */
export function describeTrail(items: TrailItem[]): string[] {
  return items.map((item) => {
    if (item.type === 'search') return `Searched “${item.query}” (${item.results} result${item.results === 1 ? '' : 's'})`;
    if (item.type === 'article') return `Read “${item.title}”${item.query ? ` after searching “${item.query}”` : ''}`;
    return `Said “${item.slug}” ${item.helpful ? 'helped' : `did not help${item.reason ? `: ${item.reason}` : ''}${item.comment ? ` — ${item.comment}` : ''}`}`;
  });
}
