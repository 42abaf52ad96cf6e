import { createHash } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { gzipSync } from 'node:zlib';
import { FORMAT_VERSION, paths, type ArticleCard, type ArticleContent, type IndexRoot, type LocaleIndex, type Manifest, type Shard } from '../../src/format.ts';
import type { IndexParts, LocaleParts } from './build-index.ts';
import { OutputWriter } from './output-writer.ts';
import { timed, timedAsync, type BuildTimings } from './timings.ts';
import { writeFiles, type FileToWrite, type WriteResult } from './write-files.ts';

export const hashOf = (data: string | Buffer) => createHash('sha256').update(data).digest('hex').slice(0, 16);

/**
 * A file of the index known by its hash and size from an earlier build (`MadeFiles`): the earlier
 * output holds the same bytes, which are linked; its text is made only if they cannot be.
 */
export class LaterText {
  constructor(
    readonly bytes: number,
    private make: () => string,
  ) {}

  toString(): string {
    return this.make();
  }
}

export type OutputData = string | Buffer | LaterText;

/**
 * The hash and size of the content buckets and cards the last build made, by what they were made
 * from (see `LocaleParts.prints`): kept by the build cache, so a rebuild does not make again the
 * JSON of thousands of cards and buckets that did not change, nor read their HTML.
 */
export type MadeFiles = Map<string, [hash: string, bytes: number]>;

/** The files of an index folder, by relative path, ready to write. */
export interface OutputFiles {
  files: Map<string, OutputData>;
  /** `hashOf` each file, worked out once: names, the build id and the build cache use them. */
  hashes: Map<string, string>;
  manifest: Manifest;
  /** The buckets and cards of this layout, for the next (see `MadeFiles`). */
  made: MadeFiles;
}

/**
 * Lays out index parts as files with content-hashed names, plus `manifest.json`. Buckets and cards
 * `known` from the last build are `LaterText`.
 */
export function layoutOutput(parts: IndexParts, known: MadeFiles = new Map()): OutputFiles {
  const files = new Map<string, OutputData>();
  const steps = layoutSteps(parts, known, (file, data) => files.set(file, data), { keep: true });
  let step = steps.next();
  while (!step.done) step = steps.next();
  return { files, ...step.value };
}

/** What `writeLayout` made, but the files: they are in the output folder. */
export interface WrittenLayout extends Omit<OutputFiles, 'files'> {
  /**
   * Total size of the files, and what a reader downloads gzipped before the first search (the
   * manifest and the default language's root; shards and buckets follow the query). Gzipping every
   * file for a total cost a tenth of a build and told a writer less.
   */
  size: { bytes: number; firstLoadGzip: number };
}

/**
 * Lays out index parts as `layoutOutput` does, straight into an output folder being written: each
 * group of files (shards, buckets, cards) is written once named, and its text let go unless `keep`
 * (see `layoutSteps`), so a large help center is never in memory as text whole: at 50,000 articles
 * that text is a few hundred MB. `earlier(hash)` names a file of the replaced output with those bytes.
 * Without `keep` the parts are spent: their shards and metadata go once written.
 */
export async function writeLayout(
  parts: IndexParts,
  folder: OutputFolder,
  { known = new Map(), earlier, timings, keep = false }: { known?: MadeFiles; earlier?: (hash: string) => string | undefined; timings?: BuildTimings; keep?: boolean } = {},
): Promise<WrittenLayout> {
  let bytes = 0;
  // The manifest and the roots, for the first load's size: small.
  const firstLoad = new Map<string, string>();
  const steps = layoutSteps(parts, known, (file, data, hash) => {
    bytes += data instanceof LaterText ? data.bytes : Buffer.byteLength(data);
    if (file === 'manifest.json' || file === paths.root(file.slice(0, file.indexOf('/')), hash)) firstLoad.set(file, data.toString());
    folder.add(file, data, earlier?.(hash));
  }, { keep });
  for (;;) {
    const step = timed(timings, 'layout', () => steps.next());
    await timedAsync(timings, 'write', () => folder.flush());
    if (!step.done) continue;
    const { manifest } = step.value;
    const firstLoadGzip = timed(timings, 'size', () => ['manifest.json', manifest.indexes[manifest.defaultLocale].root].reduce((sum, file) => sum + gzipSync(firstLoad.get(file)!).length, 0));
    return { ...step.value, size: { bytes, firstLoadGzip } };
  }
}

/**
 * The layout, a group of files at a time: each file goes to `put` with its hash, and the generator
 * yields once a group is complete (its files' names carry the hash of the group's hashes, so none
 * is named before all are made). With `keep`, the JSON of shards, cards and buckets is remembered
 * for the next build in this process (--watch, dev), which need not make it again.
 */
function* layoutSteps(
  parts: IndexParts,
  known: MadeFiles,
  put: (file: string, data: OutputData, hash: string) => void,
  { keep }: { keep: boolean },
): Generator<void, Omit<OutputFiles, 'files'>> {
  const hashes = new Map<string, string>();
  const made: MadeFiles = new Map();
  const add = (file: string, data: OutputData, hash = hashOf(data as string | Buffer)) => {
    put(file, data, hash);
    hashes.set(file, hash);
    return hash;
  };
  for (const [file, bytes] of parts.assets) add(file, bytes);
  const indexes: Record<string, LocaleIndex> = {};
  for (const [locale, localeParts] of parts.locales) {
    const articleCount = localeParts.meta.length;
    const root = yield* layoutLocale(locale, localeParts, add, { known, made, keep });
    const text = JSON.stringify(root);
    const hash = hashOf(text);
    const file = paths.root(locale, hash);
    add(file, text, hash);
    indexes[locale] = { root: file, bytes: Buffer.byteLength(text), articleCount, sectionCount: localeParts.sectionCount, glossary: root.glossary };
  }
  const all = Object.values(indexes);
  const manifest: Manifest = {
    format: 'selfserve-index',
    version: FORMAT_VERSION,
    buildId: hashOf([...hashes.keys()].sort().map((file) => `${file}:${hashes.get(file)}`).join('\n')),
    articleCount: all.reduce((n, i) => n + i.articleCount, 0),
    sectionCount: all.reduce((n, i) => n + i.sectionCount, 0),
    locales: Object.keys(indexes),
    defaultLocale: parts.defaultLocale,
    indexes,
  };
  add('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  return { hashes, manifest, made };
}

/** Adds one language's shards, buckets, cards and glossary to `files`, a group at a time; returns its root. */
function* layoutLocale(
  locale: string,
  parts: LocaleParts,
  add: (file: string, data: OutputData, hash?: string) => string,
  { known, made, keep }: { known: MadeFiles; made: MadeFiles; keep: boolean },
): Generator<void, IndexRoot> {
  let shardBytes = 0;
  const shards = parts.shards.map(({ from, shard, stored }) => {
    // A shard of the last output taken as it was (see shard-memo.ts) is not made again.
    const { text, hash: full } = stored ? { text: stored.bytes, hash: stored.hash } : jsonOf(shard!, keep);
    // Short: the root lists every shard, and this only has to tell one build's shard from another's.
    const hash = full.slice(0, 10);
    add(paths.shard(locale, hash), text, full);
    shardBytes = Math.max(shardBytes, Buffer.byteLength(text));
    return { from, hash };
  });
  // A single build is done with its postings once the shards are written (see `writeLayout`).
  if (!keep) parts.shards = [];
  yield;
  const { bucketStarts: starts } = parts;
  const slice = <T>(list: T[], b: number) => list.slice(starts[b], b + 1 < starts.length ? starts[b + 1] : list.length);
  // One hash per kind of bucket (a root listing thousands of hashes would cost more than it
  // saves): the hash of the buckets' own hashes, so no text is hashed twice.
  const metaBuckets = metaBucketsOf(locale, parts, { known, made, keep, held: 0 });
  const metaHash = hashOf(metaBuckets.map((bucket) => bucket.hash).join('\n'));
  const metaBytes = most(metaBuckets);
  metaBuckets.forEach(({ text, hash }, b) => add(paths.meta(locale, b, metaHash), text, hash));
  metaBuckets.length = 0;
  const sections = parts.meta.map((m) => m.sections.length);
  const sizes = starts.map((start, b) => (b + 1 < starts.length ? starts[b + 1] : parts.meta.length) - start);
  // And with the articles' metadata once written.
  if (!keep) parts.meta = [];
  yield;
  // Each group holds at most `HELD_BYTES` of text (see `remembered`).
  let memo = { known, made, keep, held: 0 };
  const contentBuckets = starts.map((_, b) =>
    remembered(memo, `content\n${locale}`, slice(parts.prints, b).map((print) => print('content')), () => contentBucket(slice(parts.contents, b).map((content) => content()), keep)),
  );
  const contentHash = hashOf(contentBuckets.map((bucket) => bucket.hash).join('\n'));
  const contentBytes = most(contentBuckets);
  contentBuckets.forEach(({ text, hash }, b) => add(paths.content(locale, b, contentHash), text, hash));
  contentBuckets.length = 0;
  yield;
  // The same for cards: one hash over the cards' own.
  memo = { known, made, keep, held: 0 };
  const cards = parts.cards.map((card, i) => remembered(memo, `card\n${locale}`, [parts.prints[i]('card')], () => jsonOf(card(), keep)));
  const cardHash = hashOf(cards.map((card) => card.hash).join('\n'));
  const cardBytes = most(cards);
  cards.forEach(({ text, hash }, article) => add(paths.card(locale, article, cardHash), text, hash));
  cards.length = 0;
  yield;
  let glossary: IndexRoot['glossary'];
  if (parts.glossary) {
    const text = JSON.stringify(parts.glossary);
    const hash = hashOf(text);
    add(paths.glossary(locale, hash), text, hash);
    glossary = { hash, bytes: Buffer.byteLength(text) };
  }
  return {
    locale,
    sections,
    shards,
    shardBytes,
    buckets: { sizes, metaHash, contentHash, metaBytes, contentBytes },
    cards: { hash: cardHash, bytes: cardBytes },
    featured: parts.featured,
    glossary,
  };
}

/**
 * A language's metadata buckets, each known from the last build by its articles' prints made only
 * if it cannot be linked: from the metadata as it is now, held until then (a single build lets
 * `parts.meta` go once they are written).
 */
function metaBucketsOf(locale: string, parts: LocaleParts, memo: { known: MadeFiles; made: MadeFiles; keep: boolean; held: number }) {
  const { meta, bucketStarts: starts } = parts;
  const slice = <T>(list: T[], b: number) => list.slice(starts[b], b + 1 < starts.length ? starts[b + 1] : list.length);
  return starts.map((_, b) =>
    remembered(memo, `meta\n${locale}`, slice(parts.prints, b).map((print) => print('meta')), () => {
      const text = JSON.stringify({ articles: slice(meta, b) });
      return { text, hash: hashOf(text) };
    }),
  );
}

const most = (files: { bytes: number }[]) => files.reduce((max, file) => Math.max(max, file.bytes), 0);

// Text a group of files may hold until it is written, in a single build (see `remembered`).
const HELD_BYTES = 32 * 1024 * 1024;

/**
 * A bucket or card made from the same `prints` as one of the last build (`memo.known`): its hash and
 * size, its text made only if needed (`LaterText`). Else made now. Either way noted in `memo.made`.
 * A group's files are named after all of them are hashed: past `HELD_BYTES` of a group (tens of
 * thousands of articles), a single build lets the text of each file go once hashed and makes it
 * again when written, which costs less than holding a hundred MB of it, then collecting it.
 */
function remembered(
  memo: { known: MadeFiles; made: MadeFiles; keep: boolean; held: number },
  kind: string,
  prints: (string | undefined)[],
  make: () => { text: string; hash: string },
): { text: string | LaterText; hash: string; bytes: number } {
  const key = prints.every((print) => print !== undefined) ? hashOf(`${kind}\n${prints.join('\n')}`) : undefined;
  const known = key === undefined ? undefined : memo.known.get(key);
  const file: { text: string | LaterText; hash: string; bytes: number } = known ? { text: new LaterText(known[1], () => make().text), hash: known[0], bytes: known[1] } : { ...make(), bytes: 0 };
  if (!known) {
    file.bytes = Buffer.byteLength(file.text as string);
    memo.held += file.bytes;
    if (!memo.keep && memo.held > HELD_BYTES) file.text = new LaterText(file.bytes, () => make().text);
  }
  if (key !== undefined) memo.made.set(key, [file.hash, file.bytes]);
  return file;
}

// A shard or card that is the same object as in the previous build (--watch and dev keep them:
// `indexShards`, `cardOf`) keeps its JSON and hash: they are not made again.
const madeJson = new WeakMap<Shard | ArticleCard, { text: string; hash: string }>();

/** Its JSON and hash, remembered with `keep` (see `layoutSteps`). */
function jsonOf(value: Shard | ArticleCard, keep: boolean): { text: string; hash: string } {
  let made = madeJson.get(value);
  if (!made) {
    const text = JSON.stringify(value);
    made = { text, hash: hashOf(text) };
    if (keep) madeJson.set(value, made);
  }
  return made;
}

// The same for a content bucket whose articles are all the same objects as in the last build
// (`contentOf` in build-index.ts): the content is most of an index's bytes.
const lastBuckets = new WeakMap<ArticleContent, { articles: ArticleContent[]; text: string; hash: string }>();
function contentBucket(articles: ArticleContent[], keep: boolean): { text: string; hash: string } {
  const last = articles.length ? lastBuckets.get(articles[0]) : undefined;
  if (last && last.articles.length === articles.length && last.articles.every((a, i) => a === articles[i])) return last;
  const text = JSON.stringify({ articles });
  const made = { articles, text, hash: hashOf(text) };
  if (articles.length && keep) lastBuckets.set(articles[0], made);
  return made;
}

const WRITES_IN_FLIGHT = 16;

/** Why an output folder may not be written. */
export class OutputError extends Error {}

/**
 * Refuses output folders that would lose someone's files: the content folder itself, a folder that
 * holds it, or a non-empty folder that is not an earlier Selfserve build. An earlier build is known
 * by its own marker: a `manifest.json` whose `format` is `selfserve-index` (a web app's
 * `manifest.json` is not one).
 */
export async function checkOutputDir(outDir: string, contentDir: string): Promise<void> {
  const out = path.resolve(outDir);
  const content = path.resolve(contentDir);
  if (out === content || content.startsWith(out + path.sep)) {
    throw new OutputError(`the output folder ${outDir} contains the content folder: choose another --out, like dist/help`);
  }
  const info = await stat(out).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw new OutputError(`${outDir} exists and is not a folder: choose another --out`);
  const entries = await readdir(out);
  if (entries.length && !(await isOurBuild(out))) {
    throw new OutputError(`${outDir} is not empty and is not a Selfserve index (no manifest.json with "format": "selfserve-index"): it will not be replaced; choose an empty or new folder`);
  }
}

async function isOurBuild(dir: string): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { format?: unknown };
    return manifest?.format === 'selfserve-index';
  } catch {
    return false;
  }
}

/**
 * The temporary folders a build makes beside its output, named so that nothing else is: a
 * user's `help.old-2024-12-01` backup never matches.
 */
export const tempName = (out: string, kind: 'tmp' | 'old', pid: number, stamp: string) => `${out}.selfserve-${kind}-${pid}-${stamp}`;
const TEMP = /^selfserve-(?:tmp|old)-(\d+)-[0-9a-z]+$/;

/** Temporary folders left by builds that were killed: removed once their process is gone. */
export async function removeStaleTemps(out: string, isRunning: (pid: number) => boolean): Promise<void> {
  const dir = path.dirname(out);
  const prefix = `${path.basename(out)}.`;
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const name of entries) {
    const match = name.startsWith(prefix) ? TEMP.exec(name.slice(prefix.length)) : null;
    if (match && !isRunning(Number(match[1]))) await rm(path.join(dir, name), { recursive: true, force: true });
  }
}

/**
 * An output folder being written: files go into a temporary folder beside it, a batch at a time
 * (`add`, then `flush`, which lets their data go), and the whole is swapped in at once (`swap`).
 * Until then an earlier output stays as it was; `discard` removes what a failed build wrote. From
 * `writerAbove` files in one flush, files are written on a thread of their own (`OutputWriter`)
 * while the next are laid out, unless the heap is large (`AHEAD_HEAP_BYTES`).
 */
export class OutputFolder {
  written = 0;
  linked = 0;
  private queue: [file: string, data: OutputData, source?: string][] = [];
  private readonly dirs = new Set<string>();
  /** The files of the replaced output linked into this one: those it is known to hold. */
  private readonly sources: string[] = [];
  private writer?: OutputWriter;
  /** The batches sent to the writer and not yet written, oldest first, with the text they hold. */
  private readonly writing: { done: Promise<void>; bytes: number }[] = [];
  private writingBytes = 0;

  private constructor(
    readonly out: string,
    private readonly temp: string,
    private readonly old: string,
    private readonly writerAbove: number,
  ) {}

  /** @param writerAbove Files in one flush from which a thread of their own writes them. Default: 1,000. */
  static async open(outDir: string, { writerAbove = WRITER_ABOVE }: { writerAbove?: number } = {}): Promise<OutputFolder> {
    const out = path.resolve(outDir);
    const stamp = Date.now().toString(36);
    const folder = new OutputFolder(out, tempName(out, 'tmp', process.pid, stamp), tempName(out, 'old', process.pid, stamp), writerAbove);
    await mkdir(path.dirname(out), { recursive: true });
    await mkdir(folder.temp);
    return folder;
  }

  /**
   * Queues a file for the next `flush`. `source` may name a file of the output being replaced that
   * holds the same bytes (the build cache records what it wrote): it is hard-linked instead.
   */
  add(file: string, data: OutputData, source?: string): void {
    this.queue.push([file, data, source]);
  }

  /**
   * Writes the queued files: here, or for a large batch on the writer thread, which resolves as
   * soon as they are sent (`swap` waits until they are written). A file known by its size alone
   * (`LaterText`) is made only if its link fails.
   */
  async flush(): Promise<void> {
    const entries = this.queue;
    this.queue = [];
    // Small batches, and a large heap (see `AHEAD_HEAP_BYTES`), are written here.
    const here = (!this.writer && entries.length < this.writerAbove) || aheadTooFar();
    if (!here) this.writer ??= new OutputWriter();
    // A few MB at a time, the text of each file made only then (see `remembered`): at 50,000
    // articles the cards alone are a few hundred MB of text.
    let batch: [string, OutputData, string?][] = [];
    let files: FileToWrite[] = [];
    let bytes = 0;
    const write = async () => {
      if (here) {
        const retry = this.note(batch, writeFiles(this.temp, this.out, files, this.dirs));
        if (retry.length) this.note([], writeFiles(this.temp, this.out, retry, this.dirs));
      } else await this.send(batch, files, bytes);
      batch = [];
      files = [];
      bytes = 0;
    };
    for (const entry of entries) {
      const [file, data, source] = entry;
      const text = data instanceof LaterText ? (source ? data.bytes : data.toString()) : data;
      batch.push(entry);
      files.push([file, text, source]);
      bytes += typeof text === 'number' ? 0 : text.length;
      if (bytes >= BATCH_BYTES) await write();
    }
    if (files.length) await write();
  }

  /** Waits for the writer to write the oldest batch it was sent. */
  private async oldestWritten(): Promise<void> {
    const oldest = this.writing.shift()!;
    this.writingBytes -= oldest.bytes;
    await oldest.done;
  }

  /** Sends a batch to the writer, once what it holds of earlier batches leaves room for its text. */
  private async send(entries: [string, OutputData, string?][], files: FileToWrite[], bytes: number): Promise<void> {
    const writer = this.writer!;
    while (this.writing.length && this.writingBytes + bytes > WRITING_BYTES) await this.oldestWritten();
    const done = (async () => {
      const retry = this.note(entries, await writer.write(this.temp, this.out, files));
      if (retry.length) this.note([], await writer.write(this.temp, this.out, retry));
    })();
    // Awaited by a later send or the swap: a failure meanwhile must not count as unhandled.
    done.catch(() => {});
    this.writing.push({ done, bytes });
    this.writingBytes += bytes;
  }

  /** Counts what a batch wrote; returns the files to write whose links failed, their text made. */
  private note(entries: [string, OutputData, string?][], { written, linked, unlinked }: WriteResult): FileToWrite[] {
    this.written += written;
    this.linked += linked.length;
    for (const source of linked) this.sources.push(source);
    return unlinked.map((i) => [entries[i][0], entries[i][1].toString()]);
  }

  /** Waits for the writer to write all it was sent, and stops it. */
  private async settle(): Promise<void> {
    try {
      while (this.writing.length) await this.oldestWritten();
    } finally {
      this.writing.length = this.writingBytes = 0;
      await this.writer?.close();
      this.writer = undefined;
    }
  }

  /**
   * Swaps the written folder in for the output. `removed`: the removal of the replaced output,
   * awaited first unless `removeLater` (--watch, dev: the new one is in place already).
   */
  async swap({ removeLater = false } = {}): Promise<{ removed: Promise<void> }> {
    await this.settle();
    const { out, temp, old } = this;
    const hadOutput = await stat(out).then(() => true, () => false);
    if (hadOutput) await rename(out, old);
    try {
      await rename(temp, out);
    } catch (error) {
      if (hadOutput) await rename(old, out);
      throw error;
    }
    const removed = hadOutput ? removeFolder(old, this.sources) : Promise.resolve();
    if (!removeLater) await removed;
    return { removed };
  }

  /** Removes the temporary folder, if not swapped in. */
  async discard(): Promise<void> {
    await this.settle().catch(() => {});
    await rm(this.temp, { recursive: true, force: true });
  }
}

// Files in one flush from which the writer thread writes them: a single build of a thousand
// articles writes about 1,600 files; fewer are written sooner than a thread starts.
const WRITER_ABOVE = 1000;
// Text per message to the writer, and most of it sent and not yet written: the writer holds a
// copy, and at 50,000 articles the whole output is a few hundred MB.
const BATCH_BYTES = 4 * 1024 * 1024;
const WRITING_BYTES = 16 * 1024 * 1024;
// Past this much heap, files are written on the main thread, not ahead of it on the writer's: the
// writer takes the core that the garbage collector would mark with, and at 50,000 articles laying
// out ahead of it left garbage uncollected (a peak of 1.17-1.24 GB instead of 1.0). A build of
// 10,000 articles stays well under it.
const AHEAD_HEAP_BYTES = 512 * 1024 * 1024;
const aheadTooFar = () => getHeapStatistics().used_heap_size > AHEAD_HEAP_BYTES;

/**
 * Removes a folder, first the `files` it is known to hold, one by one: rm's walk of a folder of
 * thousands of files stats each before removing it, which cost twice as much. Synchronous: through
 * the thread pool and promises they cost more again.
 */
async function removeFolder(dir: string, files: string[]): Promise<void> {
  for (const file of files) {
    try {
      unlinkSync(`${dir}/${file}`);
    } catch {
      // Gone already: rm below removes whatever is left.
    }
  }
  await rm(dir, { recursive: true, force: true });
}

/**
 * Brings a folder that only this process serves (the `dev` preview's images) up to `files`:
 * writes the files whose bytes changed since `last` (the hashes of what it wrote before), then
 * removes those no longer listed. No swap: nothing but the preview reads the folder.
 */
export async function updateOutput(dir: string, files: Map<string, OutputData>, hashes: Map<string, string>, last: Map<string, string>): Promise<number> {
  await mkdir(dir, { recursive: true });
  const changed = [...files].filter(([file]) => last.get(file) !== hashes.get(file));
  for (const folder of new Set(changed.map(([file]) => path.dirname(file)))) await mkdir(path.join(dir, folder), { recursive: true });
  await fewAtOnce(changed, ([file, data]) => writeFile(path.join(dir, file), data instanceof LaterText ? data.toString() : data));
  await fewAtOnce([...last.keys()].filter((file) => !files.has(file)), (file) => rm(path.join(dir, file), { force: true }));
  return changed.length;
}

/** Runs `task` over `items` a few at a time: one at a time waits on the disk between every two files. */
async function fewAtOnce<T>(items: T[], task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const runner = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: WRITES_IN_FLIGHT }, runner));
}
