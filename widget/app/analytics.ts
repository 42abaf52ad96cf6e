import { routeOf, scrubPersonalData } from '../../src/privacy.ts';
import type { Emitter, EventName, WidgetEvents } from '../events.ts';
import { randomId, safeStorage } from './storage.ts';

/** One line of the analytics stream (and of `selfserve report`'s input). */
export interface AnalyticsEvent {
  type: EventName;
  time: string;
  /** Random per browser tab; no cookies, nothing that follows a person across tabs or sites. */
  tab: string;
  /** The page's route: its path without query string or fragment, emails, numbers and ids (`routeOf`). */
  page: string;
  locale: string;
  [field: string]: unknown;
}

const TRACKED: EventName[] = ['search', 'results', 'no-results', 'article', 'feedback', 'contact', 'explain'];
const MAX_QUEUE = 200;
// Analytics needs the gist of a query, not a pasted document.
const MAX_TEXT = 500;

const clean = (text: string) => scrubPersonalData(text).slice(0, MAX_TEXT);

/** Scrubs what a visitor typed of anything that looks like personal data. */
function scrub<E extends EventName>(type: E, detail: WidgetEvents[E]): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...detail };
  if (typeof fields.query === 'string') fields.query = clean(fields.query);
  if (typeof fields.comment === 'string') fields.comment = clean(fields.comment);
  if (type === 'contact') {
    // What support needs travels with the message itself; analytics only learns that it happened.
    return { stage: fields.stage, query: fields.query };
  }
  return fields;
}

/**
 * Batches widget events and sends them with `navigator.sendBeacon` when the page is hidden or
 * unloaded, as newline-delimited JSON.
 */
export function startAnalytics(url: string, emitter: Emitter, locale: () => string): void {
  const session = safeStorage('sessionStorage');
  let tab = session.get<string>('selfserve:tab');
  if (!tab) {
    tab = randomId();
    session.set('selfserve:tab', tab);
  }
  const queue: AnalyticsEvent[] = [];
  for (const type of TRACKED) {
    emitter.on(
      type,
      (detail) => {
        if (type === 'contact' && (detail as WidgetEvents['contact']).stage !== 'sent') return;
        if (queue.length >= MAX_QUEUE) queue.shift();
        queue.push({ type, time: new Date().toISOString(), tab: tab!, page: routeOf(location.pathname), locale: locale(), ...scrub(type, detail as WidgetEvents[typeof type]) });
      },
      true,
    );
  }
  const flush = () => {
    if (!queue.length) return;
    const body = queue.map((event) => JSON.stringify(event)).join('\n') + '\n';
    // text/plain keeps the beacon a "simple" request: no CORS preflight for a collector elsewhere.
    if (navigator.sendBeacon?.(url, new Blob([body], { type: 'text/plain;charset=UTF-8' }))) queue.length = 0;
  };
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flush());
  window.addEventListener('pagehide', flush);
}
