import { pairTerm } from '../engine.ts';
import type { Token } from '../text/tokenize.ts';
import type { TermLookup } from './rank.ts';

// How much less the commoner word of a phrase counts when every name (title, heading, alias) that
// has it has the whole phrase ("security" in a help center where it only ever follows "social"): it
// then adds a fifth of its weight, in proportion when it stands alone in some.
const PHRASE = 0.8;

/**
 * How much each of a query's words counts for the phrases it stands in (the `phrases` rule), from
 * the help center's own names (titles, headings, aliases): two neighbouring words that mostly
 * stand side by side there ("social security", "student loan") name one thing, and counted as two
 * full words they outweighed the query's other word. The commoner word of the two counts
 * `1 − PHRASE × share`, where share is how many of the records that name it hold the pair. Words
 * the help center uses apart ("card limits", when limits are named alone too) keep their weight.
 */
export function phraseWeights(lookup: TermLookup, tokens: readonly Token[]): number[] {
  // A title and aliases are in an article's record 0 and a heading in its records 1…: a record
  // counted twice (a word of its title and of an alias) only makes the share smaller, and each
  // record with the pair is counted at least once, so the share is at most 1.
  const named = tokens.map(({ stem }) => lookup.ids('title', stem).length + lookup.ids('keywords', stem).length + lookup.ids('heading', stem).length);
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
