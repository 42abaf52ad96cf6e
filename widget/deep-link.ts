/** `#help/billing/bill-codes#rate-codes` → `{ slug, anchor }`, for the configured prefix. */
export function parseDeepLink(hash: string, prefix: string | false): { slug: string; anchor?: string } | undefined {
  if (!prefix) return undefined;
  const start = `#${prefix}/`;
  if (!hash.startsWith(start)) return undefined;
  const [slug, anchor] = decodeURIComponent(hash.slice(start.length)).split('#');
  return slug ? { slug, anchor: anchor || undefined } : undefined;
}

export function deepLink(prefix: string, slug: string, anchor?: string): string {
  return `#${prefix}/${slug}${anchor ? `#${anchor}` : ''}`;
}
