import sanitizeHtml from 'sanitize-html';
import { ARTICLE_ATTRIBUTES, ARTICLE_SCHEMES, ARTICLE_TAGS } from '../../src/article-html.ts';

// The allow-list is shared with the widget's own sanitizer (src/article-html.ts).
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ARTICLE_TAGS,
  allowedAttributes: ARTICLE_ATTRIBUTES,
  allowedClasses: { code: ['language-*'] },
  allowedSchemes: ARTICLE_SCHEMES,
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  // No `style` is allowed: nothing to parse (and the CLI's bundle leaves out the CSS parser, see build-package.ts).
  parseStyleAttributes: false,
  // Only checkboxes may be inputs, and they cannot be ticked by the reader.
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
  transformTags: {
    input: (tagName, attribs) => ({ tagName, attribs: { ...attribs, disabled: '' } }),
    a: (tagName, attribs) => {
      const external = /^https?:\/\//i.test(attribs.href ?? '');
      // An old-style anchor (`<a name="install">`) is an id, as links to it need.
      const { target: _target, rel: _rel, name, ...rest } = attribs;
      if (name && !rest.id) rest.id = name;
      return { tagName, attribs: external ? { ...rest, target: '_blank', rel: 'noopener noreferrer' } : rest };
    },
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy' } }),
  },
};

export function sanitize(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
