import * as z from 'zod/mini';

/**
 * The JSON the widget POSTs to a `data-contact` endpoint when a visitor writes to support.
 * Documented in docs/contact.md; import `contactPayloadSchema` to validate it on your server.
 */
export const trailItemSchema = z.discriminatedUnion('type', [
  /** A search the visitor settled on, with how many articles it found. */
  z.object({ type: z.literal('search'), query: z.string(), results: z.int(), time: z.string() }),
  /** An article the visitor opened, and the search that led there. */
  z.object({ type: z.literal('article'), slug: z.string(), title: z.string(), query: z.optional(z.string()), time: z.string() }),
  /** "Did this answer your question?" */
  z.object({ type: z.literal('feedback'), slug: z.string(), helpful: z.boolean(), reason: z.optional(z.string()), comment: z.optional(z.string()), time: z.string() }),
]);
export type TrailItem = z.infer<typeof trailItemSchema>;

export const contactPayloadSchema = z.object({
  /** Random per message: the same key means the same message sent again (a retry, a double click). */
  idempotencyKey: z.string().check(z.minLength(8), z.maxLength(100)),
  email: z.string().check(z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/), z.maxLength(320)),
  message: z.string().check(z.minLength(1), z.maxLength(10000)),
  /** The page the visitor was on. */
  page: z.string(),
  /** The widget's language. */
  locale: z.string(),
  /** When the message was sent, ISO 8601. */
  sentAt: z.string(),
  /** What the visitor searched, read and said, oldest first, minus anything they chose to remove. */
  trail: z.array(trailItemSchema),
});
export type ContactPayload = z.infer<typeof contactPayloadSchema>;
