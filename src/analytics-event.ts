import * as z from 'zod/mini';

/** Longest text kept from an event: far beyond a real query, short enough that a forged line costs little. */
export const MAX_EVENT_TEXT = 2000;
const text = (max = MAX_EVENT_TEXT) => z.string().check(z.maxLength(max));

/**
 * One line of the analytics stream the widget beacons to its `data-analytics` URL, as collectors
 * store it and `selfserve report` reads it. Anyone can post to a public collector, so every field
 * is checked for its type and length; unknown fields are dropped.
 */
export const analyticsEventSchema = z.object({
  type: z.enum(['search', 'results', 'no-results', 'article', 'feedback', 'contact']),
  /** ISO 8601, as `Date.prototype.toISOString()` writes it. */
  time: z.iso.datetime({ offset: true }),
  /** Random per browser tab: the only thing that ties a visitor's events together. */
  tab: text(100),
  page: z.optional(text()),
  locale: z.optional(text(35)),
  query: z.optional(text()),
  count: z.optional(z.int().check(z.nonnegative())),
  slug: z.optional(text(300)),
  helpful: z.optional(z.boolean()),
  reason: z.optional(text(500)),
  comment: z.optional(text()),
  stage: z.optional(z.enum(['request', 'sent'])),
});
export type AnalyticsEventRecord = z.infer<typeof analyticsEventSchema>;

/** Why a value is not an event, naming the first field at fault: `"query": expected string, received number`. */
export function eventProblem(error: z.core.$ZodError): string {
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
