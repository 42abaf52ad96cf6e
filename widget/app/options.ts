import type { ArticleSummary } from '../../src/format.ts';
import type { SearchResponse } from '../../src/open-index.ts';
import { escapeHtml, highlight } from '../../src/search/highlight.ts';
import { queryTokens } from '../../src/text/tokenize.ts';

/** One choosable row of the listbox: an article, or a section of one. */
export interface Option {
  id: string;
  slug: string;
  anchor?: string;
  /** Escaped HTML, matched words in `<mark>`. */
  titleHtml: string;
  /** Escaped HTML, matched words in `<mark>`. */
  textHtml: string;
  /** A section under its article. */
  section: boolean;
  /** Its passage is still loading. */
  pending?: boolean;
  articleTitle: string;
}

// One or two sections per article keep the list scannable; the article itself links to the rest.
const SECTIONS_PER_RESULT = 2;

/** The options for search results: each article, then its best matching sections. */
export function resultOptions(response: SearchResponse | undefined, locale?: string): Option[] {
  if (!response) return [];
  const tokens = queryTokens(response.query, locale);
  const options: Option[] = [];
  response.results.forEach((result, i) => {
    // When the excerpt comes from the best section, that section's row shows it; the article's row
    // says what the article is about instead of repeating it.
    const fromSection = result.section && result.excerpt === result.section.excerpt && result.description;
    options.push({
      id: `ss-option-${i}`,
      slug: result.slug,
      titleHtml: highlight(result.title, tokens, locale),
      textHtml: fromSection ? highlight(result.description!, tokens, locale) : result.excerpt,
      section: false,
      articleTitle: result.title,
    });
    result.sections.slice(0, SECTIONS_PER_RESULT).forEach((section, j) => {
      options.push({
        id: `ss-option-${i}-${j}`,
        slug: result.slug,
        anchor: section.anchor,
        titleHtml: highlight(section.heading, tokens, locale),
        textHtml: section.excerpt,
        section: true,
        pending: response.partial,
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
