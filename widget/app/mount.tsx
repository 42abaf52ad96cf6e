import { render } from 'preact';
import type { AppContext, AppController } from '../types.ts';
import { App } from './App.tsx';
import { createAnnouncer } from './announcer.ts';
import { startAnalytics } from './analytics.ts';
import { createContactFlow } from './contact-flow.ts';
import { createStore } from './store.ts';
import { createTrail } from './trail.ts';
import { isEditable } from '../editable.ts';
import css from '../styles/panel.css?inline';

/** Entry of the lazily loaded part: renders the panel into the widget's shadow root. */
export function mount(context: AppContext): AppController {
  const trail = createTrail();
  // The store is the one place that knows whether the panel is open; the loader's launcher follows it.
  const store = createStore({
    config: context.config,
    emitter: context.emitter,
    trail,
    onOpenChange: context.onOpenChange,
    listWidth: () => context.host.shadow.querySelector('.ss-body')?.clientWidth,
    charWidth: charWidthIn(context.host.root),
  });
  const flow = createContactFlow({ config: context.config, emitter: context.emitter, trail, answers: (message, limit) => store.answersFor(message, limit) });
  if (context.visitor !== undefined) flow.identify(context.visitor);
  // The language searched when each event happened: the visitor may switch to another (a
  // translation, or articles found only there), and the report reads its index for their words.
  if (context.config.analytics) startAnalytics(context.config.analytics, context.emitter, () => store.get().locale);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  context.host.shadow.adoptedStyleSheets = [...context.host.shadow.adoptedStyleSheets, sheet];
  const container = document.createElement('div');
  context.host.root.append(container);
  const announcer = createAnnouncer(context.host.root);
  /** Puts the keys typed while the panel was on its way into the search box, once it has focus. */
  const typedAhead = () => {
    const keys = context.takeTyped();
    if (keys) store.setQuery(store.get().query + keys);
  };
  // Esc closes the panel even when focus has not reached it (Esc right after "/"). Beside the page,
  // the page stays usable: an Esc meant for one of its fields is left to it.
  if (!context.inline) {
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && store.isOpen() && !event.defaultPrevented && !isEditable(event.composedPath()[0])) store.close();
    });
  }
  render(<App store={store} flow={flow} context={context} announcer={announcer} typedAhead={typedAhead} />, container);
  return {
    open: (query) => {
      store.open(query);
      // Inline the panel is always there: opening it (a shortcut) takes the visitor to its search box.
      if (context.inline) {
        context.host.shadow.getElementById('ss-input')?.focus();
        typedAhead();
      }
    },
    close: () => store.close(),
    isOpen: () => store.isOpen(),
    openArticle: (slug, anchor) => void store.openArticle(slug, anchor),
    search: (query) => store.search(query),
    preload: () => void store.preload(),
    route: (hash) => void store.route(hash),
    identify: (visitor) => flow.identify(visitor),
  };
}

// Help text of each script as passages show it, whose width per character says how many a line of
// the list holds in the font the page gives the widget (see `passageLengthFor`).
const LATIN = 'Your bill is due 21 days after your bill date. You can pay all or part of it whenever you like before then, in the My Kestrel app, online, by phone or in a store.';
const CJK = '請求書の支払い期日は請求日から21日後です。アプリ、オンライン、電話、店舗で、その前ならいつでも全額または一部を支払えます。';

/**
 * The average width of a character of a passage in `locale`, measured in the passages' own font
 * in a span that is never seen, kept for the next search (which reads the list's width anyway).
 */
function charWidthIn(root: Element | ShadowRoot): (locale: string) => number | undefined {
  let span: HTMLSpanElement | undefined;
  return (locale) => {
    if (!span) {
      span = document.createElement('span');
      span.className = 'ss-option-text ss-measure';
      span.setAttribute('aria-hidden', 'true');
      root.append(span);
    }
    const text = /^(ja|zh)\b/i.test(locale) ? CJK : LATIN;
    if (span.textContent !== text) span.textContent = text;
    const width = span.getBoundingClientRect().width;
    return width ? width / text.length : undefined;
  };
}
