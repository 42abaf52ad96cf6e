import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { contactMode, helpWord } from '../config.ts';
import { deepLink } from '../deep-link.ts';
import { isRtl } from '../host.ts';
import { composing } from './composing.ts';
import { languageName } from './language-names.ts';
import type { AppContext } from '../types.ts';
import type { Announcer } from './announcer.ts';
import { ArticleView } from './ArticleView.tsx';
import { contactHref } from './contact.ts';
import type { ContactFlow } from './contact-flow.ts';
import { ContactView } from './ContactView.tsx';
import { Feedback } from './Feedback.tsx';
import { Icon } from './Icon.tsx';
import { loadStrings } from './load-strings.ts';
import { searchDisplay, type Option, type SearchDisplay } from './options.ts';
import { getRootProps, TITLE_ID } from './prop-getters.ts';
import { SearchView } from './SearchView.tsx';
import type { State, Store } from './store.ts';
import { en, t, type Strings } from './strings.ts';
import { useSubscribed } from './use-subscribed.ts';


// Phones get a full-screen dialog; the same width as the panel's CSS breakpoint.
const NARROW = '(max-width: 639.98px)';

/** Whether the screen is phone-sized, following rotation and resizing. */
function useNarrow(): boolean {
  // Asked once: the App renders on every keystroke, and the list reports its changes itself.
  const [query] = useState(() => (typeof matchMedia === 'function' ? matchMedia(NARROW) : undefined));
  const [narrow, setNarrow] = useState(query?.matches ?? false);
  useEffect(() => {
    const update = () => setNarrow(query?.matches ?? false);
    query?.addEventListener('change', update);
    return () => query?.removeEventListener('change', update);
  }, []);
  return narrow;
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])';

const primary = (locale: string) => locale.toLowerCase().split('-')[0];

/** What the live region says for the search view, or nothing. Counts wait until typing pauses. */
export function searchAnnouncement(state: State, display: SearchDisplay, strings: Strings): { text: string; assertive: boolean } | undefined {
  if (state.index === 'error') return { text: strings.unavailableTitle, assertive: true };
  const query = state.query.trim();
  if (!query || !state.paused || display.pending) return undefined;
  if (display.noResults) return { text: t(strings, 'noResultsTitle', { query }), assertive: true };
  if (display.kind !== 'results') return undefined;
  // The count is what the list holds: the answer, the articles and their sections.
  const count = display.options.length;
  const parts = [];
  const { response } = display;
  if (response?.corrected) parts.push(t(strings, 'showingResultsFor', { query: response.corrected.query }));
  if (response?.answer) parts.push(t(strings, 'answerFound', { term: response.answer.term }));
  parts.push(t(strings, count === 1 ? 'resultCountOne' : 'resultCount', { count, query }));
  return { text: parts.join(' '), assertive: false };
}

export function App({ store, flow, context, announcer, typedAhead }: { store: Store; flow: ContactFlow; context: AppContext; announcer: Announcer; typedAhead?: () => void }) {
  const state = useSubscribed(store, store.get);
  const draft = useSubscribed(flow, () => flow.get().draft);
  const { config, inline } = context;
  const [strings, setStrings] = useState<Strings>(en);
  useEffect(() => {
    let current = true;
    void loadStrings(state.locale).then((loaded) => current && setStrings(loaded));
    const root = context.host.root;
    root.lang = state.locale;
    root.dir = isRtl(state.locale) ? 'rtl' : 'ltr';
    return () => {
      current = false;
    };
  }, [state.locale]);
  const narrow = useNarrow();
  const mode = inline ? 'inline' : config.mode === 'modal' || narrow ? 'modal' : 'panel';
  const panel = useRef<HTMLDivElement>(null);
  const resultsScroll = useRef(0);
  const display = searchDisplay(state);
  const visible = inline || state.open;
  const view = state.view;

  // One announcer: result counts once typing pauses, no results and errors assertively.
  const announcement = view.kind === 'search' ? searchAnnouncement(state, display, strings) : undefined;
  useEffect(() => {
    if (announcement) announcer.announce(announcement.text, announcement.assertive);
  }, [announcement?.text]);

  // Focus never drops out of the widget: when the focused element goes away (a view changed, a
  // button was replaced by its outcome), focus moves to the new view's status or heading.
  const focusedBefore = context.host.shadow.activeElement;
  useLayoutEffect(() => {
    if (!visible || !focusedBefore || focusedBefore.isConnected) return;
    const target = panel.current?.querySelector<HTMLElement>('[data-focus="status"]') ?? panel.current?.querySelector<HTMLElement>('[data-focus]');
    target?.focus();
  });

  const choose = (option: Option) => void store.openArticle(option.slug, option.anchor, option.matched);

  const onPanelKey = (event: KeyboardEvent) => {
    if (composing(event)) return;
    if (event.key === 'Escape' && !inline) {
      event.preventDefault();
      event.stopPropagation();
      store.close();
    } else if (event.key === 'Tab' && mode === 'modal' && panel.current) {
      // A modal dialog keeps focus inside until it closes; the panel beside the page lets it go.
      const focusable = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length);
      if (!focusable.length) return;
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      const current = context.host.shadow.activeElement;
      if (event.shiftKey && (current === first || !panel.current.contains(current))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && current === last) {
        event.preventDefault();
        first.focus();
      }
    }
  };

  // The contact path: the page's own (Selfserve.on('contact')), our form (endpoint or mailto), or a link.
  const handledByPage = flow.handledByPage();
  const contactLink = (() => {
    if (!config.contact && !handledByPage) return null;
    if (!handledByPage && contactMode(config.contact!) === 'template') {
      return (
        <a class="ss-link" href={contactHref(config.contact!, state.query, location.href)} target="_blank" rel="noopener">
          {strings.contact}
        </a>
      );
    }
    const label = draft.message.trim() ? strings.continueMessage : strings.contact;
    return (
      <button type="button" class="ss-link" onClick={() => flow.request(state.query.trim()) && store.showContact()}>
        {label}
      </button>
    );
  })();
  const contact = contactLink && (
    <p class="ss-contact">
      <span class="ss-contact-prompt">{strings.contactPrompt}</span> {contactLink}
    </p>
  );

  if (!visible) return null;

  // Articles may be in another language than the widget's text (the help center's default).
  const contentLanguage: { lang?: string; dir?: 'rtl' | 'ltr' } =
    state.contentLocale && state.contentLocale !== state.locale ? { lang: state.contentLocale, dir: isRtl(state.contentLocale) ? 'rtl' : 'ltr' } : {};
  const languageNote =
    state.contentLocale && primary(state.contentLocale) !== primary(state.locale) ? t(strings, 'articlesIn', { language: languageName(state.contentLocale, state.locale) }) : undefined;
  const query = state.query.trim();
  const feedback = view.kind === 'article' ? state.feedback[view.slug] : undefined;
  // One contact path per view: in the message where the visitor is stuck, else in the footer.
  const stuck =
    (view.kind === 'search' && (state.index === 'error' || display.noResults)) ||
    (view.kind === 'article' && (view.status === 'error' || view.status === 'missing' || feedback === 'asking' || feedback === 'not-helpful'));
  const inBody = stuck ? contact : undefined;
  const inFooter = stuck || view.kind === 'contact' ? undefined : contact;
  const keys = mode !== 'inline' && keyHints(view.kind === 'search' && display.options.length > 0, strings);

  let body: ComponentChildren;
  if (view.kind === 'contact' && config.contact) {
    body = <ContactView flow={flow} config={config} mode={contactMode(config.contact) === 'mailto' ? 'mailto' : 'endpoint'} strings={strings} locale={state.locale} onBack={() => store.leaveContact()} onOpenArticle={(slug) => void store.openArticle(slug)} announce={(message) => announcer.announce(message)} />;
  } else if (view.kind === 'article') {
    body = (
      <ArticleView
        view={view}
        strings={strings}
        articleHref={(slug, anchor) => (config.deepLink ? location.href.replace(/#.*$/, '') + deepLink(config.deepLink, slug, anchor) : undefined)}
        hasResults={Boolean(query)}
        locale={state.contentLocale}
        onSwitchLocale={(locale) => store.switchLocale(locale, view.slug)}
        onBack={() => store.back()}
        onOpenArticle={(slug, anchor) => void store.openArticle(slug, anchor)}
        onRetry={() => void store.openArticle(view.slug, view.anchor)}
        contact={inBody}
        footer={<Feedback slug={view.slug} query={view.query} store={store} answer={feedback} strings={strings} contact={inBody} />}
      />
    );
  } else {
    body = (
      <SearchView
        state={state}
        display={display}
        store={store}
        strings={strings}
        language={contentLanguage}
        languageNote={languageNote}
        contact={inBody}
        autoFocus={state.open && !inline}
        onFocused={typedAhead}
        onChoose={choose}
        scroll={resultsScroll}
        onSwitchLocale={(locale, slug) => store.switchLocale(locale, slug)}
        announce={(message, assertive) => announcer.announce(message, assertive)}
      />
    );
  }

  return (
    <>
      {mode === 'modal' && <div class="ss-backdrop" onClick={() => store.close()} />}
      <div ref={panel} class={`ss-panel ss-${mode === 'panel' ? 'beside' : mode}`} {...getRootProps({ mode })} onKeyDown={onPanelKey}>
        <div class="ss-header">
          {config.logo && <img class="ss-logo" src={config.logo} alt="" />}
          <h2 id={TITLE_ID} class="ss-title" tabIndex={-1}>
            {config.title ?? helpWord(state.locale)}
          </h2>
          {!inline && (
            <button type="button" class="ss-icon-button" aria-label={strings.close} onClick={() => store.close()}>
              <Icon name="close" />
            </button>
          )}
        </div>
        {body}
        {(inFooter || keys) && (
          <div class="ss-footer">
            {inFooter}
            {keys}
          </div>
        )}
      </div>
    </>
  );
}

/** Keyboard hints for what the keys do here: moving and opening only where there is a list. */
function keyHints(list: boolean, strings: Strings) {
  return (
    <span class="ss-keys" aria-hidden="true">
      {list && (
        <>
          <kbd>↑↓</kbd> {strings.keyboardHints} <kbd>↵</kbd> {strings.keyboardSelect}{' '}
        </>
      )}
      <kbd>esc</kbd> {strings.keyboardClose}
    </span>
  );
}
