import { useEffect, useRef, useState } from 'preact/hooks';
import type { TrailItem } from '../../src/contact.ts';
import type { WidgetConfig } from '../config.ts';
import type { ContactFlow } from './contact-flow.ts';
import { Icon } from './Icon.tsx';
import { t, type Strings } from './strings.ts';

interface Props {
  flow: ContactFlow;
  config: WidgetConfig;
  mode: 'mailto' | 'endpoint';
  strings: Strings;
  onBack(): void;
}

function useFlow(flow: ContactFlow) {
  const [state, setState] = useState(flow.get());
  useEffect(() => flow.subscribe(() => setState(flow.get())), [flow]);
  return state;
}

function describe(item: TrailItem, strings: Strings): string {
  if (item.type === 'search') return t(strings, 'searchItem', { query: item.query, count: item.results });
  if (item.type === 'article') return t(strings, 'articleItem', { title: item.title });
  return t(strings, 'feedbackItem', { title: item.slug, answer: item.helpful ? strings.helped : strings.didNotHelp });
}

/** The asynchronous hand-off: a message to support that carries what the visitor already tried. */
export function ContactView({ flow, config, mode, strings, onBack }: Props) {
  const state = useFlow(flow);
  const heading = useRef<HTMLHeadingElement>(null);
  const { draft, status, error } = state;

  useEffect(() => heading.current?.focus(), [status === 'sent']);

  const back = (
    <div class="ss-article-bar">
      <button type="button" class="ss-back" onClick={onBack}>
        <Icon name="back" />
        {strings.backHome}
      </button>
    </div>
  );

  if (status === 'sent') {
    return (
      <>
        {back}
        <div class="ss-body">
          <div class="ss-message" role="status">
            <h3 ref={heading} tabIndex={-1}>
              {strings.sentTitle}
            </h3>
            <p>{strings.sentText}</p>
            {config.replyTime && <p>{config.replyTime}</p>}
          </div>
        </div>
      </>
    );
  }

  // Removed items stay listed, struck through, so they can be added back.
  const all = flow.allItems();
  const sending = status === 'sending';

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
            void flow.send();
          }}
        >
          <h3 id="ss-contact-title" ref={heading} tabIndex={-1}>
            {strings.contactTitle}
          </h3>
          <p class="ss-hint">{strings.contactIntro}</p>
          {config.replyTime && <p class="ss-reply-time">{config.replyTime}</p>}
          {mode === 'endpoint' && (
            <label class="ss-field">
              {strings.email}
              <input
                type="email"
                autocomplete="email"
                required
                value={draft.email}
                aria-invalid={error === 'invalid-email' ? 'true' : undefined}
                aria-describedby={error === 'invalid-email' ? 'ss-contact-error' : undefined}
                onInput={(e) => flow.update({ email: (e.target as HTMLInputElement).value })}
              />
            </label>
          )}
          <label class="ss-field">
            {strings.message}
            <textarea
              rows={5}
              required
              value={draft.message}
              aria-invalid={error === 'empty-message' ? 'true' : undefined}
              aria-describedby={error === 'empty-message' ? 'ss-contact-error' : undefined}
              onInput={(e) => flow.update({ message: (e.target as HTMLTextAreaElement).value })}
            />
          </label>
          <fieldset class="ss-attached">
            <legend>{strings.attached}</legend>
            <ul>
              <li class={draft.includePage ? '' : 'ss-removed'}>
                <span>{t(strings, 'pageItem', { page: flow.page() })}</span>
                <button type="button" class="ss-link" aria-label={`${draft.includePage ? strings.remove : strings.restore}: ${t(strings, 'pageItem', { page: flow.page() })}`} onClick={() => flow.update({ includePage: !draft.includePage })}>
                  {draft.includePage ? strings.remove : strings.restore}
                </button>
              </li>
              {all.map((item) => {
                const removed = draft.removed.includes(item.time);
                const text = describe(item, strings);
                return (
                  <li key={item.time} class={removed ? 'ss-removed' : ''}>
                    <span>{text}</span>
                    <button type="button" class="ss-link" aria-label={`${removed ? strings.restore : strings.remove}: ${text}`} onClick={() => flow.toggle(item)}>
                      {removed ? strings.restore : strings.remove}
                    </button>
                  </li>
                );
              })}
            </ul>
            <p class="ss-hint">{t(strings, 'localeNote', { locale: config.lang })}</p>
          </fieldset>
          {error && (
            <p id="ss-contact-error" class="ss-error" role="alert">
              {error === 'network' ? strings.sendFailed : error === 'invalid-email' ? strings.invalidEmail : strings.emptyMessage}
            </p>
          )}
          {mode === 'endpoint' ? (
            <button type="submit" class="ss-button" disabled={sending} aria-busy={sending ? 'true' : undefined}>
              {sending ? strings.sending : status === 'failed' ? strings.retry : strings.send}
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
