import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ArticleSummary } from '../../src/format.ts';
import { escapeHtml } from '../../src/search/highlight.ts';
import { isRtl } from '../host.ts';
import { composing } from './composing.ts';
import { Icon } from './Icon.tsx';
import { nativeName } from './language-names.ts';
import { Listbox } from './Listbox.tsx';
import { nextActive, searchDisplay, type Option, type SearchDisplay } from './options.ts';
import { getInputProps } from './prop-getters.ts';
import type { State, Store } from './store.ts';
import { t, type Strings } from './strings.ts';

interface Props {
  state: State;
  display: SearchDisplay;
  store: Store;
  strings: Strings;
  /** `lang` and `dir` of the articles, when they differ from the widget's. */
  language: { lang?: string; dir?: 'rtl' | 'ltr' };
  /** "Articles are in English", when the visitor's language has none. */
  languageNote?: string;
  /** The contact path, when this view shows it in its message rather than in the footer. */
  contact?: ComponentChildren;
  /** Focus the search box (the panel opened, or the visitor came back from an article). */
  autoFocus: boolean;
  /** Called once the box has focus: keys typed while the panel was on its way go into it. */
  onFocused?(): void;
  onChoose(option: Option): void;
  /** Where the results were scrolled, kept across a visit to an article. */
  scroll: { current: number };
  /** Opens an article of another language, switching the widget to it. */
  onSwitchLocale(locale: string, slug: string): void;
  /** Says something to screen readers (see announcer.ts). */
  announce(message: string, assertive?: boolean): void;
}

/** `text` with `{query}` (or `{<name>}`) replaced by `node`: translations put it where their grammar wants it. */
function withQuery(text: string, node: ComponentChildren, name = 'query'): ComponentChildren {
  const [before, after = ''] = text.split(`{${name}}`);
  return (
    <>
      {before}
      {node}
      {after}
    </>
  );
}

/** The search box and what it found: results, suggestions, or why there are none. */
export function SearchView({ state, display, store, strings, language, languageNote, contact, autoFocus, onFocused, onChoose, scroll, onSwitchLocale, announce }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const { options } = display;
  const active = state.active < options.length ? state.active : -1;
  const query = state.query.trim();
  const elsewhere = useElsewhere(store, display.noResults ? query : '');
  // Said with the "no results" it follows, which a polite message would cut short.
  const foundTitles = elsewhere?.results.map((article) => article.title).join(', ');
  useEffect(() => {
    if (elsewhere) announce(`${t(strings, 'noResultsTitle', { query })}. ${t(strings, 'foundIn', { language: nativeName(elsewhere.locale) })}: ${foundTitles}`, true);
  }, [foundTitles]);

  useEffect(() => {
    if (!autoFocus) return;
    input.current?.focus();
    onFocused?.();
  }, [autoFocus]);

  // Back from an article lands where the reader left the results.
  useLayoutEffect(() => {
    if (body.current) body.current.scrollTop = scroll.current;
    return () => {
      if (body.current) scroll.current = body.current.scrollTop;
    };
  }, []);

  // Keep the active option in view.
  useEffect(() => {
    if (active >= 0) body.current?.querySelector(`#${options[active].id}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (composing(event)) return;
    const next = nextActive(event.key, active, options.length);
    if (next !== undefined) {
      event.preventDefault();
      store.setActive(next, options[next]?.slug);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (!display.pending) {
        if (options.length) onChoose(options[Math.max(active, 0)]);
        return;
      }
      // Enter right after typing: open the best answer to what was typed, not to a previous query.
      void store.finish().then(() => {
        const fresh = searchDisplay(store.get());
        if (fresh.kind === 'results' && !fresh.pending && fresh.options.length) onChoose(fresh.options[0]);
      });
    }
  };

  const corrected = display.kind === 'results' && !display.pending ? display.response?.corrected : undefined;
  // The hint waits for the stall threshold, so quick searches never flash it.
  const loading = state.index === 'loading' || (display.pending && state.stalled);
  const heading = display.kind === 'results' ? undefined : display.kind === 'popular' || !state.contextual ? strings.popular : strings.suggestedHere;

  return (
    <>
      <div class="ss-search">
        <Icon name="search" />
        <input
          ref={input}
          id="ss-input"
          class="ss-input"
          type="search"
          data-focus
          {...getInputProps({ options, active, label: strings.searchLabel })}
          placeholder={strings.searchPlaceholder}
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          enterkeyhint="search"
          value={state.query}
          onInput={(event) => void store.setQuery((event.target as HTMLInputElement).value)}
          onKeyDown={onKeyDown}
        />
        {loading && state.index !== 'error' && (
          <span class="ss-input-status">
            <span class="ss-spinner ss-spinner-small" aria-hidden="true" />
            {state.index === 'loading' ? strings.loadingIndex : strings.searching}
          </span>
        )}
      </div>
      {/* Scrollable, so keyboard users can reach it to scroll (the options themselves are not tab stops). */}
      <div class="ss-body" ref={body} tabIndex={0} role="region" aria-label={strings.results}>
        {state.index === 'error' ? (
          <div class="ss-message">
            <h3 tabIndex={-1} data-focus="status">
              {strings.unavailableTitle}
            </h3>
            <p>{strings.unavailableText}</p>
            <button type="button" class="ss-button" onClick={() => void store.retry()}>
              {strings.retry}
            </button>
            {contact}
          </div>
        ) : state.index !== 'ready' && !options.length ? (
          // Calm loading: the shape of the list to come, not a spinner in the middle of nothing.
          <ul class="ss-skeleton" aria-hidden="true">
            {[0, 1, 2, 3].map((i) => (
              <li key={i} />
            ))}
          </ul>
        ) : (
          <>
            {languageNote && <p class="ss-note">{languageNote}</p>}
            {corrected && (
              <p class="ss-note ss-corrected">
                {withQuery(strings.showingResultsFor, <span dangerouslySetInnerHTML={{ __html: markWords(corrected.query, corrected.words) }} />)}{' '}
                <button type="button" class="ss-link" onClick={() => void store.searchExactly()}>
                  {withQuery(strings.searchInsteadFor, query)}
                </button>
              </p>
            )}
            {display.noResults && (
              <div class="ss-message">
                <h3>{t(strings, 'noResultsTitle', { query })}</h3>
                {elsewhere ? (
                  <nav aria-labelledby="ss-elsewhere-title">
                    <h4 id="ss-elsewhere-title" class="ss-section-label">
                      {withQuery(strings.foundIn, <span lang={elsewhere.locale}>{nativeName(elsewhere.locale)}</span>, 'language')}
                    </h4>
                    <ul class="ss-next" lang={elsewhere.locale} dir={isRtl(elsewhere.locale) ? 'rtl' : 'ltr'}>
                      {elsewhere.results.map((article) => (
                        <li key={article.slug}>
                          <button type="button" class="ss-link" onClick={() => onSwitchLocale(elsewhere.locale, article.slug)}>
                            {article.title}
                          </button>
                        </li>
                      ))}
                    </ul>
                  </nav>
                ) : (
                  <p>{strings.noResultsTips}</p>
                )}
                {contact}
              </div>
            )}
            {heading && options.length > 0 && <h3 class="ss-section-label">{heading}</h3>}
            {options.length > 0 && (
              <Listbox language={language} label={heading ?? strings.results} options={options} active={active} onChoose={onChoose} onHover={(i) => store.setActive(i, options[i].slug)} strings={strings} />
            )}
          </>
        )}
      </div>
    </>
  );
}

/** The corrected query as HTML, the corrected words in `<mark>`. */
function markWords(query: string, words: string[]): string {
  const lower = new Set(words.map((w) => w.toLowerCase()));
  return query
    .split(/([\p{L}\p{N}]+)/u)
    .map((part) => (lower.has(part.toLowerCase()) ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part)))
    .join('');
}

/**
 * The articles of another language that match `query` (see `Store.elsewhere`), looked for once
 * nothing matches it in the visitor's: undefined until found, and for a query typed since.
 */
function useElsewhere(store: Store, query: string): { locale: string; results: ArticleSummary[]; query: string } | undefined {
  const [found, setFound] = useState<{ locale: string; results: ArticleSummary[]; query: string }>();
  useEffect(() => {
    if (!query) return;
    let current = true;
    void store.elsewhere(query).then((other) => current && other && setFound({ ...other, query }));
    return () => void (current = false);
  }, [query]);
  return found && found.query === query ? found : undefined;
}
