import { pairTerm } from '../engine.ts';
import type { Token } from '../text/tokenize.ts';
import type { TermLookup } from './rank.ts';

// How much less the commoner word of a phrase counts when every title and heading that has it has
// the whole phrase ("security" in a help center where it only ever follows "social"): it then adds
// a fifth of its weight, in proportion when it stands alone in some.
const PHRASE = 0.8;

/**
 * How much each of a query's words counts for the phrases it stands in (the `phrases` rule), from
 * the help center's own titles and headings: two neighbouring words that mostly stand side by side
 * there ("social security", "student loan") name one thing, and counted as two full words they
 * outweighed the query's other word. The commoner word of the two counts `1 − PHRASE × share`,
 * where share is how many of its titles and headings hold the pair. Words the help center uses
 * apart ("card limits", when limits are named alone too) keep their weight.
 */
export function phraseWeights(lookup: TermLookup, tokens: readonly Token[]): number[] {
  // A title is in an article's record 0 and a heading in its records 1…: no record has both, so
  // the two counts add up to the word's records with a name.
  const named = tokens.map(({ stem }) => lookup.ids('title', stem).length + lookup.ids('heading', stem).length);
  const weights = tokens.map(() => 1);
  for (let i = 1; i < tokens.length; i++) {
    // Of two words as common, the later.
    const commoner = named[i] >= named[i - 1] ? i : i - 1;
    if (!named[commoner]) continue;
    // The pair is indexed only where both words name a record, so it is in at most that many.
    const together = lookup.ids('pairs', pairTerm(tokens[i - 1].stem, tokens[i].stem)).length;
    weights[commoner] = Math.min(weights[commoner], 1 - (PHRASE * together) / named[commoner]);
  }
  return weights;
}
