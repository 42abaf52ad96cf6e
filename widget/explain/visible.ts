import { guard } from './guard.ts';
import { rangeOf, type Mark, type RangeSet, type Region } from './marker.ts';

/** Which marks are painted. */
export interface Painted {
  /**
   * Texts of a region where terms may be (their marks are made when they come near the viewport),
   * in page order after those added before with the same `run` (one walk over the page).
   */
  add(texts: readonly Text[], region: Region, run: object): void;
  /** A mark was made: painted if its text is near the viewport (at the next check). */
  marked(mark: Mark): void;
  /** A mark was forgotten. */
  remove(mark: Mark): void;
  /** Forgets a region's texts. */
  forget(region: Region): void;
  /** Checks again, at the next frame, which marks are near the viewport (after marking a batch; scrolling and resizing call it themselves). */
  update(): void;
  /**
   * Checks at once (after marking a batch, in an animation frame, before the stops are placed, so
   * positions are read before anything changes): the stops and the marks painted then change the
   * page in the same frame, which Chromium prepaints and paints once, not twice (each costs a walk
   * of the whole statement).
   */
  checkNow(): void;
  clear(): void;
}

// Texts are found in page order and painted in groups of this many: about one position read each.
const GROUP = 128;
/** On the elements whose own text has painted marks (see page.css). */
export const ATTRIBUTE = 'data-selfserve-term';

interface Group {
  region: Region;
  /** The walk that found its texts: the next group of the same run starts where this one ends. */
  run: object;
  texts: Text[];
  painted: boolean;
}

/**
 * Paints only the marks near the viewport (one viewport above and below). Chromium recomputes
 * every range of a highlight whenever the highlight changes: with the 9,000 marks of a 5,000-row
 * statement, that is a frame of 60 ms or more for each row the page adds, and painting them all
 * costs as much again. Texts where terms may be are grouped as they are found; on scroll, resize
 * and page changes (once per frame) each group's extent is read from its first text's element to
 * the next group's of the same walk (its own last text's for the last), and only groups near the viewport are marked (`marksOf`, which makes their marks the
 * first time) and in the highlight. (An IntersectionObserver on every marked element
 * costs more: Chromium recomputes thousands of targets each frame.)
 *
 * The elements holding painted marks get an empty `data-selfserve-term` attribute, which the
 * highlight's style is scoped to: a style for `::highlight()` on every element makes Chromium
 * restyle the whole page when it is added (over 100 ms for the statement).
 */
/**
 * `marksOf(text, region)` gives a text's marks, made now if they were not; without a region, only
 * those already made. `onCheck` is called first at each check (after a scroll, a resize or a batch),
 * while the page's layout is still clean.
 */
export function paintNearViewport(highlight: RangeSet, marksOf: (text: Text, region?: Region) => readonly Mark[] | undefined, onCheck: () => void): Painted {
  let groups: Group[] = [];
  let cleared = false;
  // Marks made while their text's group is painted: painted at the next check.
  let fresh = false;
  const shown = new Set<Mark>();
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

  function show(mark: Mark) {
    if (shown.has(mark)) return;
    shown.add(mark);
    highlight.add(rangeOf(mark));
    hold(mark, true);
  }

  function unshow(mark: Mark) {
    if (!shown.delete(mark)) return;
    if (mark.range) highlight.delete(mark.range);
    hold(mark, false);
  }

  let frame = 0;

  /** The box of the element holding a text (undefined when it left the page). */
  function boxOf(text: Text | undefined): DOMRect | undefined {
    const element = text?.parentElement;
    return element?.isConnected ? element.getBoundingClientRect() : undefined;
  }

  function check() {
    frame = 0;
    if (cleared) return;
    onCheck();
    const height = window.innerHeight;
    // Text the page removed leaves its group (its marks are already forgotten).
    for (const group of groups) {
      if (!group.texts[0]?.isConnected || !group.texts[group.texts.length - 1].isConnected) group.texts = group.texts.filter((text) => text.isConnected);
    }
    groups = groups.filter((group) => group.texts.length);
    // All positions are read before anything changes: a change between two reads (the attribute)
    // would make the second read restyle the page.
    const firsts = groups.map((group) => boxOf(group.texts[0]));
    const changed = groups.filter((group, i) => {
      const first = firsts[i];
      const last = groups[i + 1]?.run === group.run ? firsts[i + 1] : boxOf(group.texts[group.texts.length - 1]);
      const top = Math.min(first?.top ?? Infinity, last?.top ?? Infinity);
      const bottom = Math.max(first?.bottom ?? -Infinity, last?.bottom ?? -Infinity);
      return (top !== Infinity && bottom >= -height && top <= 2 * height) !== group.painted;
    });
    const turned = new Set(changed);
    for (const group of turned) group.painted = !group.painted;
    // Groups that came near or went away, and, when marks were made meanwhile, the painted ones: the
    // marks of a group that stays away are not painted, so it needs no look (most of a statement).
    const toUpdate = fresh ? groups.filter((group) => group.painted || turned.has(group)) : changed;
    for (const group of toUpdate) {
      for (const text of group.texts) {
        if (!text.isConnected) continue;
        if (group.painted) marksOf(text, group.region)?.forEach(show);
        else marksOf(text)?.forEach(unshow);
      }
    }
    fresh = false;
  }

  // On scroll and resize: checked right after the next frame, when its layout is done, so reading
  // positions costs no layout of its own.
  const update = () => {
    frame ||= requestAnimationFrame(() => setTimeout(guard(check), 0));
  };
  let listening = false;
  function listen() {
    if (listening) return;
    listening = true;
    // Scrolls of the page or of any element inside it (captured: scroll events do not bubble).
    window.addEventListener('scroll', update, { capture: true, passive: true });
    window.addEventListener('resize', update, { passive: true });
  }

  return {
    add(texts, region, run) {
      cleared = false;
      // A statement's walk finds thousands of texts: groups are filled a slice at a time.
      for (let i = 0; i < texts.length; ) {
        let group = groups[groups.length - 1];
        if (!group || group.run !== run || group.texts.length >= GROUP) groups.push((group = { region, run, texts: [], painted: false }));
        const end = Math.min(texts.length, i + GROUP - group.texts.length);
        group.texts.push(...texts.slice(i, end));
        i = end;
        if (group.painted) fresh = true;
      }
      listen();
    },
    marked() {
      fresh = true;
    },
    remove: unshow,
    forget(region) {
      groups = groups.filter((group) => group.region !== region);
    },
    update,
    checkNow() {
      if (frame) cancelAnimationFrame(frame);
      // Also for text not walked yet, which comes nearer by scrolling.
      listen();
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
      shown.clear();
      highlight.clear();
      for (const element of holders.keys()) element.removeAttribute(ATTRIBUTE);
      holders.clear();
    },
  };
}
