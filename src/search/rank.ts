import { WEIGHTS, type FieldName } from '../engine.ts';
import type { Token } from '../text/tokenize.ts';
import { typoStems } from './typos.ts';

/** Where each record (section) lives: `article[id]` and `section[id]` (0 = the article's intro). */
export interface RecordTable {
  article: Int32Array;
  section: Int32Array;
  articleCount: number;
}

/** The index as ranking sees it: exact lookups, and the words a prefix begins. */
export interface TermLookup {
  /** Record ids where `term` (a stem) occurs in `field`; empty when it does not. */
  ids(field: FieldName, term: string): readonly number[];
  /** Terms of titles, keywords or headings that begin with `prefix` (not `prefix` itself). */
  completions(prefix: string, limit: number): string[];
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
// Typos are looked for past the first letters people rarely get wrong; this also keeps the words to
// look up within the shards that hold the word's own beginning.
export const TYPO_KEEP_PREFIX = 2;
// Prefix matching: words of at least this many letters, expanded to at most this many words.
const PREFIX_MIN_LENGTH = 2;
const MAX_COMPLETIONS = 30;
// A word still being typed past its stem ("licensi" for licensing) matches the stems it begins
// with, down to this many letters less.
const TYPED_PAST_STEM = 3;
const EXACT_FIELDS = ['title', 'keywords', 'heading', 'body'] as const;
const NAME_FIELDS = ['title', 'keywords', 'heading'] as const;
// How much the best single section adds on top of the article's own score: words that occur
// together in one section are stronger evidence than words scattered over the article.
const SECTION_BONUS = 0.5;


/** Can `token` be retried as its one-edit variants, should it match nothing? */
export const typoCandidate = (token: Token) => token.surface.length >= TYPO_MIN_LENGTH && !/\d/.test(token.surface);

/** Stems a word still being typed may be heading for: those it begins with ("licensi" → licens). */
export function typedPastStem(token: Token): string[] {
  const { surface } = token;
  const stems: string[] = [];
  for (let k = surface.length - 1; k >= Math.max(TYPO_MIN_LENGTH, surface.length - TYPED_PAST_STEM); k--) stems.push(surface.slice(0, k));
  return stems;
}

interface TokenHits {
  /** Best weight per record. */
  record: Map<number, number>;
  /** Best weight per record that belongs to the section: in an intro (section 0) only body text
   *  does; the title and keywords belong to the article as a whole. */
  section: Map<number, number>;
}

/** Every place a token matches, exactly or as a prefix, else as a typo. */
function tokenHits(lookup: TermLookup, table: RecordTable, token: Token, locale?: string): TokenHits {
  const record = new Map<number, number>();
  const section = new Map<number, number>();
  const note = (field: FieldName, term: string, weight: number) => {
    let n = 0;
    for (const id of lookup.ids(field, term)) {
      if (n++ >= HITS_PER_WORD) break;
      if ((record.get(id) ?? 0) < weight) record.set(id, weight);
      if (table.section[id] === 0 && field !== 'body') continue;
      if ((section.get(id) ?? 0) < weight) section.set(id, weight);
    }
  };
  for (const field of EXACT_FIELDS) note(field, token.stem, WEIGHTS[field]);
  if (token.surface.length >= PREFIX_MIN_LENGTH) {
    for (const term of lookup.completions(token.surface, MAX_COMPLETIONS)) for (const field of NAME_FIELDS) note(field, term, WEIGHTS.prefix);
    if (!record.size) for (const term of typedPastStem(token)) for (const field of NAME_FIELDS) note(field, term, WEIGHTS.prefix);
  }
  if (!record.size && typoCandidate(token)) {
    for (const stem of typoStems(token.surface, locale, TYPO_KEEP_PREFIX)) {
      for (const field of EXACT_FIELDS) note(field, stem, WEIGHTS[field] * WEIGHTS.typo);
    }
  }
  return { record, section };
}

function needsTypo(lookup: TermLookup, token: Token): boolean {
  for (const field of EXACT_FIELDS) if (lookup.ids(field, token.stem).length) return false;
  if (token.surface.length < PREFIX_MIN_LENGTH) return true;
  if (lookup.completions(token.surface, 1).length) return false;
  return !typedPastStem(token).some((term) => NAME_FIELDS.some((field) => lookup.ids(field, term).length));
}

/** The tokens that match nothing as typed, so their one-edit variants will be looked up. */
export const tokensNeedingTypos = (lookup: TermLookup, tokens: Token[]) => tokens.filter((t) => typoCandidate(t) && needsTypo(lookup, t));

/**
 * Ranks articles for query tokens. Every word is looked up on its own (OR semantics), weighted by
 * where it matched (title > keywords > heading > body) and by how rare it is (IDF); the scores of
 * the words add up, so articles that match more of the query's words rank higher. A long question
 * still finds the article that answers most of it; a short one ranks exact title matches first.
 */
export function rankArticles(lookup: TermLookup, table: RecordTable, tokens: Token[], locale?: string): RankedArticle[] {
  const N = table.articleCount;
  const articleScore = new Map<number, number>();
  const articleMatched = new Map<number, number>();
  const sectionScore = new Map<number, number>();

  for (const token of tokens) {
    const hits = tokenHits(lookup, table, token, locale);
    if (hits.record.size === 0) continue;
    const best = new Map<number, number>();
    for (const [id, weight] of hits.record) {
      const article = table.article[id];
      if ((best.get(article) ?? 0) < weight) best.set(article, weight);
    }
    const n = best.size;
    const idf = Math.log(1 + (N - n + 0.5) / (n + 0.5));
    for (const [article, weight] of best) {
      articleScore.set(article, (articleScore.get(article) ?? 0) + idf * weight);
      articleMatched.set(article, (articleMatched.get(article) ?? 0) + 1);
    }
    for (const [id, weight] of hits.section) {
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
  // Ties go to the article where the query's words weigh more across its sections: more of it is
  // about the query.
  const spread = new Map(ranked.map((r) => [r.article, r.sections.reduce((sum, s) => sum + s.score, 0)]));
  return ranked.sort((a, b) => b.score - a.score || spread.get(b.article)! - spread.get(a.article)! || a.article - b.article);
}
