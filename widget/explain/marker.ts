import type { DefinedTerm, Matcher } from '../../src/terms.ts';

/** A region of the page whose terms are explained: an element given to `explain()` or matching `data-explain`. */
export interface Region {
  element: Element;
  /** By term key: its marks in this region, in the order they were made. */
  marks: Map<string, Set<Mark>>;
  /**
   * Text where a term may be written, in page order, not looked at yet past `next`: marks are made
   * when their text comes near the viewport (`Marker.markNow`), or here, in order, while a term is
   * `wanted`. Most text of a long statement is never looked at.
   */
  later: Text[];
  next: number;
  /** Terms written in the region whose first occurrence is not marked yet. */
  wanted: Set<string>;
}

/** A region as `explain()` starts it. */
export const newRegion = (element: Element): Region => ({ element, marks: new Map(), later: [], next: 0, wanted: new Set() });

/** One marked occurrence of a term. */
export interface Mark {
  node: Text;
  start: number;
  end: number;
  term: DefinedTerm;
  region: Region;
  /** Made when the mark is first painted (see `rangeOf`): most marks of a long page never are. */
  range?: StaticRange;
}

/** The mark's range, for a highlight. */
export function rangeOf(mark: Mark): StaticRange {
  return (mark.range ??= new StaticRange({ startContainer: mark.node, startOffset: mark.start, endContainer: mark.node, endOffset: mark.end }));
}

// Never marked inside: links, buttons and form fields (a mark there would fight their own purpose),
// code and styles, embedded documents, and the widget itself.
const SKIPPED_TAGS = new Set(['a', 'button', 'input', 'textarea', 'select', 'option', 'label', 'summary', 'script', 'style', 'noscript', 'template', 'iframe', 'object', 'canvas', 'svg', 'math', 'title', 'selfserve-widget', 'selfserve-term']);
const SKIPPED_ROLES = new Set(['button', 'link', 'textbox', 'searchbox', 'combobox', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'option', 'tab', 'checkbox', 'radio', 'switch', 'slider', 'spinbutton']);
/** Elements whose text is never marked. */
const SKIPPED_SELECTOR = [
  ...SKIPPED_TAGS,
  ...[...SKIPPED_ROLES].map((r) => `[role="${r}"]`),
  '[contenteditable]:not([contenteditable="false"])',
  '[hidden]',
  '[aria-hidden="true"]',
  '[inert]',
  '[data-selfserve-skip]',
].join(',');

/** Whether an element is one whose text is never marked. Attributes are only read when there are some. */
function isSkipped(element: Element): boolean {
  if (SKIPPED_TAGS.has(element.localName)) return true;
  if (!element.hasAttributes()) return false;
  const editable = element.getAttribute('contenteditable');
  const role = element.getAttribute('role');
  return (
    (editable !== null && editable !== 'false') ||
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

// Table parts: an element inserted among them would make an anonymous cell or row.
const TABLE_PARTS = new Set(['table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th']);

/**
 * The element a region's tab stops are placed before: the region, or the outermost table holding
 * it (stops inside a table would change its layout, and cost a layout of all of it). For the
 * whole document, the start of the body.
 */
export function stopAnchor(region: Element): Node {
  let element = region;
  while (element.parentElement && TABLE_PARTS.has(element.parentElement.localName)) element = element.parentElement;
  // A region with a term has text, so the body has a first child.
  if (element === document.documentElement || element === document.body) return document.body.firstChild ?? document.body;
  return element;
}

/** Where ranges are kept: a `Highlight`, or a plain set where the browser has no highlights. */
export type RangeSet = Pick<Set<AbstractRange>, 'add' | 'delete' | 'clear' | 'has'>;

/** A walk over the text of a subtree, which can stop and resume. */
export interface Walk {
  region: Region;
  root: Node;
  walker?: TreeWalker;
  /** Where a term may start in the root's text (`Matcher.starts`), and the walk's place in that text. */
  starts?: number[];
  offset?: number;
  next?: number;
  /** The page changed the root's text during the walk: the places no longer hold, every text is looked at. */
  stale?: boolean;
  /**
   * Where in the root's text the first place of every term the region still wants is passed: the
   * walk may stop for now only beyond it (see `Marker.advance`).
   */
  needed?: number;
  /** The element of the text the walk stopped at, far from the viewport. */
  at?: Element;
  /** Walked to the end without stopping again (a wanted term is further on). */
  whole?: boolean;
}

/** How a slice of a walk ended: at the end of its text, at its deadline, or far from the viewport. */
export type Advanced = 'done' | 'more' | 'far';

export interface Marker {
  /**
   * Visits nodes of `walk` until `deadline` (a `performance.now()` time). Text of an element walk
   * where a term may be is put in `region.later` (and handed to `onFound`); a changed text node is
   * marked at once. A walk that has passed the first place of every term its region wants stops
   * where `far` says a text's element is far from the viewport: the rest of a long statement is
   * walked when it comes near (most of it never does).
   */
  advance(walk: Walk, deadline: number, far: (element: Element) => boolean): Advanced;
  /** Marks a text now, if it was not: its marks. */
  markNow(text: Text, region: Region): readonly Mark[];
  /**
   * Marks a region's `later` text in order until no term is `wanted`: each term's first occurrence
   * is then marked. `walked`: no walk of the region stopped far from the viewport, so a term still
   * wanted at the end of `later` is not there.
   */
  settle(region: Region, walked: boolean): void;
  /** Forgets the marks of text in `node` (removed from the page, or changed). */
  unmark(node: Node): void;
  /** The marks in a text node. */
  marksIn(node: Text): readonly Mark[] | undefined;
  /** How many marks there are. */
  readonly size: number;
  /** Forgets every mark. */
  clear(): void;
}

/**
 * Finds the terms in text nodes and records a mark for each, as a `StaticRange` (never changing the
 * text). A text node is marked once per content: processing it again does nothing unless its text
 * changed. `onMark` and `onUnmark` hear of each mark made and forgotten.
 */
export function createMarker(matcher: Matcher, onFound: (texts: readonly Text[], region: Region, walk: object) => void, onMark: (mark: Mark) => void, onUnmark: (mark: Mark) => void): Marker {
  // Only text with marks is remembered (with the content it was marked for): text without terms
  // costs nothing to look at again, and most text has none.
  const marks = new Map<Text, { data: string; list: Mark[] }>();
  let size = 0;
  // The ancestors up to the region, each checked by its tag and, only when it has some, its
  // attributes: cheaper than closest() with the whole rule, and than remembering thousands of cells.
  function insideSkippedUpTo(text: Text, region: Element): boolean {
    for (let element = text.parentElement; element; element = element.parentElement) {
      if (isSkipped(element)) return true;
      if (element === region) return false;
    }
    return false;
  }

  function unmarkText(text: Text) {
    const entry = marks.get(text);
    if (!entry) return;
    marks.delete(text);
    size -= entry.list.length;
    for (const mark of entry.list) {
      mark.region.marks.get(mark.term.key)?.delete(mark);
      onUnmark(mark);
    }
  }

  const NONE: readonly Mark[] = [];
  const grouped = new WeakSet<Text>();

  function markText(text: Text, region: Region): readonly Mark[] {
    const data = text.data;
    const entry = marks.get(text);
    if (entry?.data === data) return entry.list;
    if (entry) unmarkText(text);
    const found = matcher.find(data);
    // Most text has no term: only text that has one is checked for links, buttons and the like.
    if (!found.length || insideSkippedUpTo(text, region.element)) return NONE;
    const list: Mark[] = [];
    for (const { start, end, term } of found) {
      let set = region.marks.get(term.key);
      // A word (not a code) is marked once per region, so ordinary words cannot light up a page.
      if (!term.every && set?.size) continue;
      if (!set) region.marks.set(term.key, (set = new Set()));
      const mark: Mark = { node: text, start, end, term, region };
      set.add(mark);
      list.push(mark);
      region.wanted.delete(term.key);
      onMark(mark);
    }
    if (list.length) marks.set(text, { data, list });
    size += list.length;
    return list;
  }

  return {
    advance(walk, deadline, far) {
      const { region } = walk;
      if (walk.root.nodeType === Node.TEXT_NODE) {
        const text = walk.root as Text;
        // Grouped for painting once (it may change often: a clock, a live total).
        if (markText(text, region).length && !grouped.has(text)) {
          grouped.add(text);
          onFound([text], region, walk);
        }
        return 'done';
      }
      // The page removed the text the walk stopped at: its place is lost, so the walk starts again
      // (text marked already costs nothing to look at again).
      if (walk.walker && !walk.walker.currentNode.isConnected) {
        walk.walker = undefined;
        walk.stale = false;
      }
      // A native walk over text nodes only: elements cost nothing until their text has a term. The
      // root's whole text is searched once for places where a term may start; a text node where
      // none does is passed by its length, without reading its text (most of a statement).
      if (!walk.walker) {
        walk.walker = document.createTreeWalker(walk.root, NodeFilter.SHOW_TEXT);
        const firsts = new Map<string, number>();
        walk.starts = matcher.starts(walk.root.textContent ?? '', firsts);
        walk.needed = 0;
        // Terms the region has marks for are marked here as they come near the viewport.
        for (const [key, first] of firsts) {
          if (region.marks.get(key)?.size) continue;
          region.wanted.add(key);
          walk.needed = Math.max(walk.needed, first);
        }
        walk.offset = walk.next = 0;
      }
      const starts = walk.starts!;
      let offset = walk.offset!;
      let next = walk.next!;
      let visited = 0;
      let ended: Advanced = 'done';
      const found: Text[] = [];
      // The page changes text only between tasks, so not during this slice.
      const stale = walk.stale;
      for (let node = walk.walker.nextNode() as Text | null; node; node = walk.walker.nextNode() as Text | null) {
        const end = offset + node.length;
        while (next < starts.length && starts[next] < offset) next++;
        if (stale || (next < starts.length && starts[next] < end)) found.push(node);
        offset = end;
        if (++visited % 128 === 0) {
          if (performance.now() > deadline) ended = 'more';
          else if (!walk.whole && !stale && offset > walk.needed! && node.parentElement && far(node.parentElement)) {
            ended = 'far';
            walk.at = node.parentElement;
          }
          if (ended !== 'done') {
            walk.offset = offset;
            walk.next = next;
            break;
          }
        }
      }
      if (!region.later.length) region.later = found.slice();
      else for (const text of found) region.later.push(text);
      if (found.length) onFound(found, region, walk);
      return ended;
    },
    unmark(node) {
      if (node.nodeType === Node.TEXT_NODE) return unmarkText(node as Text);
      if (!node.hasChildNodes()) return;
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) unmarkText(text as Text);
    },
    marksIn: (node) => marks.get(node)?.list,
    markNow: markText,
    settle(region, walked) {
      const { later } = region;
      while (region.wanted.size && region.next < later.length) {
        const text = later[region.next++];
        if (text.isConnected) markText(text, region);
      }
      // Looked at in order to the end: what is still wanted is not there (a code inside a link, a
      // word inside another), or in text not walked yet; the rest is marked as it comes near the
      // viewport.
      if (region.next >= later.length) {
        if (walked) region.wanted.clear();
        region.later = [];
        region.next = 0;
      }
    },
    get size() {
      return size;
    },
    clear() {
      for (const text of [...marks.keys()]) unmarkText(text);
    },
  };
}
