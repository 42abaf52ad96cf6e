import { createHash } from 'node:crypto';
import { linkSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { FORMAT_VERSION, paths, type ArticleCard, type ArticleContent, type IndexRoot, type LocaleIndex, type Manifest, type Shard } from '../../src/format.ts';
import type { IndexParts, LocaleParts } from './build-index.ts';

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
  const hashes = new Map<string, string>();
  const made: MadeFiles = new Map();
  const add = (file: string, data: OutputData, hash = hashOf(data as string | Buffer)) => {
    files.set(file, data);
    hashes.set(file, hash);
    return hash;
  };
  for (const [file, bytes] of parts.assets) add(file, bytes);
  const indexes: Record<string, LocaleIndex> = {};
  for (const [locale, localeParts] of parts.locales) {
    const root = layoutLocale(locale, localeParts, add, { known, made });
    const text = JSON.stringify(root);
    const hash = hashOf(text);
    const file = paths.root(locale, hash);
    add(file, text, hash);
    indexes[locale] = { root: file, bytes: Buffer.byteLength(text), articleCount: localeParts.meta.length, sectionCount: localeParts.sectionCount, glossary: root.glossary };
  }
  const all = Object.values(indexes);
  const manifest: Manifest = {
    format: 'selfserve-index',
    version: FORMAT_VERSION,
    buildId: hashOf([...files.keys()].sort().map((file) => `${file}:${hashes.get(file)}`).join('\n')),
    articleCount: all.reduce((n, i) => n + i.articleCount, 0),
    sectionCount: all.reduce((n, i) => n + i.sectionCount, 0),
    locales: Object.keys(indexes),
    defaultLocale: parts.defaultLocale,
    indexes,
  };
  add('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  return { files, hashes, manifest, made };
}

/** Adds one language's shards, buckets, cards and glossary to `files`; returns its root. */
function layoutLocale(locale: string, parts: LocaleParts, add: (file: string, data: OutputData, hash?: string) => string, memo: { known: MadeFiles; made: MadeFiles }): IndexRoot {
  let shardBytes = 0;
  const shards = parts.shards.map(({ from, shard }) => {
    const { text, hash: full } = jsonOf(shard);
    // Short: the root lists every shard, and this only has to tell one build's shard from another's.
    const hash = full.slice(0, 10);
    add(paths.shard(locale, hash), text, full);
    shardBytes = Math.max(shardBytes, Buffer.byteLength(text));
    return { from, hash };
  });
  const { bucketStarts: starts } = parts;
  const slice = <T>(list: T[], b: number) => list.slice(starts[b], b + 1 < starts.length ? starts[b + 1] : list.length);
  const metaTexts = starts.map((_, b) => JSON.stringify({ articles: slice(parts.meta, b) }));
  const contentBuckets = starts.map((_, b) =>
    remembered(memo, `content\n${locale}`, slice(parts.prints, b).map((print) => print('content')), () => contentBucket(slice(parts.contents, b).map((content) => content()))),
  );
  // One hash per kind of bucket (a root listing thousands of hashes would cost more than it
  // saves): the hash of the buckets' own hashes, so no text is hashed twice.
  const metaHashes = metaTexts.map((text) => hashOf(text));
  const contentHashes = contentBuckets.map((bucket) => bucket.hash);
  const metaHash = hashOf(metaHashes.join('\n'));
  const contentHash = hashOf(contentHashes.join('\n'));
  metaTexts.forEach((text, b) => add(paths.meta(locale, b, metaHash), text, metaHashes[b]));
  contentBuckets.forEach(({ text, hash }, b) => add(paths.content(locale, b, contentHash), text, hash));
  // The same for cards: one hash over the cards' own.
  const cards = parts.cards.map((card, i) => remembered(memo, `card\n${locale}`, [parts.prints[i]('card')], () => jsonOf(card())));
  const cardHash = hashOf(cards.map((card) => card.hash).join('\n'));
  cards.forEach(({ text, hash }, article) => add(paths.card(locale, article, cardHash), text, hash));
  const largest = (texts: string[]) => texts.reduce((most, t) => Math.max(most, Buffer.byteLength(t)), 0);
  let glossary: IndexRoot['glossary'];
  if (parts.glossary) {
    const text = JSON.stringify(parts.glossary);
    const hash = hashOf(text);
    add(paths.glossary(locale, hash), text, hash);
    glossary = { hash, bytes: Buffer.byteLength(text) };
  }
  return {
    locale,
    sections: parts.meta.map((m) => m.sections.length),
    shards,
    shardBytes,
    buckets: { sizes: starts.map((start, b) => (b + 1 < starts.length ? starts[b + 1] : parts.meta.length) - start), metaHash, contentHash, metaBytes: largest(metaTexts), contentBytes: most(contentBuckets) },
    cards: { hash: cardHash, bytes: most(cards) },
    featured: parts.featured,
    glossary,
  };
}

const most = (files: { bytes: number }[]) => files.reduce((max, file) => Math.max(max, file.bytes), 0);

/**
 * A bucket or card made from the same `prints` as one of the last build (`memo.known`): its hash and
 * size, its text made only if needed (`LaterText`). Else made now. Either way noted in `memo.made`.
 */
function remembered(
  memo: { known: MadeFiles; made: MadeFiles },
  kind: string,
  prints: (string | undefined)[],
  make: () => { text: string; hash: string },
): { text: string | LaterText; hash: string; bytes: number } {
  const key = prints.every((print) => print !== undefined) ? hashOf(`${kind}\n${prints.join('\n')}`) : undefined;
  const known = key === undefined ? undefined : memo.known.get(key);
  const file = known ? { text: new LaterText(known[1], () => make().text), hash: known[0], bytes: known[1] } : { ...make(), bytes: 0 };
  if (!known) file.bytes = Buffer.byteLength(file.text as string);
  if (key !== undefined) memo.made.set(key, [file.hash, file.bytes]);
  return file;
}

// A shard or card that is the same object as in the previous build (--watch and dev keep them:
// `indexShards`, `cardOf`) keeps its JSON and hash: they are not made again.
const madeJson = new WeakMap<Shard | ArticleCard, { text: string; hash: string }>();

/** Notes the JSON a shard was read from (shard-memo.ts), so a build that keeps it does not make it again. */
export function knowShardText(shard: Shard, text: string, hash: string): void {
  madeJson.set(shard, { text, hash });
}

function jsonOf(value: Shard | ArticleCard): { text: string; hash: string } {
  let made = madeJson.get(value);
  if (!made) {
    const text = JSON.stringify(value);
    madeJson.set(value, (made = { text, hash: hashOf(text) }));
  }
  return made;
}

// The same for a content bucket whose articles are all the same objects as in the last build
// (`contentOf` in build-index.ts): the content is most of an index's bytes.
const lastBuckets = new WeakMap<ArticleContent, { articles: ArticleContent[]; text: string; hash: string }>();
function contentBucket(articles: ArticleContent[]): { text: string; hash: string } {
  const last = articles.length ? lastBuckets.get(articles[0]) : undefined;
  if (last && last.articles.length === articles.length && last.articles.every((a, i) => a === articles[i])) return last;
  const text = JSON.stringify({ articles });
  const made = { articles, text, hash: hashOf(text) };
  if (articles.length) lastBuckets.set(articles[0], made);
  return made;
}

const WRITES_IN_FLIGHT = 16;

/**
 * Total size of the files, and what a reader downloads gzipped before the first search (the
 * manifest and the default language's root; shards and buckets follow the query). Gzipping every
 * file for a total cost a tenth of a build and told a writer less.
 */
export function outputSize(files: Map<string, OutputData>, manifest: Manifest): { bytes: number; firstLoadGzip: number } {
  let bytes = 0;
  for (const text of files.values()) bytes += text instanceof LaterText ? text.bytes : Buffer.byteLength(text);
  const firstLoad = ['manifest.json', manifest.indexes[manifest.defaultLocale].root];
  return { bytes, firstLoadGzip: firstLoad.reduce((sum, file) => sum + gzipSync(files.get(file)!.toString()).length, 0) };
}

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
 * Writes the files into a temporary folder beside `outDir`, then swaps it in, so a failed or
 * interrupted build leaves any earlier output as it was. `earlier(file)` may name a file of the
 * output being replaced that holds the same bytes (the build cache records what it wrote): that
 * one is hard-linked instead of written again. With `removeLater` (--watch, dev), the replaced
 * output is removed after this resolves (`removed`): the new one is in place already.
 */
export async function writeOutput(
  outDir: string,
  files: Map<string, OutputData>,
  earlier?: (file: string) => string | undefined,
  { removeLater = false } = {},
): Promise<{ written: number; linked: number; removed: Promise<void> }> {
  const out = path.resolve(outDir);
  const stamp = Date.now().toString(36);
  const temp = tempName(out, 'tmp', process.pid, stamp);
  const old = tempName(out, 'old', process.pid, stamp);
  const counts = { written: 0, linked: 0, removed: Promise.resolve() };
  await mkdir(path.dirname(out), { recursive: true });
  try {
    await mkdir(temp);
    for (const dir of new Set([...files.keys()].map((file) => path.dirname(file)))) await mkdir(path.join(temp, dir), { recursive: true });
    // A few writes in flight: one at a time waits on the disk between every two files.
    const entries = [...files];
    const writer = async () => {
      for (let entry = entries.pop(); entry; entry = entries.pop()) {
        const [file, data] = entry;
        const source = earlier?.(file);
        if (source && linked(path.join(out, source), path.join(temp, file), data)) counts.linked++;
        else {
          await writeFile(path.join(temp, file), data instanceof LaterText ? data.toString() : data);
          counts.written++;
        }
      }
    };
    await Promise.all(Array.from({ length: WRITES_IN_FLIGHT }, writer));
    const hadOutput = await stat(out).then(() => true, () => false);
    if (hadOutput) await rename(out, old);
    try {
      await rename(temp, out);
    } catch (error) {
      if (hadOutput) await rename(old, out);
      throw error;
    }
    if (hadOutput) counts.removed = rm(old, { recursive: true, force: true });
    if (!removeLater) await counts.removed;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return counts;
}

/**
 * Hard-links `source` to `target` when it is a file of the earlier output of the same size as
 * `data`. Synchronous: thousands of links through the thread pool and promises cost more.
 */
function linked(source: string, target: string, data: OutputData): boolean {
  const info = statSync(source, { throwIfNoEntry: false });
  if (!info?.isFile() || info.size !== (data instanceof LaterText ? data.bytes : Buffer.byteLength(data))) return false;
  try {
    linkSync(source, target);
    return true;
  } catch {
    return false;
  }
}
