import type { Token } from '../text/tokenize.ts';

// The answer of a search, as the public API gives it (kept apart from the code that makes it, so
// the published types do not reach into the engine).

/** A section of an article that matched, linking to its heading. */
export interface SectionHit {
  anchor: string;
  heading: string;
  url: string;
  /** Escaped HTML: the matched words are in `<mark>` (empty until excerpts are loaded). */
  excerpt: string;
}

export interface SearchResult {
  slug: string;
  title: string;
  description?: string;
  url: string;
  /** The best matching section, when one answers better than the article's intro. */
  section?: SectionHit;
  /** Other matching sections, best first (at most 3). */
  sections: SectionHit[];
  /** Escaped HTML: a passage of the best match with the matched words in `<mark>`. */
  excerpt: string;
  score: number;
}

/** A definition the query asked for: "GPRR" → what a GPRR charge is. */
export interface Answer {
  term: string;
  definition: string;
  slug: string;
  title: string;
  /** The section that explains the term, if one mentions it. */
  anchor?: string;
  url: string;
}

export interface SearchResponse {
  query: string;
  /**
   * The query's words as searched (corrected words in place of their typos), for highlighting:
   * tokenized once, so the results, their passages and the article opened from them agree.
   */
  tokens: Token[];
  results: SearchResult[];
  answer?: Answer;
  /** Words taken as typos: the query as searched ("reset password" for "reset pasword") and the words put in (["password"]). */
  corrected?: { query: string; words: string[] };
  /** Made with `excerpts: false`: the passages are still to come (see `withExcerpts`). */
  partial?: true;
  /**
   * Made with `loadedOnly`: the query has results, but the metadata of some is not loaded yet, so
   * none are listed. Searching again without `loadedOnly` fetches it.
   */
  unloaded?: true;
}
