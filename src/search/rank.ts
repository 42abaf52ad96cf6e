import { WEIGHTS, type FieldName, type SearchIndexes } from '../engine.ts';
import type { Token } from '../text/tokenize.ts';
import { typoStems } from './typos.ts';

/** Where each record (section) lives: `article[id]` and `section[id]` (0 = the article's intro). */
export interface RecordTable {
  article: Int32Array;
  section: Int32Array;
  articleCount: number;
}

export interface RankedArticle {
  article: number;
  score: number;
  /** Sections (≥ 1) that matched, best first, with their score. */
  sections: { section: number; score: number }[];
  /** How many of the query's words the article matched. */
  matched: number;
}

// Enough hits per word to tell common words from rare ones; past this a word is "very common".
const HITS_PER_WORD = 2000;
// Typo tolerance only for words long enough that one letter off is still the same word.
const TYPO_MIN_LENGTH = 4;
const EXACT_FIELDS = ['title', 'keywords', 'heading', 'body'] as const;
// How much the best single section adds on top of the article's own score: words that occur
// together in one section are stronger evidence than words scattered over the article.
const SECTION_BONUS = 0.5;

/**
 * Ranks articles for query tokens. Every word is looked up on its own (OR semantics), weighted by
 * where it matched (title > keywords > heading > body) and by how rare it is (IDF); the scores of
 * the words add up, so articles that match more of the query's words rank higher. A long question
 * still finds the article that answers most of it; a short one ranks exact title matches first.
 */
export function rankArticles(indexes: SearchIndexes, table: RecordTable, tokens: Token[], locale?: string): RankedArticle[] {
  const N = table.articleCount;
  const articleScore = new Map<number, number>();
  const articleMatched = new Map<number, number>();
  const sectionScore = new Map<number, number>();

  for (const token of tokens) {
    // Best weight of this word per record, for the article and for the section.
    const recordWeight = new Map<number, number>();
    const sectionWeight = new Map<number, number>();
    const note = (id: number, field: FieldName, weight: number) => {
      if ((recordWeight.get(id) ?? 0) < weight) recordWeight.set(id, weight);
      // In an intro (section 0) only body text belongs to the section; the title and keywords
      // belong to the article as a whole.
      if (table.section[id] === 0 && field !== 'body') return;
      if ((sectionWeight.get(id) ?? 0) < weight) sectionWeight.set(id, weight);
    };
    const lookup = (field: FieldName, term: string, weight: number) => {
      for (const id of indexes[field].search(term, { limit: HITS_PER_WORD }) as number[]) note(id, field, weight);
    };
    for (const field of EXACT_FIELDS) lookup(field, token.stem, WEIGHTS[field]);
    if (token.surface.length >= 2) lookup('prefix', token.surface, WEIGHTS.prefix);
    if (recordWeight.size === 0 && token.surface.length >= TYPO_MIN_LENGTH && !/\d/.test(token.surface)) {
      for (const stem of typoStems(token.surface, locale)) {
        for (const field of EXACT_FIELDS) lookup(field, stem, WEIGHTS[field] * WEIGHTS.typo);
      }
    }
    if (recordWeight.size === 0) continue;

    const best = new Map<number, number>();
    for (const [id, weight] of recordWeight) {
      const article = table.article[id];
      if ((best.get(article) ?? 0) < weight) best.set(article, weight);
    }
    const n = best.size;
    const idf = Math.log(1 + (N - n + 0.5) / (n + 0.5));
    for (const [article, weight] of best) {
      articleScore.set(article, (articleScore.get(article) ?? 0) + idf * weight);
      articleMatched.set(article, (articleMatched.get(article) ?? 0) + 1);
    }
    for (const [id, weight] of sectionWeight) {
      sectionScore.set(id, (sectionScore.get(id) ?? 0) + idf * weight);
    }
  }

  const sectionsOf = new Map<number, { section: number; score: number }[]>();
  for (const [id, score] of sectionScore) {
    const article = table.article[id];
    const list = sectionsOf.get(article) ?? [];
    list.push({ section: table.section[id], score });
    sectionsOf.set(article, list);
  }

  const ranked: RankedArticle[] = [];
  for (const [article, base] of articleScore) {
    const sections = (sectionsOf.get(article) ?? []).sort((a, b) => b.score - a.score || a.section - b.section);
    // Each matched word adds to the score, so articles that match more of the query rank higher;
    // an extra coordination factor (matched/asked) only made long questions worse on doc2dial.
    const score = base + SECTION_BONUS * (sections[0]?.score ?? 0);
    ranked.push({ article, score, matched: articleMatched.get(article) ?? 0, sections: sections.filter((s) => s.section > 0) });
  }
  return ranked.sort((a, b) => b.score - a.score || a.article - b.article);
}
