/**
 * The rules of the ranking, each of which can be switched off: `npm run eval` switches each off in
 * turn to show what it earns, and the tests switch one off to prove that its test depends on it.
 * Searches use them all (`RANK_RULES`); pass `{ rules: { sectionBonus: false } }` to
 * `HelpIndex.search` to rank without one.
 */
export interface RankRules {
  /** Rare words count more than common ones (inverse document frequency). Off: every word counts the same. */
  rarity: boolean;
  /** A match counts by where it is: title > keywords > heading > body (`WEIGHTS`). Off: every field counts as body text. */
  fields: boolean;
  /** The best single section adds to its article's score: words found together beat words scattered over an article. */
  sectionBonus: boolean;
  /** A word still being typed matches the title, keyword and heading words it begins ("autopa" → autopay). */
  prefixes: boolean;
  /**
   * A word that matches nothing is retried as its one-edit variants ("pasword" → password), the
   * likeliest edit that finds a word alone (see `editTiers`): two letters swapped ("paegs" → pages,
   * not PAYG) or one doubled ("addiing" → adding), then a letter left out, then a letter extra or
   * wrong; before the stems a word begins ("passord" → password, not "pass" typed on); and no less
   * likely than a stop word ("waht" is what, not wait: see `typoTiers`).
   */
  typos: boolean;
  /**
   * A message longer than `MAX_QUERY_TOKENS` (96) words is searched by its rarest words, wherever
   * they are in its first 160; the words ranking sets aside (`askingWords`, `stopWordForms`) come
   * last, as rare as "good evening" may be in a help center. Off: by its first 96 words, so the
   * question after a long story is cut off.
   */
  rarestWords: boolean;
  /**
   * Neighbouring query words that stand side by side in an article's title, a heading or one of its
   * aliases, in either order, raise its score ("direct deposit" ranks "Direct Deposit" above a page
   * that only says "direct" and "deposit" apart; "data not working abroad" finds the article with
   * that alias).
   */
  wordPairs: boolean;
  /**
   * In a message of 12 words or more (stop words aside), a word an article has only in its body text
   * counts half toward the article (still fully toward the section it is in): the incidental words
   * of a long message, each found somewhere in a long article, no longer outrank the article whose
   * title or one section holds what it is about.
   */
  scatteredBody: boolean;
  /**
   * Only the last word may be unfinished: the others match as written, not as the beginnings of
   * longer title, keyword and heading words ("hold" no longer finds "holder" in "hold music"), as
   * while the query is typed, so its results stand when typing pauses.
   */
  finishedWords: boolean;
  /**
   * Words that only say someone is asking ("information", "question", "learn"; the language's
   * `askingWords`) are not looked up when the query has other words: in "information about
   * personalized plates" an article titled "… Information" no longer outranks the plates.
   */
  askingWords: boolean;
  /**
   * A word that stands in many of an article's sections, for the article's length, counts more:
   * BM25's term frequency, counted in sections (the index keeps no counts within one), saturating.
   * Not in a message of 12 words or more, whose story words stand everywhere.
   */
  sectionFrequency: boolean;
  /**
   * The articles shown are raised a little by the share of their title the query names (×1.1 for
   * all of it): "retirement benefits" ranks "Retirement benefits" above "Learn about retirement
   * benefits". Only the articles shown are reordered, as their titles come with them, and within
   * each page of six results (see coverage.ts), so a smaller limit gives the first results of a larger one.
   */
  titleCoverage: boolean;
  /**
   * A word's rarity is the mean of its rarity among articles and among sections: a word in a few
   * articles but in most of their sections ("loan" in the loan articles) is commoner than its
   * article count says, and one in a single section of each is rarer.
   */
  sectionRarity: boolean;
  /**
   * Like `titleCoverage`, for the matched heading of an article that the query names most of
   * (×1.1 for all of it): the section is about just what was asked.
   */
  headingCoverage: boolean;
  /**
   * A word whose stem is a stop word ("getting", "makes", "having" for get, make, have) counts as
   * that stop word: not looked up when the query has other words. Stop words are left out of the
   * index as written, so such a stem stands only where a page happens to inflect it, and looked
   * rare: "getting insurance" ranked "Getting benefits while working" above every insurance page.
   */
  stopWordForms: boolean;
  /**
   * A word in an article's opening (its intro, and its first section with that section's heading)
   * counts 1.5× in body text and headings: an article opens with what it is about, and its later
   * sections hold details and exceptions whose words other questions share. "proof of address"
   * ranks an article that asks for it in its intro above one that asks for it in its last section.
   * Titles and keywords stand for the whole article, so they count as before.
   */
  opening: boolean;
  /**
   * Two neighbouring words that the help center's titles and headings mostly name together
   * ("social security", "student loan") are one thing: the commoner of them counts less, down to a
   * fifth when it never stands without the other (see phrases.ts). Counted as two full words, the
   * phrase outweighed the query's other word: "planning social security" ranked every page titled
   * "Social Security" above "Planning for your survivors", which says social security in its text.
   */
  phrases: boolean;
  /**
   * A word that matches nothing, as typed or as a typo, is read as two words of the help center
   * typed together ("simcard" → sim card, "pincode" → pin code), each of three letters or more
   * and not a stop word; the visitor is told ("Showing results for sim card").
   */
  splitWords: boolean;
  /**
   * A query that is an article's title or one of its aliases word for word, stop words and all
   * ("cant make calls", an alias whose only word left without them is "calls"), puts that article
   * first in its page of results (see coverage.ts): its writer named it for just that.
   */
  exactName: boolean;
  /**
   * A word read as a typo ("survovors" → survivors) is searched as the word it was read as: its
   * title, heading and alias matches, its word pairs and phrases count as if it were typed right,
   * and the results are those of the query the visitor is told was searched ("Showing results for
   * survivors benefits"). Off: the one-edit variants that find something count at half weight
   * (`WEIGHTS.typo`), and only where they match: a typo of "information" was not set aside as an
   * asking word, and "survovors benefits" ranked its answer second. Not in a message of 12 words
   * or more, whose words found nowhere are names more often than typos ("Maria" read as marine).
   */
  typosAsRead: boolean;
}

/** Every rule on: how searches rank. */
export const RANK_RULES: Readonly<RankRules> = Object.freeze({
  rarity: true,
  fields: true,
  sectionBonus: true,
  prefixes: true,
  typos: true,
  rarestWords: true,
  wordPairs: true,
  scatteredBody: true,
  finishedWords: true,
  askingWords: true,
  sectionFrequency: true,
  titleCoverage: true,
  sectionRarity: true,
  headingCoverage: true,
  stopWordForms: true,
  opening: true,
  phrases: true,
  splitWords: true,
  exactName: true,
  typosAsRead: true,
});

export type RuleName = keyof RankRules;
export const RULE_NAMES = Object.keys(RANK_RULES) as RuleName[];

/** The rules with some switched: defaults merged once, at the entry. */
export const rankRules = (rules?: Partial<RankRules>): Readonly<RankRules> => (rules ? { ...RANK_RULES, ...rules } : RANK_RULES);
