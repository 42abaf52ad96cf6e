/**
 * The link to support for a query: a `mailto:` with the query as the message, a URL template with
 * `{query}` filled in, or the URL as it is.
 */
export function contactHref(contact: string, query: string, page: string): string {
  if (contact.startsWith('mailto:')) {
    const body = [...(query ? [`I searched for: ${query}`] : []), `Page: ${page}`, '', ''].join('\n');
    const separator = contact.includes('?') ? '&' : '?';
    return `${contact}${separator}subject=${encodeURIComponent('Help request')}&body=${encodeURIComponent(body)}`;
  }
  return contact.replace(/\{query\}/g, encodeURIComponent(query));
}
