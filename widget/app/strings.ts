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
  unavailableTitle: 'Search is unavailable right now',
  unavailableText: 'The help articles could not be loaded. Check your connection and try again.',
  retry: 'Try again',
  back: 'Back to results',
  backHome: 'Back',
  articleLoading: 'Loading article…',
  articleError: 'This article could not be loaded.',
  contactPrompt: 'Still need help?',
  contact: 'Contact support',
  contactUnavailable: 'You can still contact support.',
  keyboardHints: 'move',
  keyboardSelect: 'open',
  keyboardClose: 'close',
  inSection: 'Section of {title}: {heading}',
};

export type Strings = typeof en;

export function t(strings: Strings, key: keyof Strings, values: Record<string, string | number> = {}): string {
  return strings[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
