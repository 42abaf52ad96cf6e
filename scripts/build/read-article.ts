import type { Tokens } from 'marked';
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { looksLikeMdx, toPlainMarkdown, type Container } from '../content/foreign-syntax.ts';
import { tooDeeplyNested } from '../content/nesting.ts';
import { fileNameTitle } from '../content/other-tools.ts';
import { parseFrontmatter, type ParsedSource } from '../content/parse-frontmatter.ts';
import { bodyParts, htmlAnchors, lexBody, type LexedBody, type RawUrlAt, type Section } from '../content/render-markdown.ts';
import { relativeRawHtmlUrls } from '../content/raw-html-urls.ts';
import { Diagnostics, lineCol, type Diagnostic } from '../diagnostics.ts';
import type { RecordFields } from './render-pool.ts';
import { timed, type BuildTimings } from './timings.ts';
import type { StatFields } from '../content/survey.ts';

/** A link or image of a body, where it is; `token` only when this build lexed the body. */
export interface FoundLink {
  href: string;
  offset: number;
  token?: Tokens.Link | Tokens.Image | RawUrlAt;
  /**
   * A link or image of the article's raw HTML (`<a href>`, `<img src>`): pointed at its article or
   * published file as a markdown one is, else left as written, with a warning.
   */
  raw?: true;
}

/** What a body gives on its own: whether it is MDX, and its sections, or why it has none. */
export interface BodyResult {
  mdx: boolean;
  /** Nesting too deep to parse: the line (in the body) and the message. */
  nested?: { line: number; message: string };
  /** The markdown parser overflowed its stack. */
  lexFailed?: boolean;
  /** Headings, sections and `# title`: the tokens are left out of the cache (`tokens` is empty there). */
  lexed?: LexedBody;
  links: FoundLink[];
  images: FoundLink[];
  /**
   * Its problems on its own (see `bodyProblems`), reported once it is an article of the build:
   * worked out when it is lexed, so a rebuild needs no unchanged article's headings.
   */
  problems?: Diagnostic[];
}

/**
 * One content file in the build cache: all that the build works out from its bytes alone, so an
 * unchanged file is neither read nor parsed, rendered or tokenized again. What depends on other
 * files (slugs, link targets, images, duplicates) is worked out again by every build; the HTML is
 * reused only if its links and images resolve as they did (`deps`).
 */
export interface FileEntry {
  /** `size:mtime:ctime:inode` when it was read. */
  stat: string;
  /** When that stat was taken: a file changed within `racyMs` before it may change again unseen. */
  checkedAt: number;
  /** Hash of its bytes: a file touched but not changed (a checkout, `touch`) keeps its entry. */
  hash: string;
  /** Problems reading it and parsing its frontmatter. */
  problems: Diagnostic[];
  /** Its frontmatter, parsed; undefined when it could not be read. */
  parsed?: Omit<ParsedSource, 'body'>;
  /** The line of each frontmatter field a check may point at (1 when it has none). */
  fieldLines?: Record<CheckedField, number>;
  body?: BodyResult;
  /** Sanitized HTML, and the link targets and image files it was rendered with (see `depsOf`). */
  html?: string;
  deps?: string;
  /** The token strings of its index records, and the language they were made in. */
  tokens?: RecordFields[];
  tokensLocale?: string;
}

/**
 * An article's `deps`: the files its images were published as, then the articles its links point
 * at (`linkTargets`, as JSON), a line of JSON each. A rebuild that vouches for its links (see
 * `CheckedLinks`) takes their line as it is: neither parsed nor made again for each of 10,000
 * articles (20 ms). (JSON holds no line break.)
 */
export const depsOf = (linkTargets: string, imageOutputs: (string | undefined)[]) => `${JSON.stringify(imageOutputs)}\n${linkTargets}`;

/** The line of `deps` that gives its links' targets (see `depsOf`). */
export const linksOfDeps = (deps: string | undefined) => deps?.slice(deps.indexOf('\n') + 1);

/** The frontmatter fields whose problems are reported at their line. */
export const CHECKED_FIELDS = ['title', 'pages', 'related'] as const;
export type CheckedField = (typeof CHECKED_FIELDS)[number];

function fieldLines(source: string): Record<CheckedField, number> {
  const lines = source.split('\n');
  const lineOf = (key: string) => lines.findIndex((line) => line.startsWith(`${key}:`)) + 1 || 1;
  return Object.fromEntries(CHECKED_FIELDS.map((key) => [key, lineOf(key)])) as Record<CheckedField, number>;
}

/**
 * How long after its last change a file must be stat-ed for its size and times to vouch for it: a
 * file changed again within their granularity keeps them. Times in whole seconds come from a file
 * system that keeps no finer ones (FAT keeps 2 s). Others keep nanoseconds, stamped from a clock
 * that ticks every few ms: a help center generated or checked out just before a build would
 * otherwise be read again whole by the next.
 */
export const racyMs = (info: { mtimeMs: number; ctimeMs: number }) => (info.mtimeMs % 1000 === 0 || info.ctimeMs % 1000 === 0 ? 2000 : 100);

/** An entry of this build, with the text this build read (none when the entry came from the cache). */
export interface ReadFile {
  entry: FileEntry;
  source?: string;
  body?: string;
}

const digest = (bytes: Buffer) => hash('sha256', bytes, 'base64url').slice(0, 22);

/** A file the cache cannot vouch for: to be read, with the stat it was seen with. */
export interface Unread {
  file: string;
  /** `FileEntry.stat` of the file now (none when it could not be stat-ed, or without a cache). */
  signature?: string;
  checkedAt: number;
  /** The hash of the cache's entry: a file whose bytes still hash to it keeps that entry. */
  knownHash?: string;
}

/** What a file's stat says of its bytes: `size:mtime:ctime:inode` (`FileEntry.stat`). */
export const statSignature = (info: StatFields) => `${info.size}:${info.mtimeMs}:${info.ctimeMs}:${info.ino}`;

/**
 * Whether a cache entry made from a file (its `stat`, taken at `checkedAt`) still stands for it:
 * the same size and times, and taken long enough after the last change for them to vouch for it.
 */
export const vouchedFor = (entry: { stat: string; checkedAt: number }, info: StatFields) => entry.stat === statSignature(info) && settled(entry.checkedAt, info);

/** `vouchedFor`, for a stat kept as its numbers (`statFields` of `FileEntry.stat`): a patch looks at every file's, and a string for each cost it 10 ms. */
export const vouchedForFields = (stat: StatFields, checkedAt: number, info: StatFields) =>
  stat.size === info.size && stat.mtimeMs === info.mtimeMs && stat.ctimeMs === info.ctimeMs && stat.ino === info.ino && settled(checkedAt, info);

/** The numbers of a `FileEntry.stat` (NaN for one that vouches for nothing). */
export const statFields = (stat: string): StatFields => {
  const [size, mtimeMs, ctimeMs, ino] = stat.split(':').map(Number);
  return { size, mtimeMs, ctimeMs, ino };
};

/** Whether a stat taken at `checkedAt` came long enough after the file's last change to vouch for it. */
const settled = (checkedAt: number, info: StatFields) => checkedAt - Math.max(info.mtimeMs, info.ctimeMs) >= racyMs(info);

/**
 * The cache's entry for a file whose size and times did not change, else what reading it needs.
 * `info`: its stat (see `surveyContent`), taken at `checkedAt`.
 */
export function lookUp(file: string, files: Map<string, FileEntry> | undefined, info: StatFields | undefined, checkedAt: number): { entry: FileEntry } | Unread {
  const hit = files?.get(file);
  if (hit && info && vouchedFor(hit, info)) return { entry: hit };
  return { file, signature: info && statSignature(info), checkedAt, knownHash: hit?.hash };
}

/**
 * Reads a file and parses its frontmatter: a new entry, with the text read. Undefined when its
 * bytes hash to `knownHash` (touched, not changed): the cache's entry stands. Needs no cache, so
 * a worker thread can run it (prepare-article.ts).
 */
export function readEntry(unread: Unread, options: { strict?: boolean; timings?: BuildTimings }): ReadFile | undefined {
  const { timings } = options;
  const started = performance.now();
  const parsing = timings?.stages.parse ?? 0;
  const read = readAndParse(unread, options);
  // Its time as `read`, but for the frontmatter's parsing, which is `parse`.
  if (timings) timings.stages.read += performance.now() - started - (timings.stages.parse - parsing);
  return read;
}

function readAndParse({ file, signature, checkedAt, knownHash }: Unread, { strict, timings }: { strict?: boolean; timings?: BuildTimings }): ReadFile | undefined {
  const own = new Diagnostics();
  // Synchronous too: an article is a few kilobytes, and `readFile` through promises makes four
  // trips through the thread pool (open, stat, read, close), each waiting for this thread's turn.
  let bytes: Buffer | undefined;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    own.error(file, 1, 1, `cannot read file: ${(error as Error).message}`);
  }
  const hash = bytes ? digest(bytes) : '';
  if (bytes && hash === knownHash && signature) return undefined;
  const source = bytes && decodeText(file, bytes, own);
  const parsed = source === undefined ? undefined : timed(timings, 'parse', () => parseFrontmatter(file, source, own, { strict }));
  const entry: FileEntry = { stat: signature ?? '', checkedAt, hash, problems: own.list };
  if (!parsed) return { entry, source };
  const { body, ...meta } = parsed;
  entry.parsed = meta;
  entry.fieldLines = fieldLines(source!);
  return { entry, source, body };
}

/** The entry of a file read by this build, noted in `files`: its own, or the cache's when the bytes did not change. */
export function noteEntry(files: Map<string, FileEntry> | undefined, unread: Unread, read: ReadFile | undefined): ReadFile {
  if (!read) {
    // Updated in place: a copy would read the HTML and tokens the cache has not parsed (cache.ts).
    const entry = files!.get(unread.file)!;
    Object.assign(entry, { stat: unread.signature!, checkedAt: unread.checkedAt });
    files!.set(unread.file, entry);
    return { entry };
  }
  if (unread.signature) files?.set(unread.file, read.entry);
  return read;
}

const LARGE_ARTICLE = 1024 * 1024;

function decodeText(file: string, bytes: Buffer, diagnostics: Diagnostics): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    diagnostics.error(file, 1, 1, 'not UTF-8 text: save the file as UTF-8');
    return undefined;
  }
  if (text.includes('\u0000')) {
    diagnostics.error(file, 1, 1, 'this looks like a binary file, not markdown: remove it from the content folder or rename it');
    return undefined;
  }
  if (bytes.length > LARGE_ARTICLE) {
    diagnostics.warning(file, 1, 1, `article is ${(bytes.length / 1024 / 1024).toFixed(1)} MB: readers download all of it when they open it; split it into smaller articles`);
  }
  return text;
}

/** The text of a file this build took from the cache, read again when a problem in it needs a line number. */
export function readSourceSync(file: string): string {
  return readFileSync(file, 'utf8');
}

/**
 * An article's title: its `title:`, else its `# heading`, else another tool's hero; and for
 * another tool's page with none of those, its file name (`fromFileName`, see `fileNameTitle`).
 * Undefined for an article of ours with none: an error.
 */
export function articleTitle(title: string | undefined, lexed: LexedBody, parsed: Omit<ParsedSource, 'body'>, file: string): { title?: string; fromFileName?: boolean } {
  const named = title ?? lexed.title ?? parsed.heroTitle;
  if (named !== undefined || !parsed.foreign) return { title: named };
  const fromFile = fileNameTitle(file);
  return { title: fromFile, fromFileName: fromFile !== undefined };
}

/** Lexes a body (the markdown after the frontmatter) into sections, with its links and images. */
export function lexArticleBody(rawBody: string, title: string | undefined, { mdxFile, strict }: { mdxFile: boolean; strict?: boolean }): { result: BodyResult; body: string } {
  const text = rawBody.replace(/\r\n?/g, '\n');
  const mdx = mdxFile || (!strict && looksLikeMdx(text));
  const containers: Container[] = [];
  const body = toPlainMarkdown(text, mdx, containers);
  const nested = tooDeeplyNested(body);
  if (nested) return { result: { mdx, nested, links: [], images: [] }, body };
  const lexed = lexSafely(body, title, containers);
  if (!lexed) return { result: { mdx, lexFailed: true, links: [], images: [] }, body };
  const found = (list: { token: Tokens.Link | Tokens.Image; offset: number }[]) => list.map(({ token, offset }) => ({ href: token.href, offset, token }));
  const { links, images, html } = bodyParts(lexed, body);
  const anchors = htmlAnchors(html);
  if (anchors.length) lexed.htmlAnchors = anchors;
  // Those of raw HTML are checked, published and pointed as markdown ones are, after them.
  const raw = { a: [] as FoundLink[], img: [] as FoundLink[] };
  for (const { token, offset } of html) {
    for (const { tag, url, index, start, end } of relativeRawHtmlUrls(token.raw)) raw[tag].push({ href: url, offset: offset + index, raw: true, token: { html: token, start, end } });
  }
  return { result: { mdx, lexed, links: [...found(links), ...raw.a], images: [...found(images), ...raw.img] }, body };
}

/** Lexes a body; undefined when the parser still overflows its stack. */
function lexSafely(body: string, title: string | undefined, containers: Container[]): LexedBody | undefined {
  try {
    const titled = lexBody(body, { titleHeading: true, containers });
    // The `# heading` is the title when there is no `title:`, or when it repeats it.
    if (title === undefined || titled.title === undefined || titled.title.toLowerCase() === title.trim().toLowerCase()) return titled;
    return lexBody(body, { containers });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return undefined;
  }
}

/**
 * Whether a section has text, without reading it: the build cache reads the text of a section
 * only when asked (a getter, see cached-entry.ts), and saves it only for sections that have some.
 */
export function hasText(section: Section): boolean {
  // A section loaded without its text has none of its own: its getter is its class's.
  return !Object.hasOwn(section, 'text') || section.text !== '';
}

/**
 * What is wrong with a lexed body on its own, placed in its file (`source`, whose body starts at
 * `bodyOffset`): a `#` heading in the body, and sections with no text.
 */
export function bodyProblems(file: string, source: string, bodyOffset: number, lexed: LexedBody): Diagnostic[] {
  const own = new Diagnostics();
  // Normalized only for a problem: most bodies have none.
  let text: string | undefined;
  const at = (offset: number) => lineCol((text ??= source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')), bodyOffset + offset);
  for (const heading of lexed.headings) {
    if (heading.depth !== 1) continue;
    const { line, col } = at(heading.offset);
    own.warning(file, line, col, 'a `#` heading in the body: the title comes from the frontmatter; use `##` for sections');
  }
  lexed.sections.forEach((section, i) => {
    if (!section.heading || hasText(section)) return;
    // A heading directly followed by its own subheadings is not empty.
    const next = lexed.sections[i + 1]?.heading;
    if (next && next.depth > section.heading.depth) return;
    const { line, col } = at(section.heading.offset);
    own.warning(file, line, col, `section "${section.heading.text}" is empty: add text under it or remove the heading`);
  });
  return own.list;
}

/**
 * A body result as the cache keeps it: without markdown tokens, which only rendering needs, and
 * with its problems (see `bodyProblems`), placed in its file (`source`, whose body starts at `bodyOffset`).
 */
export function cachedBody(result: BodyResult, file: string, source: string, bodyOffset: number): BodyResult {
  const strip = (list: FoundLink[]) => list.map(({ href, offset, raw }): FoundLink => (raw ? { href, offset, raw } : { href, offset }));
  const lexed = result.lexed && { ...result.lexed, tokens: Object.assign([], { links: {} }), offsets: [] };
  const problems = result.lexed ? bodyProblems(file, source, bodyOffset, result.lexed) : [];
  return { ...result, lexed, links: strip(result.links), images: strip(result.images), problems };
}

/**
 * A file's text and body read again (its problems were reported when it was first read), with the
 * hash of its bytes. Synchronous, as `readEntry`: a worker re-reading thousands of linked articles
 * (render-linked.ts) waited on the thread pool, which every thread of the build shares.
 */
export function rereadBody(file: string, strict: boolean | undefined): { source: string; body: string; hash: string } {
  const bytes = readFileSync(file);
  const source = new TextDecoder('utf-8').decode(bytes);
  return { source, body: parseFrontmatter(file, source, new Diagnostics(), { strict }).body, hash: digest(bytes) };
}
