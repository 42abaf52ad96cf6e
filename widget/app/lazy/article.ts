import DOMPurify from 'dompurify';

let resolveAsset: ((path: string) => string) | undefined;

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  // Every link that opens a new tab gets rel="noopener noreferrer", whatever the HTML said.
  if (node.tagName === 'A' && node.getAttribute('target')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
  // Images the build copied (assets/…) live next to the index, not next to the page.
  const src = node.tagName === 'IMG' ? node.getAttribute('src') : null;
  if (src && resolveAsset && !/^([a-z][a-z0-9+.-]*:|\/)/i.test(src)) {
    node.setAttribute('src', resolveAsset(src));
    node.setAttribute('loading', 'lazy');
  }
});

/**
 * Article HTML is sanitized when it is built; it is sanitized again here, in the browser, before it
 * touches the page, so an index file altered on its way (a compromised CDN, a proxy) cannot inject
 * script either. No styles, forms or frames, whatever the file says.
 */
export function sanitizeArticle(html: string, resolve?: (path: string) => string): string {
  resolveAsset = resolve;
  return DOMPurify.sanitize(html, {
    ADD_ATTR: ['target'],
    FORBID_TAGS: ['style', 'form', 'iframe', 'frame', 'object', 'embed', 'base', 'meta', 'link', 'svg', 'math', 'template', 'button', 'select', 'textarea'],
    FORBID_ATTR: ['style', 'formaction', 'action'],
  });
}
