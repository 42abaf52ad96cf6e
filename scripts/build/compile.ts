import type { Tokens } from 'marked';
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { languageFor } from '../../src/text/languages.ts';
import { registerAllLanguages } from './all-languages.ts';
import type { Frontmatter } from '../../src/schema.ts';
import { findArticles, type SourceFile } from '../content/find-articles.ts';
import { localeFolders } from '../content/locale-folders.ts';
import { looksLikeMdx, toPlainMarkdown } from '../content/foreign-syntax.ts';
import { readImage } from '../content/images.ts';
import { tooDeeplyNested } from '../content/nesting.ts';
import { parseFrontmatter, type ParsedSource } from '../content/parse-frontmatter.ts';
import { bodyLinks, lexBody, renderUnsanitized, resolveLocalHref, type LexedBody } from '../content/render-markdown.ts';
import { sanitize } from '../content/sanitize.ts';
import { Diagnostics, lineCol, type Diagnostic } from '../diagnostics.ts';
import { checkLinks, exists, type LinkContext } from './links.ts';
import { globProblem } from './page-globs.ts';
import { readAhead } from './read-ahead.ts';
import type { ArticleWork } from './article-work.ts';
import type { RecordFields } from './render-pool.ts';
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
  html: string;
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
   * Kept between builds (watch mode, the preview): files whose size and modification time did not
   * change are not read or parsed again.
   */
  cache?: ParseCache;
  /** Sanitizes and tokenizes on worker threads, or takes it from the build cache; without it this thread does it. */
  work?: ArticleWork;
  /** Filled with the time each stage took. */
  timings?: BuildTimings;
  /**
   * Let each article's source, body and markdown tokens go once it is rendered: a build needs only
   * its sections and HTML after that, and at 50,000 articles the tokens alone take gigabytes.
   */
  lean?: boolean;
}

/** Files read and parsed by an earlier build, with the problems found then. */
export type ParseCache = Map<string, { mtimeMs: number; size: number; source?: string; parsed?: ParsedSource; problems: Diagnostic[] }>;

/** Reads and parses one file, or takes it from the cache when it has not changed. */
async function readAndParse(file: string, { cache, strict, timings }: CompileOptions): Promise<{ source?: string; parsed?: ParsedSource; problems: Diagnostic[] }> {
  const info = cache ? await stat(file).catch(() => undefined) : undefined;
  const hit = info && cache?.get(file);
  if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit;
  const own = new Diagnostics();
  const source = await readText(file, own);
  const parsed = source === undefined ? undefined : timed(timings, 'parse', () => parseFrontmatter(file, source, own, { strict }));
  if (info && cache) cache.set(file, { mtimeMs: info.mtimeMs, size: info.size, source, parsed, problems: own.list });
  return { source, parsed, problems: own.list };
}

// Files read at once: enough to keep the disk busy, few enough to hold little in memory.
const READ_AHEAD = 64;

export interface Compiled {
  articles: CompiledArticle[];
  defaultLocale: string;
  /** Images the articles use, by their path in the output (`assets/<name>.<hash>.<ext>`). */
  assets: Map<string, Buffer>;
  /** The token strings of each article's index records, when worker threads made them. */
  tokenized?: Map<CompiledArticle, RecordFields[]>;
}

const LONG_TITLE = 70;
const LARGE_ARTICLE = 1024 * 1024;

/** Reads, validates and renders every article of a content folder, reporting every problem. */
export async function compileContent(contentDir: string, diagnostics: Diagnostics, options: CompileOptions = {}): Promise<Compiled> {
  registerAllLanguages();
  const defaultLocale = options.defaultLocale ?? 'en';
  const { timings, work } = options;
  const sources = await timedAsync(timings, 'find', () => findArticles(contentDir, diagnostics, options.exclude));
  const locales = localeFolders(sources.map((src) => src.relPath));
  const articles: CompiledArticle[] = [];
  const bySlug = new Map<string, CompiledArticle>();
  const byFile = new Map<string, CompiledArticle>();
  const drafts = new Set<string>();
  const ignoredFields = new Map<string, number>();
  const skippedHomePages: string[] = [];
  // Signs of another tool's folder: then links that do not resolve are warnings, not errors.
  let foreign = !options.strict && (sources.some((src) => /\.mdx$/i.test(src.relPath)) || (await exists(path.join(contentDir, '.vitepress'))));

  const next = readAhead(sources, READ_AHEAD, (src) => readAndParse(src.file, options));
  for (const src of sources) {
    const { source, parsed, problems } = await timedAsync(timings, 'read', next);
    diagnostics.list.push(...problems);
    if (source === undefined || !parsed) continue;
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
    const text = parsed.body.replace(/\r\n?/g, '\n');
    const mdx = /\.mdx$/i.test(src.relPath) || (!options.strict && looksLikeMdx(text));
    if (mdx && !options.strict) foreign = true;
    const body = toPlainMarkdown(text, mdx);
    const nested = tooDeeplyNested(body);
    if (nested) {
      diagnostics.error(src.file, parsed.bodyLine + nested.line, 1, nested.message);
      continue;
    }
    const lexed = timed(timings, 'parse', () => lexSafely(body, written.title, src.file, parsed.bodyLine, diagnostics));
    if (!lexed) continue;
    const title = written.title ?? lexed.title ?? parsed.heroTitle;
    if ((parsed.foreign || !written.title) && !lexed.sections.some((s) => s.text)) {
      // Another tool's home or 404 page: a hero and links, nothing to search.
      skippedHomePages.push(src.relPath);
      continue;
    }
    if (!title) {
      diagnostics.error(src.file, 1, 1, 'no title: add `title: …` to the frontmatter, or start the article with a `# heading`');
      continue;
    }
    if (!written.title) foreign = true;
    const frontmatter: Frontmatter = { ...written, title };
    const article: CompiledArticle = { ...src, slug, locale, frontmatter, body, bodyOffset: parsed.bodyOffset, source, lexed, html: '' };
    articles.push(article);
    // Tokenized on the worker threads while this one reads on.
    work?.tokenize(article);
    // Keyed by locale and slug for duplicates; by slug alone for `related:`, which may name an
    // article that exists only in another language.
    bySlug.set(key, article);
    bySlug.set(slug, bySlug.get(slug) ?? article);
    byFile.set(src.relPath, article);
  }

  const assets = new Map<string, Buffer>();
  const contentRoot = await realpath(contentDir);
  const context: LinkContext = { byFile, drafts, contentDir, foreign, locales };
  let undescribed = 0;
  const unsanitized: string[] = [];
  for (const article of articles) {
    if (foreign && !article.frontmatter.description) undescribed++;
    await timedAsync(timings, 'check', async () => {
      checkArticle(article, diagnostics, bySlug, foreign);
      await checkLinks(article, diagnostics, context);
      await collectImages(article, contentRoot, assets, diagnostics, foreign);
    });
    unsanitized.push(timed(timings, 'render', () => renderUnsanitized(article.lexed)));
    if (options.lean) forgetSource(article);
  }
  const html = work ? await work.sanitize(articles, unsanitized) : timed(timings, 'sanitize', () => unsanitized.map(sanitize));
  articles.forEach((article, i) => (article.html = html[i]));
  const tokenized = await work?.allTokenized();
  articles.sort((a, b) => a.slug.localeCompare(b.slug) || a.locale.localeCompare(b.locale));
  noteWhatWasLeftOut(diagnostics, { ignoredFields, skippedHomePages, undescribed, articles });
  return { articles, defaultLocale, assets, tokenized };
}

function forgetSource(article: CompiledArticle): void {
  article.source = '';
  article.body = '';
  article.lexed = { ...article.lexed, tokens: Object.assign([], { links: {} }), offsets: [] };
}

/** Lexes a body; a parser that still overflows its stack becomes an error for this file. */
function lexSafely(body: string, title: string | undefined, file: string, bodyLine: number, diagnostics: Diagnostics): LexedBody | undefined {
  try {
    const titled = lexBody(body, { titleHeading: true });
    // The `# heading` is the title when there is no `title:`, or when it repeats it.
    if (title === undefined || titled.title === undefined || titled.title.toLowerCase() === title.trim().toLowerCase()) return titled;
    return lexBody(body);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    diagnostics.error(file, bodyLine, 1, 'markdown nested too deeply to read: flatten the deepest quotes, lists or emphasis');
    return undefined;
  }
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
  { ignoredFields, skippedHomePages, undescribed, articles }: { ignoredFields: Map<string, number>; skippedHomePages: string[]; undescribed: number; articles: CompiledArticle[] },
): void {
  if (ignoredFields.size) {
    const list = [...ignoredFields].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([field, n]) => `${field} (${n} file${n === 1 ? '' : 's'})`);
    diagnostics.note(`fields Selfserve does not use were ignored: ${list.join(', ')}`);
  }
  if (skippedHomePages.length) diagnostics.note(`skipped ${skippedHomePages.length} page${skippedHomePages.length === 1 ? '' : 's'} with no text to search (${skippedHomePages.join(', ')})`);
  if (undescribed) diagnostics.note(`${undescribed} article${undescribed === 1 ? ' has' : 's have'} no \`description:\` (one sentence shown under the title in results)`);
  const unstemmed = [...new Set(articles.map((a) => a.locale))].filter((locale) => !languageFor(locale).stem && !languageFor(locale).segmented).sort();
  if (unstemmed.length) {
    const names = unstemmed.map((locale) => `${languageNames.of(locale.split('-')[0]) ?? locale} (${locale})`);
    diagnostics.note(`no stemmer for ${names.join(', ')}: searches in ${unstemmed.length === 1 ? 'this language' : 'these languages'} find words as they are written, not other forms of them (plurals, tenses)`);
  }
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** The locale folder a path starts with (`es/billing/x.md` → `es`), if any. */
export function localeFolder(relPath: string, folders: Set<string>): string | undefined {
  const first = relPath.split('/')[0];
  return first !== relPath && folders.has(first) ? first : undefined;
}

/**
 * Copies the images an article uses into the output under content-hashed names (cacheable
 * forever) and points the article at them. Only real images inside the content folder are
 * published (see `readImage`); in another tool's folder a missing one is a warning.
 */
async function collectImages(article: CompiledArticle, contentRoot: string, assets: Map<string, Buffer>, diagnostics: Diagnostics, foreign: boolean): Promise<void> {
  for (const { token, offset } of bodyLinks(article.lexed, article.body, 'image')) {
    const local = resolveLocalHref(token.href, article.relPath);
    if (!local?.file) continue;
    let image = await readImage(contentRoot, local.file);
    // VitePress serves `/logo.png` from the folder's public/.
    if (image.missing && token.href.startsWith('/')) {
      const fromPublic = await readImage(contentRoot, `public/${local.file}`);
      if (!fromPublic.missing) image = fromPublic;
    }
    const { line, col } = bodyPos(article, offset);
    if (image.refused) {
      diagnostics.error(article.file, line, col, `image \`${token.href}\` is not published: ${image.refused}`);
      continue;
    }
    if (image.missing) {
      const report = foreign ? diagnostics.warning.bind(diagnostics) : diagnostics.error.bind(diagnostics);
      report(article.file, line, col, `image \`${token.href}\` does not exist (no ${local.file} in the content folder)`);
      continue;
    }
    const bytes = image.bytes!;
    (token as Tokens.Image & { sourceHref?: string }).sourceHref = token.href;
    const ext = path.extname(local.file).toLowerCase();
    const name = path.basename(local.file, path.extname(local.file)).replace(/[^\w.-]+/g, '-');
    const output = `assets/${name}.${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}${ext}`;
    assets.set(output, bytes);
    token.href = output;
  }
}

async function readText(file: string, diagnostics: Diagnostics): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    diagnostics.error(file, 1, 1, `cannot read file: ${(error as Error).message}`);
    return undefined;
  }
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

/** Position of an offset in the article's body, as a file position. */
export function bodyPos(article: CompiledArticle, offset: number) {
  return lineCol(article.source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), article.bodyOffset + offset);
}

function checkArticle(article: CompiledArticle, diagnostics: Diagnostics, bySlug: Map<string, CompiledArticle>, foreign: boolean): void {
  const { frontmatter: fm, file } = article;
  const fieldLine = (key: string) => {
    const i = article.source.split('\n').findIndex((line) => line.startsWith(`${key}:`));
    return i === -1 ? 1 : i + 1;
  };
  // Other tools' pages seldom have one: a note in the summary says how many lack it.
  if (!fm.description && !foreign) diagnostics.warning(file, 1, 1, 'no `description`: add one sentence that tells readers what the article answers (it is shown in results)');
  for (const problem of (fm.pages ?? []).map(globProblem).filter(Boolean)) diagnostics.error(file, fieldLine('pages'), 1, problem!);
  if (fm.title.length > LONG_TITLE) diagnostics.warning(file, fieldLine('title'), 1, `title is ${fm.title.length} characters long: keep it under ${LONG_TITLE} so it fits in search results`);
  for (const slug of fm.related ?? []) {
    if (!bySlug.has(slug)) diagnostics.error(file, fieldLine('related'), 1, `\`related\` names \`${slug}\`, which is not an article: use the slug of an article (its path without .md)`);
  }
  for (const heading of article.lexed.headings) {
    const { line, col } = bodyPos(article, heading.offset);
    if (heading.depth === 1) diagnostics.warning(file, line, col, 'a `#` heading in the body: the title comes from the frontmatter; use `##` for sections');
  }
  article.lexed.sections.forEach((section, i) => {
    if (!section.heading || section.text) return;
    // A heading directly followed by its own subheadings is not empty.
    const next = article.lexed.sections[i + 1]?.heading;
    if (next && next.depth > section.heading.depth) return;
    const { line, col } = bodyPos(article, section.heading.offset);
    diagnostics.warning(file, line, col, `section "${section.heading.text}" is empty: add text under it or remove the heading`);
  });
}
