// The files of an index, laid out from its parts (build-index.ts): shards, buckets, cards, each
// language's root and the manifest, each named by the hash of its bytes (docs/index-format.md).
import { hash } from 'node:crypto';
import { blockOf, FORMAT_VERSION, paths, type ArticleCard, type ArticleContent, type IndexRoot, type LocaleIndex, type Manifest, type Shard } from '../../src/format.ts';
import type { IndexParts, LocaleParts } from './build-index.ts';
import type { ShardPart } from './shards.ts';

// crypto.hash: a fifth of the time of createHash for the small files of an index (15,000 at 10,000 articles).
export const hashOf = (data: string | Buffer) => hash('sha256', data).slice(0, 16);

/**
 * A file of the index known by its hash and size from an earlier build (`MadeFiles`, or an image
 * the build cache knows): the earlier output holds the same bytes, which are kept or linked; its
 * content (text, or an image's bytes) is made only if they cannot be.
 */
export class LaterText {
  constructor(
    readonly bytes: number,
    private make: () => string | Buffer,
  ) {}

  /** Its content, made now. */
  content(): string | Buffer {
    return this.make();
  }

  toString(): string {
    return String(this.make());
  }
}

export type OutputData = string | Buffer | LaterText;

/** A file as a build wrote it: the full `hashOf` its bytes (its name may hold the start), and their count. */
export interface WrittenFile {
  hash: string;
  bytes: number;
}

/**
 * The hash and size of each file of a block (its metadata and content buckets, then its cards) the
 * last build made, as `hash:bytes` joined by spaces, by what the block was made from (see
 * `blockKey`): kept by the build cache, so a rebuild does not make again the JSON of thousands of
 * cards and buckets that did not change, nor read their HTML. By block, not by file: a rebuild
 * after one change made and looked up 15,000 keys at 10,000 articles, and saved them all.
 */
export type MadeFiles = Map<string, string>;

/** The files of an index folder, by relative path, ready to write. */
export interface OutputFiles {
  files: Map<string, OutputData>;
  /** `hashOf` each file, worked out once: names, the build id and the build cache use them. */
  hashes: Map<string, string>;
  manifest: Manifest;
  /** The buckets and cards of this layout, for the next (see `MadeFiles`). */
  made: MadeFiles;
  /** Each language's shards, in the root's order: the full hash and size of each file (see `SavedShards`). */
  shards: Map<string, WrittenFile[]>;
  /** Each language's blocks, in order: what each was made from (see patch-build.ts). */
  blocks: Map<string, BlockRecord[]>;
}

/** What a block of buckets and cards was made from: its key in `MadeFiles`, and its articles' prints (see `LocaleParts.print`). */
export interface BlockRecord {
  key?: string;
  prints: (string | undefined)[];
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

/**
 * The layout, a group of files at a time: each file goes to `put` with its hash, and the generator
 * yields once a group is complete (its files' names carry the hash of the group's hashes, so none
 * is named before all are made). With `keep`, the JSON of shards, cards and buckets is remembered
 * for the next build in this process (--watch, dev), which need not make it again.
 */
export function* layoutSteps(
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
  // Hashed when named (see `collectImages`): one the build cache knows is not read.
  for (const [file, { data, hash }] of parts.assets) add(file, data, hash);
  const indexes: Record<string, LocaleIndex> = {};
  const shards = new Map<string, WrittenFile[]>();
  const blocks = new Map<string, BlockRecord[]>();
  for (const [locale, localeParts] of parts.locales) {
    const { articleCount } = localeParts;
    const written: WrittenFile[] = [];
    shards.set(locale, written);
    const records: BlockRecord[] = [];
    blocks.set(locale, records);
    const root = yield* layoutLocale(locale, localeParts, add, { known, made, keep, shards: written, blocks: records });
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
  return { hashes, manifest, made, shards, blocks };
}

/** Adds one language's shards, buckets, cards and glossary to `files`, a group at a time; returns its root. */
function* layoutLocale(
  locale: string,
  parts: LocaleParts,
  add: (file: string, data: OutputData, hash?: string) => string,
  { known, made, keep, shards: written, blocks: records }: { known: MadeFiles; made: MadeFiles; keep: boolean; shards: WrittenFile[]; blocks: BlockRecord[] },
): Generator<void, IndexRoot> {
  let shardBytes = 0;
  const shards = parts.shards.map((part) => {
    const { file, text, hash: full, short, bytes } = shardFile(locale, part, keep);
    add(file, text, full);
    written.push({ hash: full, bytes });
    shardBytes = Math.max(shardBytes, bytes);
    return { from: part.from, hash: short };
  });
  // A single build is done with its postings once the shards are written (see `writeLayout`).
  if (!keep) parts.shards = [];
  yield;
  const { bucketStarts: starts, articleCount } = parts;
  const buckets = starts.length;
  const end = (b: number) => (b + 1 < buckets ? starts[b + 1] : articleCount);
  const sizes = starts.map((start, b) => end(b) - start);
  // A block at a time: its buckets and cards are named with the hash of their own hashes, so a
  // change renames one block's files (see `IndexRoot.buckets`), and no more than a block's text is
  // held until it is named.
  const bounds = blockBounds(buckets);
  const blocks: string[] = [];
  let metaBytes = 0;
  let contentBytes = 0;
  let cardBytes = 0;
  for (let block = 0; block + 1 < bounds.length; block++) {
    const [first, last] = [bounds[block], bounds[block + 1]];
    const from = starts[first];
    const to = end(last - 1);
    const count = last - first;
    // The block's files in order: its metadata buckets, its content buckets, its cards.
    const make = (i: number) => {
      if (i >= 2 * count) return jsonOf(parts.card(from + i - 2 * count), keep);
      const b = first + (i % count);
      const numbers = range(starts[b], end(b));
      return i < count ? jsonText({ articles: numbers.map(parts.meta) }) : contentBucket(numbers.map(parts.content), keep);
    };
    const prints = range(from, to).map(parts.print);
    const key = blockKey(locale, sizes.slice(first, last), prints);
    records.push({ key, prints });
    const madeBefore = key === undefined ? undefined : known.get(key);
    const { files, same } = remembered(madeBefore, 2 * count + to - from, make);
    if (key !== undefined) made.set(key, same ? madeBefore! : madeValue(files));
    const metas = files.slice(0, count);
    const contents = files.slice(count, 2 * count);
    const cards = files.slice(2 * count);
    const hash = blockHash(files, first, from);
    blocks.push(hash);
    blockFiles(locale, first, count, from, to - from, hash).forEach((name, k) => add(name, files[k].text, files[k].hash));
    // Made now, not when written (`LaterText`): their articles' HTML and text may go.
    if (parts.release && files.every((file) => !(file.text instanceof LaterText))) for (let n = from; n < to; n++) parts.release(n);
    metaBytes = Math.max(metaBytes, most(metas));
    contentBytes = Math.max(contentBytes, most(contents));
    cardBytes = Math.max(cardBytes, most(cards));
    yield;
  }
  let glossary: IndexRoot['glossary'];
  if (parts.glossary) {
    const text = JSON.stringify(parts.glossary);
    const hash = hashOf(text);
    add(paths.glossary(locale, hash), text, hash);
    glossary = { hash, bytes: Buffer.byteLength(text) };
  }
  return {
    locale,
    sections: parts.sections,
    shards,
    shardBytes,
    buckets: { sizes, blocks, metaBytes, contentBytes },
    cards: { bytes: cardBytes },
    featured: parts.featured,
    glossary,
  };
}

const jsonText = (value: unknown) => {
  const text = JSON.stringify(value);
  return { text, hash: hashOf(text) };
};

const most = (files: { bytes: number }[]) => files.reduce((max, file) => Math.max(max, file.bytes), 0);

// Buckets grouped under one hash in the root's `blocks`: a change renames the files of one
// block; more blocks would make every search's root larger.
const BLOCKS = 64;

/** The first bucket of each block of a language's `buckets`, then the end of the last. */
export function blockBounds(buckets: number): number[] {
  const blockCount = Math.min(BLOCKS, buckets);
  const bounds = [0];
  for (let b = 1; b < buckets; b++) if (blockOf(b, buckets, blockCount) !== blockOf(b - 1, buckets, blockCount)) bounds.push(b);
  bounds.push(buckets);
  return bounds;
}

/**
 * The hash a block's files are named with, from their own and where they are: its first bucket
 * and first article (short, as shard hashes: the root lists one per block). A block of the same
 * files moved by an article added before it (its cards are numbered from its first article) is
 * named anew: under its old hash, its cards' new names were the last output's names of other
 * cards, which a file of the same size was taken for.
 */
export const blockHash = (files: { hash: string }[], first: number, from: number) => hashOf(`${first}\n${from}\n${files.map((file) => file.hash).join('\n')}`).slice(0, 10);

/** The names of a block's files in `MadeFiles` order: its metadata buckets, its content buckets, its cards (see `IndexRoot.buckets`). */
export function blockFiles(locale: string, first: number, count: number, from: number, articles: number, hash: string): string[] {
  return [
    ...range(first, first + count).map((b) => paths.meta(locale, b, hash)),
    ...range(first, first + count).map((b) => paths.content(locale, b, hash)),
    ...range(from, from + articles).map((a) => paths.card(locale, a, hash)),
  ];
}

/** A block's value in `MadeFiles`: each file's `hash:bytes`, joined by spaces. */
export const madeValue = (files: WrittenFile[]) => files.map((file) => `${file.hash}:${file.bytes}`).join(' ');

/** The files of a value in `MadeFiles`. (A colon found, not each file split: 15,000 arrays cost a rebuild 10 ms.) */
export const madeFiles = (value: string): WrittenFile[] =>
  value.split(' ').map((file) => {
    const colon = file.indexOf(':');
    return { hash: file.slice(0, colon), bytes: Number(file.slice(colon + 1)) };
  });

/** A shard's file: made now, or taken as the last output has it (`stored`, see shard-memo.ts). */
export function shardFile(locale: string, { shard, stored }: ShardPart, keep: boolean): { file: string; text: OutputData; hash: string; short: string; bytes: number } {
  const { text, hash } = stored ? { text: stored.bytes, hash: stored.hash } : jsonOf(shard!, keep);
  // Short: the root lists every shard, and this only has to tell one build's shard from another's.
  const short = hash.slice(0, 10);
  return { file: paths.shard(locale, short), text, hash, short, bytes: byteSize(text) };
}

/** The numbers from `from` up to `to`. A loop: through `Array.from` and its callback, a rebuild of 10,000 articles spent 10 ms here. */
function range(from: number, to: number): number[] {
  const numbers = new Array<number>(to - from);
  for (let i = 0; i < numbers.length; i++) numbers[i] = from + i;
  return numbers;
}

/**
 * What a block's files are made from: the sizes of its buckets and each of its articles' prints
 * (see `LocaleParts.print`). Undefined when an article has none: its block is made again.
 */
export function blockKey(locale: string, sizes: number[], prints: (string | undefined)[]): string | undefined {
  return prints.every((print) => print !== undefined) ? hashOf(`${locale}\n${sizes.join(',')}\n${prints.join('\n')}`) : undefined;
}

/**
 * A block's `count` files, the i-th made by `make(i)`: those of the last build when it was made
 * from the same (`known`, see `MadeFiles`), their text made only if needed (`LaterText`), and
 * `same`; else made now.
 */
function remembered(
  known: string | undefined,
  count: number,
  make: (i: number) => { text: string; hash: string },
): { files: { text: string | LaterText; hash: string; bytes: number }[]; same: boolean } {
  const lastFiles = known === undefined ? undefined : madeFiles(known);
  if (lastFiles?.length === count) {
    const files = lastFiles.map(({ hash, bytes }, i) => ({ text: new LaterText(bytes, () => make(i).text), hash, bytes }));
    return { files, same: true };
  }
  const files = range(0, count).map((i) => {
    const { text, hash } = make(i);
    return { text, hash, bytes: Buffer.byteLength(text) };
  });
  return { files, same: false };
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

/** The size in bytes of a file of the output. */
export const byteSize = (data: OutputData) => (data instanceof LaterText ? data.bytes : typeof data === 'string' ? Buffer.byteLength(data) : data.length);
