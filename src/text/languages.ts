import { stemmer as english } from 'stemmer';
import { eng } from 'stopword';

/** How the search treats the words of one language. */
export interface Language {
  /** Words that carry no meaning in a help search. */
  stopWords: Set<string>;
  /** Reduces a word to its stem, so "facturas" finds "factura". */
  stem?: (word: string) => string;
  /** Written without spaces between words (Chinese, Japanese): words come from `Intl.Segmenter`. */
  segmented?: boolean;
  /**
   * Words that only say someone is asking ("information", "question", "learn"): they stay in the
   * index, but a query's other words say what it is about (see the `askingWords` ranking rule).
   */
  askingWords?: Set<string>;
}

// The greetings and politeness customers wrap questions in ("Hi, can you tell me how to…").
const ENGLISH_FILLERS = [
  'hi', 'hello', 'hey', 'please', 'thanks', 'thank', 'can', 'cannot', 'cant', 'could', 'would',
  'i', 'im', 'ive', 'id', 'me', 'my', 'am', 'want', 'wanted', 'need', 'needs', 'wondering',
  'tell', 'know', 'anything', 'something', 'does', 'do', 'dont', 'doesnt', 'did', 'will', 'yes',
  // How people talk in a message ("so basically she got the bill, okay, and really…"); not "ok",
  // which may be Oklahoma.
  'so', 'really', 'actually', 'basically', 'anyway', 'okay', 'she', 'gonna', 'wanna',
  // How a letter opens and closes, and how a chat abbreviates ("Dear sir, pls advise asap. Thx"):
  // rare in a help center, so each counted as one of a message's rarest words.
  'dear', 'sir', 'madam', 'sincerely', 'cheers', 'greetings', 'kindly', 'pls', 'plz', 'thx', 'thanx',
  'thnx', 'asap', 'btw', 'hii', 'hiya', 'yall',
];

// Negations: a page says "doesn't" where a question says "not" ("data not working", "if data
// doesn't work"), so none is looked up, as "don't", "doesn't" and "can't" (above) were not.
const ENGLISH_NEGATIONS = [
  'not', 'isnt', 'arent', 'wasnt', 'werent', 'wont', 'wouldnt', 'shouldnt', 'couldnt', 'didnt', 'hasnt',
  'havent', 'hadnt', 'aint',
];

// How people ask rather than what about: "I'm looking for information regarding…", "good morning, I
// have a question about…", "can you explain what happens if…". Articles have them too (a heading
// "Questions", a title "… Information"), so a question that holds them matched those first. Matched
// by stem ("questions", "regards"). Not words that also name what a help center is about: "find"
// (Find my phone), "show", "sort" (sort code).
const ENGLISH_ASKING = [
  'good', 'morning', 'afternoon', 'evening', 'hope', 'doing', 'looking', 'trying', 'wonder', 'information',
  'info', 'details', 'question', 'regarding', 'concerning', 'explain', 'learn', 'understand', 'help',
  'happen', 'possible', 'kind', 'just', 'give',
];

/**
 * Porter's stem, with the forms of a word it keeps apart brought together, as a reader would:
 * - a y after a vowel stays y, as in Porter2: Porter turns it into i, so "paying" (pai) missed
 *   "pay" (too short to stem) and "employed" (emploi) missed "employment" (employ). Porter's later
 *   steps never shorten a stem that ends in a vowel and i;
 * - a word's own double consonant stays (see below): "adding" was "ad", "add" add;
 * - a final "us" after a consonant is not a plural's s, as in Porter2: "bonus" was "bonu",
 *   "bonuses" bonus; "status", "campus" and "virus" the same;
 * - exceed, proceed and succeed keep their ending, as in Porter2: "exceed" was "exce", "exceeded"
 *   exceed;
 * - a word that drops the e of -ance or -ence for -ed or -ing is stemmed with it: "experienced"
 *   was "experienc", "experience" experi; "balanced" and "balance" the same.
 */
export function englishStem(word: string): string {
  if (/[^aeiou]us$/.test(word)) return word;
  const ceed = /^(ex|pro|suc)ceed(?:s|ed|ing)?$/.exec(word);
  if (ceed) return `${ceed[1]}ceed`;
  if (/nc(?:ed|ing)$/.test(word)) return englishStem(word.replace(/(?:ed|ing)$/, 'e'));
  let stem = english(word);
  // Porter takes back the consonant doubled before -ing and -ed ("stopping": stop), also where the
  // word itself ends in two: "adding" and "added" were "ad", which "add" never met (nor "Add a
  // line" a visitor typing "adding a line"), and "staffing" was "staf". No inflection doubles an f
  // or leaves a stem of two letters, so those keep it: add, odd, egg, err; staff, stuff, bluff.
  const last = stem.at(-1)!;
  if ((stem.length === 2 || last === 'f') && word.startsWith(stem + last)) stem += last;
  return /[aeiou]i$/.test(stem) && word[stem.length - 1] === 'y' ? `${stem.slice(0, -1)}y` : stem;
}

/**
 * English is built in. The other languages' rules (src/text/languages/other.ts) are registered
 * where they are needed: everywhere in Node, and in the widget only on pages in those languages,
 * so an English help center does not download Spanish stemming.
 */
const LANGUAGES: Record<string, Language> = {
  en: { stopWords: new Set([...eng, ...ENGLISH_FILLERS, ...ENGLISH_NEGATIONS]), stem: englishStem, askingWords: new Set(ENGLISH_ASKING.map(englishStem)) },
};

/** The languages with rules of their own besides English: their index needs them registered. */
export const OTHER_LANGUAGES = ['es', 'fr', 'de', 'ja', 'zh', 'ar'];

export function registerLanguages(languages: Record<string, Language>): void {
  Object.assign(LANGUAGES, languages);
}

const primary = (locale: string) => locale.toLowerCase().split('-')[0];

/** Are the rules for `locale` missing, though Selfserve has them? Then register them before searching. */
export const needsLanguage = (locale: string) => OTHER_LANGUAGES.includes(primary(locale)) && !LANGUAGES[primary(locale)];

// Languages we know nothing special about still get normalizing and splitting.
const PLAIN: Language = { stopWords: new Set() };

/** The language rules for a BCP 47 tag, by its primary subtag (`es-MX` → Spanish). */
export function languageFor(locale = 'en'): Language {
  return LANGUAGES[primary(locale)] ?? PLAIN;
}
