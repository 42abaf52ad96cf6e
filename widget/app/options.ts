import type { ArticleSummary } from '../../src/format.ts';
import type { SearchResponse } from '../../src/open-index.ts';
import { escapeHtml, highlight } from '../../src/search/highlight.ts';
import type { State } from './reducer.ts';

/** One choosable row of the listbox: the instant answer, an article, or a section of one. */
export interface Option {
  id: string;
  /** The instant answer: a defined term of an article ("GPRR"), opened at the term's section. */
  answer?: { term: string; definition: string };
  slug: string;
  anchor?: string;
  /** Escaped HTML, matched words in `<mark>`. */
  titleHtml: string;
  /** Escaped HTML, matched words in `<mark>`. */
  textHtml: string;
  /** A section under its article. */
  section: boolean;
  /** The section that matched best, for an article opened at its top: its words are highlighted there. */
  matched?: string;
  articleTitle: string;
}

// One or two sections per article keep the list scannable; the article itself links to the rest.
const SECTIONS_PER_RESULT = 2;

// The options of each response, made once: every keystroke renders the list again, often from the
// same response (kept while the next one loads), and highlighting stems every word it shows.
const made = new WeakMap<SearchResponse, { locale?: string; options: Option[] }>();

/** The options for search results: each article, then its best matching sections. */
export function resultOptions(response: SearchResponse | undefined, locale?: string): Option[] {
  if (!response) return [];
  const known = made.get(response);
  if (known && known.locale === locale) return known.options;
  const options = makeResultOptions(response, locale);
  made.set(response, { locale, options });
  return options;
}

/**
 * A passage as the list shows it, clamped to two lines by its stylesheet: the mark that sets rows
 * and items apart (" · ", see highlight.ts) goes with the word after it, so that a line, and a
 * clamped passage, never ends on it ("…is free. ·…").
 */
const clampable = (html: string) => html.replaceAll(' · ', ' ·\u00a0');

function makeResultOptions(response: SearchResponse, locale?: string): Option[] {
  // A typo is highlighted as the word it was searched as.
  const { tokens } = response;
  const options: Option[] = [];
  const { answer } = response;
  if (answer) {
    options.push({
      id: 'ss-option-answer',
      slug: answer.slug,
      // The answer opens at the section that defines the term.
      anchor: answer.anchor,
      answer: { term: answer.term, definition: answer.definition },
      titleHtml: escapeHtml(answer.term),
      textHtml: escapeHtml(answer.definition),
      section: false,
      articleTitle: answer.title,
    });
  }
  response.results.forEach((result, i) => {
    // When the excerpt comes from a section shown below (the best one, or an h3 under it), that
    // section's row shows it; the article's row says what the article is about instead of repeating
    // it, or, with no description to say it, is its title alone.
    const shown = result.sections.slice(0, SECTIONS_PER_RESULT);
    const fromSection = shown.some((section) => section.excerpt && section.excerpt === result.excerpt);
    options.push({
      id: `ss-option-${i}`,
      slug: result.slug,
      titleHtml: highlight(result.title, tokens, locale),
      textHtml: !fromSection ? clampable(result.excerpt) : result.description ? highlight(result.description, tokens, locale) : '',
      section: false,
      matched: result.section?.anchor,
      articleTitle: result.title,
    });
    shown.forEach((section, j) => {
      options.push({
        id: `ss-option-${i}-${j}`,
        slug: result.slug,
        anchor: section.anchor,
        titleHtml: highlight(section.heading, tokens, locale),
        textHtml: clampable(section.excerpt),
        section: true,
        articleTitle: result.title,
      });
    });
  });
  return options;
}

/** The options for a list of articles (suggestions, popular articles). */
export function articleOptions(articles: ArticleSummary[], prefix: string): Option[] {
  return articles.map((article, i) => ({
    id: `ss-${prefix}-${i}`,
    slug: article.slug,
    titleHtml: escapeHtml(article.title),
    textHtml: escapeHtml(article.description ?? ''),
    section: false,
    articleTitle: article.title,
  }));
}

/** The next active option for an arrow key (the APG combobox leaves Home/End to the text box). */
export function nextActive(key: string, active: number, count: number): number | undefined {
  if (!count) return undefined;
  switch (key) {
    case 'ArrowDown':
      return active + 1 >= count ? 0 : active + 1;
    case 'ArrowUp':
      return active <= 0 ? count - 1 : active - 1;
    default:
      return undefined;
  }
}

/** What the search view shows for the state: which list, and whether "no results" is true yet. */
export interface SearchDisplay {
  /** Results for a query; the suggestions before one is typed; the popular articles after none matched. */
  kind: 'results' | 'suggestions' | 'popular';
  options: Option[];
  /** The response whose results are listed. */
  response?: SearchResponse;
  /** No article matches the query: typing paused and the answer for it is in. */
  noResults: boolean;
  /** What is listed stands in for the current query's answer, which is still on its way. */
  pending: boolean;
}

/**
 * The list for the current state. "No results" only for a query typing paused on, whose answer is in
 * and empty; until then the previous results (or the suggestions) stay, so the list never flashes
 * empty between keys. A single letter never means "no results".
 */
export function searchDisplay(state: State): SearchDisplay {
  const suggestions = (pending: boolean): SearchDisplay => ({ kind: 'suggestions', options: articleOptions(state.suggestions, 'suggestion'), noResults: false, pending });
  const query = state.query.trim();
  if (!query) return suggestions(false);
  const { response } = state;
  // Still typing past results whose titles are not loaded: the previous ones stand in.
  const current = response !== undefined && response.query === state.query && !response.unloaded && !(state.exact && response.corrected);
  const results = (r: SearchResponse, pending: boolean): SearchDisplay => ({ kind: 'results', options: resultOptions(r, state.contentLocale), response: r, noResults: false, pending });
  if (current && (response.results.length || response.answer)) return results(response, false);
  const oneLetter = [...query].length === 1;
  if (current && oneLetter) return suggestions(false);
  if (current && state.paused) return { kind: 'popular', options: articleOptions(state.popular, 'popular'), response, noResults: true, pending: false };
  return state.lastResults && !oneLetter ? results(state.lastResults, true) : suggestions(true);
}
