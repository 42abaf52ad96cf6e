import { guard } from './guard.ts';
import { rangeOf, type Mark, type RangeSet } from './marker.ts';

/** Which marks are painted. */
export interface Painted {
  add(mark: Mark): void;
  remove(mark: Mark): void;
  /** Checks again, at the next frame, which marks are near the viewport (after marking a batch; scrolling and resizing call it themselves). */
  update(): void;
  /**
   * Checks at once (after marking a batch, in an animation frame, after the stops are placed): the
   * stops and the marks painted then change the page in the same frame, which Chromium prepaints
   * and paints once, not twice (each costs a walk of the whole statement).
   */
  checkNow(): void;
  clear(): void;
}

// Marks are found in document order and painted in groups of this many: one position check each.
const GROUP = 64;
/** On the elements whose own text has painted marks (see page.css). */
export const ATTRIBUTE = 'data-selfserve-term';

type Group = NonNullable<Mark['group']>;

/**
 * Paints only the marks near the viewport (one viewport above and below). Chromium recomputes
 * every range of a highlight whenever the highlight changes: with the 9,000 marks of a 5,000-row
 * statement, that is a frame of 60 ms or more for each row the page adds, and painting them all
 * costs as much again. Marks are grouped as they are found; on scroll, resize and page changes
 * (once per frame) each group's extent is read from its first and last mark's element, and only
 * groups near the viewport are in the highlight. (An IntersectionObserver on every marked element
 * costs more: Chromium recomputes thousands of targets each frame.)
 *
 * The elements holding painted marks get an empty `data-selfserve-term` attribute, which the
 * highlight's style is scoped to: a style for `::highlight()` on every element makes Chromium
 * restyle the whole page when it is added (over 100 ms for the statement).
 */
export function paintNearViewport(highlight: RangeSet): Painted {
  let groups: Group[] = [];
  let cleared = false;
  // How many painted marks each element's own text has: those elements carry the attribute the
  // highlight's style is scoped to.
  const holders = new Map<Element, number>();

  function hold(mark: Mark, painted: boolean) {
    const element = mark.node.parentElement;
    if (!element) return;
    const count = (holders.get(element) ?? 0) + (painted ? 1 : -1);
    if (count > 0) {
      if (!holders.has(element)) element.setAttribute(ATTRIBUTE, '');
      holders.set(element, count);
    } else {
      holders.delete(element);
      element.removeAttribute(ATTRIBUTE);
    }
  }
  let frame = 0;

  /** The box of the element holding a mark (undefined when it left the page). */
  function boxOf(mark: Mark | undefined): DOMRect | undefined {
    const element = mark?.node.parentElement;
    return element?.isConnected ? element.getBoundingClientRect() : undefined;
  }

  function check() {
    frame = 0;
    if (cleared) return;
    const height = window.innerHeight;
    // All positions are read before anything changes: a change between two reads (the attribute)
    // would make the second read restyle the page.
    // A group spans from its first mark to its last (marks are found in document order, but rows
    // the page inserts later make groups of their own at the end).
    const changed = groups.filter((group) => {
      const first = boxOf(group.marks[0]);
      const last = boxOf(group.marks[group.marks.length - 1]);
      const top = Math.min(first?.top ?? Infinity, last?.top ?? Infinity);
      const bottom = Math.max(first?.bottom ?? -Infinity, last?.bottom ?? -Infinity);
      return (top !== Infinity && bottom >= -height && top <= 2 * height) !== group.painted;
    });
    for (const group of changed) {
      const near = (group.painted = !group.painted);
      for (const mark of group.marks) {
        if (near) highlight.add(rangeOf(mark));
        else if (mark.range) highlight.delete(mark.range);
        hold(mark, near);
      }
    }
  }

  // On scroll and resize: checked right after the next frame, when its layout is done, so reading
  // positions costs no layout of its own.
  const update = () => {
    frame ||= requestAnimationFrame(() => setTimeout(guard(check), 0));
  };
  let listening = false;

  return {
    add(mark) {
      cleared = false;
      let group = groups[groups.length - 1];
      if (!group || group.marks.length >= GROUP) groups.push((group = { marks: [], painted: false }));
      group.marks.push(mark);
      mark.group = group;
      if (group.painted) {
        highlight.add(rangeOf(mark));
        hold(mark, true);
      }
      if (!listening) {
        listening = true;
        // Scrolls of the page or of any element inside it (captured: scroll events do not bubble).
        window.addEventListener('scroll', update, { capture: true, passive: true });
        window.addEventListener('resize', update, { passive: true });
      }
    },
    remove(mark) {
      if (mark.range) highlight.delete(mark.range);
      const group = mark.group;
      if (!group) return;
      if (group.painted) hold(mark, false);
      mark.group = undefined;
      group.marks.splice(group.marks.indexOf(mark), 1);
      if (!group.marks.length) groups = groups.filter((g) => g !== group);
    },
    update,
    checkNow() {
      if (frame) cancelAnimationFrame(frame);
      check();
    },
    clear() {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      cleared = true;
      listening = false;
      window.removeEventListener('scroll', update, { capture: true });
      window.removeEventListener('resize', update);
      groups = [];
      highlight.clear();
      for (const element of holders.keys()) element.removeAttribute(ATTRIBUTE);
      holders.clear();
    },
  };
}
