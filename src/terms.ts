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
   * `firsts`, when given, gets the key of the longest term written at each place, with the first
   * place it is written at.
   */
  starts(text: string, firsts?: Map<string, number>): number[];
}

// Letters, digits and marks make a word; the joiners make codes like E-1042-B or a.GPRR one token.
const WORD = String.raw`[\p{L}\p{N}\p{M}_]`;
const JOINER = '[-./]';
const AFTER = `(?!${WORD}|${JOINER}${WORD})`;
// The same rule where what follows is ASCII. Expressions with Unicode properties take about a
// millisecond each to compile on a page's first use (case-insensitive ones more), so text and terms
// in ASCII are checked without them, and they are compiled only for the rest.
const ASCII_WORD = '[A-Za-z0-9_]';
const AFTER_ASCII = `(?!${ASCII_WORD}|${JOINER}${ASCII_WORD})`;
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
  if (/^[\x00-\x7f]*$/.test(term)) return !/[a-z]/.test(term) || /[A-Z0-9]/.test(term.slice(1));
  return !/\p{Ll}/u.test(term) || /[\p{Lu}\p{N}]/u.test(term.slice(1));
}

// Only syntax characters may be escaped in a `u` pattern.
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const isAsciiWord = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;

/** Whether a character (a whole code point) is a letter, digit, mark or `_`. */
function isWordChar(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 128 ? isAsciiWord(code) : WORD_CHAR.test(char);
}

/** Whether an edge of a term is a letter or digit of a spaced script (no ASCII character is of an unspaced one). */
function isSpacedEdge(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 128 ? isAsciiWord(code) && code !== 95 : EDGE.test(char) && !UNSPACED.test(char);
}

/** Edges that are letters or digits of a spaced script must not touch other letters or digits. */
const bounded = (term: string) => isSpacedEdge(term[0]) && isSpacedEdge(term[term.length - 1]);

/** The character before `index` (a whole code point). */
function charBefore(text: string, index: number): string {
  const code = text.charCodeAt(index - 1);
  return code >= 0xdc00 && code <= 0xdfff && index >= 2 ? text.slice(index - 2, index) : text.charAt(index - 1);
}

/** Whether a bounded term may start at `index`: no word, nor a word and a joiner, right before it. */
function startsWord(text: string, index: number): boolean {
  if (index === 0) return true;
  const before = charBefore(text, index);
  if (isWordChar(before)) return false;
  return !(JOINER_CHAR.test(before) && index >= 2 && isWordChar(charBefore(text, index - 1)));
}

/** The index of the character after the one at `index` (a whole code point). */
const nextIndex = (text: string, index: number) => index + (text.codePointAt(index)! > 0xffff ? 2 : 1);

/** Whether what follows `end`, as far as the end rule looks (a character, or a joiner and one more), is ASCII or nothing. */
function asciiAfter(text: string, end: number): boolean {
  const code = text.charCodeAt(end);
  if (!(code >= 128)) return !(code === 45 || code === 46 || code === 47) || !(text.charCodeAt(end + 1) >= 128);
  return false;
}

/**
 * Terms with edges to check are group 1, the others group 2. The end is checked by the pattern (it
 * depends on which term matched); the start is checked in code, which is much faster than a
 * lookbehind tried at every position of every text. `after` is the end rule: `AFTER`, or
 * `AFTER_ASCII`, which decides the same wherever what follows is ASCII (see `Patterns`).
 */
function pattern(terms: string[], flags: string, after: string): RegExp | undefined {
  if (!terms.length) return undefined;
  // Longest first, so "MBRA rate" wins over "MBRA" at the same place.
  const alternatives = (list: string[]) => list.sort((a, b) => b.length - a.length).map(escape).join('|');
  const withEdges = terms.filter(bounded);
  const without = terms.filter((t) => !bounded(t));
  return new RegExp(`(${withEdges.length ? `(?:${alternatives(withEdges)})${after}` : '(?!)'})|(${without.length ? alternatives(without) : '(?!)'})`, flags);
}

/**
 * The terms of one kind as `find()` looks for them: `loose` with the end rule for ASCII, which
 * accepts every match the whole rule accepts, and more only where a letter or digit outside ASCII
 * follows; there `exact` (sticky, compiled on first need) decides which term, if any, is written.
 */
interface Patterns {
  loose: RegExp;
  exact(): RegExp;
}

function patterns(terms: string[], flags: string): Patterns | undefined {
  const loose = pattern(terms, flags, AFTER_ASCII);
  if (!loose) return undefined;
  let exact: RegExp | undefined;
  return { loose, exact: () => (exact ??= pattern(terms, flags.replace('g', 'y'), AFTER)!) };
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
  const codes = patterns(all.filter((t) => t.every).map((t) => t.term), 'gu');
  const words = patterns(all.filter((t) => !t.every).map((t) => t.term), 'giu');
  const shortest = Math.min(...all.map((t) => t.term.length));
  // Any term as written, without the edges checked: one pass over a whole element's text.
  const written = (list: DefinedTerm[], flags: string) =>
    list.length ? new RegExp(list.map((t) => t.term).sort((a, b) => b.length - a.length).map(escape).join('|'), flags) : undefined;
  const writtenCodes = written(all.filter((t) => t.every), 'gu');
  const writtenWords = written(all.filter((t) => !t.every), 'giu');

  // Most text has no term: nothing is allocated for it (a long statement has tens of thousands).
  const NONE: Occurrence[] = [];

  function scan(kind: Patterns | undefined, text: string, code: boolean, into: Occurrence[]): Occurrence[] {
    if (!kind) return into;
    const regex = kind.loose;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m; m = regex.exec(text)) {
      if (m[1] !== undefined && !asciiAfter(text, m.index + m[0].length)) {
        const exact = kind.exact();
        exact.lastIndex = m.index;
        const found = exact.exec(text);
        if (found) regex.lastIndex = found.index + found[0].length;
        else {
          regex.lastIndex = nextIndex(text, m.index);
          continue;
        }
        m = found;
      }
      if (m[1] !== undefined && !startsWord(text, m.index)) {
        // No term can start here: try from the next character.
        regex.lastIndex = nextIndex(text, m.index);
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
  function places(regex: RegExp | undefined, text: string, code: boolean, firsts?: Map<string, number>): number[] {
    const found: number[] = [];
    if (!regex) return found;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m; m = regex.exec(text)) {
      found.push(m.index);
      if (firsts) {
        const key = code ? m[0] : m[0].toLowerCase();
        if (terms.has(key) && !firsts.has(key)) firsts.set(key, m.index);
      }
      regex.lastIndex = m.index + (text.codePointAt(m.index)! > 0xffff ? 2 : 1);
    }
    return found;
  }

  return {
    terms,
    starts(text, firsts) {
      const codes = places(writtenCodes, text, true, firsts);
      const words = places(writtenWords, text, false, firsts);
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
