import type { ArticleCard } from '../format.ts';
import type { Token } from '../text/tokenize.ts';
import { excerpt, highlight } from './highlight.ts';
import type { RankedArticle } from './rank.ts';
import type { SearchResult, SectionHit } from './response.ts';

// Sections listed under an article, at most.
const MAX_SUBSECTIONS = 3;

/** The results for ranked articles, from their cards: descriptions as excerpts until `withPassages`. */
export function resultsOf(ranked: RankedArticle[], cards: ArticleCard[], tokens: Token[], url: (slug: string, anchor?: string) => string, locale: string): SearchResult[] {
  return ranked.map((hit, i) => {
    const article = cards[i];
    const sections = hit.sections.slice(0, MAX_SUBSECTIONS).map(({ section }): SectionHit => {
      const { anchor, heading } = article.sections[section - 1];
      return { anchor, heading, url: url(article.slug, anchor), excerpt: '' };
    });
    return {
      slug: article.slug,
      title: article.title,
      description: article.description,
      url: url(article.slug),
      section: sections[0],
      sections,
      excerpt: article.description ? highlight(article.description, tokens, locale) : '',
      score: Math.round(hit.score * 1000) / 1000,
    };
  });
}

/** A result with passages around the matched words, from its article's text. */
export function withPassages(result: SearchResult, card: ArticleCard, tokens: Token[], locale: string): SearchResult {
  const text = (anchor: string) => card.text[card.sections.findIndex((s) => s.anchor === anchor) + 1] ?? '';
  const sections = result.sections.map((s) => ({ ...s, excerpt: excerpt(text(s.anchor), tokens, undefined, locale) }));
  // A section is the answer when it matched better than anything in the intro.
  const best = sections[0];
  const intro = excerpt([result.description, card.text[0]].filter(Boolean).join(' '), tokens, undefined, locale);
  return { ...result, section: best, sections, excerpt: best && !intro.includes('<mark>') ? best.excerpt : intro };
}
