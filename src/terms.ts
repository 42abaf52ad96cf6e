// How defined terms (frontmatter `terms:`) are found in text: the rule pages explain them by
// (widget/explain) and `selfserve check` compares them by. Plain functions, no DOM.
/** A defined term as the glossary gives it. */
export interface GlossaryTerm {
  term: string;
  definition: string;
  /** The article that defines it, for "Read more". */
  slug?: string;
  /** The section that explains it. */
  anchor?: string;
}

/** A term the page is searched for, with how it matches. */
export interface DefinedTerm extends GlossaryTerm {
  /** What occurrences are looked up by: the term itself for codes, lower-cased for words. */
  key: string;
  /**
   * Codes are marked at every occurrence; words (which can be ordinary words of a page) only at
   * their first occurrence in each region.
   */
  every: boolean;
}

/** An occurrence of a term in a string. */
export interface Occurrence {
  start: number;
  end: number;
  term: DefinedTerm;
}

export interface Matcher {
  /** The defined terms by key. */
  terms: Map<string, DefinedTerm>;
  /** Every occurrence in `text`, in order, never overlapping. */
  find(text: string): Occurrence[];
  /**
   * Where a term may start in `text`, ascending: every place where one is written, whatever is
   * around it. When `text` joins several pieces (an element's text nodes), each occurrence `find()`
   * gives in a piece starts at one of these places, so pieces where none starts need no `find()`.
   * `keys`, when given, gets the key of the longest term written at each place.
   */
  starts(text: string, keys?: Set<string>): number[];
}

// Letters, digits and marks make a word; the joiners make codes like E-1042-B or a.GPRR one token.
const WORD = String.raw`[\p{L}\p{N}\p{M}_]`;
const JOINER = '[-./]';
const AFTER = `(?!${WORD}|${JOINER}${WORD})`;
const WORD_CHAR = new RegExp(`^${WORD}$`, 'u');
const JOINER_CHAR = new RegExp(`^${JOINER}$`);
// Scripts written without spaces have no word boundaries to check.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const EDGE = /^[\p{L}\p{N}]$/u;

/**
 * A code is written as it must appear: no lower-case letter (GPRR, E-1042, 5G), or a capital or digit
 * after its first character (eSIM, VoLTE). Anything else is a word or phrase (Tethering, Top-up).
 */
export function isCode(term: string): boolean {
  return !/\p{Ll}/u.test(term) || /[\p{Lu}\p{N}]/u.test(term.slice(1));
}

// Only syntax characters may be escaped in a `u` pattern.
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Edges that are letters or digits of a spaced script must not touch other letters or digits. */
const bounded = (term: string) => EDGE.test(term[0]) && EDGE.test(term[term.length - 1]) && !UNSPACED.test(term[0]) && !UNSPACED.test(term[term.length - 1]);

/** The character before `index` (a whole code point). */
function charBefore(text: string, index: number): string {
  const code = text.charCodeAt(index - 1);
  return code >= 0xdc00 && code <= 0xdfff && index >= 2 ? text.slice(index - 2, index) : text.charAt(index - 1);
}

/** Whether a bounded term may start at `index`: no word, nor a word and a joiner, right before it. */
function startsWord(text: string, index: number): boolean {
  if (index === 0) return true;
  const before = charBefore(text, index);
  if (WORD_CHAR.test(before)) return false;
  return !(JOINER_CHAR.test(before) && index >= 2 && WORD_CHAR.test(charBefore(text, index - 1)));
}

/**
 * Terms with edges to check are group 1, the others group 2. The end is checked by the pattern (it
 * depends on which term matched); the start is checked in code, which is much faster than a
 * lookbehind tried at every position of every text.
 */
function pattern(terms: string[], flags: string): RegExp | undefined {
  if (!terms.length) return undefined;
  // Longest first, so "MBRA rate" wins over "MBRA" at the same place.
  const alternatives = (list: string[]) => list.sort((a, b) => b.length - a.length).map(escape).join('|');
  const withEdges = terms.filter(bounded);
  const without = terms.filter((t) => !bounded(t));
  return new RegExp(`(${withEdges.length ? `(?:${alternatives(withEdges)})${AFTER}` : '(?!)'})|(${without.length ? alternatives(without) : '(?!)'})`, flags);
}

/**
 * The matching rule (docs/explain.md): codes match exactly as written, case included, and only as
 * whole words; words and phrases match whole words in any case, and only their first occurrence in
 * a region is marked. A term defined twice keeps its first definition.
 */
export function createMatcher(glossary: readonly GlossaryTerm[]): Matcher {
  const terms = new Map<string, DefinedTerm>();
  for (const entry of glossary) {
    const term = entry.term.trim();
    if (!term) continue;
    const every = isCode(term);
    const key = every ? term : term.toLowerCase();
    if (!terms.has(key)) terms.set(key, { ...entry, term, key, every });
  }
  const all = [...terms.values()];
  const codes = pattern(all.filter((t) => t.every).map((t) => t.term), 'gu');
  const words = pattern(all.filter((t) => !t.every).map((t) => t.term), 'giu');
  const shortest = Math.min(...all.map((t) => t.term.length));
  // Any term as written, without the edges checked: one pass over a whole element's text.
  const written = (list: DefinedTerm[], flags: string) =>
    list.length ? new RegExp(list.map((t) => t.term).sort((a, b) => b.length - a.length).map(escape).join('|'), flags) : undefined;
  const writtenCodes = written(all.filter((t) => t.every), 'gu');
  const writtenWords = written(all.filter((t) => !t.every), 'giu');

  // Most text has no term: nothing is allocated for it (a long statement has tens of thousands).
  const NONE: Occurrence[] = [];

  function scan(regex: RegExp | undefined, text: string, code: boolean, into: Occurrence[]): Occurrence[] {
    if (!regex) return into;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m; m = regex.exec(text)) {
      if (m[1] !== undefined && !startsWord(text, m.index)) {
        // No term can start here: try from the next character.
        regex.lastIndex = m.index + (text.codePointAt(m.index)! > 0xffff ? 2 : 1);
        continue;
      }
      const term = terms.get(code ? m[0] : m[0].toLowerCase());
      if (!term) continue;
      if (into === NONE) into = [];
      into.push({ start: m.index, end: m.index + m[0].length, term });
    }
    return into;
  }

  /** Every place where `regex` matches, overlapping ones included (a term crossing two pieces must not hide one inside the next). */
  function places(regex: RegExp | undefined, text: string, code: boolean, keys?: Set<string>): number[] {
    const found: number[] = [];
    if (!regex) return found;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m; m = regex.exec(text)) {
      found.push(m.index);
      if (keys) {
        const key = code ? m[0] : m[0].toLowerCase();
        if (terms.has(key)) keys.add(key);
      }
      regex.lastIndex = m.index + (text.codePointAt(m.index)! > 0xffff ? 2 : 1);
    }
    return found;
  }

  return {
    terms,
    starts(text, keys) {
      const codes = places(writtenCodes, text, true, keys);
      const words = places(writtenWords, text, false, keys);
      if (!codes.length || !words.length) return codes.length ? codes : words;
      const merged: number[] = [];
      let i = 0;
      let j = 0;
      while (i < codes.length || j < words.length) merged.push(j >= words.length || (i < codes.length && codes[i] < words[j]) ? codes[i++] : words[j++]);
      return merged;
    },
    find(text) {
      if (text.length < shortest) return NONE;
      let found = scan(codes, text, true, NONE);
      const codeCount = found.length;
      found = scan(words, text, false, found);
      if (codeCount === 0 || codeCount === found.length) return found;
      // Both kinds matched: keep the earlier (then the longer) of any two that overlap.
      found.sort((a, b) => a.start - b.start || b.end - a.end);
      let end = 0;
      return found.filter((o) => o.start >= end && ((end = o.end), true));
    },
  };
}
