import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { compareTerms } from '../../src/format.ts';
import { languageFor } from '../../src/text/languages.ts';
import { registerAllLanguages } from './all-languages.ts';
import type { Frontmatter } from '../../src/schema.ts';
import type { SourceFile } from '../content/find-articles.ts';
import { statAt, surveyContent, type ContentSurvey } from '../content/survey.ts';
import { languageName, localeFolders } from '../content/locale-folders.ts';
import { renderUnsanitized, type LexedBody } from '../content/render-markdown.ts';
import { sanitizeBodies, withoutRawHtml, type RenderedBody } from '../content/sanitize-many.ts';
import { counted, Diagnostics, lineCol } from '../diagnostics.ts';
import { checkLinks, exists, linkWorld, type CheckedLinks, type LinkContext, type LinkTarget } from './links.ts';
import { applyImageOutputs, applyLinkTargets, renderLinked, type LinkedArticle } from './render-linked.ts';
import { articleTitle, depsOf, hasText, lexArticleBody, linksOfDeps, lookUp, noteEntry, readEntry, readSourceSync, rereadBody, cachedBody, type BodyResult, type CheckedField, type FileEntry, type FoundLink, type ReadFile } from './read-article.ts';
import { globProblem } from './page-globs.ts';
import type { ArticleWork } from './article-work.ts';
import type { ImageEntry } from './cache.ts';
import type { LaterText } from './layout.ts';
import type { RecordFields } from './render-pool.ts';
import { collectImages, imageReader } from './publish-images.ts';
import { timed, timedAsync, type BuildTimings } from './timings.ts';

/** An article that passed parsing, on its way into the index. */
export interface CompiledArticle extends SourceFile {
  slug: string;
  /** Its language: frontmatter `locale`, else its locale folder (`content/es/…`), else the default. */
  locale: string;
  frontmatter: Frontmatter;
  body: string;
  bodyOffset: number;
  source: string;
  lexed: LexedBody;
  /**
   * Its sanitized HTML when this build rendered it; else its entry's, read from the build cache
   * only when asked (see `htmlOf`).
   */
  html?: string;
  /** Its links and images, in order; their tokens only while `lexed` has its tokens. */
  links: FoundLink[];
  images: FoundLink[];
  /**
   * Filled by the checks: the article each link points at, the published path of each image. (The
   * links of an article the build cache vouches for, from its entry's `deps`, only if it is
   * rendered again: see `CheckedLinks`.)
   */
  linkTargets: (LinkTarget | undefined)[];
  imageOutputs: (string | undefined)[];
  /** Its file's entry in the build cache. */
  entry?: FileEntry;
}

export interface CompileOptions {
  /** Locale of articles that do not name one. Default: `en`. */
  defaultLocale?: string;
  /** Folders under the content folder to leave out (the output folder, say). */
  exclude?: string[];
  /**
   * Our own format only (`--strict`): frontmatter with `title:` required, unknown fields and
   * broken links are errors. Without it, another tool's docs folder builds as it is.
   */
  strict?: boolean;
  /**
   * The build cache's entries, by file (see `FileEntry`): a file whose size and times did not
   * change is not read, parsed, rendered or tokenized again. Filled by this build.
   */
  files?: Map<string, FileEntry>;
  /**
   * The build cache's images, by real path (see `ImageEntry`): one whose size and times did not
   * change is not read again. Left with the images this build used.
   */
  images?: Map<string, ImageEntry>;
  /**
   * The build cache's record of the last build's link checks, with `files`: an unchanged article's
   * links are not checked again while the articles they may point at are the same. Left with this
   * build's.
   */
  checkedLinks?: CheckedLinks;
  /**
   * The content folder's articles and their stats, taken already (on a thread of their own while
   * the build loaded: see survey-thread.ts); else this build takes them. One of another folder is
   * not used.
   */
  survey?: ContentSurvey;
  /** Sanitizes and tokenizes on worker threads; without it this thread does it. */
  work?: ArticleWork;
  /** Filled with the time each stage took. */
  timings?: BuildTimings;
  /**
   * Let each article's source, body and markdown tokens go once it is rendered: a build needs only
   * its sections and HTML after that, and at 50,000 articles the tokens alone take gigabytes.
   */
  lean?: boolean;
  /**
   * Renders and sanitizes each article's HTML (the default). `selfserve check` needs only the
   * problems, which rendering adds none of: without it, checking 10,000 articles took 4.5 s, not 2.9.
   */
  render?: boolean;
}

export interface Compiled {
  articles: CompiledArticle[];
  defaultLocale: string;
  /**
   * Images the articles use, by their path in the output (`assets/<name>.<hash>.<ext>`): their
   * bytes (or, for an image the build cache knows, bytes read only if they must be written), and
   * the hash of the bytes, which their name holds.
   */
  assets: Map<string, { data: Buffer | LaterText; hash: string }>;
  /**
   * The token strings of each article's index records that this build's worker threads made; an
   * article's entry has those the build cache had (`FileEntry.tokens`).
   */
  tokenized?: Map<CompiledArticle, RecordFields[]>;
  /** Whether the folder was written for another tool (see `LinkContext.foreign`): broken links and missing descriptions are then taken lightly. */
  foreign: boolean;
  /** Whether the folder has a `.vitepress` folder (looked for without `--strict`), which makes it another tool's. */
  vitepress: boolean;
  /** The content files, in the order the survey found them (drafts and files that are no article included). */
  sources: SourceFile[];
  /** What the checks found of files outside the articles: those links name (`LinkContext.probed`), and images (`ImageReader.probes`). */
  probes: { files: Map<string, boolean>; images: Map<string, string> };
}

const LONG_TITLE = 70;

/** What a content folder with no article lacks (`build` fails on it; `check` reports it). */
export const noArticles = (folder: string) => `no articles found in ${folder}: add .md files with a \`title:\` in their frontmatter`;

/** Reads, validates and renders every article of a content folder, reporting every problem. */
export async function compileContent(contentDir: string, diagnostics: Diagnostics, options: CompileOptions = {}): Promise<Compiled> {
  registerAllLanguages();
  const defaultLocale = options.defaultLocale ?? 'en';
  const { timings, work, files } = options;
  // Entries whose bodies this build lexed: their articles have markdown tokens to render (the
  // cache keeps bodies without, and an article keeps them only until it is rendered).
  const fresh = new Set<FileEntry>();
  const survey = usableSurvey(options.survey, contentDir, options.exclude) ?? timed(timings, 'find', () => surveyContent(contentDir, options.exclude ?? [], { stat: Boolean(files) }));
  diagnostics.list.push(...survey.problems);
  const { sources } = survey;
  const locales = localeFolders(sources.map((src) => src.relPath));
  const articles: CompiledArticle[] = [];
  const bySlug = new Map<string, CompiledArticle>();
  const byFile = new Map<string, CompiledArticle>();
  const drafts = new Set<string>();
  const ignoredFields = new Map<string, number>();
  const skippedHomePages: string[] = [];
  // Other tools' pages titled by their file name (see `fileNameTitle`), for the summary.
  const titledByFile: string[] = [];
  // Signs of another tool's folder: then links that do not resolve are warnings, not errors.
  const vitepress = !options.strict && (await exists(path.join(contentDir, '.vitepress')));
  let foreign = !options.strict && (vitepress || sources.some((src) => /\.mdx$/i.test(src.relPath)));

  // Entries the workers made for this build: rendered and tokenized now, not taken from the cache.
  const prepared = new Set<FileEntry>();
  const found = sources.map((src, i) => lookUp(src.file, files, statAt(survey, i), survey.checkedAt));
  const unread = found.filter((f) => !('entry' in f)).length;
  // Many files to read: the workers read and prepare them (their time is theirs: this thread
  // only waits). A few: this thread, which needs no worker to start up and warm up first.
  const next =
    work && unread > work.prepareAbove
      ? readOnWorkers(sources, found, work, { files, strict: options.strict, locales, defaultLocale, prepared })
      : readHere(found, { files, strict: options.strict, timings });
  for (const src of sources) {
    const { entry, source, body: rawBody } = await next();
    diagnostics.list.push(...entry.problems);
    const parsed = entry.parsed;
    if (!parsed) continue;
    const written = parsed.frontmatter;
    if (!written) continue;
    if (written.draft) {
      drafts.add(src.relPath);
      continue;
    }
    for (const field of parsed.ignoredFields ?? []) ignoredFields.set(field, (ignoredFields.get(field) ?? 0) + 1);
    if (parsed.foreign) foreign = true;
    // content/es/billing/x.md is the Spanish article billing/x: translations share their slug.
    const folder = localeFolder(src.relPath, locales);
    const slug = written.slug ?? (folder ? src.relPath.slice(folder.length + 1) : src.relPath).replace(/\.mdx?$/i, '');
    const locale = written.locale ?? folder ?? defaultLocale;
    if (!written.slug && !slugFromFileIsSafe(src, slug, diagnostics)) continue;
    const key = `${locale}:${slug.normalize('NFC')}`;
    const existing = bySlug.get(key);
    if (existing) {
      const form = existing.slug === slug ? '' : ' (the same name, with its accents encoded differently)';
      diagnostics.error(src.file, 1, 1, `slug \`${slug}\` is already used by ${existing.relPath}${form}: rename one file or set a different \`slug:\``);
      continue;
    }
    // The body's part, from the cache when the file did not change.
    let body = '';
    let lexedNow: BodyResult | undefined;
    if (rawBody !== undefined || !entry.body) {
      // A cached file that never got this far before (a draft until now) is read again.
      const reread = rawBody === undefined ? timed(timings, 'read', () => rereadBody(src.file, options.strict)) : undefined;
      const markdown = rawBody ?? reread!.body;
      const lexedBody = timed(timings, 'parse', () => lexArticleBody(markdown, written.title, { mdxFile: /\.mdx$/i.test(src.relPath), strict: options.strict }));
      body = lexedBody.body;
      entry.body = cachedBody(lexedBody.result, src.file, source ?? reread!.source, parsed.bodyOffset);
      entry.html = entry.tokens = entry.tokensLocale = entry.deps = undefined;
      fresh.add(entry);
      lexedNow = lexedBody.result;
      files?.set(src.file, entry);
    }
    const result = lexedNow ?? entry.body;
    if (result.mdx && !options.strict) foreign = true;
    if (result.nested) {
      diagnostics.error(src.file, parsed.bodyLine + result.nested.line, 1, result.nested.message);
      continue;
    }
    if (!result.lexed) {
      diagnostics.error(src.file, parsed.bodyLine, 1, 'markdown nested too deeply to read: flatten the deepest quotes, lists or emphasis');
      continue;
    }
    const { lexed } = result;
    const { title, fromFileName } = articleTitle(written.title, lexed, parsed, src.file);
    if ((parsed.foreign || !written.title) && !lexed.sections.some(hasText)) {
      // Another tool's home or 404 page: a hero and links, nothing to search.
      skippedHomePages.push(src.relPath);
      continue;
    }
    if (!title) {
      diagnostics.error(src.file, 1, 1, 'no title: add `title: …` to the frontmatter, or start the article with a `# heading`');
      continue;
    }
    if (!written.title) foreign = true;
    if (fromFileName) titledByFile.push(src.relPath);
    // Its own object only when its title comes from elsewhere: ten thousand copies cost a rebuild.
    const frontmatter: Frontmatter = written.title === title ? (written as Frontmatter) : { ...written, title };
    // Its fields written out, not spread from `src`: each spread article got a shape of its own.
    const article: CompiledArticle = {
      file: src.file, relPath: src.relPath, slug, locale, frontmatter, body, bodyOffset: parsed.bodyOffset, source: source ?? '', lexed, html: undefined,
      links: result.links, images: result.images, linkTargets: [], imageOutputs: [], entry,
    };
    articles.push(article);
    // Tokenized on the worker threads while this one reads on, unless the cache has its tokens
    // (read from it only if the index needs them: see build-index.ts).
    if (entry.tokensLocale !== locale) work?.tokenize(article);
    // Keyed by locale and slug for duplicates; by slug alone for `related:`, which may name an
    // article that exists only in another language.
    bySlug.set(key, article);
    bySlug.set(slug, bySlug.get(slug) ?? article);
    byFile.set(src.relPath, article);
  }

  const assets: Compiled['assets'] = new Map();
  const contentRoot = await realpath(contentDir);
  const images = imageReader(contentRoot, options.images, timings);
  // Images said to be heavy, once each: a screenshot shared by a hundred articles is one problem.
  const heavyImages = new Set<string>();
  const context: LinkContext = { byFile, drafts, contentDir: contentRoot, foreign, locales, probed: new Map() };
  // Checks this build may skip: the last build's, made against the same articles.
  const { checkedLinks } = options;
  const world = checkedLinks && files ? timed(timings, 'check', () => linkWorld(articles, context)) : undefined;
  const lastChecked = world !== undefined && checkedLinks!.world === world ? checkedLinks!.troubled : undefined;
  // Forgotten until this build has made its own: one that stops halfway leaves no record.
  const troubled = new Set<string>();
  if (checkedLinks) Object.assign(checkedLinks, { world: '', troubled });
  let undescribed = 0;
  const toRender: CompiledArticle[] = [];
  const unsanitized: RenderedBody[] = [];
  // Articles from the cache or the workers to render again: their markdown tokens are not kept,
  // so their files are read and lexed again, on the workers when there are many (render-linked.ts).
  const toRelex: CompiledArticle[] = [];
  for (const article of articles) {
    if (foreign && !article.frontmatter.description) undescribed++;
    timed(timings, 'check', () => checkArticle(article, diagnostics, bySlug, foreign));
    const { entry } = article;
    // Its links resolve as they did when it was last rendered: their targets are in its `deps`,
    // which an entry made or read again by this build does not have yet.
    const vouchedLinks = lastChecked && !lastChecked.has(article.file) ? linksOfDeps(entry?.deps) : undefined;
    if (vouchedLinks === undefined && article.links.length) {
      // Awaited only when there is something to check: ten thousand awaits of nothing cost too.
      await timedAsync(timings, 'check', async () => {
        const before = diagnostics.list.length;
        if (timings) timings.linksChecked++;
        await checkLinks(article, diagnostics, context);
        if (diagnostics.list.length > before) troubled.add(article.file);
      });
    }
    if (article.images.length) timed(timings, 'check', () => collectImages(article, images, assets, diagnostics, foreign, heavyImages));
    if (options.render === false) continue;
    const deps = depsOf(vouchedLinks ?? JSON.stringify(article.linkTargets), article.imageOutputs);
    // Its entry's HTML is read from the cache only if its content bucket is made again (see
    // build-index.ts): `htmlOf`. (A getter on each article cost a slow object each: 40 MB at 50,000.)
    if (!entry || entry.deps !== deps) {
      // Rendered again: its file changed, or a link or image of it now resolves differently.
      if (entry) entry.deps = deps;
      if (vouchedLinks !== undefined) article.linkTargets = JSON.parse(vouchedLinks) as (LinkTarget | undefined)[];
      if (entry && !fresh.has(entry)) toRelex.push(article);
      else {
        applyLinkTargets(article);
        applyImageOutputs(article);
        toRender.push(article);
        // A body this build did not read ('') is not known to be plain: sanitized alone.
        const plain = article.body !== '' && withoutRawHtml(article.body);
        unsanitized.push({ html: timed(timings, 'render', () => renderUnsanitized(article.lexed)), plain });
      }
    }
    if (options.lean) forgetSource(article);
  }
  images.done();
  if (checkedLinks && world !== undefined) checkedLinks.world = world;
  const linked = toRelex.map((article): LinkedArticle => {
    const { hash, parsed } = article.entry!;
    return { file: article.file, relPath: article.relPath, title: parsed?.frontmatter?.title, strict: options.strict, hash, linkTargets: article.linkTargets, imageOutputs: article.imageOutputs };
  });
  const [html, relexed] = await Promise.all([
    work ? work.sanitize(unsanitized) : timed(timings, 'sanitize', () => sanitizeBodies(unsanitized)),
    work ? work.renderLinked(linked) : renderLinked(linked, timings),
  ]);
  toRender.forEach((article, i) => {
    article.html = html[i];
    if (article.entry) article.entry.html = html[i];
    if (article.entry) files?.set(article.file, article.entry);
  });
  toRelex.forEach((article, i) => {
    const entry = article.entry!;
    article.html = entry.html = relexed[i].html;
    // Its file changed while the build ran: the next build reads it again.
    if (relexed[i].changed) entry.stat = '';
    files?.set(article.file, entry);
  });
  // The workers' own map, not a copy: a single build empties it as the index takes them.
  const tokenized = (await work?.allTokenized()) ?? new Map<CompiledArticle, RecordFields[]>();
  for (const [article, fields] of tokenized) {
    if (article.entry) Object.assign(article.entry, { tokens: fields, tokensLocale: article.locale });
    if (article.entry) files?.set(article.file, article.entry);
  }
  if (timings) {
    const redone = new Set([...toRender, ...toRelex, ...tokenized.keys(), ...articles.filter((article) => article.entry && prepared.has(article.entry))]);
    timings.rendered = redone.size;
    timings.reused = articles.length - redone.size;
  }
  if (files) {
    // Files deleted since: their entries go.
    const listed = new Set(sources.map((src) => src.file));
    for (const file of files.keys()) if (!listed.has(file)) files.delete(file);
  }
  // In code-unit order, not the machine's language's (`localeCompare`): the same content builds the same bytes everywhere.
  articles.sort((a, b) => compareTerms(a.slug, b.slug) || compareTerms(a.locale, b.locale));
  noteWhatWasLeftOut(diagnostics, { ignoredFields, skippedHomePages, undescribed, titledByFile, articles });
  return { articles, defaultLocale, assets, tokenized: work || files ? tokenized : undefined, foreign, vitepress, sources, probes: { files: context.probed!, images: images.probes } };
}

/** `survey` if it is of this content folder, with what this build leaves out. */
const usableSurvey = (survey: ContentSurvey | undefined, root: string, exclude: string[] = []) =>
  survey && survey.root === root && survey.exclude.join('\0') === exclude.join('\0') ? survey : undefined;

/**
 * Each file's entry in the order of `sources`: the cache's for files that did not change, the
 * workers' for the others (all sent at once; see `prepareArticle`), noted in `files`.
 */
function readOnWorkers(
  sources: SourceFile[],
  found: ReturnType<typeof lookUp>[],
  work: ArticleWork,
  { files, strict, locales, defaultLocale, prepared }: { files?: Map<string, FileEntry>; strict?: boolean; locales: Set<string>; defaultLocale: string; prepared: Set<FileEntry> },
): () => Promise<ReadFile> {
  const tasks = sources.flatMap((src, i) => {
    const unread = found[i];
    return 'entry' in unread ? [] : [{ ...unread, relPath: src.relPath, locale: localeFolder(src.relPath, locales) ?? defaultLocale, strict }];
  });
  const results = work.prepare(tasks);
  let at = 0;
  let task = 0;
  return async () => {
    const unread = found[at++];
    if ('entry' in unread) return unread;
    const result = await results[task];
    // Let each result go once used.
    delete results[task++];
    if ('unchanged' in result) return noteEntry(files, unread, undefined);
    prepared.add(result.entry);
    return noteEntry(files, unread, result);
  };
}

/** The same on this thread: the cache's entries, and the other files read and parsed in turn. */
function readHere(found: ReturnType<typeof lookUp>[], { files, strict, timings }: { files?: Map<string, FileEntry>; strict?: boolean; timings?: BuildTimings }): () => Promise<ReadFile> {
  let at = 0;
  return async () => {
    const unread = found[at++];
    if ('entry' in unread) return unread;
    return noteEntry(files, unread, readEntry(unread, { strict, timings }));
  };
}

function forgetSource(article: CompiledArticle): void {
  article.source = '';
  article.body = '';
  article.links = article.images = [];
  // A body from the build cache has no tokens to forget, and stays as it is: a copy would lose the
  // sections and headings it reads from the cache when asked. (Its source may have been read all
  // the same, to place a warning about one of its links or images.)
  if (article.lexed.tokens.length) article.lexed = { ...article.lexed, tokens: Object.assign([], { links: {} }), offsets: [] };
}

/**
 * Slugs name articles in deep links (`#help/<slug>`): a file name with a line break, `#`, `%` or
 * `?` would give a link that breaks once the browser reads it back.
 */
function slugFromFileIsSafe(src: SourceFile, slug: string, diagnostics: Diagnostics): boolean {
  const bad = /[\u0000-\u001f\u007f#%?\\]/.exec(slug);
  if (!bad) return true;
  const shown = JSON.stringify(bad[0]).slice(1, -1);
  diagnostics.error(src.file, 1, 1, `the file name gives the slug ${JSON.stringify(slug)}, which holds \`${shown}\`: deep links to it would break; rename the file or set \`slug:\` (like \`slug: billing/pay-your-bill\`)`);
  return false;
}

/** Notes for the summary: what the build left out, and languages searched without a stemmer. */
function noteWhatWasLeftOut(
  diagnostics: Diagnostics,
  { ignoredFields, skippedHomePages, undescribed, titledByFile, articles }: { ignoredFields: Map<string, number>; skippedHomePages: string[]; undescribed: number; titledByFile: string[]; articles: CompiledArticle[] },
): void {
  if (titledByFile.length) {
    const some = titledByFile.slice(0, 3).join(', ') + (titledByFile.length > 3 ? ', …' : '');
    diagnostics.note(`${counted(titledByFile.length, 'page')} with neither \`title:\` nor a \`# heading\` took ${titledByFile.length === 1 ? 'its' : 'their'} file name for a title (${some}): give ${titledByFile.length === 1 ? 'it' : 'them'} a \`title:\` to say what ${titledByFile.length === 1 ? 'it answers' : 'they answer'}`);
  }
  if (ignoredFields.size) {
    const list = [...ignoredFields].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([field, n]) => `${field} (${n} file${n === 1 ? '' : 's'})`);
    diagnostics.note(`fields Selfserve does not use were ignored: ${list.join(', ')}`);
  }
  if (skippedHomePages.length) diagnostics.note(`skipped ${skippedHomePages.length} page${skippedHomePages.length === 1 ? '' : 's'} with no text to search (${skippedHomePages.join(', ')})`);
  if (undescribed) diagnostics.note(`${undescribed} article${undescribed === 1 ? ' has' : 's have'} no \`description:\` (one sentence shown under the title in results)`);
  const unstemmed = [...new Set(articles.map((a) => a.locale))].filter((locale) => !languageFor(locale).stem && !languageFor(locale).segmented).sort();
  if (unstemmed.length) {
    const names = unstemmed.map((locale) => `${languageName(locale.split('-')[0]) ?? locale} (${locale})`);
    diagnostics.note(`no stemmer for ${names.join(', ')}: searches in ${unstemmed.length === 1 ? 'this language' : 'these languages'} find words as they are written, not other forms of them (plurals, tenses)`);
  }
}

/** The locale folder a path starts with (`es/billing/x.md` → `es`), if any. */
export function localeFolder(relPath: string, folders: Set<string>): string | undefined {
  // Called twice for every article of every build: no array of its path's parts.
  const slash = relPath.indexOf('/');
  const first = relPath.slice(0, slash);
  return slash >= 0 && folders.has(first) ? first : undefined;
}

/** An article's sanitized HTML: its own if this build rendered it, else its build cache entry's. */
export const htmlOf = (article: CompiledArticle): string => article.html ?? article.entry?.html ?? '';

/** The article's file as text: read again for an article the build took from its cache. */
const sourceOf = (article: CompiledArticle) => article.source || (article.source = readSourceSync(article.file));

/** Position of an offset in the article's body, as a file position. */
export function bodyPos(article: CompiledArticle, offset: number) {
  return lineCol(sourceOf(article).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), article.bodyOffset + offset);
}

export function checkArticle(article: Pick<CompiledArticle, 'frontmatter' | 'file' | 'entry'>, diagnostics: Diagnostics, bySlug: { has(slug: string): boolean }, foreign: boolean): void {
  const { frontmatter: fm, file } = article;
  const fieldLine = (key: CheckedField) => article.entry?.fieldLines?.[key] ?? 1;
  // Other tools' pages seldom have one: a note in the summary says how many lack it.
  if (!fm.description && !foreign) diagnostics.warning(file, 1, 1, 'no `description`: add one sentence that tells readers what the article answers (it is shown in results)');
  for (const problem of (fm.pages ?? []).map(globProblem).filter(Boolean)) diagnostics.error(file, fieldLine('pages'), 1, problem!);
  if (fm.title.length > LONG_TITLE) diagnostics.warning(file, fieldLine('title'), 1, `title is ${fm.title.length} characters long: keep it under ${LONG_TITLE} so it fits in search results`);
  for (const slug of fm.related ?? []) {
    if (!bySlug.has(slug)) diagnostics.error(file, fieldLine('related'), 1, `\`related\` names \`${slug}\`, which is not an article: use the slug of an article (its path without .md)`);
  }
  // The body's own problems, worked out when it was lexed (see `bodyProblems`).
  diagnostics.list.push(...(article.entry?.body?.problems ?? []));
}
