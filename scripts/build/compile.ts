import type { Tokens } from 'marked';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Frontmatter } from '../../src/schema.ts';
import { findArticles, type SourceFile } from '../content/find-articles.ts';
import { parseFrontmatter, type ParsedSource } from '../content/parse-frontmatter.ts';
import { bodyLinks, lexBody, linkToArticle, renderBody, resolveLocalHref, type LexedBody } from '../content/render-markdown.ts';
import { Diagnostics, lineCol, type Diagnostic } from '../diagnostics.ts';

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
   * Kept between builds (watch mode, the preview): files whose size and modification time did not
   * change are not read or parsed again.
   */
  cache?: ParseCache;
}

/** Files read and parsed by an earlier build, with the problems found then. */
export type ParseCache = Map<string, { mtimeMs: number; size: number; source?: string; parsed?: ParsedSource; problems: Diagnostic[] }>;

/** Reads and parses one file, or takes it from the cache when it has not changed. */
async function readAndParse(file: string, diagnostics: Diagnostics, cache?: ParseCache): Promise<{ source?: string; parsed?: ParsedSource }> {
  const info = cache ? await stat(file).catch(() => undefined) : undefined;
  const hit = info && cache?.get(file);
  if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) {
    diagnostics.list.push(...hit.problems);
    return hit;
  }
  const own = new Diagnostics();
  const source = await readText(file, own);
  const parsed = source === undefined ? undefined : parseFrontmatter(file, source, own);
  diagnostics.list.push(...own.list);
  if (info && cache) cache.set(file, { mtimeMs: info.mtimeMs, size: info.size, source, parsed, problems: own.list });
  return { source, parsed };
}

export interface Compiled {
  articles: CompiledArticle[];
  defaultLocale: string;
  /** Images the articles use, by their path in the output (`assets/<name>.<hash>.<ext>`). */
  assets: Map<string, Buffer>;
}

const LONG_TITLE = 70;
const LARGE_ARTICLE = 1024 * 1024;
const urlFor = (slug: string, anchor?: string) => `#help/${slug}${anchor ? `#${anchor}` : ''}`;

/** Reads, validates and renders every article of a content folder, reporting every problem. */
export async function compileContent(contentDir: string, diagnostics: Diagnostics, options: CompileOptions = {}): Promise<Compiled> {
  const defaultLocale = options.defaultLocale ?? 'en';
  const sources = await findArticles(contentDir, diagnostics, options.exclude);
  const articles: CompiledArticle[] = [];
  const bySlug = new Map<string, CompiledArticle>();
  const byFile = new Map<string, CompiledArticle>();
  const drafts = new Set<string>();

  for (const src of sources) {
    const { source, parsed } = await readAndParse(src.file, diagnostics, options.cache);
    if (source === undefined || !parsed) continue;
    const fm = parsed.frontmatter;
    if (!fm) continue;
    if (fm.draft) {
      drafts.add(src.relPath);
      continue;
    }
    // content/es/billing/x.md is the Spanish article billing/x: translations share their slug.
    const folder = localeFolder(src.relPath);
    const slug = fm.slug ?? (folder ? src.relPath.slice(folder.length + 1) : src.relPath).replace(/\.md$/i, '');
    const locale = fm.locale ?? folder ?? defaultLocale;
    const existing = bySlug.get(`${locale}:${slug}`);
    if (existing) {
      diagnostics.error(src.file, 1, 1, `slug \`${slug}\` is already used by ${existing.relPath}: rename one file or set a different \`slug:\``);
      continue;
    }
    const body = parsed.body.replace(/\r\n?/g, '\n');
    const article: CompiledArticle = { ...src, slug, locale, frontmatter: fm, body, bodyOffset: parsed.bodyOffset, source, lexed: lexBody(body), html: '' };
    articles.push(article);
    // Keyed by locale and slug for duplicates; by slug alone for `related:`, which may name an
    // article that exists only in another language.
    bySlug.set(`${locale}:${slug}`, article);
    bySlug.set(slug, bySlug.get(slug) ?? article);
    byFile.set(src.relPath, article);
  }

  const assets = new Map<string, Buffer>();
  for (const article of articles) {
    checkArticle(article, diagnostics, bySlug);
    await checkLinks(article, diagnostics, byFile, drafts, contentDir);
    await collectImages(article, contentDir, assets, diagnostics);
    article.html = renderBody(article.lexed);
  }
  articles.sort((a, b) => a.slug.localeCompare(b.slug) || a.locale.localeCompare(b.locale));
  return { articles, defaultLocale, assets };
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** The locale a top-level folder stands for (`es`, `pt-BR`), if its name is a language tag. */
export function localeFolder(relPath: string): string | undefined {
  const first = relPath.split('/')[0];
  if (first === relPath || !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(first)) return undefined;
  try {
    return languageNames.of(first) ? first : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Copies the images an article uses into the output under content-hashed names (cacheable
 * forever) and points the article at them. A missing image is left for `selfserve check` to report.
 */
async function collectImages(article: CompiledArticle, contentDir: string, assets: Map<string, Buffer>, diagnostics: Diagnostics): Promise<void> {
  for (const { token, offset } of bodyLinks(article.lexed, article.body, 'image')) {
    const local = resolveLocalHref(token.href, article.relPath);
    if (!local?.file) continue;
    const bytes = local.file.startsWith('..') ? undefined : await readFile(path.join(contentDir, local.file)).catch(() => undefined);
    if (!bytes) {
      const { line, col } = bodyPos(article, offset);
      diagnostics.error(article.file, line, col, `image \`${token.href}\` does not exist (no ${local.file} in the content folder)`);
      continue;
    }
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

function checkArticle(article: CompiledArticle, diagnostics: Diagnostics, bySlug: Map<string, CompiledArticle>): void {
  const { frontmatter: fm, file } = article;
  const fieldLine = (key: string) => {
    const i = article.source.split('\n').findIndex((line) => line.startsWith(`${key}:`));
    return i === -1 ? 1 : i + 1;
  };
  if (!fm.description) diagnostics.warning(file, 1, 1, 'no `description`: add one sentence that tells readers what the article answers (it is shown in results)');
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

async function checkLinks(
  article: CompiledArticle,
  diagnostics: Diagnostics,
  byFile: Map<string, CompiledArticle>,
  drafts: Set<string>,
  contentDir: string,
): Promise<void> {
  for (const { token, offset } of bodyLinks(article.lexed, article.body)) {
    const local = resolveLocalHref(token.href, article.relPath);
    if (!local) continue;
    const { line, col } = bodyPos(article, offset);
    const where = token.href;
    let target: CompiledArticle | undefined = article;
    if (local.file !== undefined) {
      target = byFile.get(local.file) ?? byFile.get(`${local.file}.md`) ?? byFile.get(`${local.file}/index.md`);
      if (!target) {
        if (drafts.has(local.file) || drafts.has(`${local.file}.md`)) {
          diagnostics.error(article.file, line, col, `link to \`${where}\`: that article is a draft and is not published; remove the link or publish the article`);
        } else if (local.file.startsWith('..')) {
          diagnostics.error(article.file, line, col, `broken link: \`${where}\` points outside the content folder`);
        } else if (await exists(path.join(contentDir, local.file))) {
          diagnostics.warning(article.file, line, col, `link to \`${where}\`, which is not an article: only articles are published with the index`);
        } else {
          diagnostics.error(article.file, line, col, `broken link: \`${where}\` does not exist (no ${local.file} in the content folder)`);
        }
        continue;
      }
    }
    if (local.anchor && !target.lexed.headings.some((h) => h.anchor === local.anchor)) {
      const anchors = target.lexed.headings.map((h) => `#${h.anchor}`).join(', ') || 'none';
      diagnostics.error(article.file, line, col, `broken link: \`${where}\` — ${target === article ? 'this article' : target.relPath} has no heading with anchor \`#${local.anchor}\` (anchors: ${anchors})`);
      continue;
    }
    linkToArticle(token, target.slug, local.anchor, urlFor(target.slug, local.anchor));
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}
