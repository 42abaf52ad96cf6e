// The full zod, not zod/mini: it compiles object schemas to fast code, and the report checks a
// million events with this. The widget never imports it.
import { z } from 'zod';

/** Longest text kept from an event: far beyond a real query, short enough that a forged line costs little. */
export const MAX_EVENT_TEXT = 2000;
const text = (max = MAX_EVENT_TEXT) => z.string().max(max);

/**
 * One line of the analytics stream the widget beacons to its `data-analytics` URL, as collectors
 * store it and `selfserve report` reads it. Anyone can post to a public collector, so every field
 * is checked for its type and length; unknown fields are dropped.
 */
export const analyticsEventSchema = z.object({
  type: z.enum(['search', 'results', 'no-results', 'article', 'feedback', 'contact', 'explain']),
  /** ISO 8601, as `Date.prototype.toISOString()` writes it. */
  time: z.iso.datetime({ offset: true }),
  /** Random per browser tab: the only thing that ties a visitor's events together. */
  tab: text(100),
  page: text().optional(),
  locale: text(35).optional(),
  query: text().optional(),
  count: z.int().nonnegative().optional(),
  slug: text(300).optional(),
  helpful: z.boolean().optional(),
  reason: text(500).optional(),
  comment: text().optional(),
  stage: z.enum(['request', 'sent']).optional(),
  /** `article`: opened from the articles the contact form offered, not from a search. */
  via: z.enum(['contact']).optional(),
  /** `explain`: the term whose definition a page showed (docs/explain.md). */
  term: text(300).optional(),
});
export type AnalyticsEventRecord = z.infer<typeof analyticsEventSchema>;

/** Why a value is not an event, naming the first field at fault: `"query": expected string, received number`. */
export function eventProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue.path.length ? `"${issue.path.join('.')}": ` : 'the line: ';
  switch (issue.code) {
    case 'invalid_type':
      return `${field}expected ${issue.expected === 'object' ? 'a JSON object' : issue.expected}${issue.path.length ? '' : ' per line'}`;
    case 'too_big':
      return `${field}longer than ${issue.maximum} characters`;
    case 'invalid_format':
      return `${field}not an ISO 8601 date and time`;
    case 'invalid_value':
      return `${field}expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${field}invalid (${issue.code})`;
  }
}

/**
 * Parses one line of NDJSON into an event, or says what is wrong with it. Never throws: a line is
 * untrusted input.
 */
export function parseEventLine(line: string): { event: AnalyticsEventRecord } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return { problem: 'not JSON' };
  }
  const parsed = analyticsEventSchema.safeParse(data);
  return parsed.success ? { event: parsed.data } : { problem: eventProblem(parsed.error) };
}
