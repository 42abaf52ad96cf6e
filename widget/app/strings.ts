/** The widget's own text. `{name}` placeholders are filled in by `t()`. */
export const en = {
  close: 'Close help',
  searchLabel: 'Search help articles',
  searchPlaceholder: 'Search for answers…',
  results: 'Search results',
  suggestedHere: 'Suggested for this page',
  popular: 'Popular articles',
  answer: 'Quick answer',
  readMore: 'Read more in “{title}”',
  loadingIndex: 'Loading help articles…',
  searching: 'Searching…',
  resultCount: '{count} results for “{query}”',
  resultCountOne: '1 result for “{query}”',
  noResultsTitle: 'No articles match “{query}”',
  noResultsTips: 'Try fewer words, check the spelling, or use a more general term.',
  foundIn: 'Found in {language}',
  answerFound: 'Quick answer: {term}.',
  showingResultsFor: 'Showing results for “{query}”.',
  searchInsteadFor: 'Search instead for “{query}”',
  articlesIn: 'Articles are in {language}.',
  unavailableTitle: 'Search is unavailable right now',
  unavailableText: 'The help articles could not be loaded. Check your connection and try again.',
  retry: 'Try again',
  back: 'Back to results',
  backHome: 'Back',
  backToMessage: 'Back to your message',
  articleLoading: 'Loading article…',
  articleError: 'This article could not be loaded.',
  articleMissingTitle: 'This article isn’t here',
  articleMissingText: 'It may have moved or been removed. Search the help articles for what you need.',
  searchArticles: 'Search the help articles',
  // The names of GitHub's alerts in articles (`> [!NOTE]`).
  alertNote: 'Note',
  alertTip: 'Tip',
  alertImportant: 'Important',
  alertWarning: 'Warning',
  alertCaution: 'Caution',
  // The name of a footnote's link back to where it is referred to (its text is "↩").
  footnoteBack: 'Back to the text',
  contactPrompt: 'Still need help?',
  contact: 'Contact support',
  contactUnavailable: 'You can still contact support.',
  keyboardHints: 'move',
  keyboardSelect: 'open',
  keyboardClose: 'close',
  inSection: 'Section of {title}: {heading}',
  feedbackQuestion: 'Did this answer your question?',
  yes: 'Yes',
  no: 'No',
  feedbackThanks: 'Thanks for letting us know.',
  feedbackWhy: 'What was missing?',
  reasonNotAnswered: 'It didn’t answer my question',
  reasonUnclear: 'It was hard to understand',
  reasonWrong: 'Something in it is wrong or out of date',
  reasonOther: 'Something else',
  feedbackComment: 'Anything else? (optional)',
  feedbackSend: 'Send feedback',
  feedbackSorry: 'Sorry this didn’t help. Thanks for telling us.',
  nextSteps: 'These might help',
  contactTitle: 'Contact support',
  contactIntro: 'Tell us what you need. We’ll see what you already tried, so you don’t have to repeat it.',
  mayAnswer: 'These articles may answer your question',
  email: 'Your email',
  message: 'Your message',
  attached: 'Sent with your message',
  attachedNone: 'Nothing else is attached.',
  remove: 'Remove',
  restore: 'Add back',
  pageItem: 'The page you’re on: {page}',
  searchItem: 'You searched “{query}” ({results})',
  results_one: '{count} result',
  results_other: '{count} results',
  shownItem: 'Shown: {titles}',
  answerItem: 'Quick answer shown: {term}',
  articleSectionItem: 'You read “{section}” in “{title}”',
  clientItem: 'Your browser: {browser} on {os} ({viewport})',
  visitorItem: 'Your account: {visitor}',
  characterCount: '{count} / {limit} characters',
  tooLong: 'Your message is {count} characters long; the limit is {limit}. Shorten it, then send.',
  sendTimeout: 'Support didn’t answer in time. Your message is saved on this device — try again.',
  sendRejected: 'Support couldn’t accept your message right now. It’s saved on this device — try again later.',
  sendTooLarge: 'Your message is too large for support to accept. Shorten it or remove some of what’s sent with it, then try again.',
  sentReference: 'Your reference: {reference}',
  sentTo: 'We’ll reply to {email}.',
  articleItem: 'You read “{title}”',
  feedbackItem: 'You said “{title}” {answer}',
  helped: 'helped',
  didNotHelp: 'didn’t help',
  localeNote: 'Also sent: your language ({locale}) and the time.',
  send: 'Send message',
  sending: 'Sending…',
  openEmail: 'Write the email',
  sentTitle: 'Message sent',
  sentText: 'Thanks, we have your message.',
  sendFailed: 'Your message wasn’t sent: we couldn’t reach support. It’s saved on this device — try again, or we’ll send it when you’re back online.',
  invalidEmail: 'Enter your email address, like name@example.com, so we can reply.',
  emptyMessage: 'Write a few words about what you need.',
  draftSaved: 'Your draft is saved on this device until it’s sent.',
  continueMessage: 'Continue your message',
};

export type Strings = typeof en;

export function t(strings: Strings, key: keyof Strings, values: Record<string, string | number> = {}): string {
  return fill(strings[key], values);
}

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));

/** Messages with plural forms: `results_one`, `results_other`, and in a translation any other form its language has. */
export type PluralKey = { [K in keyof Strings]: K extends `${infer Base}_other` ? Base : never }[keyof Strings];

/** `PLURAL_FORM.test(key)`: a plural form of a message (`results_few`). */
export const PLURAL_FORM = /^(\w+)_(zero|one|two|few|many|other)$/;

/**
 * A message about `count` things in the plural form `locale` uses for it (`Intl.PluralRules`):
 * Arabic has six, Japanese one. A form a translation lacks falls back to its `_other`.
 */
export function plural(strings: Strings, locale: string, key: PluralKey, count: number, values: Record<string, string | number> = {}): string {
  const forms = strings as unknown as Record<string, string | undefined>;
  let rules: Intl.PluralRules;
  try {
    rules = new Intl.PluralRules(locale);
  } catch {
    rules = new Intl.PluralRules('en');
  }
  const template = forms[`${key}_${rules.select(count)}`] ?? forms[`${key}_other`]!;
  return fill(template, { ...values, count: count.toLocaleString(rules.resolvedOptions().locale) });
}
