import { useEffect, useRef } from 'preact/hooks';
import { queryTokens } from '../../src/text/tokenize.ts';
import { highlightIn } from './highlight-dom.ts';
import { isRtl } from '../host.ts';
import { Icon } from './Icon.tsx';
import type { ArticleView as View } from './store.ts';
import type { Strings } from './strings.ts';

interface Props {
  view: View;
  /** The URL of a file of the index (images the build copied). */
  /** Builds the page URL of an article link (the deep link), or undefined to keep the build's. */
  articleHref?: (slug: string, anchor?: string) => string | undefined;
  strings: Strings;
  hasResults: boolean;
  onBack(): void;
  onOpenArticle(slug: string, anchor?: string): void;
  onRetry(): void;
  contact?: preact.ComponentChildren;
  /** Shown after the article ("Did this answer your question?"). */
  footer?: preact.ComponentChildren;
  /** The language of the articles shown. */
  locale?: string;
  /** Opens this article in another language it is translated into. */
  onSwitchLocale?(locale: string): void;
}

/** A language's name in itself: "español", "日本語". */
function languageName(locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
    return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
  } catch {
    return locale;
  }
}

/** An article read inside the widget: the build's sanitized HTML, sanitized again in the browser. */
export function ArticleView({ view, strings, hasResults, articleHref, onBack, onOpenArticle, onRetry, contact, footer, locale, onSwitchLocale }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const title = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (view.status !== 'ready' || !body.current) return;
    highlightIn(body.current, queryTokens(view.query, locale), locale);
    // Links to articles point at this page's deep link, so opening one in a new tab works too.
    for (const link of body.current.querySelectorAll<HTMLAnchorElement>('a[data-selfserve-article]')) {
      const href = articleHref?.(link.dataset.selfserveArticle!, link.dataset.selfserveAnchor);
      if (href) link.href = href;
    }
    // Wide tables scroll sideways; keyboard users need to be able to focus them to scroll.
    for (const table of body.current.querySelectorAll('table')) {
      if (table.scrollWidth > table.clientWidth) table.tabIndex = 0;
    }
    const target = view.anchor ? body.current.querySelector<HTMLElement>(`[id="${CSS.escape(view.anchor)}"]`) : null;
    if (target) {
      target.classList.add('ss-target');
      target.scrollIntoView({ block: 'start' });
    } else if (scroller.current) {
      scroller.current.scrollTop = 0;
    }
    // Screen readers start reading at the article (or the section asked for).
    (target ?? title.current)?.setAttribute('tabindex', '-1');
    (target ?? title.current)?.focus({ preventScroll: true });
  }, [view.status, view.slug, view.anchor, view.content]);

  const onClick = (event: MouseEvent) => {
    const link = (event.target as Element).closest?.('a[data-selfserve-article]');
    if (!link) return;
    event.preventDefault();
    onOpenArticle(link.getAttribute('data-selfserve-article')!, link.getAttribute('data-selfserve-anchor') ?? undefined);
  };

  return (
    <>
      <div class="ss-article-bar">
        <button type="button" class="ss-back" onClick={onBack}>
          <Icon name="back" />
          {hasResults ? strings.back : strings.backHome}
        </button>
      </div>
      <div class="ss-body" ref={scroller}>
        {view.status === 'loading' && (
          <p class="ss-message" role="status">
            <span class="ss-spinner" aria-hidden="true" />
            {strings.articleLoading}
          </p>
        )}
        {view.status === 'error' && (
          <div class="ss-message" role="alert">
            <h3>{strings.articleError}</h3>
            <button type="button" class="ss-button" onClick={onRetry}>
              {strings.retry}
            </button>
            {contact}
          </div>
        )}
        {view.status === 'ready' && view.content && (
          <article class="ss-article" aria-labelledby="ss-article-title" lang={locale} dir={locale && isRtl(locale) ? 'rtl' : undefined}>
            <h2 id="ss-article-title" ref={title}>
              {view.content.title}
            </h2>
            {view.meta?.translations?.length && onSwitchLocale ? (
              <p class="ss-translations">
                {view.meta.translations.map((other) => (
                  <button key={other} type="button" class="ss-link" lang={other} onClick={() => onSwitchLocale(other)}>
                    {languageName(other)}
                  </button>
                ))}
              </p>
            ) : null}
            <div ref={body} onClick={onClick} dangerouslySetInnerHTML={{ __html: view.html ?? '' }} />
          </article>
        )}
        {view.status === 'ready' && footer}
      </div>
    </>
  );
}
