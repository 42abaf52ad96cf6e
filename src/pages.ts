/**
 * Matches a URL path against a `pages:` glob from an article's frontmatter.
 * `*` matches within one path segment, `**` across segments, `?` one character; a trailing `/` is
 * optional. So `/account/bill/*` matches `/account/bill/2026-10`, and `/help/**` any page under /help/.
 */
export function pageMatches(glob: string, pathname: string): boolean {
  return globToRegExp(glob).test(pathname.replace(/(.)\/$/, '$1'));
}

const cache = new Map<string, RegExp>();

function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (!re) {
    const body = glob
      .replace(/(.)\/$/, '$1')
      .split(/(\*\*\/?|\*|\?)/)
      .map((part) => {
        if (part === '**' || part === '**/') return '.*';
        if (part === '*') return '[^/]*';
        if (part === '?') return '[^/]';
        return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    re = new RegExp(`^${body}$`);
    cache.set(glob, re);
  }
  return re;
}
