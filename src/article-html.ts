/**
 * What article HTML may contain, for the build's sanitizer (scripts/content/sanitize.ts) and the
 * browser's (widget/app/lazy/article.ts) alike: one list, so an index altered after the build can
 * put nothing in the page that the build would not have let through.
 *
 * Markdown output plus the harmless raw HTML writers use (tables, details, kbd…). No scripts, event
 * handlers, styles, forms, media, image maps or frames; links and images only to these schemes.
 */
export const ARTICLE_TAGS = [
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'kbd', 'samp', 'var',
  'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'abbr', 'q', 'cite',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img', 'figure', 'figcaption', 'details', 'summary',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col', 'input', 'span', 'div',
];

/** Attributes by tag; `*` applies to every tag. */
export const ARTICLE_ATTRIBUTES: Record<string, string[]> = {
  '*': ['id', 'title', 'lang', 'dir'],
  a: ['href', 'target', 'rel', 'data-selfserve-article', 'data-selfserve-anchor'],
  img: ['src', 'alt', 'width', 'height', 'loading'],
  code: ['class'],
  // (`data-footnotes`: the notes at the end of an article, set in smaller type.)
  ol: ['start', 'reversed', 'data-footnotes'],
  th: ['align', 'colspan', 'rowspan', 'scope'],
  td: ['align', 'colspan', 'rowspan'],
  col: ['span'],
  abbr: ['title'],
  // GFM task list checkboxes: the only input, and never one the reader can tick.
  input: ['type', 'checked', 'disabled'],
  details: ['open'],
  // GitHub's alerts (`> [!NOTE]`): which one, for the widget to name and style it; and the title
  // another tool's container gives it (`::: warning Node version`), shown in place of that name.
  blockquote: ['data-alert', 'data-alert-title'],
};

/** URL schemes links and images may use; anything else (javascript:, data:, vbscript:…) is dropped. */
export const ARTICLE_SCHEMES = ['https', 'http', 'mailto', 'tel'];

/** Whether a URL is relative or uses one of `ARTICLE_SCHEMES` (protocol-relative `//host` is not). */
export function isArticleUrl(url: string): boolean {
  // Browsers ignore control characters and spaces in a scheme ("java\tscript:"): so does this.
  const value = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (value.startsWith('//') || value.startsWith('\\\\') || value.startsWith('/\\')) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value);
  return !scheme || ARTICLE_SCHEMES.includes(scheme[1].toLowerCase());
}
