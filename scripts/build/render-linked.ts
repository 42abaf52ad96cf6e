// Rendering an article whose links or images point at other files, once the main thread has
// found where they point (links.ts, compile.ts). The build cache and the workers keep no markdown
// tokens (see `cachedBody`), so the file is read and lexed again: on the worker threads
// (build-worker.ts), which share that work, or on this thread for a few.
import type { Tokens } from 'marked';
import { linkRawHtml, linkToArticle, publishRawImage, renderUnsanitized } from '../content/render-markdown.ts';
import { sanitizeBodies, withoutRawHtml, type RenderedBody } from '../content/sanitize-many.ts';
import { lexArticleBody, rereadBody, type FoundLink } from './read-article.ts';
import { timed, type BuildTimings } from './timings.ts';

/** The article a link points at, and the heading there. */
export interface LinkTarget {
  slug: string;
  anchor?: string;
}

/** An article to render with its links and images pointed where the checks found them. */
export interface LinkedArticle {
  file: string;
  /** `.mdx` files are read as MDX. */
  relPath: string;
  /** Its frontmatter title: a `# heading` that repeats it is not part of the body. */
  title?: string;
  strict?: boolean;
  /** The hash of the bytes its entry was made from (`FileEntry.hash`). */
  hash: string;
  /** By position among its links and images, as `checkLinks` and `collectImages` found them. */
  linkTargets: (LinkTarget | undefined)[];
  imageOutputs: (string | undefined)[];
}

/** Its sanitized HTML; `changed` when its file no longer holds the bytes its entry was made from. */
export interface RenderedLinked {
  html: string;
  changed: boolean;
}

const urlFor = (slug: string, anchor?: string) => `#help/${slug}${anchor ? `#${anchor}` : ''}`;

/** Points the link tokens at the articles `checkLinks` found for them (the widget opens those in place). */
export function applyLinkTargets({ links, linkTargets }: { links: FoundLink[]; linkTargets: (LinkTarget | undefined)[] }): void {
  links.forEach(({ token }, i) => {
    const target = linkTargets[i];
    if (!token || !target) return;
    if ('html' in token) linkRawHtml(token, target.slug, target.anchor, urlFor(target.slug, target.anchor));
    else linkToArticle(token as Tokens.Link, target.slug, target.anchor, urlFor(target.slug, target.anchor));
  });
}

/** Points the image tokens at their published files (`collectImages` found them). */
export function applyImageOutputs({ images, imageOutputs }: { images: FoundLink[]; imageOutputs: (string | undefined)[] }): void {
  images.forEach(({ token }, i) => {
    const output = imageOutputs[i];
    if (!token || !output) return;
    if ('html' in token) return publishRawImage(token, output);
    (token as Tokens.Image & { sourceHref?: string }).sourceHref = token.href;
    token.href = output;
  });
}

/**
 * Reads, lexes, renders and sanitizes each article, in order. A file changed since its entry was
 * made is rendered as it is now, and said to have changed: its entry is then not vouched for, and
 * the next build reads it again.
 */
export function renderLinked(articles: LinkedArticle[], timings?: BuildTimings): RenderedLinked[] {
  const changed: boolean[] = [];
  const bodies: RenderedBody[] = [];
  for (const article of articles) {
    const { body: markdown, hash } = timed(timings, 'read', () => rereadBody(article.file, article.strict));
    const { result, body } = timed(timings, 'parse', () => lexArticleBody(markdown, article.title, { mdxFile: /\.mdx$/i.test(article.relPath), strict: article.strict }));
    if (!result.lexed) throw new Error(`selfserve: ${article.file} changed during the build: build again`);
    applyLinkTargets({ links: result.links, linkTargets: article.linkTargets });
    applyImageOutputs({ images: result.images, imageOutputs: article.imageOutputs });
    bodies.push({ html: timed(timings, 'render', () => renderUnsanitized(result.lexed!)), plain: withoutRawHtml(body) });
    changed.push(hash !== article.hash);
  }
  const html = timed(timings, 'sanitize', () => sanitizeBodies(bodies));
  return html.map((one, i) => ({ html: one, changed: changed[i] }));
}
