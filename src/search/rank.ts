import { NAME_FIELDS, pairTerms, WEIGHTS, WORD_FIELDS, type FieldName } from '../engine.ts';
import { languageFor } from '../text/languages.ts';
import type { Token } from '../text/tokenize.ts';
import { phraseWeights } from './phrases.ts';
import { RANK_RULES, type RankRules } from './rules.ts';
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
// Past this length a "word" is noise (a pasted hash, a key held down), and its variants cost
// tens of thousands of lookups.
const TYPO_MAX_LENGTH = 40;
// Typos are looked for past the first letters people rarely get wrong (two letters swapped aside);
// this also keeps the words to look up within the shards that hold the word's own beginning, and
// those its swaps begin (see `typoPrefixes`).
export const TYPO_KEEP_PREFIX = 2;
// Prefix matching: words of at least this many letters, expanded to at most this many words.
const PREFIX_MIN_LENGTH = 2;
const MAX_COMPLETIONS = 30;
// A word still being typed past its stem ("licensi" for licensing) matches the stems it begins
// with, down to this many letters less.
const TYPED_PAST_STEM = 3;
// How much the best single section adds on top of the article's own score: words that occur
// together in one section are stronger evidence than words scattered over the article.
const SECTION_BONUS = 0.5;
// How much an article's score grows when every two neighbouring words of the query stand side by
// side in its title, a heading or an alias ("direct deposit"); in proportion when only some do.
const PAIR_BONUS = 0.8;
// What a word counts for an article that has it only in body text, outside any one section's
// evidence: the words of a long message that only tell its story ("my mother", "the website") each
// match the text of some long article, and at full weight they outranked the article the message
// is about. Where words meet in one section they still count fully, through the section bonus.
const SCATTERED_BODY = 0.5;
// From this many words (stop words aside) a query is a message that tells a story (see the
// scatteredBody rule). In a short query a word found only in body text is often
// the one that matters ("account lock"), so it counts fully.
export const STORY_WORDS = 12;
// How much a word can add for standing in many of an article's sections (see the sectionFrequency
// rule), and how fast that saturates: at FREQUENCY_HALF sections (for an article of average length)
// it adds half of it. As in BM25, the first sections say the most.
const FREQUENCY = 2;
const FREQUENCY_HALF = 1.2;
// How much more a word counts in the body text and heading of an article's opening: its intro
// (section 0) and its first section, up to `OPENING_SECTION` (see the opening rule). An article
// opens with what it is about; its later sections hold details and exceptions, whose words many
// questions share.
const OPENING = 1.5;
const OPENING_SECTION = 1;


/** How rare a word found in `n` of `N` records (articles or sections) is: BM25's inverse document frequency. */
const rarity = (N: number, n: number) => Math.log(1 + (N - n + 0.5) / (n + 0.5));

/** Can `token` be retried as its one-edit variants, should it match nothing? */
const typoCandidate = (token: Token) => !token.pasted && token.surface.length >= TYPO_MIN_LENGTH && token.surface.length <= TYPO_MAX_LENGTH && !/\d/.test(token.surface);

/** Stems a word still being typed may be heading for: those it begins with ("licensi" → licens). */
export function typedPastStem(token: Token): string[] {
  const { surface } = token;
  const stems: string[] = [];
  for (let k = surface.length - 1; k >= Math.max(TYPO_MIN_LENGTH, surface.length - TYPED_PAST_STEM); k--) stems.push(surface.slice(0, k));
  return stems;
}

/**
 * Scratch space for ranking: typed arrays by record and by article, kept with the table and reset
 * after each use through the lists of entries touched. Ranking touches thousands of postings per
 * word; plain Maps made it ten times slower, and fresh arrays per search churned memory on large
 * help centers.
 */
class Scratch {
  /** Best weight of the current word per record, and per record as its section's own text. */
  readonly record: Float32Array;
  readonly section: Float32Array;
  /** Per record: the current word matched its title, keywords or heading, not only its body text. */
  readonly named: Uint8Array;
  readonly touched: number[] = [];
  /** Per record: the query's score in that section. */
  readonly sectionScore: Float64Array;
  /** Per article: best weight of the current word, the query's score, words matched, best section, all sections. */
  readonly best: Float32Array;
  /** Per article: the current word matched one of its titles, keywords or headings. */
  readonly inName: Uint8Array;
  readonly articleScore: Float64Array;
  readonly matched: Uint16Array;
  readonly bestSection: Float64Array;
  readonly spread: Float64Array;
  /** Per article: the query's word pairs found in its names, and the last pair counted. */
  readonly pairs: Uint16Array;
  readonly lastPair: Uint16Array;
  /** Per article: its records (intro and sections) as a share of the average, and how many hold the current word. */
  readonly length: Float64Array;
  readonly frequency: Uint16Array;
  constructor(table: RecordTable) {
    const records = table.article.length;
    const articles = table.articleCount;
    this.length = new Float64Array(articles);
    this.frequency = new Uint16Array(articles);
    // Each record adds its share of the average article's records.
    for (const article of table.article) this.length[article] += articles / records;
    this.record = new Float32Array(records);
    this.section = new Float32Array(records);
    this.named = new Uint8Array(records);
    this.sectionScore = new Float64Array(records);
    this.best = new Float32Array(articles);
    this.inName = new Uint8Array(articles);
    this.articleScore = new Float64Array(articles);
    this.matched = new Uint16Array(articles);
    this.bestSection = new Float64Array(articles);
    this.spread = new Float64Array(articles);
    this.pairs = new Uint16Array(articles);
    this.lastPair = new Uint16Array(articles);
  }
  /** Forgets the current word. */
  clear(): void {
    for (const id of this.touched) this.record[id] = this.section[id] = this.named[id] = 0;
    this.touched.length = 0;
  }
  /** Forgets the whole query. */
  reset(articles: number[], sections: number[]): void {
    this.clear();
    for (const a of articles) this.articleScore[a] = this.matched[a] = this.bestSection[a] = this.spread[a] = this.pairs[a] = this.lastPair[a] = 0;
    for (const id of sections) this.sectionScore[id] = 0;
  }
}

const scratches = new WeakMap<RecordTable, Scratch>();

type Note = (field: FieldName, term: string, weight: number) => number;

/**
 * Looks a token up as typed: exactly, and as the beginning of longer words. `note` is given each
 * lookup and says how many records it found; the result says whether any did.
 */
function asTyped(lookup: TermLookup, token: Token, note: Note, rules: RankRules): boolean {
  let found = 0;
  for (const field of WORD_FIELDS) found += note(field, token.stem, rules.fields ? WEIGHTS[field] : WEIGHTS.body);
  if (rules.prefixes && token.surface.length >= PREFIX_MIN_LENGTH) {
    for (const term of lookup.completions(token.surface, MAX_COMPLETIONS)) for (const field of NAME_FIELDS) found += note(field, term, WEIGHTS.prefix);
  }
  return found > 0;
}

/** Looks a token up as a word typed past its stem ("licensi" → licens): when nothing else found it. */
function pastStem(token: Token, note: Note, rules: RankRules): void {
  if (rules.prefixes && !token.pasted) for (const term of typedPastStem(token)) for (const field of NAME_FIELDS) note(field, term, WEIGHTS.prefix);
}

/** Notes every place a token matches as typed, else as a typo, in `scratch`. */
function tokenHits(lookup: TermLookup, table: RecordTable, token: Token, scratch: Scratch, rules: RankRules, locale?: string): void {
  const { record, section, named, touched } = scratch;
  const note: Note = (field, term, weight) => {
    const ids = lookup.ids(field, term);
    // In an intro (section 0) only body text belongs to the section; the title and keywords belong
    // to the article as a whole.
    const own = field === 'body';
    // The title and keywords stand apart from the sections, so only body text and headings open an article.
    const opening = rules.opening && (own || field === 'heading') ? weight * OPENING : weight;
    for (let n = 0; n < ids.length && n < HITS_PER_WORD; n++) {
      const id = ids[n];
      const w = table.section[id] <= OPENING_SECTION ? opening : weight;
      if (record[id] === 0) touched.push(id);
      if (record[id] < w) record[id] = w;
      if (!own) named[id] = 1;
      if ((own || table.section[id] !== 0) && section[id] < w) section[id] = w;
    }
    return ids.length;
  };
  if (asTyped(lookup, token, note, rules)) return;
  // The likeliest edit that finds anything stands for the typo: its tier alone (see `typoTiers`).
  // Before the stems the word begins: "passord" is password left out a letter, not "pass" typed on.
  if (rules.typos && typoCandidate(token)) {
    for (const stems of typoStems(token.surface, locale, TYPO_KEEP_PREFIX)) {
      for (const stem of stems) for (const field of WORD_FIELDS) note(field, stem, (rules.fields ? WEIGHTS[field] : WEIGHTS.body) * WEIGHTS.typo);
      // Nothing was found as typed, so what this tier found is all the word touched.
      if (touched.length) return;
    }
  }
  pastStem(token, note, rules);
}

/** The tokens that match nothing as typed, so their one-edit variants will be looked up. */
export const tokensNeedingTypos = (lookup: TermLookup, tokens: Token[], rules: RankRules = RANK_RULES) =>
  rules.typos ? tokens.filter((t) => typoCandidate(t) && !asTyped(lookup, t, (field, term) => lookup.ids(field, term).length, rules)) : [];

/**
 * The words a query is not ranked by while it has others: asking words and the forms of stop words
 * (the `askingWords` and `stopWordForms` rules).
 */
export function asideWords(rules: RankRules, locale?: string): (token: Token) => boolean {
  const language = languageFor(locale);
  const asking = rules.askingWords ? language.askingWords : undefined;
  const stopForm = rules.stopWordForms ? language.stopWords : undefined;
  return (token) => !!asking?.has(token.stem) || !!stopForm?.has(token.stem);
}

/**
 * The `max` rarest of a long query's tokens, in the order typed: rare words say what a message is
 * about, common ones ("account", "problem") match half the help center. Words found nowhere go last:
 * they are names, noise or typos, and a typo lookup for each would be the costliest part. So do the
 * words ranking sets `aside` ("good evening", "hope"): some are rare in a help center, and they
 * took the places of the question's own words.
 */
export function rarestTokens(lookup: TermLookup, tokens: Token[], max: number, aside: (token: Token) => boolean = () => false): Token[] {
  if (tokens.length <= max) return tokens;
  const records = tokens.map((token) => (aside(token) ? Infinity : WORD_FIELDS.reduce((n, field) => n + lookup.ids(field, token.stem).length, 0) || Infinity));
  const kept = tokens.map((_, i) => i).sort((a, b) => records[a] - records[b] || a - b).slice(0, max).sort((a, b) => a - b);
  return kept.map((i) => tokens[i]);
}

/** The terms of a query's neighbouring words as pairs (see `pairTerm`), when the word-pair rule is on. */
export const queryPairs = (tokens: Token[], rules: RankRules = RANK_RULES): string[] => (rules.wordPairs ? pairTerms(tokens.map((t) => t.stem)) : []);

/** The pairs whose shards a search loads: for the word-pair bonus, and for the phrases rule. */
export const pairsToLoad = (tokens: Token[], rules: RankRules = RANK_RULES): string[] => (rules.wordPairs || rules.phrases ? pairTerms(tokens.map((t) => t.stem)) : []);

/**
 * Counts, per matched article, the query's word pairs that stand side by side in its title, a
 * heading or an alias. Only articles that matched a word (`matched` > 0) are counted, so `reset`
 * clears them.
 */
function countPairs(lookup: TermLookup, table: RecordTable, pairs: string[], scratch: Scratch): void {
  pairs.forEach((pair, i) => {
    for (const id of lookup.ids('pairs', pair)) {
      const article = table.article[id];
      if (scratch.matched[article] === 0 || scratch.lastPair[article] === i + 1) continue;
      scratch.lastPair[article] = i + 1;
      scratch.pairs[article]++;
    }
  });
}

/**
 * Ranks articles for query tokens and returns the best `limit`. Every word is looked up on its own
 * (OR semantics), weighted by where it matched (title > keywords > heading > body), by how rare
 * it is (IDF) and by the share of the article's sections that hold it; the scores of the words add up, so articles that match more of the query's words
 * rank higher. A long question still finds the article that answers most of it; a short one ranks
 * exact title matches first.
 */
export function rankArticles(lookup: TermLookup, table: RecordTable, tokens: Token[], limit: number, locale?: string, rules: RankRules = RANK_RULES): RankedArticle[] {
  const N = table.articleCount;
  let scratch = scratches.get(table);
  if (!scratch) scratches.set(table, (scratch = new Scratch(table)));
  const { articleScore, matched, sectionScore, best, inName, bestSection, spread, frequency, length } = scratch;
  const articles: number[] = [];
  const sections: number[] = [];
  const bestTouched: number[] = [];
  const story = rules.scatteredBody && tokens.length >= STORY_WORDS;
  // Every word but the last is finished: its longer title words ("hold" → holder) are other words.
  // The same as while typing (see typingLookup), so results do not change when typing pauses.
  const finished = rules.finishedWords;
  const asWritten = { ...rules, prefixes: false };
  // The story words of a message are everywhere in long articles: in a message, how often a word
  // stands in one says little.
  const often = rules.sectionFrequency && !story;
  // Asking words, and the forms of stop words, still count in a query of nothing else:
  // "information" alone finds what it titles.
  const aside = asideWords(rules, locale);
  const about = tokens.some((token) => !aside(token));
  // The commoner word of a phrase counts less: the phrase names one thing.
  const inPhrase = rules.phrases ? phraseWeights(lookup, tokens) : undefined;

  for (const [t, token] of tokens.entries()) {
    if (about && aside(token)) continue;
    tokenHits(lookup, table, token, scratch, finished && t < tokens.length - 1 ? asWritten : rules, locale);
    if (!scratch.touched.length) continue;
    for (const id of scratch.touched) {
      const article = table.article[id];
      if (best[article] === 0) bestTouched.push(article);
      if (best[article] < scratch.record[id]) best[article] = scratch.record[id];
      inName[article] |= scratch.named[id];
      if (scratch.section[id] > 0) frequency[article]++;
    }
    // How rare the word is among articles, and also among sections (records) with sectionRarity.
    const inArticles = rarity(N, bestTouched.length);
    const rare = !rules.rarity ? 1 : rules.sectionRarity ? (inArticles + rarity(table.article.length, scratch.touched.length)) / 2 : inArticles;
    const idf = rare * (inPhrase?.[t] ?? 1);
    for (const article of bestTouched) {
      if (matched[article] === 0) articles.push(article);
      articleScore[article] += idf * best[article] * (story && !inName[article] ? SCATTERED_BODY : 1);
      if (often) {
        const sections = frequency[article] / length[article];
        articleScore[article] += (idf * FREQUENCY * sections) / (sections + FREQUENCY_HALF);
      }
      frequency[article] = 0;
      matched[article]++;
      best[article] = inName[article] = 0;
    }
    bestTouched.length = 0;
    for (const id of scratch.touched) {
      if (scratch.section[id] === 0) continue;
      if (sectionScore[id] === 0) sections.push(id);
      sectionScore[id] += idf * scratch.section[id];
    }
    scratch.clear();
  }

  // The best single section of each article, and the weight of all its matched sections.
  for (const id of sections) {
    const article = table.article[id];
    if (bestSection[article] < sectionScore[id]) bestSection[article] = sectionScore[id];
    if (table.section[id] > 0) spread[article] += sectionScore[id];
  }
  const pairs = queryPairs(tokens, rules);
  countPairs(lookup, table, pairs, scratch);
  // Each matched word adds to the score, so articles that match more of the query rank higher; an
  // extra coordination factor (matched/asked) only made long questions worse on doc2dial.
  const bonus = rules.sectionBonus ? SECTION_BONUS : 0;
  const phrase = (article: number) => (pairs.length ? 1 + (PAIR_BONUS * scratch.pairs[article]) / pairs.length : 1);
  const score = (article: number) => (articleScore[article] + bonus * bestSection[article]) * phrase(article);
  // Ties go to the article where the query's words weigh more across its sections: more of it is
  // about the query.
  const top = articles
    .map((article) => ({ article, score: score(article), matched: matched[article] }))
    .sort((a, b) => b.score - a.score || spread[b.article] - spread[a.article] || a.article - b.article)
    .slice(0, Math.max(0, limit));

  const sectionsOf = new Map<number, { section: number; score: number }[]>(top.map((t) => [t.article, []]));
  for (const id of sections) {
    const list = table.section[id] > 0 ? sectionsOf.get(table.article[id]) : undefined;
    list?.push({ section: table.section[id], score: sectionScore[id] });
  }
  const ranked = top.map(({ article, score, matched }) => ({
    article,
    score,
    matched,
    sections: sectionsOf.get(article)!.sort((a, b) => b.score - a.score || a.section - b.section),
  }));
  scratch.reset(articles, sections);
  return ranked;
}
