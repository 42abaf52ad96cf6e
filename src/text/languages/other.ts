import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as german } from '@orama/stemmers/german';
import { stemmer as spanish } from '@orama/stemmers/spanish';
import { ara, deu, fra, jpn, spa, zho } from 'stopword';
import type { Language } from '../languages.ts';

const SPANISH_FILLERS = ['hola', 'gracias', 'favor', 'quiero', 'necesito', 'puedo', 'puede', 'como', 'cómo', 'qué'];

/** The rules of every language besides English (which is built in), by primary language subtag. */
export const otherLanguages: Record<string, Language> = {
  es: { stopWords: new Set([...spa, ...SPANISH_FILLERS]), stem: spanish },
  fr: { stopWords: new Set(fra), stem: french },
  de: { stopWords: new Set(deu), stem: german },
  ja: { stopWords: new Set(jpn), segmented: true },
  zh: { stopWords: new Set(zho), segmented: true },
  ar: { stopWords: new Set(ara) },
};
