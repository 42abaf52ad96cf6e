import { z } from 'zod';
import { isLanguageTag } from './locale-tag.ts';

/**
 * The frontmatter a support writer puts at the top of an article, validated by the build.
 * Every field but `title` is optional.
 */
const stringList = z.array(z.union([z.string(), z.number()]).transform(String));

const slugPattern = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;
export const slugSchema = z
  .string()
  .regex(slugPattern, 'must be lowercase letters, digits, "-", "_" or "." in parts separated by "/", like billing/bill-codes');

export const frontmatterSchema = z.strictObject({
  /** Shown as the article's heading and in results; the strongest search field. */
  title: z.string().trim().min(1, 'must not be empty'),
  /** One sentence shown under the title in results; searchable. */
  description: z.string().trim().optional(),
  /** Topics, searchable. */
  tags: stringList.optional(),
  /** Extra search terms that are never shown: codes, synonyms, misspellings. */
  aliases: stringList.optional(),
  /** URL path globs (`/account/bill/*`) of the pages where this article is offered as contextual help. */
  pages: z
    .array(z.string().regex(/^\//, 'must be a URL path starting with "/", like /account/bill/*'))
    .optional(),
  /** Codes and jargon this article explains, each with a one-sentence definition: `GPRR: Data used…`. */
  terms: z.record(z.string(), z.string().trim().min(1, 'needs a definition')).optional(),
  /** Slugs of related articles. */
  related: z.array(slugSchema).optional(),
  /** The article's language, as a BCP 47 tag (`en`, `es`, `pt-BR`). */
  locale: z.string().refine(isLanguageTag, 'must be a language tag like en, es or pt-BR').optional(),
  /** Importance for suggestions when nothing is typed: 1 comes first. */
  order: z.number().finite().optional(),
  /** Date of the last meaningful change, `YYYY-MM-DD`. */
  updated: z
    .union([z.date().transform((d) => d.toISOString().slice(0, 10)), z.string()])
    // A day that exists: 2026-13-45 has the shape, and a page would show "Invalid Date".
    .pipe(z.string().refine(isDay, 'must be a date like 2026-10-14'))
    .optional(),
  /** `true` keeps the article out of the build. */
  draft: z.boolean().optional(),
  /** Overrides the slug taken from the file path. */
  slug: slugSchema.optional(),
});

export type Frontmatter = z.output<typeof frontmatterSchema>;
export const FRONTMATTER_KEYS = Object.keys(frontmatterSchema.shape) as (keyof Frontmatter)[];

/** `YYYY-MM-DD` of a day that exists (not 2026-02-30). */
function isDay(day: string): boolean {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(day);
}
