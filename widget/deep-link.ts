/**
 * `#help/billing/bill-codes#rate-codes` → `{ slug, anchor }`, for the configured prefix. A link that
 * is not one (`#help/%zz`, a truncated `%E0%A4%A`) is ignored: the URL is the visitor's, or anyone's
 * who sent them the link, and must never throw into the page.
 */
export function parseDeepLink(hash: string, prefix: string | false): { slug: string; anchor?: string } | undefined {
  if (!prefix) return undefined;
  const start = `#${prefix}/`;
  if (!hash.startsWith(start)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(hash.slice(start.length));
  } catch {
    return undefined;
  }
  const [slug, anchor] = decoded.split('#');
  return slug ? { slug, anchor: anchor || undefined } : undefined;
}

export function deepLink(prefix: string, slug: string, anchor?: string): string {
  return `#${prefix}/${slug}${anchor ? `#${anchor}` : ''}`;
}
