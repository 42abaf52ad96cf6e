// "Read more" in the languages the widget speaks: the explain module does not load the app's
// translations, which would cost a request for two words.
const READ_MORE: Record<string, string> = { en: 'Read more', es: 'Más información', fr: 'En savoir plus', de: 'Mehr erfahren', ja: '詳しく見る', ar: 'اقرأ المزيد' };

/** "Read more" in a language (English when unknown). */
export const readMoreLabel = (locale: string) => READ_MORE[locale.toLowerCase().split('-')[0]] ?? READ_MORE.en;
