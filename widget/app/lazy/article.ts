import DOMPurify from 'dompurify';
import { ARTICLE_ATTRIBUTES, ARTICLE_TAGS, isArticleUrl } from '../../../src/article-html.ts';

let resolveAsset: ((path: string) => string) | undefined;

const URL_ATTRIBUTES = new Set(['href', 'src', 'cite']);
const attributesOf = (tag: string) => [...ARTICLE_ATTRIBUTES['*'], ...(ARTICLE_ATTRIBUTES[tag] ?? [])];

DOMPurify.addHook('uponSanitizeAttribute', (node, data) => {
  // DOMPurify's attribute list is one for all tags; the build's is per tag, and so is this.
  const tag = node.tagName.toLowerCase();
  if (!attributesOf(tag).includes(data.attrName)) data.keepAttr = false;
  // DOMPurify lets `data:` images through; the build does not.
  else if (URL_ATTRIBUTES.has(data.attrName) && !isArticleUrl(data.attrValue)) data.keepAttr = false;
  // Only the build's syntax-highlighting classes: none of the widget's own (`ss-…`).
  else if (data.attrName === 'class' && !/^(language-[\w-]+\s*)+$/.test(data.attrValue)) data.keepAttr = false;
});

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  // Only task-list checkboxes, which the reader cannot tick.
  if (node.tagName === 'INPUT') {
    if (node.getAttribute('type') !== 'checkbox') return node.remove();
    node.setAttribute('disabled', '');
  }
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
 * touches the page, with the build's own allow-list (src/article-html.ts), so an index file altered
 * on its way (a compromised CDN, a proxy) can inject nothing the build would have removed: no
 * script, styles, forms, media, image maps, frames or `data:` images.
 */
export function sanitizeArticle(html: string, resolve?: (path: string) => string): string {
  resolveAsset = resolve;
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS: ARTICLE_TAGS,
    ALLOWED_ATTR: [...new Set(Object.values(ARTICLE_ATTRIBUTES).flat())],
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
  });
}
