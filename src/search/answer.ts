import { wordSpans } from '../text/tokenize.ts';

/** A defined term (frontmatter `terms`) of an article, ready to match against queries. */
export interface TermEntry {
  term: string;
  definition: string;
  article: number;
  anchor?: string;
  /** The term's words, normalized, stop words kept ("Travel Pass" → ["travel", "pass"]). */
  words: string[];
}

// Whole words only: "E-1042" is one word here ("e1042"), not also its parts.
const words = (text: string, locale?: string) =>
  wordSpans(text, { keepStopWords: true, locale })
    .filter((span, i, all) => i === 0 || all[i - 1].start !== span.start)
    .map((s) => s.surface);

export function termEntry(term: string, definition: string, article: number, anchor?: string, locale?: string): TermEntry {
  return { term, definition, article, anchor, words: [...new Set(words(term, locale))] };
}

/**
 * The term a query names, if any: the longest term whose words appear together in the query
 * ("what is a GPRR transfer?" → GPRR). While a single word is being typed, a unique term it begins
 * also counts ("GPR" → GPRR).
 */
export function findTerm(query: string, terms: TermEntry[], locale?: string): TermEntry | undefined {
  const q = words(query, locale);
  if (!q.length) return undefined;
  let best: TermEntry | undefined;
  for (const entry of terms) {
    const n = entry.words.length;
    if (!n || (best && best.words.length >= n)) continue;
    for (let i = 0; i + n <= q.length; i++) {
      if (entry.words.every((w, j) => q[i + j] === w)) {
        best = entry;
        break;
      }
    }
  }
  if (best || q.length > 1 || q[0].length < 3) return best;
  const started = terms.filter((t) => t.words.length === 1 && t.words[0].startsWith(q[0]));
  return started.length === 1 ? started[0] : undefined;
}
