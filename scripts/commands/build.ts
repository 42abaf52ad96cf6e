import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { buildIndex, earlierTokens } from '../build/build-index.ts';
import { compileContent, noArticles } from '../build/compile.ts';
import { abandonOutputs, checkOutputDir, OutputError, OutputFolder, removeStaleTemps } from '../build/output-folder.ts';
import { addWidget, writeLayout, type WrittenLayout } from '../build/write-output.ts';
import { ArticleWork } from '../build/article-work.ts';
import { BuildCache, cacheFolder, cacheKey, type StagedCache } from '../build/cache.ts';
import { readShardMemos, savedShards } from '../build/shard-memo.ts';
import { RenderPool, workerEntry } from '../build/render-pool.ts';
import type { ContentSurvey } from '../content/survey.ts';
import { formatTimings, newTimings, timed, timedAsync, type BuildTimings } from '../build/timings.ts';
import { commonKinds, counted, Diagnostics, formatDiagnostic, type Diagnostic } from '../diagnostics.ts';
import { patchBuild, patchState } from '../build/patch-build.ts';
import type { Manifest } from '../../src/format.ts';
import { EXIT } from '../exit-codes.ts';
import { readWidgetFiles, scriptTag, WIDGET_SCRIPT, WidgetMissingError } from '../widget-files.ts';

export interface BuildOptions {
  contentDir: string;
  /** Output folder. */
  out: string;
  /** Our own format only, and warnings fail the build too. */
  strict?: boolean;
  /** Locale of articles that do not name one. */
  locale?: string;
  /** URL path (or absolute URL) the output folder is served at, for the printed script tag. Default: `/<out folder name>/`. */
  base?: string;
  /** Print the script tag to paste (default: true; --watch prints it once). */
  tag?: boolean;
  /** Print where the build spent its time (`--timings`). */
  printTimings?: boolean;
  /** Filled with where the build spent its time (the bench reads it). */
  timings?: BuildTimings;
  /** Worker threads kept between the builds of --watch; otherwise each build starts its own. */
  pool?: RenderPool;
  /** The content folder's articles and stats, being taken on a thread of its own (see survey-thread.ts). */
  survey?: Promise<ContentSurvey | undefined>;
  /** The build cache kept in memory between the builds of --watch (unchanged files are not read again); otherwise loaded from its file. */
  buildCache?: BuildCache;
  log?: (line: string) => void;
  error?: (line: string) => void;
}


/** One build: compile, report, write atomically. Resolves to the exit code. */
export async function build(options: BuildOptions): Promise<number> {
  const log = options.log ?? ((line) => console.log(line));
  const error = (line: string) => {
    if (!stopping) (options.error ?? console.error)(line);
  };
  const started = performance.now();
  const contentDir = path.resolve(options.contentDir);
  const out = path.resolve(options.out);
  const diagnostics = new Diagnostics();
  const timings = options.timings ?? (options.printTimings ? newTimings() : undefined);
  const pool = options.pool ?? new RenderPool();
  pool.timings = timings;
  // Loaded here for this build alone (--watch passes its own and keeps it): closed when it ends.
  let ownCache: BuildCache | undefined;
  // The entries of a single build, saved before its output is written (see below).
  let stagedParts: StagedCache | undefined;
  let resetGrowth: (() => void) | undefined;
  // What a build says once it is done: its size, the tag to paste, and with --timings where its time went.
  const summary = ({ manifest, files, size, widgetFiles, script, seconds, warnings }: { manifest: Manifest; files: number; size: WrittenLayout['size']; widgetFiles: number; script: Buffer; seconds: number; warnings: number }) => {
    const warned = warnings ? `, ${counted(warnings, 'warning')}` : '';
    const languages = manifest.locales.length > 1 ? ` in ${manifest.locales.length} languages (${manifest.locales.join(', ')})` : '';
    log(`Built ${counted(manifest.articleCount, 'article')}${languages} (${counted(manifest.sectionCount, 'section')}) into ${path.relative(process.cwd(), out) || out}: ${files} files, ${kB(size.bytes)}, and the widget's ${widgetFiles} (the first search loads ${kB(size.firstLoadGzip)} gzip) in ${seconds.toFixed(2)} s${warned}`);
    if (options.tag !== false) {
      const base = options.base ?? `/${path.basename(out)}/`;
      log(`\nThe widget is in the same folder. Serve ${path.relative(process.cwd(), out) || out} at ${base} and paste this tag into your pages${options.base ? '' : ' (another URL? rebuild with --base <url>)'}:\n${scriptTag(base, script)}`);
    }
    if (options.printTimings && timings) for (const line of [...formatTimings(timings), `  build cache: ${cacheFolder(out)}`]) log(line);
  };
  try {
    await checkOutputDir(out, contentDir);
    await removeStaleTemps(out);
    const key = cacheKey({ strict: options.strict, defaultLocale: options.locale }, workerEntry());
    const savedCache = cacheFolder(out);
    // A few articles' text changed since the last single build: its output is patched (see
    // patch-build.ts). --watch keeps its cache in memory instead, and --strict fails on warnings.
    const patched = options.buildCache || options.strict ? undefined : await patchBuild({ contentDir, out, savedCache, key, survey: options.survey, timings });
    if (patched) {
      report(patched.diagnostics, patched.notes, error);
      const seconds = (performance.now() - started) / 1000;
      if (timings) timings.totalMs = seconds * 1000;
      summary({ ...patched, seconds, warnings: patched.diagnostics.filter((d) => d.severity === 'warning').length });
      return EXIT.ok;
    }
    const buildCache = options.buildCache ?? (ownCache = await timedAsync(timings, 'cache', () => BuildCache.load(savedCache, key)));
    buildCache.begin(key);
    const work = new ArticleWork(pool);
    // (Its wait counted as finding the articles, which it did.)
    const survey = await timedAsync(timings, 'find', async () => options.survey);
    const compiled = await compileContent(contentDir, diagnostics, { survey, defaultLocale: options.locale, exclude: [out], files: buildCache.files, images: buildCache.images, checkedLinks: buildCache.checkedLinks, strict: options.strict, work, timings, lean: true });
    // A single build is done with its workers: their heaps go before the index is made.
    if (!options.pool) await pool.close();
    const sorted = diagnostics.sorted();
    report(sorted, diagnostics.notes, error);
    const failed = diagnostics.errors > 0 || (options.strict && diagnostics.warnings > 0);
    if (failed) {
      error(`${summaryOfProblems(diagnostics)}: build failed, ${path.relative(process.cwd(), out) || out} left unchanged${options.strict && !diagnostics.errors ? ' (--strict: warnings fail the build)' : ''}`);
      return EXIT.contentErrors;
    }
    if (!compiled.articles.length) {
      error(`selfserve: ${noArticles(options.contentDir)}`);
      return EXIT.contentErrors;
    }
    // The postings of the last build: kept in memory by --watch, else read back from its output.
    const memos = options.buildCache?.shards ?? timed(timings, 'index', () => readShardMemos(out, buildCache.savedShards, earlierTokens(buildCache.files.retired)));
    // A single build lets the postings go once its shards are cut; --watch keeps them for the next.
    const watching = Boolean(options.buildCache);
    // A single build saves its entries now (under temporary names, as below), and lets their
    // tokens go as the postings take them, and their HTML and text as their files are made: at
    // 50,000 articles they are 300 MB, which the heap kept until the output was written. --watch
    // keeps them for its next build.
    if (!watching) stagedParts = await timedAsync(timings, 'cache', () => buildCache.stageParts(savedCache));
    // From here on the heap grows by half past what the last full collection left, not by V8's
    // own factor: laying out a large help center makes hundreds of MB of JSON that it writes and
    // drops, and a 50,000-article build whose live heap was 140 MB by the end peaked at 1 GB as
    // V8 let that garbage pile up (about 850 MB with this, in the same time). Not before: loading
    // the build cache, a heap grown a half at a time cost a rebuild a tenth more. V8 reads the
    // factor at each collection. Left as it was when the build ends, and if Node was given one.
    if (!watching && !growthGiven()) {
      setFlagsFromString('--heap-growing-percent=50');
      resetGrowth = () => setFlagsFromString('--heap-growing-percent=0');
    }
    const parts = timed(timings, 'index', () => buildIndex(compiled, memos, { keep: watching, spend: !watching }));
    // One folder to deploy: the widget goes next to the index it reads.
    const widget = await readWidgetFiles();
    // The output is written in place, beside the last one: its files the cache knows are left as
    // they are (or linked, under a new name), so a rebuild after one change writes little.
    const folder = await OutputFolder.open(out, { last: buildCache.outputs });
    let laid: WrittenLayout;
    let staged: StagedCache | undefined;
    let restore: (() => void) | undefined;
    const hashes = new Map<string, string>();
    try {
      // Files of the last output that are gone (someone removed them, or the whole folder) are
      // forgotten by the cache's record before any is written again (see `OutputFolder`).
      const gone = folder.gone();
      if (gone.length) await timedAsync(timings, 'cache', () => buildCache.forgetOutputs(savedCache, gone));
      // Written as it is laid out, a group of files at a time: a large help center's text is never
      // in memory whole (--watch keeps the JSON of shards and cards for its next build).
      laid = await writeLayout(parts, folder, { known: buildCache.made, timings, keep: watching });
      for (const [file, hash] of laid.hashes) hashes.set(file, hash);
      addWidget(folder, widget, hashes);
      await timedAsync(timings, 'write', () => folder.flush());
      // The cache (its index, and for --watch its entries) is saved while the writer thread
      // finishes the output, and put in place once the output is: until then the last build's
      // cache stays as it was.
      const last = { outputs: buildCache.outputs, savedShards: buildCache.savedShards, made: buildCache.made };
      restore = () => Object.assign(buildCache, last);
      buildCache.outputs = hashes;
      buildCache.savedShards = savedShards(parts.locales, laid.manifest.indexes, laid.shards);
      buildCache.made = laid.made;
      // What the next single build needs to patch this output (see patch-build.ts).
      if (!watching) buildCache.patch = patchState(compiled, buildCache.files, { diagnostics: sorted, notes: diagnostics.notes }, laid);
      staged = await timedAsync(timings, 'cache', () => buildCache.stage(savedCache, { parts: stagedParts }));
      await timedAsync(timings, 'write', () => folder.swap());
    } catch (e) {
      // --watch keeps its cache: it still describes the output in place.
      restore?.();
      await staged?.discard();
      throw e;
    } finally {
      await folder.discard();
    }
    const { manifest, size } = laid;
    // The cache records the new output before the files it no longer lists are removed (see
    // `OutputFolder`); in --watch they are removed while the next change is awaited.
    let removed: Promise<void>;
    try {
      await timedAsync(timings, 'cache', () => staged.commit());
    } finally {
      removed = folder.finish();
    }
    const noted = removed.catch((e: Error) => error(`selfserve: could not remove the replaced output: ${e.message}`));
    if (!watching) await timedAsync(timings, 'write', () => noted);
    if (timings) {
      timings.totalMs = performance.now() - started;
      timings.written = folder.written;
      timings.kept = folder.kept;
    }
    summary({ manifest, files: laid.hashes.size, size, widgetFiles: widget.size, script: widget.get(WIDGET_SCRIPT)!, seconds: (performance.now() - started) / 1000, warnings: diagnostics.warnings });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof OutputError || e instanceof WidgetMissingError) {
      error(`selfserve: ${e.message}`);
      return EXIT.output;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' && err.path === contentDir) {
      error(`selfserve: content folder ${options.contentDir} does not exist`);
      return EXIT.usage;
    }
    if (err.code === 'ENOTDIR' && err.path === contentDir) {
      error(`selfserve: ${options.contentDir} is not a folder: pass the folder that holds your .md articles`);
      return EXIT.usage;
    }
    if (err.code) {
      error(`selfserve: ${err.message}`);
      return EXIT.output;
    }
    throw e;
  } finally {
    // Removed if the build failed after they were staged (once put in place, there is nothing to remove).
    await stagedParts?.discard();
    resetGrowth?.();
    ownCache?.close();
    if (!options.pool) await pool.close();
  }
}

/**
 * Makes Ctrl+C and a cancelled CI job (SIGINT, SIGTERM) put back the output folder a build is
 * writing before the process exits (see `abandonOutputs`); a second signal exits at once.
 */
export function abandonOnSignals(): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      // What the build meets as its folder is put back (a file gone from under it) is no news.
      stopping = true;
      void abandonOutputs()
        .then(() => console.error('selfserve: stopped; the output folder is as the last finished build left it'))
        .finally(() => process.exit(code));
    });
  }
}

/** Set once a stop signal came (see `abandonOnSignals`): a build then reports nothing more. */
let stopping = false;

/** Whether Node was started with a heap growing factor of its own (see `build`). */
const growthGiven = () => [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((arg) => /^--heap[-_]growing[-_]percent/.test(arg));

/** Rebuilds on every change under the content folder; content errors are reported and watching goes on. */
export async function watchBuild(watched: BuildOptions): Promise<void> {
  // Loaded only to watch: a single build has no use for the watcher's modules.
  const { watchContent } = await import('../content/watch-content.ts');
  const options: BuildOptions = { ...watched, pool: new RenderPool() };
  options.buildCache = await BuildCache.load(cacheFolder(options.out), cacheKey({ strict: options.strict, defaultLocale: options.locale }, workerEntry()));
  const log = options.log ?? ((line) => console.log(line));
  const error = options.error ?? console.error;
  // Watching goes on whatever a build meets: the next save may fix it.
  const run = () => build(options).catch((e: unknown) => error(`selfserve: unexpected error: ${(e as Error)?.stack ?? e}`));
  const first = run().then(() => (options.tag = false));
  // Watched from before the first build: a save made while it runs is built after it.
  const watching = watchContent(
    options.contentDir,
    (file) => {
      log(`\n${new Date().toLocaleTimeString()} change in ${file}: rebuilding…`);
      return run();
    },
    { ignored: [options.out], after: first, error },
  );
  await Promise.all([first, watching.ready]);
  log(`Watching ${options.contentDir} for changes (Ctrl+C to stop)…`);
  await new Promise(() => {});
}

/** A build's problems and notes, written at once: a help center with thousands of warnings spent a tenth of a rebuild writing them a line at a time. */
function report(sorted: Diagnostic[], notes: string[], error: (line: string) => void): void {
  const lines = [...sorted.map((d) => formatDiagnostic(d)), ...notes.map((note) => `note: ${note}`), ...commonKinds(sorted)];
  if (lines.length) error(lines.join('\n'));
}

function summaryOfProblems(d: Diagnostics): string {
  const parts = [];
  if (d.errors) parts.push(counted(d.errors, 'error'));
  if (d.warnings) parts.push(counted(d.warnings, 'warning'));
  return parts.join(', ');
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
