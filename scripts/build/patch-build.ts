// A rebuild after the text of a few articles changed, made from the last build's output and build
// cache: the files those articles are in are made again, and no other article is read.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { recordFields } from '../../src/engine.ts';
import type { Frontmatter } from '../../src/schema.ts';
import { paths, type ArticleCard, type ArticleContent, type IndexRoot, type Manifest } from '../../src/format.ts';
import { renderUnsanitized } from '../content/render-markdown.ts';
import { sanitizeBodies, withoutRawHtml } from '../content/sanitize-many.ts';
import { Diagnostics, type Diagnostic } from '../diagnostics.ts';
import { readWidgetFiles, WIDGET_SCRIPT } from '../widget-files.ts';
import { articleRecords, cardOf, contentOf, earlierTokens, printOf, termsOf, tokensPrint } from './build-index.ts';
import { BuildCache, PATCH_FILE, type CacheKey, type StagedCache } from './cache.ts';
import { anchorsText } from './cached-entry.ts';
import { registerAllLanguages } from './all-languages.ts';
import { bodyPos, checkArticle, type Compiled, type CompiledArticle } from './compile.ts';
import { exists } from './links.ts';
import { imageProbe } from './publish-images.ts';
import { findImage } from '../content/images.ts';
import { blockBounds, blockFiles, blockHash, blockKey, hashOf, LaterText, madeFiles, madeValue, shardFile, type BlockRecord, type OutputData } from './layout.ts';
import { MANIFEST, OutputFolder } from './output-folder.ts';
import { applyImageOutputs, applyLinkTargets } from './render-linked.ts';
import { articleTitle, cachedBody, hasText, lexArticleBody, linksOfDeps, noteEntry, readEntry, statFields, statSignature, vouchedFor, vouchedForFields, type FileEntry, type FoundLink, type Unread } from './read-article.ts';
import { readShardMemos } from './shard-memo.ts';
import { addWidget } from './write-output.ts';
import { indexShards, type ArticleTokens } from './shards.ts';
import { statAt, type ContentSurvey } from '../content/survey.ts';
import { timed, timedAsync, type BuildTimings } from './timings.ts';

/**
 * What a single build leaves beside its build cache for the next to patch its output (`PATCH_FILE`;
 * `--watch` and `dev` keep theirs in memory and leave none): all that a full build works out from
 * the whole content folder and that a change to an article's text leaves as it was.
 */
export interface PatchState {
  /** Named by the build cache's index saved with it: a save without one (`--watch`) is not patched. */
  id: string;
  /**
   * Every content file, in the order the survey lists them, as the build cache has it: for each,
   * `FILE_NUMBERS` numbers (those of its `FileEntry.stat`, see `statFields`, then its `checkedAt`;
   * null for a file it has no entry of), and its hash. Columns, not a list of each file's: ten
   * thousand small lists were a tenth of a patch in loading and collecting them.
   */
  files: { paths: string[]; numbers: (number | null)[]; hashes: string[] };
  /** See `Compiled.foreign`; and whether the folder had a `.vitepress` folder, which makes it so. */
  foreign: boolean;
  vitepress: boolean;
  /** The build's problems, sorted (`Diagnostics.sorted`), and its notes. */
  diagnostics: Diagnostic[];
  notes: string[];
  /** Each language's blocks, in order (see `BlockRecord`). */
  blocks: [locale: string, blocks: BlockRecord[]][];
  /** The bytes of the index's files (`WrittenLayout.size.bytes`). */
  bytes: number;
  /** What the build found outside the articles (see `Compiled.probes`). */
  probes: { files: [file: string, existed: boolean][]; images: [relFile: string, probe: string][] };
}

/** What a patched build made, for the summary `build` prints. */
export interface Patched {
  diagnostics: Diagnostic[];
  notes: string[];
  manifest: Manifest;
  /** The index's files (the manifest's included), and their bytes. */
  files: number;
  size: { bytes: number; firstLoadGzip: number };
  widgetFiles: number;
  /** The widget's script, for the tag to paste. */
  script: Buffer;
}

export interface PatchOptions {
  contentDir: string;
  out: string;
  savedCache: string;
  key: CacheKey;
  /** The content folder's survey, being taken on a thread of its own (see survey-thread.ts): awaited once the last build's state is read. */
  survey: Promise<ContentSurvey | undefined> | undefined;
  timings?: BuildTimings;
}

// What stands for the text of a file of the last output that a patch keeps (see `OutputFolder.add`): never read.
const KEPT = new LaterText(0, () => {
  throw new Error('selfserve: a patch kept a file it did not make');
});

// Changed articles past which a full build costs less than patching (it renders on both cores).
const MOST_CHANGED = 16;
// Files the build cache cannot vouch for past which a full build reads them (on both cores): most
// are only touched (a checkout, or files written just before the last build looked), and
// patching reads and hashes each of them.
const MOST_UNVOUCHED = 1000;

/**
 * The output and build cache of a build whose content differs from the last single build's only
 * in the text of a few articles (`MOST_CHANGED`): their frontmatter, headings, links and images as
 * they were, so every other article, link check and problem is as it was. Their content buckets,
 * cards and the shards their words are in are made again, the other files of their blocks linked
 * under the blocks' new names, the roots and the manifest patched, and the output swapped in as a
 * full build's is: byte for byte what a full build makes (a test builds both). Undefined, having
 * written nothing, when it cannot vouch for that (a file added, removed or renamed, a heading or a
 * link changed, a problem of the article that a full build would place anew, no patch state…):
 * then `build` builds in full.
 */
export async function patchBuild(options: PatchOptions): Promise<Patched | undefined> {
  const { contentDir, out, savedCache, key, timings } = options;
  // Their stemmers, as a full build has them (see all-languages.ts).
  registerAllLanguages();
  const cache = await timedAsync(timings, 'cache', async () => BuildCache.load(savedCache, key, { parts: [] }));
  try {
    return await patchWith(cache, options);
  } finally {
    cache.close();
  }

  async function patchWith(cache: BuildCache, options: PatchOptions): Promise<Patched | undefined> {
    // Nothing is written until the patch is made: whatever it meets meanwhile (a file of the last
    // output gone, a damaged build cache), a full build meets too, and reports or repairs.
    const planned = await plan(cache, options).catch(() => undefined);
    if (!planned) return undefined;
    const { state, articles, made, widget, written } = planned;

    // Written as a full build writes its output (see `build`): in place, swapped in whole.
    const folder = await OutputFolder.open(out, { last: cache.outputs });
    let staged: StagedCache | undefined;
    try {
      if (folder.gone().length) return undefined;
      // The last output's other files, all there (above) and named by their bytes: kept as they are.
      for (const [file, hash] of cache.outputs) if (!widget.has(file) && file !== MANIFEST && !made.removed.has(file)) folder.add(file, KEPT, hash, { named: true });
      for (const [file, { data, hash }] of made.added) folder.add(file, data, hash, { named: true });
      folder.add(MANIFEST, written.manifestText, written.manifestHash);
      const outputs = new Map(written.layoutHashes);
      addWidget(folder, widget, outputs);
      await timedAsync(timings, 'write', () => folder.flush());
      cache.outputs = outputs;
      cache.made = made.made;
      cache.patch = nextState(state, cache, articles, made, written.bytes);
      staged = await timedAsync(timings, 'cache', () => cache.stage(savedCache));
      await timedAsync(timings, 'write', () => folder.swap());
    } catch (error) {
      await staged?.discard();
      throw error;
    } finally {
      await folder.discard();
    }
    try {
      await timedAsync(timings, 'cache', () => staged!.commit());
    } finally {
      await timedAsync(timings, 'write', () => folder.finish());
    }
    if (timings) {
      timings.patched = true;
      timings.rendered = articles.length;
      timings.reused = written.manifest.articleCount - articles.length;
      // Those whose links had a problem are found as they were (`probes`), and their problems reported again.
      timings.linksChecked = new Set([...cache.checkedLinks.troubled, ...articles.filter((article) => article.compiled.links.length).map((article) => article.at.file)]).size;
      timings.written = folder.written;
      timings.kept = folder.kept;
    }
    const diagnostics = mergedProblems(state.diagnostics, articles);
    return { diagnostics, notes: state.notes, manifest: written.manifest, files: written.layoutHashes.size, size: { bytes: written.bytes, firstLoadGzip: written.firstLoadGzip }, widgetFiles: widget.size, script: widget.get(WIDGET_SCRIPT)! };
  }

  /** The patch: the changed articles made again, and the files they change. */
  async function plan(cache: BuildCache, options: PatchOptions) {
    const state = cache.savedPatch ? timed(timings, 'cache', () => readState(savedCache, cache.savedPatch!)) : undefined;
    if (!state) return undefined;
    const survey = await timedAsync(timings, 'find', async () => options.survey);
    if (!survey || survey.root !== contentDir || survey.exclude.join('\0') !== out || survey.problems.length || !survey.stats.length) return undefined;
    const changed = changedFiles(state, survey);
    if (!changed) return undefined;
    // What the last build found outside the articles, found again: the images they show, and the
    // files their links name that are not articles (whose links are checked again by every build).
    const root = await realpath(contentDir);
    const folders = new Map<string, string>();
    for (const [relFile, probe] of state.probes.images) {
      const found = findImage(root, relFile, folders);
      if (imageProbe(found) !== probe) return undefined;
      const image = 'real' in found ? cache.images.get(found.real) : undefined;
      if ('real' in found && !(image && vouchedFor(image, found.info))) return undefined;
    }
    for (const [file, existed] of state.probes.files) if ((await exists(file)) !== existed) return undefined;
    if ((await exists(path.join(contentDir, '.vitepress'))) !== state.vitepress) return undefined;
    if (!timed(timings, 'cache', () => cache.loadParts([...new Set(changed.map(({ file }) => cache.files.partOf(file)))]))) return undefined;

    const where = locate(state, new Set(changed.map(({ file }) => file)));
    // Every article's slug, for the `related:` of a changed one (made only then).
    let all: Set<string> | undefined;
    const slugs = { has: (slug: string) => (all ??= new Set(state.blocks.flatMap(([, blocks]) => blocks.flatMap((block) => block.prints.map((print) => print!.slice(0, print!.indexOf('\0'))))))).has(slug) };
    const problemsOf = problemsByFile(state.diagnostics);
    const articles: PatchedArticle[] = [];
    for (const unread of changed) {
      const old = cache.files.get(unread.file);
      if (!old || old.hash !== unread.knownHash) return undefined;
      const read = readEntry(unread, { timings });
      // Touched, not changed: its entry stands, with the new stat.
      if (!read) {
        noteEntry(cache.files, unread, undefined);
        continue;
      }
      const at = where.get(unread.file);
      if (!at || articles.length === MOST_CHANGED) return undefined;
      const article = timed(timings, 'parse', () => patchedArticle(read, old, at, path.relative(contentDir, unread.file).split(path.sep).join('/')));
      if (!article) return undefined;
      // Its problems as a full build reports them: those it had come from it alone, or from its
      // links and images, which resolve as they did and are only placed anew.
      const before = problemsOf.get(unread.file) ?? [];
      const reported = ownProblems(unread.file, old, article.compiled.frontmatter, slugs, state.foreign);
      if (JSON.stringify(reported) !== JSON.stringify(before.filter((problem) => problem.offset === undefined))) return undefined;
      const placed = placedAnew(before, old, article.compiled);
      if (!placed) return undefined;
      const problems = new Diagnostics();
      problems.list.push(...ownProblems(unread.file, article.entry, article.compiled.frontmatter, slugs, state.foreign), ...placed);
      article.problems = problems.sorted();
      if (article.problems.some((problem) => problem.severity === 'error')) return undefined;
      articles.push(article);
    }
    for (const article of articles) render(article);

    const made = timed(timings, 'index', () => patchIndexes(out, cache, state, articles));
    if (!made) return undefined;
    const widget = await readWidgetFiles();
    const written = timed(timings, 'layout', () => patchManifest(out, cache, state, made, widget));
    if (!written) return undefined;
    return { state, articles, made, widget, written };
  }

  /** An article read again, and where it is in the last build's index. */
  function patchedArticle(read: { entry: FileEntry; source?: string; body?: string }, old: FileEntry, at: Located, relPath: string): PatchedArticle | undefined {
    const { entry, source, body: rawBody } = read;
    const parsed = entry.parsed;
    const fm = parsed?.frontmatter;
    // Its frontmatter as it was, to the line: its slug, language, description and the lines its
    // problems are reported at.
    if (!parsed || !fm || fm.draft || rawBody === undefined || source === undefined || !old.parsed) return undefined;
    if (JSON.stringify(parsed) !== JSON.stringify(old.parsed) || JSON.stringify(entry.fieldLines) !== JSON.stringify(old.fieldLines)) return undefined;
    const lexedBody = lexArticleBody(rawBody, fm.title, { mdxFile: /\.mdx$/i.test(relPath), strict: key.strict });
    const { result } = lexedBody;
    const was = old.body;
    if (!result.lexed || result.nested || !was?.lexed || result.mdx !== was.mdx) return undefined;
    // Its title as it was (another tool's page may take it from its `# heading`, or its file name),
    // and text to search, as an article of ours has (another tool's page without is left out).
    const title = articleTitle(fm.title, result.lexed, parsed, at.file);
    const titleBefore = articleTitle(fm.title, was.lexed, old.parsed, at.file);
    if (!title.title || title.title !== titleBefore.title || title.fromFileName !== titleBefore.fromFileName || !result.lexed.sections.some(hasText)) return undefined;
    const frontmatter = (fm.title === title.title ? fm : { ...fm, title: title.title }) as Frontmatter;
    // Its headings, anchors and links as they were: what other articles' links, and its own, resolve against.
    const headings = (lexed: NonNullable<typeof result.lexed>) => JSON.stringify([lexed.titleAnchor, anchorsText(lexed), lexed.sections.map((section) => section.heading && [section.heading.anchor, section.heading.text, section.heading.depth])]);
    if (headings(result.lexed) !== headings(was.lexed)) return undefined;
    // Its terms point at the section that names them first (the glossary's and its metadata's anchors).
    if (fm.terms && JSON.stringify(termsOf({ frontmatter, lexed: result.lexed })) !== JSON.stringify(termsOf({ frontmatter, lexed: was.lexed }))) return undefined;
    const hrefs = (list: FoundLink[]) => JSON.stringify(list.map(({ href, raw }) => [href, Boolean(raw)]));
    if (hrefs(result.links) !== hrefs(was.links) || hrefs(result.images) !== hrefs(was.images) || old.deps === undefined) return undefined;
    entry.body = cachedBody(result, at.file, source, parsed.bodyOffset);
    const compiled: CompiledArticle = {
      file: at.file, relPath, slug: at.slug, locale: at.locale, frontmatter, body: lexedBody.body, bodyOffset: parsed.bodyOffset, source, lexed: result.lexed, html: undefined,
      links: result.links, images: result.images, entry,
      // Its links and images resolve as they did (the same, against the same articles and files).
      linkTargets: JSON.parse(linksOfDeps(old.deps)!) as CompiledArticle['linkTargets'],
      imageOutputs: (JSON.parse(old.deps.slice(0, old.deps.indexOf('\n'))) as (string | null)[]).map((output) => output ?? undefined),
    };
    entry.deps = old.deps;
    return { compiled, entry, old, at, problems: [] };
  }

  /** Renders, sanitizes and tokenizes an article as `compileContent` and `buildIndex` do. */
  function render(article: PatchedArticle): void {
    const { compiled, entry } = article;
    applyLinkTargets(compiled);
    applyImageOutputs(compiled);
    const html = timed(timings, 'render', () => renderUnsanitized(compiled.lexed));
    compiled.html = entry.html = timed(timings, 'sanitize', () => sanitizeBodies([{ html, plain: compiled.body !== '' && withoutRawHtml(compiled.body) }])[0]);
    entry.tokens = timed(timings, 'tokenize', () => articleRecords(compiled).map((text) => recordFields(text, compiled.locale)));
    entry.tokensLocale = compiled.locale;
    cache.files.set(compiled.file, entry);
  }
}

interface Located {
  file: string;
  slug: string;
  locale: string;
  /** Its block, and its place in it. */
  block: number;
  at: number;
  /** Its article number in its language's index. */
  number: number;
}

interface PatchedArticle {
  compiled: CompiledArticle;
  entry: FileEntry;
  old: FileEntry;
  at: Located;
  problems: Diagnostic[];
}

/** The patch state saved with the build cache, if it is the one its index names. */
function readState(folder: string, id: string): PatchState | undefined {
  try {
    const state = JSON.parse(readFileSync(path.join(folder, PATCH_FILE), 'utf8')) as PatchState;
    return state.id === id ? state : undefined;
  } catch {
    return undefined;
  }
}

/** The files the build cache cannot vouch for (see `lookUp`); undefined when one was added or removed, or too many may have changed. */
function changedFiles({ files: { paths, numbers, hashes } }: PatchState, survey: ContentSurvey): Unread[] | undefined {
  if (paths.length !== survey.sources.length) return undefined;
  const changed: Unread[] = [];
  for (const [i, { file }] of survey.sources.entries()) {
    const info = statAt(survey, i);
    if (paths[i] !== file || !info) return undefined;
    const at = i * FILE_NUMBERS;
    const stat = { size: numbers[at]!, mtimeMs: numbers[at + 1]!, ctimeMs: numbers[at + 2]!, ino: numbers[at + 3]! };
    if (vouchedForFields(stat, numbers[at + 4]!, info)) continue;
    changed.push({ file, signature: statSignature(info), checkedAt: survey.checkedAt, knownHash: hashes[i] });
    if (changed.length > MOST_UNVOUCHED) return undefined;
  }
  return changed;
}

/** Where each of `files` is in the last build's index, by its print (see `printOf`). */
function locate(state: PatchState, files: Set<string>): Map<string, Located> {
  const found = new Map<string, Located>();
  for (const [locale, blocks] of state.blocks) {
    let number = 0;
    blocks.forEach(({ prints }, block) => {
      prints.forEach((print, at) => {
        if (print === undefined) return;
        // `slug\0file\0…` (see `printOf`).
        const start = print.indexOf('\0') + 1;
        const file = print.slice(start, print.indexOf('\0', start));
        if (files.has(file)) found.set(file, { file, slug: print.slice(0, start - 1), locale, block, at, number: number + at });
      });
      number += prints.length;
    });
  }
  return found;
}

function problemsByFile(diagnostics: Diagnostic[]): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    if (!byFile.has(d.file)) byFile.set(d.file, []);
    byFile.get(d.file)!.push(d);
  }
  return byFile;
}

/** An article's problems that come from it alone, as a full build reports them (see `compileContent`), sorted. */
function ownProblems(file: string, entry: FileEntry, frontmatter: CompiledArticle['frontmatter'], slugs: { has(slug: string): boolean }, foreign: boolean): Diagnostic[] {
  const diagnostics = new Diagnostics();
  diagnostics.list.push(...entry.problems);
  checkArticle({ file, frontmatter, entry }, diagnostics, slugs, foreign);
  return diagnostics.sorted();
}

/**
 * The problems of an article's links and images (those with an `offset`), at the same links and
 * images of its new text; undefined if one is at none of them.
 */
function placedAnew(problems: Diagnostic[], old: FileEntry, article: CompiledArticle): Diagnostic[] | undefined {
  const placed: Diagnostic[] = [];
  for (const problem of problems) {
    if (problem.offset === undefined) continue;
    const links = old.body!.links.findIndex((link) => link.offset === problem.offset);
    const images = old.body!.images.findIndex((image) => image.offset === problem.offset);
    const offset = links >= 0 ? article.links[links].offset : images >= 0 ? article.images[images].offset : undefined;
    if (offset === undefined) return undefined;
    placed.push({ ...problem, ...bodyPos(article, offset), offset });
  }
  return placed;
}

/** The build's problems with those of the patched articles replaced, sorted as `Diagnostics.sorted` sorts them. */
function mergedProblems(last: Diagnostic[], articles: PatchedArticle[]): Diagnostic[] {
  const patched = new Set(articles.map((article) => article.at.file));
  const all = new Diagnostics();
  all.list.push(...last.filter((d) => !patched.has(d.file)), ...articles.flatMap((article) => article.problems));
  return all.sorted();
}

/** A file of the output this patch makes, and its hash and size. */
interface MadeFile {
  data: OutputData;
  hash: string;
  bytes: number;
}

/** What a patch changes in the index: files added and removed (with their sizes), buckets and cards made, roots, blocks. */
interface PatchedIndexes {
  added: Map<string, MadeFile>;
  removed: Map<string, number>;
  made: Map<string, string>;
  roots: Map<string, { file: string; text: string }>;
  blocks: Map<string, BlockRecord[]>;
}

/** The tokens of an article that did not change, which a patch does not have (see `patchIndexes`): asked for, a full build makes them. */
const notKnown = (): never => {
  throw new Error('selfserve: a patch needs the tokens of an unchanged article');
};

/**
 * Each changed language's shards updated with the patched articles' tokens (see `indexShards`), the
 * content buckets and cards of their blocks made again (from the last output's, with their
 * articles replaced), the other files of those blocks renamed, and the root patched.
 */
function patchIndexes(out: string, cache: BuildCache, state: PatchState, articles: PatchedArticle[]): PatchedIndexes | undefined {
  const result: PatchedIndexes = { added: new Map(), removed: new Map(), made: new Map(cache.made), roots: new Map(), blocks: new Map(state.blocks) };
  const read = (file: string) => readFileSync(path.join(out, file), 'utf8');
  for (const locale of new Set(articles.map((article) => article.at.locale))) {
    const here = articles.filter((article) => article.at.locale === locale);
    const saved = cache.savedShards.get(locale);
    const records = result.blocks.get(locale);
    const memo = saved && readShardMemos(out, new Map([[locale, saved]]), earlierTokens(cache.files.retired)).get(locale);
    if (!saved || !records || !memo) return undefined;

    // The postings: only the patched articles' tokens are asked for.
    const tokens: ArticleTokens[] = memo.layout.map((line, i) => {
      const cut = line.lastIndexOf('\n');
      return { slug: line.slice(0, cut), records: Number(line.slice(cut + 1)), print: memo.prints[i], fields: notKnown };
    });
    for (const { at, entry } of here) {
      const article = tokens[at.number];
      const fields = entry.tokens!;
      if (article?.slug !== at.slug) return undefined;
      Object.assign(article, { print: tokensPrint(entry.hash, locale), fields: () => fields });
    }
    // (Made afresh, they would need every article's tokens: see `notKnown`.)
    const indexed = indexShards(tokens, memo, { keep: false });
    const shards = indexed.shards.map((part) => ({ from: part.from, ...shardFile(locale, part, false) }));
    const lastShards = saved.shards.map(({ hash, bytes }) => [paths.shard(locale, hash.slice(0, 10)), bytes] as const);
    for (const [file, bytes] of lastShards) result.removed.set(file, bytes);
    for (const { file, text, hash, bytes } of shards) result.added.set(file, { data: text, hash, bytes });

    const rootText = read(saved.root);
    if (saved.root !== paths.root(locale, hashOf(rootText))) return undefined;
    const root = JSON.parse(rootText) as IndexRoot;
    const { sizes } = root.buckets;
    const starts: number[] = [];
    sizes.reduce((start, size) => (starts.push(start), start + size), 0);
    const bounds = blockBounds(sizes.length);
    if (records.length !== bounds.length - 1) return undefined;
    const blocks = [...records];
    for (const block of new Set(here.map(({ at }) => at.block))) {
      const record = blocks[block];
      const before = record.key === undefined ? undefined : result.made.get(record.key);
      const [first, last] = [bounds[block], bounds[block + 1]];
      const count = last - first;
      const from = starts[first];
      const files = before === undefined ? undefined : madeFiles(before);
      if (!files || files.length !== 2 * count + record.prints.length) return undefined;
      const lastHash = blockHash(files, first, from);
      if (root.buckets.blocks[block] !== lastHash) return undefined;
      const lastNames = blockFiles(locale, first, count, from, record.prints.length, lastHash);
      const made = [...files] as (typeof files[number] & { data?: string })[];
      const buckets = new Map<number, { articles: ArticleContent[] }>();
      const prints = [...record.prints];
      for (const { at, compiled } of here.filter((article) => article.at.block === block)) {
        const bucket = starts.findLastIndex((start, b) => b < last && start <= at.number);
        const i = count + bucket - first;
        if (!buckets.has(i)) {
          const text = read(lastNames[i]);
          if (hashOf(text) !== files[i].hash) return undefined;
          buckets.set(i, JSON.parse(text) as { articles: ArticleContent[] });
        }
        const contents = buckets.get(i)!.articles;
        const slot = at.number - starts[bucket];
        if (contents[slot]?.slug !== at.slug) return undefined;
        contents[slot] = contentOf(compiled, false);
        made[2 * count + at.number - from] = madeText(JSON.stringify(cardOf(compiled, false) satisfies ArticleCard));
        const [, , , translations] = prints[at.at]!.split('\0');
        prints[at.at] = printOf(compiled, translations ? translations.split(',') : []);
      }
      for (const [i, bucket] of buckets) made[i] = madeText(JSON.stringify(bucket));
      const hash = blockHash(made, first, from);
      const names = blockFiles(locale, first, count, from, record.prints.length, hash);
      made.forEach((file, k) => {
        result.removed.set(lastNames[k], files[k].bytes);
        const earlier = lastNames[k];
        result.added.set(names[k], { data: file.data ?? new LaterText(file.bytes, () => readFileSync(path.join(out, earlier))), hash: file.hash, bytes: file.bytes });
      });
      const key = blockKey(locale, sizes.slice(first, last), prints);
      if (key === undefined) return undefined;
      result.made.delete(record.key!);
      result.made.set(key, madeValue(made));
      blocks[block] = { key, prints };
      root.buckets.blocks[block] = hash;
    }
    // The largest files of each kind, as the root tells a reader (see `layoutLocale`).
    const most = { meta: 0, content: 0, card: 0 };
    for (const [block, { key }] of blocks.entries()) {
      const value = key === undefined ? undefined : result.made.get(key);
      if (value === undefined) return undefined;
      const count = bounds[block + 1] - bounds[block];
      madeFiles(value).forEach(({ bytes }, k) => {
        const kind = k < count ? 'meta' : k < 2 * count ? 'content' : 'card';
        most[kind] = Math.max(most[kind], bytes);
      });
    }
    root.buckets.metaBytes = most.meta;
    root.buckets.contentBytes = most.content;
    root.cards.bytes = most.card;
    root.shards = shards.map(({ from, short }) => ({ from, hash: short }));
    root.shardBytes = shards.reduce((largest, shard) => Math.max(largest, shard.bytes), 0);
    const text = JSON.stringify(root);
    const file = paths.root(locale, hashOf(text));
    result.removed.set(saved.root, Buffer.byteLength(rootText));
    result.added.set(file, { data: text, hash: hashOf(text), bytes: Buffer.byteLength(text) });
    result.roots.set(locale, { file, text });
    result.blocks.set(locale, blocks);
    cache.savedShards.set(locale, { root: file, layout: indexed.memo.layout, prints: indexed.memo.prints, shards: shards.map(({ hash, bytes }) => ({ hash, bytes })) });
  }
  // A file made again as it was stays where it is.
  for (const [file, made] of result.added) {
    if (result.removed.has(file) && cache.outputs.get(file) === made.hash) {
      result.added.delete(file);
      result.removed.delete(file);
    }
  }
  return result;
}

const madeText = (text: string) => ({ data: text, hash: hashOf(text), bytes: Buffer.byteLength(text) });


/** The manifest patched with the new roots and build id, and the index's files (see `layoutSteps`). */
function patchManifest(out: string, cache: BuildCache, state: PatchState, made: PatchedIndexes, widget: Map<string, Buffer>) {
  const lastText = readFileSync(path.join(out, MANIFEST), 'utf8');
  if (hashOf(lastText) !== cache.outputs.get(MANIFEST)) return undefined;
  const manifest = JSON.parse(lastText) as Manifest;
  const layoutHashes = new Map<string, string>();
  let bytes = state.bytes - Buffer.byteLength(lastText);
  for (const [file, hash] of cache.outputs) if (!widget.has(file) && file !== MANIFEST && !made.removed.has(file)) layoutHashes.set(file, hash);
  for (const size of made.removed.values()) bytes -= size;
  for (const [file, { hash, bytes: size }] of made.added) {
    layoutHashes.set(file, hash);
    bytes += size;
  }
  for (const [locale, { file, text }] of made.roots) Object.assign(manifest.indexes[locale], { root: file, bytes: Buffer.byteLength(text) });
  manifest.buildId = hashOf([...layoutHashes.keys()].sort().map((file) => `${file}:${layoutHashes.get(file)}`).join('\n'));
  const manifestText = JSON.stringify(manifest, null, 2) + '\n';
  const manifestHash = hashOf(manifestText);
  layoutHashes.set(MANIFEST, manifestHash);
  bytes += Buffer.byteLength(manifestText);
  const firstRoot = made.roots.get(manifest.defaultLocale)?.text ?? readFileSync(path.join(out, manifest.indexes[manifest.defaultLocale].root), 'utf8');
  const firstLoadGzip = gzipSync(manifestText).length + gzipSync(firstRoot).length;
  return { manifest, manifestText, manifestHash, layoutHashes, bytes, firstLoadGzip };
}

/** The patch state of the output this patch made, for the next. */
function nextState(state: PatchState, cache: BuildCache, articles: PatchedArticle[], made: PatchedIndexes, bytes: number): PatchState {
  const files = { ...state.files, numbers: [...state.files.numbers], hashes: [...state.files.hashes] };
  state.files.paths.forEach((file, i) => {
    const entry = cache.files.get(file);
    if (entry) noteFile(files, i, entry);
  });
  return { ...state, id: randomUUID(), files, diagnostics: mergedProblems(state.diagnostics, articles), blocks: [...made.blocks], bytes };
}

/** Numbers of each file in `PatchState.files`. */
const FILE_NUMBERS = 5;

/** What a full single build leaves for the next to patch: its content files as the build cache has them, its problems, and its output (see `PatchState`). */
export function patchState(
  compiled: Pick<Compiled, 'sources' | 'foreign' | 'vitepress' | 'probes'>,
  entries: Map<string, FileEntry>,
  { diagnostics, notes }: { diagnostics: Diagnostic[]; notes: string[] },
  laid: { blocks: Map<string, BlockRecord[]>; size: { bytes: number } },
): PatchState {
  const files: PatchState['files'] = { paths: compiled.sources.map((src) => src.file), numbers: [], hashes: [] };
  files.paths.forEach((file, i) => noteFile(files, i, entries.get(file)));
  const probes = { files: [...compiled.probes.files], images: [...compiled.probes.images] };
  return { id: randomUUID(), files, foreign: compiled.foreign, vitepress: compiled.vitepress, diagnostics, notes, blocks: [...laid.blocks], bytes: laid.size.bytes, probes };
}

function noteFile(files: PatchState['files'], i: number, entry: FileEntry | undefined): void {
  const { size, mtimeMs, ctimeMs, ino } = statFields(entry?.stat ?? '');
  files.numbers.splice(i * FILE_NUMBERS, FILE_NUMBERS, size, mtimeMs, ctimeMs, ino, entry?.checkedAt ?? NaN);
  files.hashes[i] = entry?.hash ?? '';
}
