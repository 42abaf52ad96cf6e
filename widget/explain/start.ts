import { isRtl } from '../host.ts';
import css from './page.css?inline';
import { loadGlossary } from './glossary.ts';
import { guard } from './guard.ts';
import { createMatcher, type DefinedTerm } from '../../src/terms.ts';
import { createMarker, insideSkipped, newRegion, stopAnchor, type Mark, type RangeSet, type Region, type Walk } from './marker.ts';
import { createPointer } from './pointer.ts';
import { createStop, type Stop } from './stop.ts';
import { paintNearViewport } from './visible.ts';
import { readMoreLabel } from './strings.ts';
import type { ExplainContext, ExplainController } from './types.ts';

// Marking runs in slices this long, so a long statement never makes a long task.
const SLICE_MS = 8;
// Text this many viewport heights below the viewport's top is far: a walk stops there until it comes
// nearer (marks are painted up to two below).
const FAR = 3;
const TERM = 'selfserve-term';
const ACTIVE = 'selfserve-term-active';

/**
 * Loads the glossary of the widget's language and returns the controller that marks its terms in
 * regions of the page (docs/explain.md). Rejects when the glossary cannot be loaded.
 */
export async function startExplain(context: ExplainContext): Promise<ExplainController> {
  const { config } = context;
  const glossary = await loadGlossary(config.index, config.lang);
  if (!glossary.terms.length) {
    console.warn(`selfserve: the help center defines no terms in "${glossary.locale}" (frontmatter \`terms:\`), so nothing is explained. An index built before Selfserve explained terms lists none: rebuild it.`);
  }
  const matcher = createMatcher(glossary.terms);
  const supported = typeof Highlight === 'function' && typeof CSS !== 'undefined' && 'highlights' in CSS;
  const marks: RangeSet = supported ? new Highlight() : new Set();
  const active: RangeSet = supported ? new Highlight() : new Set();
  if (supported) (active as Highlight).priority = 1;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);

  let regions: Region[] = [];
  let selectors: string[] = [];
  let walks: Walk[] = [];
  // Walks stopped far from the viewport, until their text comes nearer.
  let paused: Walk[] = [];
  let stops = new Map<Region, Map<string, Stop>>();
  let scheduled: ReturnType<typeof setTimeout> | undefined;
  let finishing = 0;
  let running = false;
  // Whether the page has been used with a keyboard: stops get their boxes then (see Stop.makeFocusable).
  let keyboard = false;
  // Before the browser moves focus (the default action of the key), so the first Tab reaches a stop.
  const onKey = guard((event: KeyboardEvent) => {
    if (event.key !== 'Tab') return;
    keyboard = true;
    window.removeEventListener('keydown', onKey, true);
    for (const byKey of stops.values()) for (const stop of byKey.values()) stop.makeFocusable();
  });
  const reported = new Set<string>();
  const observer = new MutationObserver(guard(onMutations));
  const painted = paintNearViewport(marks, (text, region) => (region ? marker.markNow(text, region) : marker.marksIn(text)), resumeNear);
  const marker = createMarker(
    matcher,
    (texts, region, walk) => painted.add(texts, region, walk),
    (mark) => painted.marked(mark),
    (mark) => painted.remove(mark),
  );

  const stopOptions = {
    lang: config.lang,
    rtl: isRtl(config.lang),
    termsLang: glossary.locale,
    theme: config.theme,
    accent: config.accent,
    readMore: readMoreLabel(config.lang),
    onFocus: (stop: Stop) => {
      const mark = firstMark(stop);
      if (!mark) return;
      // The stop sits before the region: its first occurrence may be far below. Scrolled to after
      // the browser's own scroll to the focused stop; the popover follows the scroll.
      requestAnimationFrame(guard(() => {
        if (pointer.current() === stop) mark.node.parentElement?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      }));
      pointer.show(mark, stop);
    },
    onBlur: (stop: Stop) => pointer.blurred(stop),
    onToggle: (stop: Stop) => {
      const mark = firstMark(stop);
      if (stop.shown) pointer.hide();
      else if (mark) pointer.show(mark, stop);
    },
    onReadMore: (term: DefinedTerm) => {
      pointer.hide();
      if (term.slug) context.openArticle(term.slug, term.anchor);
    },
    onEscape: () => pointer.hide(),
    onHover: (stop: Stop, inside: boolean) => pointer.hoverPopover(stop, inside),
  };

  const pointer = createPointer({
    regions: () => regions,
    // The text under the pointer is near the viewport, so its marks are made; made now if not.
    marksIn: (node) => {
      const region = regionOf(node);
      return region ? marker.markNow(node, region) : undefined;
    },
    stopFor: (mark) => stops.get(mark.region)?.get(mark.term.key),
    active,
    onShown(term) {
      if (reported.has(term.key)) return;
      reported.add(term.key);
      context.shown({ term: term.term, slug: term.slug });
    },
  });

  /** The first occurrence of a stop's term still on the page, in the stop's region. */
  function firstMark(stop: Stop): Mark | undefined {
    for (const [region, byKey] of stops) {
      if (byKey.get(stop.term.key) !== stop) continue;
      for (const mark of region.marks.get(stop.term.key) ?? []) if (mark.node.isConnected) return mark;
    }
    return undefined;
  }

  /**
   * A distinct term gets one tab stop per region, just before the region (outside any table that
   * holds it), in the order its terms were found. Anything inserted inside a table makes Chromium
   * lay out the whole table again: 20 ms and more for a 5,000-row statement.
   */
  function placeStop(mark: Mark) {
    let byKey = stops.get(mark.region);
    if (!byKey) stops.set(mark.region, (byKey = new Map()));
    const stop = byKey.get(mark.term.key);
    const anchor = stopAnchor(mark.region.element);
    if (stop?.element.isConnected && stop.element.parentNode === anchor.parentNode) return;
    stop?.element.remove();
    const next = stop ?? createStop(mark.term, stopOptions);
    if (keyboard) next.makeFocusable();
    anchor.parentNode?.insertBefore(next.element, anchor);
    byKey.set(mark.term.key, next);
  }

  /** After a batch, before anything of the page changes: each term's first occurrence is marked. */
  function settle() {
    for (const region of regions) {
      // Terms whose marks all left the page may be written further on, in text not looked at yet;
      // new terms have their first occurrence marked.
      for (const [key, set] of region.marks) if (![...set].some((mark) => mark.node.isConnected)) region.wanted.add(key);
      const stopped = paused.filter((walk) => walk.region === region);
      marker.settle(region, !stopped.length);
      // A term wanted still was first written where it does not count (inside a word, a link): its
      // first occurrence is further on, in text the walks stopped before.
      if (region.wanted.size && stopped.length) resume(stopped, true);
    }
  }

  const far = (element: Element) => element.getBoundingClientRect().top > FAR * window.innerHeight;

  /** Walks stopped far from the viewport go on; `toTheEnd`, without stopping again. */
  function resume(stopped: Walk[], toTheEnd = false) {
    paused = paused.filter((walk) => !stopped.includes(walk));
    for (const walk of stopped) {
      if (toTheEnd) walk.whole = true;
      walks.push(walk);
    }
    schedule();
  }

  /** When the page scrolled or resized: walks whose text came nearer go on. */
  function resumeNear() {
    const near = paused.filter((walk) => !walk.at?.isConnected || !far(walk.at));
    if (near.length) resume(near);
  }

  /** Then new terms get their stops, stops follow their terms when the page moved or removed text, or go with them. */
  function repairStops() {
    for (const region of regions) {
      for (const [key, set] of region.marks) {
        let first: Mark | undefined;
        for (const mark of set) {
          if (!mark.node.isConnected) continue;
          first = mark;
          break;
        }
        if (first) placeStop(first);
        else {
          region.marks.delete(key);
          const stop = stops.get(region)?.get(key);
          if (stop) {
            if (pointer.current() === stop) pointer.hide();
            stop.element.remove();
            stops.get(region)!.delete(key);
          }
        }
      }
    }
  }

  function schedule() {
    if (scheduled === undefined && walks.length) scheduled = setTimeout(guard(pump), 0);
  }

  function pump() {
    scheduled = undefined;
    const deadline = performance.now() + SLICE_MS;
    while (walks.length && performance.now() < deadline) {
      const walk = walks[0];
      // Content the page removed meanwhile is not marked (what it adds comes as another walk).
      const ended = !walk.region.element.isConnected || !walk.root.isConnected ? 'done' : marker.advance(walk, deadline, far);
      if (ended !== 'more') walks.shift();
      if (ended === 'far') paused.push(walk);
    }
    if (walks.length) return schedule();
    finishing ||= requestAnimationFrame(guard(finish));
  }

  /**
   * At the next frame, before its style and layout: positions are read (the page's layout is
   * usually still clean then, so reading costs nothing), the marks near the viewport are painted and
   * the stops go in last, so the page is restyled, laid out and painted once for the batch, in the
   * frame it gets anyway. Stops put in before the read would make it lay out the page in this
   * callback and the frame restyle it again. Run at the end of a marking task, the read would lay
   * out there, and on a page still loading that is the page's own first layout of the statement, in
   * the same task.
   */
  function finish() {
    finishing = 0;
    settle();
    painted.checkNow();
    repairStops();
    // For pages (and the bench) that want to know when marking is done, as User Timing.
    if (!walks.length) performance.mark('selfserve:explained', { detail: { marks: marker.size } });
  }

  function enqueue(region: Region, root: Node) {
    walks.push({ region, root });
  }

  function regionOf(node: Node): Region | undefined {
    return regions.find((region) => region.element.contains(node));
  }

  function addRegion(element: Element) {
    if (regionOf(element) || insideSkipped(element, document.documentElement)) return;
    const region = newRegion(element);
    regions.push(region);
    observer.observe(element, { childList: true, subtree: true, characterData: true });
    enqueue(region, element);
  }

  function dropRegion(region: Region) {
    marker.unmark(region.element);
    painted.forget(region);
    for (const stop of stops.get(region)?.values() ?? []) {
      if (pointer.current() === stop) pointer.hide();
      stop.element.remove();
    }
    stops.delete(region);
    walks = walks.filter((walk) => walk.region !== region);
    paused = paused.filter((walk) => walk.region !== region);
  }

  const ours = (node: Node) => node.nodeName === 'SELFSERVE-TERM';

  /** Content the page adds, changes or removes later: batched by the observer, marked in slices. */
  function onMutations(records: MutationRecord[]) {
    let theirs = false;
    for (const record of records) {
      if (record.type === 'childList' && [...record.addedNodes, ...record.removedNodes].every(ours)) continue;
      theirs = true;
      // A walk under way knows where terms may start in its text by their offsets: not any more.
      for (const walk of [...walks, ...paused]) if (walk.walker && walk.root.contains(record.target)) walk.stale = true;
      if (record.type === 'characterData') {
        const region = regionOf(record.target);
        if (region) enqueue(region, record.target);
        continue;
      }
      for (const node of record.removedNodes) if (!ours(node)) marker.unmark(node);
      for (const node of record.addedNodes) {
        if (ours(node) || !node.isConnected) continue;
        const region = regionOf(node);
        if (region) enqueue(region, node);
        else if (node instanceof Element) {
          for (const selector of selectors) {
            if (node.matches(selector)) addRegion(node);
            for (const element of node.querySelectorAll(selector)) addRegion(element);
          }
        }
      }
    }
    const gone = regions.filter((region) => !region.element.isConnected);
    if (gone.length) {
      regions = regions.filter((region) => region.element.isConnected);
      gone.forEach(dropRegion);
    }
    // Nothing to mark, but stops may have lost their terms, and what is left may have moved nearer
    // to the viewport or away from it.
    if (walks.length) schedule();
    else if (theirs) finishing ||= requestAnimationFrame(guard(finish));
  }

  function run() {
    if (running) return;
    running = true;
    if (supported) {
      CSS.highlights.set(TERM, marks as Highlight);
      CSS.highlights.set(ACTIVE, active as Highlight);
    }
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    pointer.listen();
    if (!keyboard) window.addEventListener('keydown', onKey, true);
  }

  return {
    add(target) {
      run();
      if (typeof target !== 'string') {
        if (target instanceof Element) addRegion(target);
        else console.error('selfserve: explain() takes an element or a CSS selector.');
      } else {
        let found: NodeListOf<Element>;
        try {
          found = document.querySelectorAll(target);
        } catch {
          console.error(`selfserve: explain("${target}"): not a valid CSS selector: use one like #statement or .bill table.`);
          return;
        }
        if (!selectors.includes(target)) selectors.push(target);
        // Regions the page adds later (a single-page app's next route) are found as they come.
        observer.observe(document.body, { childList: true, subtree: true });
        found.forEach(addRegion);
      }
      schedule();
    },
    clear() {
      if (!running) return;
      running = false;
      observer.disconnect();
      clearTimeout(scheduled);
      scheduled = undefined;
      cancelAnimationFrame(finishing);
      finishing = 0;
      pointer.hide();
      pointer.unlisten();
      window.removeEventListener('keydown', onKey, true);
      regions.forEach(dropRegion);
      marker.clear();
      painted.clear();
      regions = [];
      selectors = [];
      walks = [];
      paused = [];
      stops = new Map();
      if (supported) {
        CSS.highlights.delete(TERM);
        CSS.highlights.delete(ACTIVE);
      }
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    },
  };
}
