import { useEffect, useRef, useState } from 'preact/hooks';
import { MESSAGE_LIMIT, type TrailItem } from '../../src/contact.ts';
import type { WidgetConfig } from '../config.ts';
import type { ContactFlow, ContactState, SendFailure } from './contact-flow.ts';
import { Icon } from './Icon.tsx';
import { plural, t, type Strings } from './strings.ts';
import { useSubscribed } from './use-subscribed.ts';

interface Props {
  flow: ContactFlow;
  config: WidgetConfig;
  mode: 'mailto' | 'endpoint';
  strings: Strings;
  /** The language of `strings`, for plural forms and numbers. */
  locale: string;
  onBack(): void;
  /** Opens an article the message may be answered by (see `ContactState.answers`). */
  onOpenArticle(slug: string): void;
  /** Says something to screen readers (the widget's announcer). */
  announce(message: string): void;
}


/** A trail item as the visitor reads it: what they did, then what they were shown. */
function describe(item: TrailItem, strings: Strings, locale: string): { text: string; details: string[] } {
  if (item.type === 'search') {
    const details = [
      ...(item.answer ? [t(strings, 'answerItem', { term: item.answer })] : []),
      ...(item.shown?.length ? [t(strings, 'shownItem', { titles: item.shown.map((title) => `“${title}”`).join(', ') })] : []),
    ];
    return { text: t(strings, 'searchItem', { query: item.query, results: plural(strings, locale, 'results', item.results) }), details };
  }
  if (item.type === 'article') {
    return { text: item.section ? t(strings, 'articleSectionItem', { title: item.title, section: item.section }) : t(strings, 'articleItem', { title: item.title }), details: [] };
  }
  return { text: t(strings, 'feedbackItem', { title: item.title ?? item.slug, answer: item.helpful ? strings.helped : strings.didNotHelp }), details: [] };
}

const FAILURES: Record<SendFailure, keyof Strings> = { network: 'sendFailed', timeout: 'sendTimeout', rejected: 'sendRejected', 'too-large': 'sendTooLarge' };

/** The asynchronous hand-off: a message to support that carries what the visitor already tried. */
export function ContactView({ flow, config, mode, strings, locale, onBack, onOpenArticle, announce }: Props) {
  const state = useSubscribed(flow, flow.get);
  const heading = useRef<HTMLHeadingElement>(null);
  const email = useRef<HTMLInputElement>(null);
  const message = useRef<HTMLTextAreaElement>(null);
  const status = useRef<HTMLParagraphElement>(null);
  const { draft, fields, failure, visitor } = state;
  const number = (n: number) => n.toLocaleString(locale);

  // Back to a message (from an article it offered, or a draft kept on this device): the visitor
  // goes on writing where they stopped. Else the form's heading, which says where they are.
  useEffect(() => {
    const field = state.status !== 'sent' && draft.message ? message.current : undefined;
    if (!field) return void heading.current?.focus();
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length);
  }, [state.status === 'sent']);
  useEffect(() => flow.shown(), []);
  // Shown beside the field being typed in, so said too: a screen reader would not see them appear.
  const answerTitles = state.answers.map((article) => article.title).join(', ');
  useEffect(() => void (answerTitles && announce(`${strings.mayAnswer}: ${answerTitles}`)), [answerTitles]);

  /** After Send: focus goes to what needs the visitor next, so it is read out where they are. */
  const focusAfter = (result: ContactState) => {
    if (result.fields.email) email.current?.focus();
    else if (result.fields.message) message.current?.focus();
    else if (result.status === 'failed') status.current?.focus();
  };

  const back = (
    <div class="ss-article-bar">
      <button type="button" class="ss-back" onClick={onBack}>
        <Icon name="back" />
        {strings.backHome}
      </button>
    </div>
  );

  if (state.status === 'sent') {
    const { reference, email: replyTo } = state.sent ?? {};
    return (
      <>
        {back}
        <div class="ss-body">
          <div class="ss-message ss-sent" role="status">
            <h3 ref={heading} tabIndex={-1}>
              {strings.sentTitle}
            </h3>
            <p>{strings.sentText}</p>
            {reference && <p class="ss-reference">{t(strings, 'sentReference', { reference })}</p>}
            {replyTo && <p>{t(strings, 'sentTo', { email: replyTo })}</p>}
            {config.replyTime && <p>{config.replyTime}</p>}
          </div>
        </div>
      </>
    );
  }

  // Removed items stay listed, struck through, so they can be added back.
  const all = flow.allItems();
  const sending = state.status === 'sending';
  const length = draft.message.trim().length;
  const client = flow.client();
  const clientText = t(strings, 'clientItem', client);
  const visitorText = visitor && t(strings, 'visitorItem', { visitor: [visitor.name, visitor.email, visitor.id].filter(Boolean).join(', ') });
  const fieldError = (id: string, text: string | undefined) =>
    text && (
      <p id={id} class="ss-field-error">
        {text}
      </p>
    );
  const emailError = fields.email && strings.invalidEmail;
  const messageError = fields.message === 'empty-message' ? strings.emptyMessage : fields.message === 'too-long' ? t(strings, 'tooLong', { count: number(length), limit: number(MESSAGE_LIMIT) }) : undefined;

  return (
    <>
      {back}
      <div class="ss-body">
        <form
          class="ss-form ss-contact-form"
          aria-labelledby="ss-contact-title"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void flow.send().then(focusAfter);
          }}
        >
          <h3 id="ss-contact-title" ref={heading} tabIndex={-1}>
            {strings.contactTitle}
          </h3>
          <p class="ss-hint">{strings.contactIntro}</p>
          {config.replyTime && <p class="ss-reply-time">{config.replyTime}</p>}
          {mode === 'endpoint' && (
            <div class="ss-field">
              <label for="ss-contact-email">{strings.email}</label>
              <input
                ref={email}
                id="ss-contact-email"
                type="email"
                autocomplete="email"
                required
                value={draft.email}
                aria-invalid={emailError ? 'true' : undefined}
                aria-describedby={emailError ? 'ss-contact-email-error' : undefined}
                onInput={(e) => flow.update({ email: (e.target as HTMLInputElement).value })}
              />
              {fieldError('ss-contact-email-error', emailError)}
            </div>
          )}
          <div class="ss-field">
            <label for="ss-contact-message">{strings.message}</label>
            <textarea
              ref={message}
              id="ss-contact-message"
              rows={5}
              required
              value={draft.message}
              aria-invalid={messageError ? 'true' : undefined}
              aria-describedby={messageError ? 'ss-contact-message-error ss-contact-count' : 'ss-contact-count'}
              onInput={(e) => flow.update({ message: (e.target as HTMLTextAreaElement).value })}
            />
            {/* The limit shows while typing, so nobody writes 12,000 characters to learn it. */}
            <p id="ss-contact-count" class={length > MESSAGE_LIMIT ? 'ss-count ss-over' : 'ss-count'}>
              {t(strings, 'characterCount', { count: number(length), limit: number(MESSAGE_LIMIT) })}
            </p>
            {fieldError('ss-contact-message-error', messageError)}
          </div>
          {state.answers.length > 0 && (
            <nav class="ss-may-answer" aria-labelledby="ss-may-answer-title">
              <h4 id="ss-may-answer-title" class="ss-section-label">
                {strings.mayAnswer}
              </h4>
              <ul class="ss-next">
                {state.answers.map((article) => (
                  <li key={article.slug}>
                    <button type="button" class="ss-link" onClick={() => onOpenArticle(article.slug)}>
                      {article.title}
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <fieldset class="ss-attached">
            <legend>{strings.attached}</legend>
            <ul>
              {visitorText && (
                <li>
                  <span>{visitorText}</span>
                </li>
              )}
              <li class={draft.includePage ? '' : 'ss-removed'}>
                <span>{t(strings, 'pageItem', { page: flow.page() })}</span>
                <button type="button" class="ss-link" aria-label={`${draft.includePage ? strings.remove : strings.restore}: ${t(strings, 'pageItem', { page: flow.page() })}`} onClick={() => flow.update({ includePage: !draft.includePage })}>
                  {draft.includePage ? strings.remove : strings.restore}
                </button>
              </li>
              <li class={draft.includeClient !== false ? '' : 'ss-removed'}>
                <span>{clientText}</span>
                <button type="button" class="ss-link" aria-label={`${draft.includeClient !== false ? strings.remove : strings.restore}: ${clientText}`} onClick={() => flow.update({ includeClient: draft.includeClient === false })}>
                  {draft.includeClient !== false ? strings.remove : strings.restore}
                </button>
              </li>
              {all.map((item) => {
                const removed = draft.removed.includes(item.time);
                const { text, details } = describe(item, strings, locale);
                return (
                  <li key={item.time} class={removed ? 'ss-removed' : ''}>
                    <span>
                      {text}
                      {details.map((detail) => (
                        <span class="ss-detail">{detail}</span>
                      ))}
                    </span>
                    <button type="button" class="ss-link" aria-label={`${removed ? strings.restore : strings.remove}: ${text}`} onClick={() => flow.toggle(item)}>
                      {removed ? strings.restore : strings.remove}
                    </button>
                  </li>
                );
              })}
            </ul>
            <p class="ss-hint">{t(strings, 'localeNote', { locale: config.lang })}</p>
          </fieldset>
          {failure && (
            <p ref={status} id="ss-contact-status" class="ss-error" role="alert" tabIndex={-1}>
              {strings[FAILURES[failure]]}
            </p>
          )}
          {mode === 'endpoint' ? (
            <button type="submit" class="ss-button" aria-disabled={sending ? 'true' : undefined} aria-busy={sending ? 'true' : undefined} aria-describedby={failure ? 'ss-contact-status' : undefined}>
              {sending ? strings.sending : state.status === 'failed' ? strings.retry : strings.send}
            </button>
          ) : (
            <a class="ss-button" href={flow.mailto()} onClick={() => flow.mailed()}>
              {strings.openEmail}
            </a>
          )}
          <p class="ss-hint">{strings.draftSaved}</p>
        </form>
      </div>
    </>
  );
}
