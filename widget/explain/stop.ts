import css from './term.css?inline';
import type { DefinedTerm } from '../../src/terms.ts';
import { guard } from './guard.ts';

/** How stops look and what they report. */
export interface StopOptions {
  /** The widget's language: the popover's direction and "Read more". */
  lang: string;
  rtl: boolean;
  /** The glossary's language (the help center's default when it lacks the widget's). */
  termsLang: string;
  theme: string;
  accent: string;
  readMore: string;
  /** The stop got keyboard focus (its definition is to be shown at its first occurrence). */
  onFocus(stop: Stop): void;
  /** Focus left the stop and its popover. */
  onBlur(stop: Stop): void;
  /** Enter, Space or a click on the stop itself. */
  onToggle(stop: Stop): void;
  onReadMore(term: DefinedTerm): void;
  onEscape(stop: Stop): void;
  /** The pointer entered (true) or left (false) the popover. */
  onHover(stop: Stop, inside: boolean): void;
}

/**
 * A distinct term's one tab stop in a region: an invisible, empty `<selfserve-term>` element placed
 * before the text holding the term, whose shadow root holds a button named by the term and described
 * by its definition, and the definition's popover. Its light DOM stays empty, so the page's text,
 * `textContent` and copied selections are unchanged.
 */
export interface Stop {
  element: HTMLElement;
  term: DefinedTerm;
  readonly shown: boolean;
  /** Shows the definition beside `rect` (the occurrence's box, in viewport coordinates). */
  show(rect: DOMRect): void;
  hide(): void;
  /**
   * Gives the stop a box, so Tab reaches it. Until then it is a button only screen readers list:
   * placed without a box, it costs the page no layout.
   */
  makeFocusable(): void;
  focus(): void;
  /** Whether focus is on the stop or in its popover. */
  hasFocus(): boolean;
}

let sheet: CSSStyleSheet | undefined;

export function createStop(term: DefinedTerm, options: StopOptions): Stop {
  const element = document.createElement('selfserve-term');
  const shadow = element.attachShadow({ mode: 'open', delegatesFocus: true });
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  shadow.adoptedStyleSheets = [sheet];

  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'stop';
  // Named by an attribute, not by text: text here would be copied with the page's.
  button.setAttribute('aria-label', term.term);
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-describedby', 'definition');

  const pop = document.createElement('div');
  pop.setAttribute('popover', 'manual');
  pop.className = 'pop';
  pop.lang = options.lang;
  pop.dir = options.rtl ? 'rtl' : 'ltr';
  pop.dataset.theme = options.theme;
  // Through the CSSOM, which a strict Content-Security-Policy allows (a style attribute it would not).
  pop.style.setProperty('--selfserve-accent', `var(--selfserve-accent-override, ${options.accent})`);
  const name = document.createElement('p');
  name.className = 'term';
  name.textContent = term.term;
  // English definitions on an Arabic page still read left to right.
  name.lang = options.termsLang;
  name.dir = 'auto';
  // The button is already named by the term.
  name.setAttribute('aria-hidden', 'true');
  const definition = document.createElement('p');
  definition.className = 'definition';
  definition.id = 'definition';
  definition.textContent = term.definition;
  definition.lang = options.termsLang;
  definition.dir = 'auto';
  pop.append(name, definition);
  if (term.slug) {
    const more = document.createElement('button');
    more.type = 'button';
    more.className = 'more';
    more.textContent = options.readMore;
    more.addEventListener('click', guard(() => options.onReadMore(term)));
    pop.append(more);
  }
  shadow.append(button, pop);

  // Without the Popover API (older browsers) the popover is shown in place, without the top layer.
  const popoverApi = typeof pop.showPopover === 'function';
  if (!popoverApi) pop.hidden = true;
  let shown = false;
  const stop: Stop = {
    element,
    term,
    get shown() {
      return shown;
    },
    show(rect) {
      if (!element.isConnected) return;
      if (!shown) {
        if (popoverApi) pop.showPopover();
        else pop.hidden = false;
        shown = true;
        button.setAttribute('aria-expanded', 'true');
      }
      place(pop, rect, options.rtl);
    },
    hide() {
      if (!shown) return;
      shown = false;
      button.setAttribute('aria-expanded', 'false');
      if (!popoverApi) pop.hidden = true;
      else if (pop.matches(':popover-open')) pop.hidePopover();
    },
    makeFocusable: () => button.classList.add('focusable'),
    focus() {
      stop.makeFocusable();
      button.focus();
    },
    hasFocus: () => shadow.activeElement !== null,
  };

  // Focus coming back from the popover (a click on its text) keeps the occurrence shown.
  button.addEventListener('focus', guard(() => quiet || shown || options.onFocus(stop)));
  button.addEventListener('click', guard(() => options.onToggle(stop)));
  shadow.addEventListener('focusout', guard((event: Event) => {
    const next = (event as FocusEvent).relatedTarget;
    if (!(next instanceof Node && (next === element || shadow.contains(next)))) options.onBlur(stop);
  }));
  // Focus coming back to the button after Esc must not show the definition again.
  let quiet = false;
  shadow.addEventListener('keydown', guard((event: Event) => {
    const key = event as KeyboardEvent;
    if (key.key !== 'Escape' || !shown) return;
    // Handled: the widget's own Esc (closing its panel) leaves it alone.
    key.preventDefault();
    options.onEscape(stop);
    if (shadow.activeElement === button) return;
    quiet = true;
    stop.focus();
    quiet = false;
  }));
  pop.addEventListener('pointerenter', guard(() => options.onHover(stop, true)));
  pop.addEventListener('pointerleave', guard(() => options.onHover(stop, false)));
  return stop;
}

const GAP = 6;
const MARGIN = 8;

/** Below the occurrence (above when there is no room), inside the viewport, aligned to its start. */
function place(pop: HTMLElement, rect: DOMRect, rtl: boolean) {
  const width = pop.offsetWidth;
  const height = pop.offsetHeight;
  const viewWidth = document.documentElement.clientWidth;
  const viewHeight = window.innerHeight;
  const start = rtl ? rect.right - width : rect.left;
  const left = Math.max(MARGIN, Math.min(start, viewWidth - width - MARGIN));
  let top = rect.bottom + GAP;
  if (top + height > viewHeight - MARGIN && rect.top - height - GAP >= MARGIN) top = rect.top - height - GAP;
  pop.style.setProperty('left', `${Math.round(left)}px`);
  pop.style.setProperty('top', `${Math.round(top)}px`);
}
