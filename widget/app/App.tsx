import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { contactMode, helpWord } from '../config.ts';
import type { AppContext } from '../types.ts';
import type { ContactFlow } from './contact-flow.ts';
import { ContactView } from './ContactView.tsx';
import { Feedback } from './Feedback.tsx';
import { ArticleView } from './ArticleView.tsx';
import { deepLink } from '../deep-link.ts';
import { contactHref } from './contact.ts';
import { Icon } from './Icon.tsx';
import { Listbox } from './Listbox.tsx';
import { articleOptions, nextActive, resultOptions, type Option } from './options.ts';
import type { State, Store } from './store.ts';
import { isRtl } from '../host.ts';
import { loadStrings } from './load-strings.ts';
import { en, t, type Strings } from './strings.ts';

function useStore(store: Store): State {
  const [state, setState] = useState(store.get());
  useEffect(() => store.subscribe(() => setState(store.get())), [store]);
  return state;
}

// Preact's types only allow role="combobox" on an input with a `list`; WAI-ARIA allows it on any text input.
const COMBOBOX_ROLE = { role: 'combobox' } as Record<string, string>;

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])';

/** Which list the combobox shows, and under what label. */
function listFor(state: State, strings: Strings): { label: string; heading?: string; options: Option[] } {
  if (!state.query.trim()) {
    const contextual = state.suggestions.some((s) => s.pages?.length) && state.suggestions !== state.popular;
    return { label: contextual ? strings.suggestedHere : strings.popular, heading: contextual ? strings.suggestedHere : strings.popular, options: articleOptions(state.suggestions, 'suggestion') };
  }
  const results = resultOptions(state.response, state.contentLocale);
  if (results.length || !state.response) return { label: strings.results, options: results };
  return { label: strings.popular, heading: strings.popular, options: articleOptions(state.popular, 'popular') };
}

export function App({ store, flow, context }: { store: Store; flow: ContactFlow; context: AppContext }) {
  const state = useStore(store);
  const [draft, setDraft] = useState(flow.get().draft);
  useEffect(() => flow.subscribe(() => setDraft(flow.get().draft)), [flow]);
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
  const panel = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const results = useRef<HTMLDivElement>(null);
  const savedScroll = useRef(0);
  const [announcement, setAnnouncement] = useState({ polite: '', assertive: '' });

  const list = listFor(state, strings);
  const active = state.active < list.options.length ? state.active : -1;
  const visible = inline || state.open;
  const inArticle = state.view.kind !== 'search';

  // Focus the search box when the panel opens and when coming back from an article.
  useEffect(() => {
    if (state.open && !inArticle && !inline) input.current?.focus();
  }, [state.open, inArticle]);

  // Back from an article lands where the reader left the results.
  useLayoutEffect(() => {
    if (!inArticle && results.current) results.current.scrollTop = savedScroll.current;
  }, [inArticle]);

  // Keep the active option in view.
  useEffect(() => {
    if (active < 0) return;
    panel.current?.querySelector(`#${list.options[active].id}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  // Announce result counts once typing settles; no results assertively (Pagefind's announcer).
  useEffect(() => {
    const { response, query } = state;
    const timer = setTimeout(() => {
      if (!query.trim() || !response) return setAnnouncement({ polite: '', assertive: '' });
      const count = response.results.length;
      if (!count) return setAnnouncement({ polite: '', assertive: t(strings, 'noResultsTitle', { query }) });
      setAnnouncement({ polite: t(strings, count === 1 ? 'resultCountOne' : 'resultCount', { count, query }), assertive: '' });
    }, 500);
    return () => clearTimeout(timer);
  }, [state.response]);

  useEffect(() => {
    if (state.index === 'error') setAnnouncement({ polite: '', assertive: strings.unavailableTitle });
  }, [state.index]);

  const choose = (option: Option) => {
    if (results.current) savedScroll.current = results.current.scrollTop;
    void store.openArticle(option.slug, option.anchor);
  };

  const onInputKey = (event: KeyboardEvent) => {
    const next = nextActive(event.key, active, list.options.length);
    if (next !== undefined) {
      event.preventDefault();
      store.setActive(next);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const stale = state.query.trim() && state.response?.query !== state.query;
      if (!stale) {
        if (list.options.length) choose(list.options[Math.max(active, 0)]);
        return;
      }
      // Enter right after typing: open the best answer to what was typed, not to a previous query.
      void store.settled().then(() => {
        const fresh = listFor(store.get(), strings).options;
        if (fresh.length) choose(fresh[0]);
      });
    }
  };

  const onPanelKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !inline) {
      event.preventDefault();
      event.stopPropagation();
      store.close();
    } else if (event.key === 'Tab' && !inline && panel.current) {
      // A modal dialog keeps focus inside until it closes.
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
      {strings.contactPrompt} {contactLink}
    </p>
  );

  const live = (
    <>
      <div class="ss-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement.polite}
      </div>
      <div class="ss-visually-hidden" aria-live="assertive" aria-atomic="true">
        {announcement.assertive}
      </div>
    </>
  );

  if (!visible) return live;

  const hasList = list.options.length > 0;
  // Articles may be in another language than the widget's text (the help center's default).
  const contentLanguage: { lang?: string; dir?: 'rtl' | 'ltr' } =
    state.contentLocale && state.contentLocale !== state.locale ? { lang: state.contentLocale, dir: isRtl(state.contentLocale) ? 'rtl' : 'ltr' } : {};
  const query = state.query.trim();
  // One contact path per view: the footer's only where the view itself offers none.
  const view = state.view;
  const contactInBody =
    view.kind === 'contact' ||
    (view.kind === 'article' ? view.status === 'error' || ['asking', 'not-helpful'].includes(state.feedback[view.slug]) : state.index === 'error' || Boolean(query && state.response && !state.response.results.length));

  return (
    <>
      {!inline && <div class="ss-backdrop" onClick={() => store.close()} />}
      <div
        ref={panel}
        class={inline ? 'ss-panel ss-inline' : 'ss-panel'}
        role={inline ? 'search' : 'dialog'}
        aria-modal={inline ? undefined : 'true'}
        aria-labelledby="ss-title"
        onKeyDown={onPanelKey}
      >
        <div class="ss-header">
          <h2 id="ss-title" class="ss-title">
            {config.title ?? helpWord(state.locale)}
          </h2>
          {!inline && (
            <button type="button" class="ss-icon-button" aria-label={strings.close} onClick={() => store.close()}>
              <Icon name="close" />
            </button>
          )}
        </div>
        {state.view.kind === 'contact' && config.contact ? (
          <ContactView flow={flow} config={config} mode={contactMode(config.contact) === 'mailto' ? 'mailto' : 'endpoint'} strings={strings} locale={state.locale} onBack={() => store.leaveContact()} />
        ) : state.view.kind === 'article' ? (
          <ArticleView
            view={state.view}
            strings={strings}
            articleHref={(slug, anchor) => (config.deepLink ? location.href.replace(/#.*$/, '') + deepLink(config.deepLink, slug, anchor) : undefined)}
            hasResults={Boolean(query)}
            locale={state.contentLocale}
            onSwitchLocale={(locale) => state.view.kind === 'article' && store.switchLocale(locale, state.view.slug)}
            onBack={() => store.back()}
            onOpenArticle={(slug, anchor) => void store.openArticle(slug, anchor)}
            onRetry={() => state.view.kind === 'article' && void store.openArticle(state.view.slug, state.view.anchor)}
            contact={contact}
            footer={
              <Feedback slug={state.view.slug} query={state.view.query} store={store} answer={state.feedback[state.view.slug]} strings={strings} contact={contact} />
            }
          />
        ) : (
          <>
            <div class="ss-search">
              <Icon name="search" />
              <input
                ref={input}
                id="ss-input"
                class="ss-input"
                type="search"
                {...COMBOBOX_ROLE}
                aria-label={strings.searchLabel}
                aria-autocomplete="list"
                aria-expanded={hasList}
                aria-controls={hasList ? 'ss-listbox' : undefined}
                aria-activedescendant={active >= 0 ? list.options[active].id : undefined}
                placeholder={strings.searchPlaceholder}
                autocomplete="off"
                autocapitalize="off"
                spellcheck={false}
                enterkeyhint="search"
                value={state.query}
                onInput={(event) => void store.setQuery((event.target as HTMLInputElement).value)}
                onKeyDown={onInputKey}
              />
            </div>
            {/* Scrollable, so keyboard users can reach it to scroll (the options themselves are not tab stops). */}
            <div class="ss-body" ref={results} tabIndex={0} role="region" aria-label={strings.results}>
              {state.index === 'error' ? (
                <div class="ss-message">
                  <h3>{strings.unavailableTitle}</h3>
                  <p>{strings.unavailableText}</p>
                  <button type="button" class="ss-button" onClick={() => store.retry()}>
                    {strings.retry}
                  </button>
                  {contact}
                </div>
              ) : state.index !== 'ready' ? (
                <p class="ss-message">
                  <span class="ss-spinner" aria-hidden="true" />
                  {strings.loadingIndex}
                </p>
              ) : (
                <>
                  {state.stalled && (
                    <p class="ss-message">
                      <span class="ss-spinner" aria-hidden="true" />
                      {strings.searching}
                    </p>
                  )}
                  {query && state.response?.answer && (
                    <section class="ss-answer" aria-labelledby="ss-answer-term" {...contentLanguage}>
                      <h3 class="ss-answer-term" id="ss-answer-term">
                        {state.response.answer.term}
                      </h3>
                      <p>{state.response.answer.definition}</p>
                      <button type="button" class="ss-link" onClick={() => { const a = state.response!.answer!; void store.openArticle(a.slug, a.url.split('#')[2]); }}>
                        {t(strings, 'readMore', { title: state.response.answer.title })}
                      </button>
                    </section>
                  )}
                  {query && state.response && !state.response.results.length && (
                    <div class="ss-message">
                      <h3>{t(strings, 'noResultsTitle', { query })}</h3>
                      <p>{strings.noResultsTips}</p>
                      {contact}
                    </div>
                  )}
                  {list.heading && hasList && <h3 class="ss-section-label">{list.heading}</h3>}
                  {hasList && <Listbox id="ss-listbox" language={contentLanguage} label={list.label} options={list.options} active={active} onChoose={choose} onHover={(i) => store.setActive(i)} />}
                </>
              )}
            </div>
          </>
        )}
        <div class="ss-footer">
          {(!contactInBody && contact) || <span />}
          {!inline && (
            <span class="ss-keys" aria-hidden="true">
              <kbd>↑↓</kbd> {strings.keyboardHints} <kbd>↵</kbd> {strings.keyboardSelect} <kbd>esc</kbd> {strings.keyboardClose}
            </span>
          )}
        </div>
      </div>
      {live}
    </>
  );
}
