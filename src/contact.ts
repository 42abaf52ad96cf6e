import * as z from 'zod/mini';

/**
 * The JSON the widget POSTs to a `data-contact` endpoint when a visitor writes to support, and the
 * JSON it expects back. Documented in docs/contact.md; import `contactPayloadSchema` to validate
 * messages on your server.
 */

/** The longest message a visitor can send, in characters (UTF-16 code units). */
export const MESSAGE_LIMIT = 10_000;

export const trailItemSchema = z.discriminatedUnion('type', [
  /**
   * A search the visitor settled on: how many articles it found, the titles of the first ones shown
   * and the term of the instant answer shown above them.
   */
  z.object({ type: z.literal('search'), query: z.string(), results: z.int(), shown: z.optional(z.array(z.string())), answer: z.optional(z.string()), time: z.string() }),
  /** An article the visitor opened, the section they were taken to, and the search that led there. */
  z.object({ type: z.literal('article'), slug: z.string(), title: z.string(), section: z.optional(z.string()), query: z.optional(z.string()), time: z.string() }),
  /** "Did this answer your question?" about the article `slug`, titled `title`. */
  z.object({ type: z.literal('feedback'), slug: z.string(), title: z.optional(z.string()), helpful: z.boolean(), reason: z.optional(z.string()), comment: z.optional(z.string()), time: z.string() }),
]);
export type TrailItem = z.infer<typeof trailItemSchema>;

const email = z.string().check(z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/), z.maxLength(320));

/** Who the site says the visitor is: `Selfserve.identify({ email, name, id })`. */
export const visitorSchema = z.object({
  email: z.optional(email),
  name: z.optional(z.string().check(z.maxLength(200))),
  /** The site's own id for the customer (a number is turned into text). */
  id: z.optional(z.pipe(z.union([z.string(), z.number()]), z.transform(String)).check(z.maxLength(200))),
});
export type Visitor = z.infer<typeof visitorSchema>;

/** The browser and device the message was written on, so support can reproduce what the visitor saw. */
export const clientSchema = z.object({
  /** "Chrome 131", "Safari 18"… */
  browser: z.string(),
  /** "Windows", "macOS", "iOS", "Android", "Linux"… */
  os: z.string(),
  device: z.enum(['desktop', 'tablet', 'mobile']),
  /** The browser window's size in CSS pixels, like "1280×860". */
  viewport: z.string(),
});
export type Client = z.infer<typeof clientSchema>;

export const contactPayloadSchema = z.object({
  /** Random per message: the same key means the same message sent again (a retry, a double click). */
  idempotencyKey: z.string().check(z.minLength(8), z.maxLength(100)),
  email,
  message: z.string().check(z.minLength(1), z.maxLength(MESSAGE_LIMIT)),
  /** The page the visitor was on. */
  page: z.string(),
  /** The widget's language. */
  locale: z.string(),
  /** When the message was sent, ISO 8601. */
  sentAt: z.string(),
  /** What the visitor searched, read and said, oldest first, minus anything they chose to remove. */
  trail: z.array(trailItemSchema),
  /** Who the site says the visitor is, when it called `Selfserve.identify`. */
  visitor: z.optional(visitorSchema),
  /** Their browser and device, unless they chose not to send it. */
  client: z.optional(clientSchema),
});
export type ContactPayload = z.infer<typeof contactPayloadSchema>;

/**
 * What the endpoint answers once the message is stored: any JSON object, with a 2xx status. An
 * `id` (or `reference`) is shown to the visitor as the message's reference.
 */
export const contactReplySchema = z.looseObject({
  id: z.optional(z.union([z.string(), z.number()])),
  reference: z.optional(z.union([z.string(), z.number()])),
});
