import { stemmer as english } from 'stemmer';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as german } from '@orama/stemmers/german';
import { stemmer as spanish } from '@orama/stemmers/spanish';
import { ara, deu, eng, fra, jpn, spa, zho } from 'stopword';

/** How the search treats the words of one language. */
export interface Language {
  /** Words that carry no meaning in a help search. */
  stopWords: Set<string>;
  /** Reduces a word to its stem, so "facturas" finds "factura". */
  stem?: (word: string) => string;
  /** Written without spaces between words (Chinese, Japanese): words come from `Intl.Segmenter`. */
  segmented?: boolean;
}

// The greetings and politeness customers wrap questions in ("Hi, can you tell me how to…").
const ENGLISH_FILLERS = [
  'hi', 'hello', 'hey', 'please', 'thanks', 'thank', 'can', 'cannot', 'cant', 'could', 'would',
  'i', 'im', 'ive', 'id', 'me', 'my', 'am', 'want', 'wanted', 'need', 'needs', 'wondering',
  'tell', 'know', 'anything', 'something', 'does', 'do', 'dont', 'doesnt', 'did', 'will', 'yes',
];
const SPANISH_FILLERS = ['hola', 'gracias', 'favor', 'quiero', 'necesito', 'puedo', 'puede', 'como', 'cómo', 'qué'];

const LANGUAGES: Record<string, Language> = {
  en: { stopWords: new Set([...eng, ...ENGLISH_FILLERS]), stem: english },
  es: { stopWords: new Set([...spa, ...SPANISH_FILLERS]), stem: spanish },
  fr: { stopWords: new Set(fra), stem: french },
  de: { stopWords: new Set(deu), stem: german },
  ja: { stopWords: new Set(jpn), segmented: true },
  zh: { stopWords: new Set(zho), segmented: true },
  ar: { stopWords: new Set(ara) },
};

// Languages we know nothing special about still get normalizing and splitting.
const PLAIN: Language = { stopWords: new Set() };

/** The language rules for a BCP 47 tag, by its primary subtag (`es-MX` → Spanish). */
export function languageFor(locale = 'en'): Language {
  return LANGUAGES[locale.toLowerCase().split('-')[0]] ?? PLAIN;
}
