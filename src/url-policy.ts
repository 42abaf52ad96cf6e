/**
 * The URLs Selfserve takes, from a page's script tag (the index, the contact path, the analytics
 * endpoint, a logo) or from the build (`--base`): relative to the page, or absolute `https:` (or
 * another of `schemes`), and `http:` only on localhost, where a site is tried out. `page` is the
 * URL a relative one resolves against. No DOM: the CLI checks `--base` with the same rule.
 */
export function isUsableUrl(value: string, page: string, schemes: readonly string[] = ['https:']): boolean {
  let url: URL;
  try {
    url = new URL(value, page);
  } catch {
    return false;
  }
  if (url.protocol === 'http:') return isLocalhost(url.hostname);
  return schemes.includes(url.protocol);
}

const isLocalhost = (host: string) => host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.endsWith('.localhost');
