import type { ArticleCard } from '../format.ts';
import type { Token } from '../text/tokenize.ts';
import { highlight, passage } from './highlight.ts';
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

/**
 * A result with passages around the matched words, from its article's text. The excerpt is the
 * intro's (description and opening), unless the best section's passage shows more of the query's
 * words: "call forwarding" shows the line on call forwarding, not an intro that only says "calls".
 * The best section's passage is that of its first h3 listed (by rank) with text when it is an h2
 * whose h3s, listed beside it, show all its text (see `sectionText`).
 */
export function withPassages(result: SearchResult, card: ArticleCard, tokens: Token[], locale: string, length?: number): SearchResult {
  const listed = new Set(result.sections.map((s) => s.anchor));
  const indexOf = (anchor: string) => card.sections.findIndex((s) => s.anchor === anchor);
  const passages = result.sections.map((s) => passage(sectionText(card, indexOf(s.anchor), listed), tokens, length, locale));
  const sections = result.sections.map((s, i) => ({ ...s, excerpt: passages[i].html }));
  const best = sections[0];
  const within = new Set(best ? h3sOf(card, indexOf(best.anchor)).map((i) => card.sections[i].anchor) : []);
  const lead = passages.find((p, i) => (i === 0 ? p.html : within.has(sections[i].anchor) && p.html)) ?? passages[0];
  const intro = passage([result.description, card.text[0]].filter(Boolean).join(' '), tokens, length, locale);
  // (A section without text says nothing: the intro says at least what the article is.)
  const sectionFirst = best && lead.html && (!intro.words || lead.words > intro.words);
  return { ...result, section: best, sections, excerpt: sectionFirst ? lead.html : intro.html };
}

/** The h3s under section `at` of a card, by index (none for an h3, or a section it lacks). */
function h3sOf(card: ArticleCard, at: number): number[] {
  const h3s: number[] = [];
  if (at < 0 || card.sections[at].level === 3) return h3s;
  for (let i = at + 1; i < card.sections.length && card.sections[i].level === 3; i++) h3s.push(i);
  return h3s;
}

/**
 * The text of section `at` of a card; for an h2 with none of its own ("Turn on Wi-Fi Calling"
 * over "iPhone" and "Android"), that of its h3s, whose steps are what its passage should show,
 * but those `listed` beside it, which show their own.
 */
function sectionText(card: ArticleCard, at: number, listed: Set<string>): string {
  const own = card.text[at + 1] ?? '';
  if (own.trim()) return own;
  const parts: string[] = [];
  for (const i of h3sOf(card, at)) if (!listed.has(card.sections[i].anchor)) parts.push(card.text[i + 1] ?? '');
  return parts.join(' ');
}
