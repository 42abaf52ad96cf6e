import { describe, expect, it } from 'vitest';
import type { ArticleCard } from '../../../src/format.ts';
import { resultsOf, withPassages } from '../../../src/search/results.ts';
import { queryTokens } from '../../../src/text/tokenize.ts';

const card: ArticleCard = {
  slug: 'cards/lost-card',
  title: 'Lost card',
  description: 'What to do when your card is gone.',
  sections: ['Lock it', 'New card', 'Travel', 'Fees'].map((heading, i) => ({ anchor: `s${i + 1}`, heading })),
  text: ['Call us at once.', 'Lock the card in the app.', 'A new card comes in five days.', 'Abroad, call us.', 'No fee.'],
};
const url = (slug: string, anchor?: string) => `#help/${slug}${anchor ? `#${anchor}` : ''}`;
const tokens = queryTokens('card');

describe('resultsOf', () => {
  it('lists an article with its best three sections, its description as the excerpt and its score to 3 decimals', () => {
    const ranked = [{ article: 0, score: 1.23456, matched: 1, sections: [2, 1, 3, 4].map((section, i) => ({ section, score: 4 - i })) }];
    const [result] = resultsOf(ranked, [card], tokens, url, 'en');
    expect(result).toMatchObject({ slug: 'cards/lost-card', title: 'Lost card', description: card.description, url: '#help/cards/lost-card', score: 1.235 });
    expect(result.sections).toEqual([
      { anchor: 's2', heading: 'New card', url: '#help/cards/lost-card#s2', excerpt: '' },
      { anchor: 's1', heading: 'Lock it', url: '#help/cards/lost-card#s1', excerpt: '' },
      { anchor: 's3', heading: 'Travel', url: '#help/cards/lost-card#s3', excerpt: '' },
    ]);
    expect(result.section).toBe(result.sections[0]);
    expect(result.excerpt).toBe('What to do when your <mark>card</mark> is gone.');
  });

  it('gives an article without a description or matched sections an empty excerpt and no section', () => {
    const [result] = resultsOf([{ article: 0, score: 2, matched: 1, sections: [] }], [{ ...card, description: undefined }], tokens, url, 'en');
    expect(result.excerpt).toBe('');
    expect(result.sections).toEqual([]);
    expect(result.section).toBeUndefined();
  });
});

describe('withPassages', () => {
  const ranked = [{ article: 0, score: 1, matched: 1, sections: [{ section: 2, score: 2 }, { section: 1, score: 1 }] }];

  it('adds each section its passage, and keeps the intro as the excerpt when it has the words', () => {
    const [listed] = resultsOf(ranked, [card], tokens, url, 'en');
    const result = withPassages(listed, card, tokens, 'en');
    expect(result.sections.map((s) => s.excerpt)).toEqual(['A new <mark>card</mark> comes in five days.', 'Lock the <mark>card</mark> in the app.']);
    expect(result.section).toBe(result.sections[0]);
    expect(result.excerpt).toContain('your <mark>card</mark> is gone.');
    expect(result.excerpt).toContain('Call us at once.');
  });

  it('shows the best section’s passage when it has more of the query’s words than the intro', () => {
    const both = queryTokens('new card');
    const [listed] = resultsOf(ranked, [card], both, url, 'en');
    expect(withPassages(listed, card, both, 'en').excerpt).toBe('A <mark>new</mark> <mark>card</mark> comes in five days.');
    // As many in each: the intro, which says what the article is.
    const lock = queryTokens('lock card');
    const [locked] = resultsOf([{ ...ranked[0], sections: [{ section: 1, score: 2 }] }], [card], lock, url, 'en');
    expect(withPassages(locked, { ...card, text: ['Call us.', 'Lock the app.'] }, lock, 'en').excerpt).toContain('your <mark>card</mark> is gone.');
  });

  it('gives an h2 without text of its own the text of its h3s up to the next h2, but of those listed beside it', () => {
    const steps: ArticleCard = {
      ...card,
      sections: [{ anchor: 'on', heading: 'Turn it on' }, { anchor: 'ios', heading: 'iPhone', level: 3 }, { anchor: 'and', heading: 'Android', level: 3 }, { anchor: 'fees', heading: 'Fees' }, { anchor: 'none', heading: 'Nothing here' }],
      text: ['Intro.', ' ', 'Open Settings and turn on the card.', 'Open the app.', 'No card fee.', ''],
    };
    const sections = ['on', 'ios', 'none'].map((anchor) => steps.sections.findIndex((s) => s.anchor === anchor) + 1);
    const [listed] = resultsOf([{ article: 0, score: 1, matched: 1, sections: sections.map((section, i) => ({ section, score: 3 - i })) }], [steps], tokens, url, 'en');
    const result = withPassages(listed, steps, tokens, 'en');
    // The iPhone steps are listed on their own, so the h2 shows the others.
    expect(result.sections.map((s) => s.excerpt)).toEqual(['Open the app.', 'Open Settings and turn on the <mark>card</mark>.', '']);
    const [alone] = resultsOf([{ article: 0, score: 1, matched: 1, sections: [{ section: 1, score: 1 }] }], [steps], tokens, url, 'en');
    expect(withPassages(alone, steps, tokens, 'en').sections[0].excerpt).toBe('Open Settings and turn on the <mark>card</mark>. Open the app.');
  });

  it('answers with the first h3 listed when the best section is an h2 whose h3s, all listed, show its text', () => {
    const steps: ArticleCard = {
      ...card,
      description: 'All about the card.',
      sections: [{ anchor: 'on', heading: 'Turn it on' }, { anchor: 'ios', heading: 'iPhone', level: 3 }, { anchor: 'fees', heading: 'New card fees' }],
      text: ['Intro.', '', 'Open Settings and turn on the new card.', 'A new card costs nothing.'],
    };
    const both = queryTokens('new card');
    // Ranked: the h2, the fees (not under it), then its one h3.
    const [listed] = resultsOf([{ article: 0, score: 1, matched: 1, sections: [1, 3, 2].map((section, i) => ({ section, score: 3 - i })) }], [steps], both, url, 'en');
    const result = withPassages(listed, steps, both, 'en');
    expect(result.section?.anchor).toBe('on');
    expect(result.sections.map((s) => s.excerpt)).toEqual(['', 'A <mark>new</mark> <mark>card</mark> costs nothing.', 'Open Settings and turn on the <mark>new</mark> <mark>card</mark>.']);
    expect(result.excerpt).toBe('Open Settings and turn on the <mark>new</mark> <mark>card</mark>.');
    // The first of its h3s that has text: one without is passed over.
    const bare = { ...steps, sections: [steps.sections[0], { anchor: 'pre', heading: 'Before', level: 3 as const }, ...steps.sections.slice(1)], text: ['Intro.', '', '', ...steps.text.slice(2)] };
    const [first] = resultsOf([{ article: 0, score: 1, matched: 1, sections: [1, 2, 3].map((section, i) => ({ section, score: 3 - i })) }], [bare], both, url, 'en');
    expect(withPassages(first, bare, both, 'en').excerpt).toBe('Open Settings and turn on the <mark>new</mark> <mark>card</mark>.');
    // With text of its own, the h2 answers, and shows no more words than the intro here.
    const own = { ...steps, text: ['Intro.', 'Turn it on in Settings.', ...steps.text.slice(2)] };
    expect(withPassages(listed, own, both, 'en').excerpt).toBe('All about the <mark>card</mark>. Intro.');
  });

  it('borrows no text for an h3 without its own, nor for a section the card lacks, nor past the card’s text', () => {
    const short: ArticleCard = {
      ...card,
      description: undefined,
      sections: [{ anchor: 'fees', heading: 'Fees' }, { anchor: 'empty', heading: 'Empty', level: 3 }, { anchor: 'steps', heading: 'Steps', level: 3 }, { anchor: 'late', heading: 'Late' }, { anchor: 'cut', heading: 'Cut', level: 3 }],
      text: ['', 'No card fee.', '', 'Open the card app.', ''],
    };
    const listed = resultsOf([{ article: 0, score: 1, matched: 1, sections: [2, 4, 5].map((section) => ({ section, score: 1 })) }], [short], tokens, url, 'en')[0];
    const gone = { ...listed, sections: [...listed.sections, { anchor: 'gone', heading: 'Gone', url: '#gone', excerpt: '' }] };
    expect(withPassages(gone, short, tokens, 'en').sections.map((s) => s.excerpt)).toEqual(['', '', '', '']);
    // Its excerpt is then the intro's, which says at least what the article is.
    expect(withPassages({ ...gone, description: 'Fees and steps.' }, short, tokens, 'en').excerpt).toBe('Fees and steps.');
    // A section the card lacks is under no heading, even when the card opens with an h3.
    const opening: ArticleCard = { ...short, sections: [{ anchor: 'x', heading: 'X', level: 3 }], text: ['', 'X card text.'] };
    const [lost] = resultsOf([{ article: 0, score: 1, matched: 1, sections: [] }], [opening], tokens, url, 'en');
    expect(withPassages({ ...lost, sections: [{ anchor: 'gone', heading: 'Gone', url: '#gone', excerpt: '' }] }, opening, tokens, 'en').sections[0].excerpt).toBe('');
  });

  it('shows the best section’s passage when the intro does not have the words', () => {
    const plain = { ...card, description: undefined };
    const [listed] = resultsOf(ranked, [plain], tokens, url, 'en');
    expect(withPassages(listed, plain, tokens, 'en').excerpt).toBe('A new <mark>card</mark> comes in five days.');
  });
});
