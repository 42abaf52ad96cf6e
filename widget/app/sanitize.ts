import DOMPurify from 'dompurify';

// Every link that opens a new tab gets rel="noopener noreferrer", whatever the HTML said.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.getAttribute('target')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/**
 * Article HTML is sanitized when it is built; it is sanitized again here, in the browser, before it
 * touches the page, so an index file altered on its way (a compromised CDN, a proxy) cannot inject
 * script either. No styles, forms or frames, whatever the file says.
 */
export function sanitizeArticle(html: string): string {
  return DOMPurify.sanitize(html, {
    ADD_ATTR: ['target'],
    FORBID_TAGS: ['style', 'form', 'iframe', 'frame', 'object', 'embed', 'base', 'meta', 'link', 'svg', 'math', 'template', 'button', 'select', 'textarea'],
    FORBID_ATTR: ['style', 'formaction', 'action'],
  });
}
