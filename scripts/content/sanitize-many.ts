import { sanitize } from './sanitize.ts';

// Bodies sanitized in one call. The sanitizer sets up its options, parser and per-call classes on
// every call, which cost more than sanitizing a short article (10,000 articles: 2-3× the time).
const BATCH = 32;
// Between two bodies: an element the allow-list keeps, which markdown never renders (its `hr` has
// no id), so each body's output is cut back out at it.
const SEPARATOR = '<hr id="selfserve-body-end">';
const SANITIZED_SEPARATOR = '<hr id="selfserve-body-end" />';

/**
 * `html.map(sanitize)`, for bodies rendered from markdown with no raw HTML (no `<` in the
 * markdown): such HTML is well-formed (every tag closed, every `<` of text escaped), so the
 * sanitizer ends each body as it began, with no element open, and bodies joined by a separator
 * come out as each would alone. Other bodies must go to `sanitize` one by one: an unclosed tag or
 * comment in one would swallow the next.
 */
export function sanitizeMarkdownHtml(html: string[]): string[] {
  const sanitized: string[] = [];
  for (let start = 0; start < html.length; start += BATCH) {
    const batch = html.slice(start, start + BATCH);
    const parts = sanitize(batch.join(SEPARATOR)).split(SANITIZED_SEPARATOR);
    // Never expected (the allow-list would have to drop `hr` or `id`): then each alone.
    sanitized.push(...(parts.length === batch.length ? parts : batch.map(sanitize)));
  }
  return sanitized;
}

/** Rendered HTML to sanitize, and whether its markdown had no raw HTML (`withoutRawHtml`). */
export interface RenderedBody {
  html: string;
  plain: boolean;
}

/** The sanitized HTML of each body, in order: the plain ones together, the others one by one. */
export function sanitizeBodies(bodies: RenderedBody[]): string[] {
  const plain = bodies.filter((body) => body.plain);
  const together = sanitizeMarkdownHtml(plain.map((body) => body.html));
  let next = 0;
  return bodies.map((body) => (body.plain ? together[next++] : sanitize(body.html)));
}

/** Whether markdown has no raw HTML: its HTML can go to `sanitizeMarkdownHtml`. */
export const withoutRawHtml = (markdown: string): boolean => !markdown.includes('<');
