import { createHash, hash as digest, randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMAT_VERSION } from '../../src/format.ts';
import { anchorsText, HEAVY, headingAt, loadedEntry, readLine, unchangedLine, type HeavyFields, type LightSection, type Line } from './cached-entry.ts';
import { hasText, type FileEntry } from './read-article.ts';
import type { CheckedLinks } from './links.ts';
import type { SavedShards } from './shard-memo.ts';
import type { ShardMemo } from './shards.ts';
import type { MadeFiles } from './layout.ts';
import { isRunning } from './output-folder.ts';
import type { PatchState } from './patch-build.ts';

/** The patch state of the last single build (see patch-build.ts), beside `index.json`. */
export const PATCH_FILE = 'patch.json';

/**
 * The folder where the cache of an output folder is kept: in the folder `SELFSERVE_CACHE_DIR`
 * names (a CI that keeps caches between runs; the tests, which remove theirs), else in
 * `node_modules/.cache/selfserve/` of the project that runs the build (as Babel, ESLint and Terser
 * keep theirs), else in the system's temporary folder. Not in the output folder: that is deployed,
 * and the cache holds every article's text.
 */
export function cacheFolder(outDir: string, cwd = process.cwd()): string {
  const name = hash(path.resolve(outDir));
  const chosen = process.env.SELFSERVE_CACHE_DIR;
  if (chosen) return path.join(path.resolve(cwd, chosen), name);
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules'))) return path.join(dir, 'node_modules', '.cache', 'selfserve', name);
    if (path.dirname(dir) === dir) return path.join(tmpdir(), 'selfserve-cache', name);
  }
}

/**
 * The cache of `selfserve dev` for a content folder, which writes no output folder: named as the
 * cache of an output folder inside it, which no build would use.
 */
export const previewCacheFolder = (contentDir: string, cwd?: string) => cacheFolder(path.join(path.resolve(contentDir), '.selfserve-preview'), cwd);

/** What makes cached work reusable: the same Selfserve (version and build code) and the same options. */
export interface CacheKey {
  version: string;
  /** Hash of the code that sanitizes and tokenizes (the worker's file). */
  code: string;
  format: number;
  strict: boolean;
  defaultLocale: string;
}

/**
 * `index.json`: the key, the files of the output this cache was saved with (path → content hash),
 * and what the next build needs to read that output's shards back (see shard-memo.ts).
 */
interface CacheIndex {
  key: CacheKey;
  outputs: [string, string][];
  shards?: [string, SavedShards][];
  made?: [string, string][];
  images?: [string, ImageEntry][];
  /** The last build's link checks (see `CheckedLinks`), and the save of each part they were made with. */
  links?: { world: string; troubled: string[] };
  saves?: (string | null)[];
  /** The id of the patch state saved beside it (`PATCH_FILE`), when the save that wrote it made one. */
  patch?: string;
}

/**
 * An image the last build published, by its real path: a file whose size and times did not
 * change is not read and hashed again (a help center's screenshots are most of its bytes), and
 * the output keeps its file.
 */
export interface ImageEntry {
  /** `size:mtime:ctime:inode` when it was read (see `FileEntry.stat`). */
  stat: string;
  checkedAt: number;
  /** The hash of its bytes (its output's name holds it: see `imageReader`), and their number. */
  hash: string;
  bytes: number;
}

/**
 * `files-<n>.json`: the entries of the content files whose path hashes to part n, a line of JSON
 * for all, then one per file. The first line (a `CachePart`) is all a rebuild needs of a file that
 * did not change; each other line is the `HeavyFields` of one file, in the same order: its HTML,
 * index tokens, headings and the text of its sections, most of the bytes, read only once a build asks for
 * them (see cached-entry.ts), else saved again as they were. One file, renamed into place
 * whole: its lines are always of the same save.
 */
interface CachePart {
  key: CacheKey;
  /** Which save wrote it: the index names the save of each part it was written with. */
  save?: string;
  files: [string, FileEntry][];
  /** The length in bytes of each file's line. */
  lines: number[];
}

// Parts of the saved entries: a rebuild after one change writes one part again, not the whole cache.
const PARTS = 64;

const hash = (text: string) => digest('sha256', text, 'base64url').slice(0, 22);
// The first 32 bits of the path's hash: computed for every file at each save.
const partOfPath = (file: string) => parseInt(digest('sha256', file).slice(0, 8), 16) % PARTS;
const sameKey = (a: CacheKey, b: CacheKey) => JSON.stringify(a) === JSON.stringify(b);

/** The build cache's entries by content file, noting which changed since they were loaded or saved. */
export class FileEntries extends Map<string, FileEntry> {
  /** Parts with an entry set or deleted since the last save. */
  readonly changed = new Set<number>();
  /**
   * The entries this build replaced (their files changed), by the hash of the bytes they were made
   * from: the index takes their tokens out of the last build's postings (see shard-memo.ts).
   */
  readonly retired = new Map<string, FileEntry>();
  /** The part each file's entry was loaded from or saved to: a save looks up every file's part. */
  readonly #parts = new Map<string, number>();

  /** The part a file's entry is saved in (a hash of its path, worked out once). */
  partOf(file: string): number {
    let part = this.#parts.get(file);
    if (part === undefined) this.#parts.set(file, (part = partOfPath(file)));
    return part;
  }

  /** Notes an entry loaded from part `part`, which it is saved in. */
  loaded(file: string, entry: FileEntry, part: number): void {
    this.#parts.set(file, part);
    super.set(file, entry);
  }

  override set(file: string, entry: FileEntry): this {
    this.changed?.add(this.partOf(file));
    const old = this.retired && super.get(file);
    if (old && old !== entry) this.retired.set(old.hash, old);
    return super.set(file, entry);
  }

  override delete(file: string): boolean {
    this.changed.add(this.partOf(file));
    this.#parts.delete(file);
    return super.delete(file);
  }

  override clear(): void {
    for (let part = 0; part < PARTS; part++) this.changed.add(part);
    super.clear();
  }
}

/**
 * The work of earlier builds: what each content file gave on its own (its parsed frontmatter,
 * sections, sanitized HTML and index tokens, see `FileEntry`), and the files of the last output.
 * An entry is used only for a file with the same bytes, so a cached build equals a clean one. Kept
 * in memory between the builds of --watch and dev, and saved under temporary names that are put in
 * place once the output is swapped in (`stage`): a build that fails saves nothing.
 */
export class BuildCache {
  /** By absolute path of the content file. */
  files = new FileEntries();
  /** The content hash of each file of the output last written with this cache, by path. */
  outputs = new Map<string, string>();
  /** Each language's postings and shards, for the next build in the same process (not saved). */
  readonly shards = new Map<string, ShardMemo>();
  /** Where the last output's shards are, for the next `build` to read back (saved). */
  savedShards = new Map<string, SavedShards>();
  /** The hashes and sizes of the last output's buckets and cards, by block, by what they were made from (saved). */
  made: MadeFiles = new Map();
  /** The images of the last build (saved). */
  images = new Map<string, ImageEntry>();
  /** What the last build checked the links against, and where it found problems (saved). */
  checkedLinks: CheckedLinks = { world: '', troubled: new Set() };
  /** The save that wrote each part (saved with the index, to tell a save cut short). */
  private saves: (string | null)[] = [];
  /** The parts opened by `load`, whose lines are read when asked. */
  private readonly opened: number[] = [];
  /** Where it was loaded from. */
  private folder?: string;
  /** The id of the patch state saved with it (see patch-build.ts), if the last save had one. */
  savedPatch?: string;
  /** The patch state to save with it (a single build sets it; --watch and dev do not): see patch-build.ts. */
  patch?: PatchState;

  constructor(readonly key: CacheKey) {}

  /**
   * Closes the parts `load` opened: after this, entries whose heavy fields were never read cannot
   * read them. For a single build, once saved; --watch keeps its cache, and them, open.
   */
  close(): void {
    for (const fd of this.opened.splice(0)) closeSync(fd);
  }

  /**
   * The cache saved in `folder`, or an empty one when there is none or it was made with another key.
   * `parts`: the numbers of the parts whose entries to load (default: all; see `loadParts`).
   */
  static async load(folder: string, key: CacheKey, { parts }: { parts?: number[] } = {}): Promise<BuildCache> {
    const cache = new BuildCache(key);
    try {
      // Synchronous, as the parts are read: a build has nothing else to do meanwhile.
      const index = JSON.parse(readFileSync(path.join(folder, 'index.json'), 'utf8')) as CacheIndex;
      if (!sameKey(index.key, key)) return cache;
      cache.outputs = new Map(index.outputs);
      cache.savedShards = new Map(index.shards ?? []);
      cache.made = new Map(index.made ?? []);
      cache.images = new Map(index.images ?? []);
      cache.saves = index.saves ?? [];
      cache.savedPatch = index.patch;
      cache.folder = folder;
      if (index.links) cache.checkedLinks = { world: index.links.world, troubled: new Set(index.links.troubled) };
      if (!cache.loadParts(parts ?? Array.from({ length: PARTS }, (_, n) => n))) cache.checkedLinks = { world: '', troubled: new Set() };
    } catch {
      // No cache, or an unreadable one: the build does all the work.
      cache.close();
      cache.files = new FileEntries();
      cache.outputs = new Map();
      cache.savedShards = new Map();
      cache.made = new Map();
      cache.images = new Map();
      cache.checkedLinks = { world: '', troubled: new Set() };
      cache.savedPatch = undefined;
    }
    return cache;
  }

  /**
   * Loads the entries of parts `numbers` (of a cache `load`ed with others): false when one was saved
   * by a save whose index was never put in place (a build killed in between). Its entries are
   * sound, being of their files' bytes, but their links were checked against another content
   * folder than the index's `links` says. A part of another key (a save cut short) is left out;
   * its files are read again.
   */
  loadParts(numbers: number[]): boolean {
    const folder = this.folder!;
    const into = { bytes: Buffer.allocUnsafe(256 * 1024) };
    let whole = true;
    for (const n of numbers) {
      let opened: ReturnType<typeof openPart> | undefined;
      try {
        opened = openPart(path.join(folder, `files-${n}.json`), into);
      } catch {
        // Missing: its files are read again.
      }
      if (opened) this.opened.push(opened.fd);
      const part = opened && (JSON.parse(opened.first) as CachePart);
      if ((part?.save ?? null) !== (this.saves[n] ?? null)) whole = false;
      if (!opened || !part || !sameKey(part.key, this.key) || part.lines?.length !== part.files.length) continue;
      let at = opened.rest;
      part.files.forEach(([file, fields], i) => {
        const entry = loadedEntry(fields, { fd: opened.fd, offset: at, length: part.lines[i] }, folder);
        at += part.lines[i] + 1;
        this.files.loaded(file, entry, n);
      });
    }
    return whole;
  }

  /** Starts a build: with another key, nothing of the earlier builds is used. */
  begin(key: CacheKey): void {
    this.files.retired.clear();
    if (sameKey(key, this.key)) return;
    this.files.clear();
    this.outputs.clear();
    this.shards.clear();
    this.savedShards.clear();
    this.made.clear();
    this.images.clear();
    this.checkedLinks = { world: '', troubled: new Set() };
    (this as { key: CacheKey }).key = key;
  }

  /**
   * Writes the parts that changed and the index under temporary names, while the output is still
   * being written (a build's writer thread writes it meanwhile); `commit` renames them into place
   * once the output is swapped in, and `discard` removes them if it is not: a build that fails
   * saves nothing. Each file is written whole then renamed, so a killed build leaves whole files;
   * and since an entry is used only for a file with the same bytes, no mix of old and new parts
   * can make an index wrong. `signal` stops it between parts (`dev`, when the next build starts):
   * what it wrote is removed, and the parts stay to be saved. `parts`: those staged already (see
   * `stageParts`), to which this adds the index.
   */
  async stage(folder: string, { signal, parts }: { signal?: AbortSignal; parts?: StagedCache } = {}): Promise<StagedCache> {
    const staged = parts ?? (await this.stageParts(folder, { signal }));
    let more: StagedCache;
    try {
      more = await this.staging(folder, async (write) => {
        signal?.throwIfAborted();
        // Before the index, which names it: one without the other is not used.
        if (this.patch) await write(PATCH_FILE, JSON.stringify(this.patch));
        await write('index.json', this.indexText());
      });
    } catch (error) {
      // Parts staged here go with it; those given are the caller's to discard.
      if (!parts) await staged.discard();
      throw error;
    }
    return {
      commit: async () => {
        // The index last: it names the outputs the parts were saved with.
        await staged.commit();
        await more.commit();
      },
      discard: () => Promise.all([staged.discard(), more.discard()]).then(() => {}),
    };
  }

  /**
   * Forgets, and saves at once that it forgot, files of the last output that are gone from it
   * (someone removed them, or the whole folder): a build then writes them under their own names,
   * and one killed meanwhile may leave one cut short, which a record of it would vouch for (see
   * `OutputFolder`).
   */
  async forgetOutputs(folder: string, files: string[]): Promise<void> {
    for (const file of files) this.outputs.delete(file);
    // A patch needs the record of every file of the output.
    this.patch = undefined;
    const staged = await this.staging(folder, (write) => write('index.json', this.indexText()));
    await staged.commit();
  }

  private indexText(): string {
    const links = { world: this.checkedLinks.world, troubled: [...this.checkedLinks.troubled] };
    const saves = Array.from({ length: PARTS }, (_, n) => this.saves[n] ?? null);
    return JSON.stringify({ key: this.key, outputs: [...this.outputs], shards: [...this.savedShards], made: [...this.made], images: [...this.images], links, saves, patch: this.patch?.id } satisfies CacheIndex);
  }

  /**
   * Writes the parts that changed, as `stage` does, but not the index, which names the files of
   * the output: a single build saves its entries once they are made, before the index is, and lets
   * their tokens go as the postings take them (see `buildIndex`).
   */
  async stageParts(folder: string, { signal }: { signal?: AbortSignal } = {}): Promise<StagedCache> {
    const parts = Array.from({ length: PARTS }, () => [] as string[]);
    for (const file of this.files.keys()) {
      const part = this.files.partOf(file);
      if (this.files.changed.has(part)) parts[part].push(file);
    }
    const key = JSON.stringify(this.key);
    const save = randomUUID();
    const changed = [...this.files.changed].sort((a, b) => a - b);
    // What a build that was killed while it saved left (its process is gone) goes first.
    for (const name of await readdir(folder).catch(() => [])) {
      const pid = Number(/\.(\d+)\.tmp$/.exec(name)?.[1]);
      if (pid && pid !== process.pid && !isRunning(pid)) await rm(path.join(folder, name), { force: true });
    }
    const staged = await this.staging(folder, async (write) => {
      // One part at a time: at 50,000 articles the whole cache as one string would take a few hundred MB.
      for (const part of changed) {
        signal?.throwIfAborted();
        const light: string[] = [];
        const heavy: (Buffer | Line)[] = [];
        for (const file of parts[part]) {
          const entry = this.files.get(file)!;
          light.push(JSON.stringify([file, lightFields(entry)]));
          const line = unchangedLine(entry);
          const lexed = entry.body?.lexed;
          const fields = () => ({ html: entry.html, tokens: entry.tokens, texts: lexed?.sections.map((section) => section.text), headings: lexed?.headings }) satisfies HeavyFields;
          heavy.push(line ?? Buffer.from(JSON.stringify(fields())));
        }
        const lines = JSON.stringify(heavy.map((line) => line.length));
        await write(`files-${part}.json`, Buffer.concat([Buffer.from(`{"key":${key},"save":${JSON.stringify(save)},"files":[${light.join(',')}],"lines":${lines}}\n`), ...joinLines(heavy)]));
        // (Noted before the part is in place: an index naming a save that did not land only makes
        // the next build check every link again.)
        this.saves[part] = save;
      }
    });
    return {
      commit: async () => {
        await staged.commit();
        for (const part of changed) this.files.changed.delete(part);
      },
      discard: staged.discard,
    };
  }

  /** Files written by `write` under temporary names, renamed into place by `commit`; none left if it throws. */
  private async staging(folder: string, writeAll: (write: (name: string, text: string | Buffer) => Promise<void>) => Promise<void>): Promise<StagedCache> {
    await mkdir(folder, { recursive: true });
    const staged: [temp: string, name: string][] = [];
    const discard = () => Promise.all(staged.map(([temp]) => rm(temp, { force: true }))).then(() => {});
    try {
      await writeAll(async (name, text) => {
        const temp = path.join(folder, `${name}.${process.pid}.tmp`);
        staged.push([temp, path.join(folder, name)]);
        await writeFile(temp, text);
      });
    } catch (error) {
      await discard();
      throw error;
    }
    return {
      commit: async () => {
        for (const [temp, name] of staged) await rename(temp, name);
      },
      discard,
    };
  }
}

/** A save of the build cache written under temporary names (see `BuildCache.stage`). */
export interface StagedCache {
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * A part's first line, and where the others start: they are read when asked (`readLine`), from
 * this descriptor, kept open, which reads this file even once a save has replaced it. Reading
 * whole parts up front took as long as parsing the first lines. Read into `into`, the same buffer
 * for every part (grown when a line is longer): a new one for each, its memory mapped afresh,
 * cost a rebuild of 10,000 articles 50 ms in page faults, ten times the reading.
 */
function openPart(file: string, into: { bytes: Buffer }): { fd: number; first: string; rest: number } {
  const fd = openSync(file, 'r');
  let { bytes } = into;
  for (let length = 0; ; ) {
    const read = readSync(fd, bytes, length, bytes.length - length, length);
    const end = bytes.indexOf(10, length);
    length += read;
    // (A byte past those read, left from another part, is never taken for the line's end.)
    if (end >= 0 && end < length) return { fd, first: bytes.toString('utf8', 0, end), rest: end + 1 };
    if (!read) {
      closeSync(fd);
      throw new Error(`${file} has no line break: not a part of this cache`);
    }
    if (length === bytes.length) bytes = into.bytes = Buffer.concat([bytes, Buffer.allocUnsafe(bytes.length)]);
  }
}

/**
 * Lines joined by line breaks, those of an open part read as they are. Lines that follow one
 * another there (the file's break included) are read at once: a rebuild after a checkout that
 * touched every file saves every part again, and a read per line cost most of that.
 */
function joinLines(lines: (Buffer | Line)[]): Buffer[] {
  const joined: (Buffer | Line)[] = [];
  for (const line of lines) {
    const last = joined.at(-1);
    if (last && !Buffer.isBuffer(last) && !Buffer.isBuffer(line) && last.fd === line.fd && last.offset + last.length + 1 === line.offset) {
      joined[joined.length - 1] = { ...last, length: last.length + 1 + line.length };
    } else joined.push(line);
  }
  return joined.flatMap((line, i) => [...(i ? [NEWLINE] : []), Buffer.isBuffer(line) ? line : readLine(line)]);
}

const NEWLINE = Buffer.from('\n');

/**
 * An entry but its heavy fields, which are not read (they may not be parsed yet): a section keeps
 * its heading as its number among the body's headings (which go on the heavy line), and its text
 * only when it has none (see `hasText` and `LightSection`).
 */
function lightFields(entry: FileEntry): Partial<FileEntry> {
  const light: Record<string, unknown> = {};
  for (const field of Object.keys(entry)) if (!(HEAVY as readonly string[]).includes(field)) light[field] = entry[field as keyof FileEntry];
  const lexed = entry.body?.lexed;
  if (lexed) {
    const sections = lexed.sections.map((section) => {
      const at = headingAt(section) ?? (section.heading ? lexed.headings.indexOf(section.heading) : -1);
      const heading = at < 0 && section.heading ? section.heading : at;
      return (hasText(section) ? (typeof heading === 'number' ? heading : [heading]) : [heading, section.text]) satisfies LightSection;
    });
    // Its own fields but the headings, which go on its heavy line (a loaded body's are a getter's),
    // and their anchors, which checking links needs (see `headingAnchors`).
    const fields: Record<string, unknown> = { ...lexed, sections, anchors: anchorsText(lexed) };
    delete fields.headings;
    delete fields.htmlAnchors;
    light.body = { ...entry.body, lexed: fields };
  }
  return light;
}

/** The key of a build with these options, by the Selfserve that runs it. */
export function cacheKey(options: { strict?: boolean; defaultLocale?: string }, workerFile: URL): CacheKey {
  return { version: ownVersion(), code: codeHash(fileURLToPath(workerFile)), format: FORMAT_VERSION, strict: Boolean(options.strict), defaultLocale: options.defaultLocale ?? 'en' };
}

/**
 * Hash of the code that reads, renders and tokenizes articles: the worker's file and, in the
 * package, every chunk of `dist/chunks/` (from source: the build's own folders and `src/`). An
 * entry made by other code, even at the same version, is not used. The files are known by name,
 * size and time of change, not read: reading and hashing 1.4 MB of chunks was 16 ms of each
 * rebuild, and anything that changes a file (an edit, a patch, an install) changes its time.
 */
export function codeHash(workerFile: string, folders = codeFolders()): string {
  const digest = createHash('sha256').update(readFileSync(workerFile));
  for (const folder of folders) {
    const files = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && /\.[jt]sx?$/.test(f.name));
    for (const file of files.map((f) => path.join(f.parentPath, f.name)).sort()) {
      const { size, mtimeMs } = statSync(file);
      digest.update(`${path.relative(folder, file)}:${size}:${mtimeMs}\n`);
    }
  }
  return digest.digest('base64url').slice(0, 22);
}

/** The folders of the build's code: `dist/chunks/` in the package, else the source's. */
function codeFolders(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return import.meta.url.endsWith('.ts')
    ? ['../../scripts/build', '../../scripts/content', '../../src'].map((folder) => path.resolve(here, folder))
    : [path.basename(here) === 'chunks' ? here : path.join(here, 'chunks')];
}

/** Selfserve's version, from the package.json above this file (in scripts/build/ or dist/chunks/). */
function ownVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'selfserve') return pkg.version ?? '0';
    }
    const parent = path.dirname(dir);
    if (parent === dir) return '0';
    dir = parent;
  }
}
