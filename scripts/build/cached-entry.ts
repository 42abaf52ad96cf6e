import { readSync } from 'node:fs';
import type { Heading, LexedBody, Section } from '../content/render-markdown.ts';
import type { FileEntry } from './read-article.ts';

/**
 * The fields of an entry kept on a line of their own in a part of the build cache (see cache.ts),
 * with the text of its sections and its headings: a rebuild needs those of a few files at most.
 */
export const HEAVY = ['html', 'tokens'] as const;
export type HeavyFields = Pick<FileEntry, (typeof HEAVY)[number]> & { texts?: string[]; headings?: Heading[] };

/** Where in an open part a line is. */
export interface Line {
  fd: number;
  offset: number;
  length: number;
}

/** The text of a line of an open part. */
export function readLine({ fd, offset, length }: Line): Buffer {
  const bytes = Buffer.alloc(length);
  readSync(fd, bytes, 0, length, offset);
  return bytes;
}

/**
 * An entry loaded from a part of the build cache: its heavy fields (HTML, tokens, and the text of
 * its sections) are parsed from its line when a build first reads one of them. A rebuild after one
 * change needs those of a few files at most (the other articles of its content bucket; see
 * build-index.ts), and parsing all of them took longer than the rest of that rebuild. Setting a
 * field replaces it without parsing anything. Getters on the class, state in private fields: a
 * getter defined on each of 10,000 entries and 40,000 sections, its state in weak maps, cost a
 * tenth of a rebuild in loading and collecting.
 */
class LoadedEntry {
  #line: Line | undefined;
  readonly #from: Line;
  readonly #folder: string;
  #parsed: HeavyFields | undefined;
  readonly #set: Partial<HeavyFields> = {};

  constructor(fields: FileEntry, line: Line, folder: string) {
    Object.assign(this, fields);
    this.#line = this.#from = line;
    this.#folder = folder;
  }

  /** The line that holds its heavy fields as they are, if none was set since it was loaded. */
  static unchangedLine(entry: FileEntry): Line | undefined {
    return entry instanceof LoadedEntry ? entry.#line : undefined;
  }

  /** Notes that a field was set: its line no longer holds what it has. */
  static changed(entry: FileEntry): void {
    if (entry instanceof LoadedEntry) entry.#line = undefined;
  }

  /** Its heavy fields as saved. */
  static saved(entry: FileEntry): HeavyFields {
    const self = entry as unknown as LoadedEntry;
    try {
      self.#parsed ??= JSON.parse(readLine(self.#from).toString('utf8')) as HeavyFields;
    } catch {
      // (Written whole then renamed, a part is whole unless something else changed it.)
      throw new Error(`selfserve: the build cache in ${self.#folder} is damaged: delete that folder and build again`);
    }
    return self.#parsed;
  }

  get html(): string | undefined {
    return 'html' in this.#set ? this.#set.html : LoadedEntry.saved(this as unknown as FileEntry).html;
  }

  set html(value: string | undefined) {
    this.#set.html = value;
    this.#line = undefined;
  }

  get tokens(): FileEntry['tokens'] {
    return 'tokens' in this.#set ? this.#set.tokens : LoadedEntry.saved(this as unknown as FileEntry).tokens;
  }

  set tokens(value: FileEntry['tokens']) {
    this.#set.tokens = value;
    this.#line = undefined;
  }
}

/**
 * A section as saved with an entry's light fields (see `lightFields` in cache.ts): the number of
 * its heading among the body's headings (-1 for the intro), its text on the entry's heavy line;
 * else `[heading, text]`, with its heading itself when it is not one of them and its text when it
 * has none of its own (see `hasText`). Mostly a number: ten thousand entries' sections as objects
 * took a tenth of the cache's load.
 */
export type LightSection = number | [heading: number | Heading, text?: string];

/**
 * A body's lexed parts as loaded: its headings are read from its entry's line when asked (the
 * checks that need every article's headings ran when it was lexed, see `bodyProblems`), and its
 * sections are made when asked: a rebuild needs only how many an unchanged article has
 * (`sectionCount`).
 */
class LoadedLexed implements LexedBody {
  tokens: LexedBody['tokens'];
  offsets: number[];
  title?: string;
  titleAnchor?: string;
  anchors?: string;
  readonly #entry: FileEntry;
  #headings: Heading[] | undefined;
  readonly #light: LightSection[];
  #sections: Section[] | undefined;

  constructor(fields: Omit<LexedBody, 'headings' | 'sections'> & { anchors?: string; sections: LightSection[] }, entry: FileEntry) {
    // Each field set here, not copied: one shape for every loaded body (and `implements` makes a
    // field added to LexedBody one to set here).
    this.tokens = fields.tokens;
    this.offsets = fields.offsets;
    if (fields.title !== undefined) this.title = fields.title;
    if (fields.titleAnchor !== undefined) this.titleAnchor = fields.titleAnchor;
    this.anchors = fields.anchors;
    this.#light = fields.sections;
    this.#entry = entry;
  }

  /** How many sections a body has, without making a loaded body's. */
  static sectionCount(lexed: LexedBody): number {
    return lexed instanceof LoadedLexed && !lexed.#sections ? lexed.#light.length : lexed.sections.length;
  }

  get headings(): Heading[] {
    return (this.#headings ??= LoadedEntry.saved(this.#entry).headings ?? []);
  }

  set headings(value: Heading[]) {
    this.#headings = value;
  }

  get sections(): Section[] {
    return (this.#sections ??= this.#light.map((section) => (typeof section === 'number' ? new LoadedSection(section, this.#entry) : new LoadedSection(section[0], this.#entry, section[1]))));
  }

  set sections(value: Section[]) {
    this.#sections = value;
  }
}

/**
 * A section as loaded: its heading (the `at`-th of the body's) is read from its entry's line when
 * asked, and so is its text when it has some (see `hasText`): only a section with none keeps it.
 */
class LoadedSection implements Section {
  readonly #entry: FileEntry;
  readonly #heading: number | Heading;

  constructor(heading: number | Heading, entry: FileEntry, text?: string) {
    this.#heading = heading;
    this.#entry = entry;
    if (text !== undefined) Object.defineProperty(this, 'text', { value: text, configurable: true, enumerable: true, writable: true });
  }

  /** Which of the body's headings it has (-1 for the intro), if it was loaded with its number. */
  static headingAt(section: Section): number | undefined {
    return section instanceof LoadedSection && typeof section.#heading === 'number' ? section.#heading : undefined;
  }

  get heading(): Heading | undefined {
    if (typeof this.#heading !== 'number') return this.#heading;
    return this.#heading < 0 ? undefined : this.#entry.body!.lexed!.headings[this.#heading];
  }

  get text(): string {
    return LoadedEntry.saved(this.#entry).texts?.[this.#entry.body!.lexed!.sections.indexOf(this)] ?? '';
  }

  set text(value: string) {
    LoadedEntry.changed(this.#entry);
    Object.defineProperty(this, 'text', { value, configurable: true, enumerable: true, writable: true });
  }
}

/** An entry as loaded from a part (`fields`, the first line's), its heavy fields on `line`. */
export function loadedEntry(fields: FileEntry, line: Line, folder: string): FileEntry {
  const entry = new LoadedEntry(fields, line, folder) as unknown as FileEntry;
  const lexed = entry.body?.lexed as unknown as ConstructorParameters<typeof LoadedLexed>[0] | undefined;
  if (lexed) entry.body!.lexed = new LoadedLexed(lexed, entry);
  return entry;
}

/**
 * The anchors of a body's headings, and those its raw HTML makes (`htmlAnchors`), which a link may
 * name (`billing/pay.md#by-card`). A loaded body keeps them with its light fields (`anchors`,
 * joined by line breaks, which no anchor holds): checking links that name a heading read the whole
 * line of every article they point at, 0.5 s of a rebuild of 10,000 articles with three such links each.
 */
export function headingAnchors(lexed: LexedBody): string[] {
  const saved = (lexed as { anchors?: string }).anchors;
  if (saved === undefined) return [...lexed.headings.map((heading) => heading.anchor), ...(lexed.htmlAnchors ?? [])];
  return saved ? saved.split('\n') : [];
}

/** `headingAnchors(lexed).join('\n')`, without splitting a loaded body's saved anchors to join them again. */
export function anchorsText(lexed: LexedBody): string {
  const saved = (lexed as { anchors?: string }).anchors;
  return saved ?? headingAnchors(lexed).join('\n');
}

/**
 * Whether a body has a heading with this anchor: `headingAnchors(lexed).includes(anchor)`, without
 * splitting the saved anchors for each of the thousands of links a rebuild checks.
 */
export function hasHeadingAnchor(lexed: LexedBody, anchor: string): boolean {
  const saved = (lexed as { anchors?: string }).anchors;
  if (saved === undefined) return lexed.headings.some((heading) => heading.anchor === anchor) || Boolean(lexed.htmlAnchors?.includes(anchor));
  for (let at = saved.indexOf(anchor); at >= 0; at = saved.indexOf(anchor, at + 1)) {
    const end = at + anchor.length;
    if ((at === 0 || saved[at - 1] === '\n') && (end === saved.length || saved[end] === '\n')) return true;
  }
  return false;
}

export const unchangedLine = LoadedEntry.unchangedLine;
export const headingAt = LoadedSection.headingAt;
export const sectionCount = LoadedLexed.sectionCount;
