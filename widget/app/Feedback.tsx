import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ArticleSummary } from '../../src/format.ts';
import type { Feedback as Answer } from './reducer.ts';
import type { Store } from './store.ts';
import type { Strings } from './strings.ts';

interface Props {
  slug: string;
  query: string;
  store: Store;
  answer?: Answer;
  strings: Strings;
  /** The contact path (a button or a link), when there is one. */
  contact?: ComponentChildren;
}

const REASONS = ['reasonNotAnswered', 'reasonUnclear', 'reasonWrong', 'reasonOther'] as const;

/** "Did this answer your question?" at the end of every article; a "No" asks why and offers next steps. */
export function Feedback({ slug, query, store, answer, strings, contact }: Props) {
  // Nothing chosen in advance: a reason is the reader's to give, or not.
  const [reason, setReason] = useState<(typeof REASONS)[number] | undefined>(undefined);
  const [comment, setComment] = useState('');
  const [next, setNext] = useState<ArticleSummary[]>([]);
  const outcome = useRef<HTMLElement>(null);
  const answered = useRef(false);

  useEffect(() => {
    if (answer === 'asking' || answer === 'not-helpful') void store.nextSteps(slug, query).then(setNext);
  }, [answer, slug]);

  // The button pressed is gone: focus follows to what replaced it (the question why, or the thanks).
  useLayoutEffect(() => {
    if (answered.current) outcome.current?.focus();
    answered.current = false;
  }, [answer]);
  const give = (act: () => void) => () => {
    answered.current = true;
    act();
  };

  if (answer === 'helpful') {
    return (
      <div class="ss-feedback">
        <p ref={outcome as preact.Ref<HTMLParagraphElement>} tabIndex={-1} data-focus="status">
          {strings.feedbackThanks}
        </p>
      </div>
    );
  }
  return (
    <div class="ss-feedback">
      {answer === undefined && (
        <div role="group" aria-labelledby="ss-feedback-question" class="ss-feedback-row">
          <p id="ss-feedback-question">{strings.feedbackQuestion}</p>
          <button type="button" class="ss-chip" onClick={give(() => store.feedback(slug, true))}>
            {strings.yes}
          </button>
          <button type="button" class="ss-chip" onClick={give(() => store.askWhy(slug))}>
            {strings.no}
          </button>
        </div>
      )}
      {answer === 'asking' && (
        <form
          class="ss-form"
          onSubmit={(event) => {
            event.preventDefault();
            answered.current = true;
            store.feedback(slug, false, reason && strings[reason], comment.trim());
          }}
        >
          <fieldset>
            <legend ref={outcome as preact.Ref<HTMLLegendElement>} tabIndex={-1} data-focus="status">
              {strings.feedbackWhy}
            </legend>
            {REASONS.map((key) => (
              <label key={key} class="ss-choice">
                <input type="radio" name="ss-reason" checked={reason === key} onChange={() => setReason(key)} />
                {strings[key]}
              </label>
            ))}
          </fieldset>
          <label class="ss-field">
            {strings.feedbackComment}
            <textarea rows={2} value={comment} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
          </label>
          <button type="submit" class="ss-button">
            {strings.feedbackSend}
          </button>
        </form>
      )}
      {answer === 'not-helpful' && (
        <p ref={outcome as preact.Ref<HTMLParagraphElement>} tabIndex={-1} data-focus="status">
          {strings.feedbackSorry}
        </p>
      )}
      {(answer === 'asking' || answer === 'not-helpful') && (
        <>
          {next.length > 0 && (
            <nav aria-label={strings.nextSteps}>
              <h3 class="ss-section-label">{strings.nextSteps}</h3>
              <ul class="ss-next">
                {next.map((article) => (
                  <li key={article.slug}>
                    <button type="button" class="ss-link" onClick={() => void store.openArticle(article.slug)}>
                      {article.title}
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {contact}
        </>
      )}
    </div>
  );
}
