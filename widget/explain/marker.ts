import type { DefinedTerm, Matcher } from './match.ts';

/** A region of the page whose terms are explained: an element given to `explain()` or matching `data-explain`. */
export interface Region {
  element: Element;
  /** By term key: its marks in this region, in the order they were found. */
  marks: Map<string, Set<Mark>>;
}

/** One marked occurrence of a term. */
export interface Mark {
  node: Text;
  start: number;
  end: number;
  term: DefinedTerm;
  region: Region;
  range: StaticRange;
}

// Never marked inside: links, buttons and form fields (a mark there would fight their own purpose),
// code and styles, embedded documents, and the widget itself.
const SKIPPED_TAGS = new Set(['A', 'BUTTON', 'INPUT', 'TEXTAREA', 'SELECT', 'OPTION', 'LABEL', 'SUMMARY', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'CANVAS', 'SVG', 'MATH', 'TITLE', 'SELFSERVE-WIDGET', 'SELFSERVE-TERM']);
const SKIPPED_ROLES = new Set(['button', 'link', 'textbox', 'searchbox', 'combobox', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'option', 'tab', 'checkbox', 'radio', 'switch', 'slider', 'spinbutton']);
/** The same rule as a selector, for the ancestors of content added later. */
const SKIPPED_SELECTOR = [
  ...[...SKIPPED_TAGS].map((t) => t.toLowerCase()),
  ...[...SKIPPED_ROLES].map((r) => `[role="${r}"]`),
  '[contenteditable]:not([contenteditable="false"])',
  '[hidden]',
  '[aria-hidden="true"]',
  '[inert]',
  '[data-selfserve-skip]',
].join(',');

/** Whether nothing inside `element` is marked. Attributes are only read when there are some. */
export function isSkipped(element: Element): boolean {
  if (SKIPPED_TAGS.has(element.tagName.toUpperCase())) return true;
  if (!element.attributes.length) return false;
  const editable = element.getAttribute('contenteditable');
  if (editable !== null && editable !== 'false') return true;
  const role = element.getAttribute('role');
  return (
    (role !== null && SKIPPED_ROLES.has(role)) ||
    element.hasAttribute('hidden') ||
    element.getAttribute('aria-hidden') === 'true' ||
    element.hasAttribute('inert') ||
    element.hasAttribute('data-selfserve-skip')
  );
}

/** Whether `node` sits inside something never marked, looking up to (and including) `region`. */
export function insideSkipped(node: Node, region: Element): boolean {
  const parent = node instanceof Element ? node : node.parentElement;
  const skipped = parent?.closest(SKIPPED_SELECTOR);
  return Boolean(skipped && (skipped === region || region.contains(skipped)));
}

/** Where marks are kept: a `Highlight`, or a plain set where the browser has no highlights. */
export type RangeSet = Pick<Set<AbstractRange>, 'add' | 'delete' | 'clear'>;

/** A walk over a subtree that can stop and resume: the next node to visit. */
export interface Walk {
  region: Region;
  root: Node;
  next: Node | null;
}

export interface Marker {
  /** Visits nodes of `walk` until `deadline` (a `performance.now()` time); true when it is done. */
  advance(walk: Walk, deadline: number): boolean;
  /** Forgets the marks of text in `node` (removed from the page, or changed). */
  unmark(node: Node): void;
  /** The marks in a text node. */
  marksIn(node: Text): readonly Mark[] | undefined;
  /** Every mark, for clearing. */
  clear(): void;
}

/**
 * Finds the terms in text nodes and records a mark for each, as a `StaticRange` in `highlight`
 * (never changing the text). A text node is matched once per content: processing it again does
 * nothing unless its text changed. `onMark` hears of each new mark.
 */
export function createMarker(matcher: Matcher, highlight: RangeSet, onMark: (mark: Mark) => void): Marker {
  const seen = new WeakMap<Text, string>();
  const marks = new Map<Text, Mark[]>();

  function unmarkText(text: Text) {
    seen.delete(text);
    const list = marks.get(text);
    if (!list) return;
    marks.delete(text);
    for (const mark of list) {
      highlight.delete(mark.range);
      mark.region.marks.get(mark.term.key)?.delete(mark);
    }
  }

  function markText(text: Text, region: Region) {
    const data = text.data;
    if (seen.get(text) === data) return;
    if (seen.has(text)) unmarkText(text);
    seen.set(text, data);
    const found = matcher.find(data);
    if (!found.length) return;
    const list: Mark[] = [];
    for (const { start, end, term } of found) {
      let set = region.marks.get(term.key);
      // A word (not a code) is marked once per region, so ordinary words cannot light up a page.
      if (!term.every && set?.size) continue;
      if (!set) region.marks.set(term.key, (set = new Set()));
      const range = new StaticRange({ startContainer: text, startOffset: start, endContainer: text, endOffset: end });
      const mark: Mark = { node: text, start, end, term, region, range };
      set.add(mark);
      list.push(mark);
      highlight.add(range);
      onMark(mark);
    }
    if (list.length) marks.set(text, list);
  }

  return {
    advance(walk, deadline) {
      let node = walk.next;
      let visited = 0;
      while (node) {
        if (++visited % 64 === 0 && performance.now() > deadline) break;
        let descend = false;
        if (node.nodeType === Node.ELEMENT_NODE) descend = !isSkipped(node as Element) && node.firstChild !== null;
        else if (node.nodeType === Node.TEXT_NODE) markText(node as Text, walk.region);
        if (descend) {
          node = node.firstChild;
          continue;
        }
        // Up to the next sibling, without leaving the root (or a subtree the page removed meanwhile).
        while (node && node !== walk.root && !node.nextSibling) node = node.parentNode;
        node = node && node !== walk.root ? node.nextSibling : null;
      }
      walk.next = node;
      return node === null;
    },
    unmark(node) {
      if (node.nodeType === Node.TEXT_NODE) return unmarkText(node as Text);
      if (!node.hasChildNodes()) return;
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) unmarkText(text as Text);
    },
    marksIn: (node) => marks.get(node),
    clear() {
      for (const text of [...marks.keys()]) unmarkText(text);
    },
  };
}
