import type { DefinedTerm } from '../../src/terms.ts';
import { guard } from './guard.ts';
import { rangeOf, type Mark, type RangeSet, type Region } from './marker.ts';
import type { Stop } from './stop.ts';

export interface PointerOptions {
  regions(): readonly Region[];
  marksIn(node: Text): readonly Mark[] | undefined;
  stopFor(mark: Mark): Stop | undefined;
  /** Holds the range of the occurrence whose definition is shown. */
  active: RangeSet;
  onShown(term: DefinedTerm): void;
  /** Waits before showing on hover and before hiding after the pointer leaves. Default: setTimeout. */
  timer?: (fn: () => void, ms: number) => () => void;
}

export interface Pointer {
  /** Shows a term's definition beside one of its occurrences. */
  show(mark: Mark, stop: Stop): void;
  hide(): void;
  /** The stop whose definition is shown. */
  current(): Stop | undefined;
  blurred(stop: Stop): void;
  hoverPopover(stop: Stop, inside: boolean): void;
  listen(): void;
  unlisten(): void;
}

// Long enough that moving across a statement does not flash definitions, short enough to feel immediate.
const SHOW_DELAY = 120;
// Time to move from the term into its popover (to reach "Read more").
const HIDE_DELAY = 300;

const defaultTimer = (fn: () => void, ms: number) => {
  const id = setTimeout(fn, ms);
  return () => clearTimeout(id);
};

/** The occurrence's first box on screen. */
function boxOf(mark: Mark): DOMRect | undefined {
  if (!mark.node.isConnected || mark.end > mark.node.length) return undefined;
  const range = document.createRange();
  range.setStart(mark.node, mark.start);
  range.setEnd(mark.node, mark.end);
  return range.getClientRects()[0];
}

/** The marked occurrence under a point, if any. */
function markAt(x: number, y: number, marksIn: PointerOptions['marksIn']): Mark | undefined {
  let node: Node | undefined;
  let offset = 0;
  if (document.caretPositionFromPoint) {
    const position = document.caretPositionFromPoint(x, y);
    node = position?.offsetNode;
    offset = position?.offset ?? 0;
  } else {
    const range = (document as Document & { caretRangeFromPoint?(x: number, y: number): Range | null }).caretRangeFromPoint?.(x, y);
    node = range?.startContainer;
    offset = range?.startOffset ?? 0;
  }
  if (!(node instanceof Text)) return undefined;
  for (const mark of marksIn(node) ?? []) {
    if (offset < mark.start || offset > mark.end) continue;
    const range = document.createRange();
    range.setStart(mark.node, mark.start);
    range.setEnd(mark.node, mark.end);
    // The caret lands on the nearest text even when the pointer is beside it.
    for (const box of range.getClientRects()) if (x >= box.left && x <= box.right && y >= box.top && y <= box.bottom) return mark;
  }
  return undefined;
}

/**
 * Which definition is shown, and when: on hover (after a short pause), on a tap or click, on
 * keyboard focus of a stop; hidden on Esc, on a tap elsewhere, and when the pointer or focus leaves.
 */
export function createPointer(options: PointerOptions): Pointer {
  const timer = options.timer ?? defaultTimer;
  let shown: { mark: Mark; stop: Stop } | undefined;
  let pending: (() => void) | undefined;
  let insidePopover = false;
  let frame = 0;
  let lastMove: PointerEvent | undefined;

  const cancel = () => {
    pending?.();
    pending = undefined;
  };

  function show(mark: Mark, stop: Stop) {
    cancel();
    const box = boxOf(mark);
    if (!box) return;
    if (shown && shown.stop !== stop) shown.stop.hide();
    options.active.clear();
    options.active.add(rangeOf(mark));
    shown = { mark, stop };
    stop.show(box);
    options.onShown(mark.term);
  }

  function hide() {
    cancel();
    shown?.stop.hide();
    shown = undefined;
    insidePopover = false;
    options.active.clear();
  }

  const inRegion = (target: EventTarget | null) => target instanceof Node && options.regions().some((region) => region.element.contains(target));

  function hover() {
    frame = 0;
    const event = lastMove;
    if (!event) return;
    const mark = inRegion(event.target) ? markAt(event.clientX, event.clientY, options.marksIn) : undefined;
    const stop = mark && options.stopFor(mark);
    if (mark && stop) {
      if (shown?.mark === mark) return cancel();
      cancel();
      pending = timer(() => show(mark, stop), shown ? 0 : SHOW_DELAY);
    } else if (shown && !insidePopover && !shown.stop.hasFocus()) {
      if (!pending) pending = timer(hide, HIDE_DELAY);
    } else if (!shown) cancel();
  }

  const onMove = guard((event: PointerEvent) => {
    if (event.pointerType !== 'mouse') return;
    lastMove = event;
    frame ||= requestAnimationFrame(guard(hover));
  });

  // A tap (or click) on a term shows its definition; one elsewhere hides it. The page's own
  // handlers run as before: nothing is prevented or stopped.
  const onClick = guard((event: MouseEvent) => {
    if (shown && event.composedPath().includes(shown.stop.element)) return;
    const mark = inRegion(event.target) ? markAt(event.clientX, event.clientY, options.marksIn) : undefined;
    const stop = mark && options.stopFor(mark);
    if (mark && stop) {
      if (shown?.mark === mark) hide();
      else show(mark, stop);
    } else if (shown) hide();
  });

  const onKey = guard((event: KeyboardEvent) => {
    if (event.key === 'Escape' && shown && !event.defaultPrevented) hide();
  });

  // The popover follows its term when the page scrolls or resizes.
  const onScroll = guard(() => {
    if (!shown) return;
    const box = boxOf(shown.mark);
    if (box) shown.stop.show(box);
    else hide();
  });

  return {
    show,
    hide,
    current: () => shown?.stop,
    blurred(stop) {
      if (shown?.stop === stop && !insidePopover) hide();
    },
    hoverPopover(stop, inside) {
      if (shown?.stop !== stop) return;
      insidePopover = inside;
      cancel();
      if (!inside && !stop.hasFocus()) pending = timer(hide, HIDE_DELAY);
    },
    listen() {
      document.addEventListener('pointermove', onMove, { passive: true });
      document.addEventListener('click', onClick, true);
      document.addEventListener('keydown', onKey);
      window.addEventListener('scroll', onScroll, { passive: true, capture: true });
      window.addEventListener('resize', onScroll, { passive: true });
    },
    unlisten() {
      document.removeEventListener('pointermove', onMove);
      document.removeEventListener('click', onClick, true);
      document.removeEventListener('keydown', onKey);
      window.removeEventListener('scroll', onScroll, { capture: true });
      window.removeEventListener('resize', onScroll);
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
    },
  };
}
