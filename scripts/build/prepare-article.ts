// What one content file gives on its own, made on a worker thread (build-worker.ts): read, parse
// its frontmatter and markdown, tokenize its index records and, when no link or image of it needs
// another file, render and sanitize its HTML. The main thread gets a build cache entry, as if the
// file had been in the cache, and keeps to what needs the whole folder (slugs, links, the index).
import { recordFields } from '../../src/engine.ts';
import { renderUnsanitized, resolveLocalHref } from '../content/render-markdown.ts';
import { sanitizeBodies, withoutRawHtml, type RenderedBody } from '../content/sanitize-many.ts';
import { articleRecords } from './build-index.ts';
import { articleTitle, depsOf, lexArticleBody, readEntry, cachedBody, type FileEntry, type Unread } from './read-article.ts';
import { newTimings, timed, type BuildTimings } from './timings.ts';

export interface PrepareTask extends Unread {
  /** Its path in the content folder (`billing/pay.md`). */
  relPath: string;
  /** Its language unless its frontmatter names one: its locale folder's, else the default. */
  locale: string;
  strict?: boolean;
}

/** A new entry, or none when the file's bytes still hash to the cache's entry (`knownHash`). */
export type Prepared = { entry: FileEntry } | { unchanged: true };

/**
 * What `compileContent` gives an article with no links or images to resolve: `deps` as it works
 * them out then, so its HTML is reused; a link resolved to an article makes its own and renders again.
 */
export const NO_DEPS = depsOf('[]', []);

export function prepareArticle(task: PrepareTask, timings: BuildTimings = newTimings()): Prepared {
  return prepareArticles([task], timings)[0];
}

/**
 * `prepareArticle` for each file, in order. The HTML of bodies without raw HTML is sanitized
 * together (see `sanitizeBodies`), the others' one by one.
 */
export function prepareArticles(tasks: PrepareTask[], timings: BuildTimings = newTimings()): Prepared[] {
  const made = tasks.map((task) => prepareUnsanitized(task, timings));
  const rendered = made.flatMap((one) => one.rendered ?? []);
  const html = timed(timings, 'sanitize', () => sanitizeBodies(rendered));
  rendered.forEach(({ entry }, i) => Object.assign(entry, { html: html[i], deps: NO_DEPS }));
  return made.map((one) => one.prepared);
}

/**
 * All of `prepareArticle` but the sanitizing: `rendered` holds the HTML to sanitize for an
 * article that has no link or image to resolve, and whether its markdown had no raw HTML.
 */
function prepareUnsanitized(task: PrepareTask, timings: BuildTimings): { prepared: Prepared; rendered?: RenderedBody & { entry: FileEntry } } {
  const read = readEntry(task, { strict: task.strict, timings });
  if (!read) return { prepared: { unchanged: true } };
  const { entry, body: rawBody, source } = read;
  const prepared = { entry };
  const parsed = entry.parsed;
  const written = parsed?.frontmatter;
  // Drafts and files without frontmatter go no further in the build either.
  if (rawBody === undefined || !parsed || !written || written.draft) return { prepared };
  const { result, body } = timed(timings, 'parse', () => lexArticleBody(rawBody, written.title, { mdxFile: /\.mdx$/i.test(task.relPath), strict: task.strict }));
  entry.body = cachedBody(result, task.file, source!, parsed.bodyOffset);
  const { lexed } = result;
  if (!lexed) return { prepared };
  const { title } = articleTitle(written.title, lexed, parsed, task.file);
  // A page the build skips (nothing to search) or refuses (no title) needs neither tokens nor HTML.
  if (!title || ((parsed.foreign || !written.title) && !lexed.sections.some((s) => s.text))) return { prepared };
  const locale = written.locale ?? task.locale;
  entry.tokens = timed(timings, 'tokenize', () => articleRecords({ frontmatter: { ...written, title }, lexed }).map((text) => recordFields(text, locale)));
  entry.tokensLocale = locale;
  const local = result.links.some(({ href }) => resolveLocalHref(href, task.relPath)) || result.images.some(({ href }) => resolveLocalHref(href, task.relPath)?.file);
  if (local) return { prepared };
  return { prepared, rendered: { entry, html: timed(timings, 'render', () => renderUnsanitized(lexed)), plain: withoutRawHtml(body) } };
}
