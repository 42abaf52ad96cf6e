import sanitizeHtml from 'sanitize-html';

/**
 * What an SVG image may contain once published. Opened on its own (`/help/assets/logo.svg`), an
 * SVG is a document with the origin of the site that hosts it: a `<script>`, an `onload`, a
 * `<foreignObject>` with HTML, or a link to `javascript:` would run there. So only drawing
 * elements and presentation attributes pass; no scripts, events, links, styles, or external
 * references (`<use href>` may only point inside the file).
 */
const ELEMENTS = [
  'svg', 'g', 'defs', 'symbol', 'use', 'title', 'desc', 'path', 'rect', 'circle', 'ellipse', 'line',
  'polyline', 'polygon', 'text', 'tspan', 'textPath', 'linearGradient', 'radialGradient', 'stop',
  'clipPath', 'mask', 'pattern', 'marker', 'filter', 'feGaussianBlur', 'feOffset', 'feBlend',
  'feColorMatrix', 'feComposite', 'feFlood', 'feMerge', 'feMergeNode', 'feMorphology', 'feDropShadow',
];
const ATTRIBUTES = [
  'id', 'class', 'viewBox', 'width', 'height', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry',
  'd', 'points', 'fill', 'fill-opacity', 'fill-rule', 'clip-rule', 'stroke', 'stroke-width', 'stroke-linecap',
  'stroke-linejoin', 'stroke-miterlimit', 'stroke-dasharray', 'stroke-dashoffset', 'stroke-opacity', 'opacity',
  'transform', 'gradientUnits', 'gradientTransform', 'offset', 'stop-color',
  'stop-opacity', 'clip-path', 'mask', 'filter', 'font-family', 'font-size', 'font-weight', 'text-anchor',
  'dominant-baseline', 'preserveAspectRatio', 'xmlns', 'version', 'role', 'aria-label',
  'aria-hidden', 'focusable', 'stdDeviation', 'dx', 'dy', 'in', 'in2', 'result', 'mode', 'values',
  'type', 'operator', 'k1', 'k2', 'k3', 'k4', 'flood-color', 'flood-opacity', 'markerWidth', 'markerHeight',
  'refX', 'refY', 'orient', 'patternUnits', 'patternTransform', 'maskUnits', 'clipPathUnits', 'href', 'xlink:href',
  'xmlns:xlink', 'fx', 'fy', 'spreadMethod', 'vector-effect', 'visibility', 'display',
];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ELEMENTS,
  allowedAttributes: { '*': ATTRIBUTES },
  // No scheme at all: only in-file references (`#id`) are kept, checked below.
  allowedSchemes: [],
  allowedSchemesAppliedToAttributes: ['href', 'xlink:href'],
  allowProtocolRelative: false,
  // No `style` attribute passes (see above): nothing to parse.
  parseStyleAttributes: false,
  parser: { xmlMode: true, lowerCaseTags: false, lowerCaseAttributeNames: false },
  transformTags: {
    '*': (tagName, attribs) => {
      const safe = { ...attribs };
      for (const name of ['href', 'xlink:href']) if (safe[name] !== undefined && !/^#[\w.-]+$/.test(safe[name])) delete safe[name];
      // url(…) in a presentation attribute may load another file; in-file ones stay.
      for (const [name, value] of Object.entries(safe)) if (/url\(\s*['"]?(?!#)/i.test(value)) delete safe[name];
      return { tagName, attribs: safe };
    },
  },
};

/** The SVG with everything active removed, or undefined when nothing drawable is left. */
export function sanitizeSvg(text: string): string | undefined {
  const clean = sanitizeHtml(text.replace(/<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/i, ''), OPTIONS).trim();
  return /^<svg[\s>]/i.test(clean) ? clean : undefined;
}
