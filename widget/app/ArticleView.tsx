import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { highlightIn } from './highlight-dom.ts';
import { isRtl } from '../host.ts';
import { nativeName } from './language-names.ts';
import { Icon } from './Icon.tsx';
import type { ArticleView as View } from './store.ts';
import type { Strings } from './strings.ts';

interface Props {
  view: View;
  /** Builds the page URL of an article link (the deep link), or undefined to keep the build's. */
  articleHref?: (slug: string, anchor?: string) => string | undefined;
  strings: Strings;
  hasResults: boolean;
  onBack(): void;
  onOpenArticle(slug: string, anchor?: string): void;
  onRetry(): void;
  /** The contact path, shown with the message when the article is missing or did not load. */
  contact?: ComponentChildren;
  /** Shown after the article ("Did this answer your question?"). */
  footer?: ComponentChildren;
  /** The language of the articles shown. */
  locale?: string;
  /** Opens this article in another language it is translated into. */
  onSwitchLocale?(locale: string): void;
}

// Where the reader was in the article last shown, so closing and reopening the panel returns there.
const lastRead = { key: '', top: 0 };

/**
 * The elements of the section a heading starts: the heading and what follows it, up to the next
 * heading of the same or a higher level.
 */
export function sectionOf(heading: Element): Element[] {
  const level = Number(heading.tagName.slice(1)) || 6;
  const nodes = [heading];
  for (let next = heading.nextElementSibling; next; next = next.nextElementSibling) {
    const nextLevel = /^H[1-6]$/.test(next.tagName) ? Number(next.tagName.slice(1)) : 7;
    if (nextLevel <= level) break;
    nodes.push(next);
  }
  return nodes;
}

/** The article's intro: everything before its first heading. */
function introOf(body: Element): Element[] {
  const nodes: Element[] = [];
  for (const child of body.children) {
    if (/^H[1-6]$/.test(child.tagName)) break;
    nodes.push(child);
  }
  return nodes;
}

/** The element of the article with this id (ids are the writer's: any character may be in one). */
const elementById = (body: Element, id: string) => body.querySelector<HTMLElement>(`[id="${id.replace(/["\\]/g, '\\$&')}"]`);

/**
 * Opens the closed <details> that hold an element a link points at (the reader would land on
 * nothing), and gives what to scroll to: the summary of the details that holds it when the element
 * is within `room` pixels below it, so the reader sees the question it answers; else the element.
 */
function reveal(element: Element, room: number): Element {
  for (let details = element.parentElement?.closest('details:not([open])'); details; details = details.parentElement?.closest('details:not([open])')) (details as HTMLDetailsElement).open = true;
  const summary = element.parentElement?.closest('details')?.querySelector(':scope > summary');
  return summary && element.getBoundingClientRect().top - summary.getBoundingClientRect().top < room ? summary : element;
}

/**
 * The names the stylesheet gives GitHub's alerts (`<blockquote data-alert="note">`, see
 * render-markdown.ts), in the widget's language: CSS strings in custom properties, set through the
 * CSSOM, which a strict Content-Security-Policy allows.
 */
const alertNames = (strings: Strings) => ({
  '--ss-alert-note': cssString(strings.alertNote),
  '--ss-alert-tip': cssString(strings.alertTip),
  '--ss-alert-important': cssString(strings.alertImportant),
  '--ss-alert-warning': cssString(strings.alertWarning),
  '--ss-alert-caution': cssString(strings.alertCaution),
});

const cssString = (text: string) => `"${text.replace(/["\\\n]/g, (c) => (c === '\n' ? ' ' : `\\${c}`))}"`;

/** An article read inside the widget: the build's sanitized HTML, sanitized again in the browser. */
export function ArticleView({ view, strings, hasResults, articleHref, onBack, onOpenArticle, onRetry, contact, footer, locale, onSwitchLocale }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const message = useRef<HTMLHeadingElement>(null);
  // The title in the bar above, once the article's own title has scrolled away.
  const [titleAway, setTitleAway] = useState(false);
  const key = `${view.slug}#${view.anchor ?? ''}`;

  useLayoutEffect(() => {
    if (view.status !== 'ready' || !body.current) return;
    // Only the matched section (opened at the top: the intro and the section that matched best) is
    // highlighted: a long question would otherwise mark half the article.
    const byId = (id?: string) => (id ? elementById(body.current!, id) : null);
    const target = byId(view.anchor);
    const matched = byId(view.matched);
    highlightIn(target ? sectionOf(target) : [...introOf(body.current), ...(matched ? sectionOf(matched) : [])], view.words, locale);
    // A closed <details> (`::: details`, a writer's own) opens on what was searched for inside it
    // (past its summary): the reader came for it, and would not know to open it.
    for (const details of body.current.querySelectorAll('details:not([open])')) {
      const summary = details.querySelector(':scope > summary');
      if ([...details.querySelectorAll('mark')].some((mark) => !summary?.contains(mark))) (details as HTMLDetailsElement).open = true;
    }
    // Links to articles point at this page's deep link, so opening one in a new tab works too.
    for (const link of body.current.querySelectorAll<HTMLAnchorElement>('a[data-selfserve-article]')) {
      const href = articleHref?.(link.dataset.selfserveArticle!, link.dataset.selfserveAnchor);
      if (href) link.href = href;
    }
    // A footnote's link back reads "↩" (then the number of the reference, past the first): named
    // for screen readers, in the widget's language, with that number.
    for (const back of body.current.querySelectorAll('a[href^="#footnote-ref-"]')) back.setAttribute('aria-label', [strings.footnoteBack, back.querySelector('sup')?.textContent].filter(Boolean).join(' '));
    // Wide tables scroll sideways; keyboard users need to be able to focus them to scroll.
    for (const table of body.current.querySelectorAll('table')) {
      if (table.scrollWidth > table.clientWidth) {
        table.tabIndex = 0;
        table.setAttribute('role', 'region');
        table.setAttribute('aria-label', table.querySelector('th')?.textContent ?? view.content?.title ?? '');
      }
    }
    const shown = target && reveal(target, (scroller.current?.clientHeight ?? 0) / 2);
    if (lastRead.key === key && scroller.current) {
      scroller.current.scrollTop = lastRead.top;
    } else if (target) {
      target.classList.add('ss-target');
      shown!.scrollIntoView({ block: 'start' });
    } else if (scroller.current) {
      scroller.current.scrollTop = 0;
    }
    // Screen readers start reading at the article (or the section asked for).
    (target ?? title.current)?.setAttribute('tabindex', '-1');
    (target ?? title.current)?.focus({ preventScroll: true });
  }, [view.status, view.slug, view.anchor, view.content]);

  // Remember where the reader was, for when the panel is closed and opened again.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || view.status !== 'ready') return;
    const save = () => {
      if (!element.isConnected) return;
      lastRead.key = key;
      lastRead.top = element.scrollTop;
    };
    element.addEventListener('scroll', save, { passive: true });
    return () => {
      // Still in the page while it unmounts: this is where the reader left it.
      save();
      element.removeEventListener('scroll', save);
    };
  }, [key, view.status]);

  // The title goes to the bar above once it scrolls out of view (opened at a section, it starts there).
  useEffect(() => {
    if (view.status !== 'ready' || !title.current || typeof IntersectionObserver !== 'function') return;
    const observer = new IntersectionObserver(([entry]) => setTitleAway(!entry.isIntersecting), { root: scroller.current });
    observer.observe(title.current);
    return () => observer.disconnect();
  }, [view.status, view.slug]);

  // A missing article or a failed load says so, and focus goes to what it says.
  useEffect(() => {
    if (view.status === 'error' || view.status === 'missing') message.current?.focus();
  }, [view.status]);

  const onClick = (event: MouseEvent) => {
    const link = (event.target as Element).closest?.('a[data-selfserve-article], a[href^="#"]');
    if (!link) return;
    const article = link.getAttribute('data-selfserve-article');
    if (article) {
      event.preventDefault();
      onOpenArticle(article, link.getAttribute('data-selfserve-anchor') ?? undefined);
      return;
    }
    // A link within the article (a footnote and the way back from it): it goes there in the
    // article, not to the host page's own anchors, whose address it would change.
    const id = link.getAttribute('href')!.slice(1);
    // (A footnote's href and id are encoded alike: the id is the href as written.)
    const there = body.current && elementById(body.current, id);
    if (!there) return;
    event.preventDefault();
    for (const shown of body.current!.querySelectorAll('.ss-target')) shown.classList.remove('ss-target');
    there.classList.add('ss-target');
    // Focusable for the move, unless it is already: a link back to a reference lands on a link, which stays in the tab order.
    if (!there.matches('a[href], button, input, select, textarea, summary, [tabindex]')) there.setAttribute('tabindex', '-1');
    reveal(there, (scroller.current?.clientHeight ?? 0) / 2).scrollIntoView({ block: 'start' });
    there.focus({ preventScroll: true });
  };

  const dir = locale ? (isRtl(locale) ? 'rtl' : 'ltr') : undefined;

  return (
    <>
      <div class="ss-article-bar">
        <button type="button" class="ss-back" data-focus onClick={onBack}>
          <Icon name="back" />
          {view.returnTo ? strings.backToMessage : hasResults ? strings.back : strings.backHome}
        </button>
        {view.status === 'ready' && view.content && (
          <span class={titleAway ? 'ss-bar-title ss-shown' : 'ss-bar-title'} aria-hidden="true" lang={locale} dir={dir}>
            {view.content.title}
          </span>
        )}
      </div>
      <div class="ss-body" ref={scroller}>
        {view.status === 'loading' && (
          <div class="ss-skeleton ss-skeleton-article" role="status">
            <span class="ss-visually-hidden">{strings.articleLoading}</span>
          </div>
        )}
        {view.status === 'error' && (
          <div class="ss-message">
            <h3 ref={message} tabIndex={-1} data-focus="status">
              {strings.articleError}
            </h3>
            <button type="button" class="ss-button" onClick={onRetry}>
              {strings.retry}
            </button>
            {contact}
          </div>
        )}
        {view.status === 'missing' && (
          <div class="ss-message">
            <h3 ref={message} tabIndex={-1} data-focus="status">
              {strings.articleMissingTitle}
            </h3>
            <p>{strings.articleMissingText}</p>
            <button type="button" class="ss-button" onClick={onBack}>
              <Icon name="search" />
              {strings.searchArticles}
            </button>
            {contact}
          </div>
        )}
        {view.status === 'ready' && view.content && (
          // The articles' own language and direction: English articles read left to right in an Arabic panel.
          <article class="ss-article" aria-labelledby="ss-article-title" lang={locale} dir={dir} style={alertNames(strings)}>
            <h2 id="ss-article-title" ref={title}>
              {view.content.title}
            </h2>
            {view.meta?.translations?.length && onSwitchLocale ? (
              <p class="ss-translations">
                {view.meta.translations.map((other) => (
                  <button key={other} type="button" class="ss-link" lang={other} onClick={() => onSwitchLocale(other)}>
                    {nativeName(other)}
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
