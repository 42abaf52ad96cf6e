import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isArticleUrl } from '../../src/article-html.ts';
import { fromRepositoryRoot, resolveLocalHref } from '../content/render-markdown.ts';
import { closest, editDistance, type Diagnostics } from '../diagnostics.ts';
import { anchorsText, hasHeadingAnchor, headingAnchors } from './cached-entry.ts';
import { bodyPos, localeFolder, type CompiledArticle } from './compile.ts';
import type { LinkTarget } from './render-linked.ts';

export type { LinkTarget };

/** What link checking needs to know about the whole content folder. */
export interface LinkContext {
  byFile: Map<string, CompiledArticle>;
  /** Paths of draft articles, which are not published. */
  drafts: Set<string>;
  contentDir: string;
  /**
   * The folder was written for another tool: its links may point at pages that are not articles
   * (a blog, an API reference generated elsewhere), so broken links are warnings.
   */
  foreign: boolean;
  /** The content folder's locale folders (`zh-cn`). */
  locales: Set<string>;
  /** Whether each file a link names that is not an article was there (see `CheckedLinks`), as the checks found them. */
  probed?: Map<string, boolean>;
}

/**
 * What a build's link checks were made against, for the next build: the articles, their anchors
 * and the rest of `LinkContext` (`world`, a hash of `linkWorld`), and the files whose links had a
 * problem. While the world is the same, an unchanged article's links resolve as they did: the next
 * build takes their targets from its build cache entry (`deps`) and does not check them again,
 * but for those files, whose problems are reported again, and which may name a file that is not
 * an article (whether it exists is not part of the world).
 */
export interface CheckedLinks {
  world: string;
  troubled: Set<string>;
}

/** All that resolving a link looks at, but the linking article's own links and path: hashed. */
export function linkWorld(articles: CompiledArticle[], { drafts, contentDir, foreign, locales }: LinkContext): string {
  // Each text after its length, so no two worlds give the same bytes; hashed at once, as a hash
  // updated for each of 10,000 articles took 30 ms of a rebuild.
  let world = JSON.stringify([path.resolve(contentDir), foreign, [...locales].sort(), [...drafts].sort()]);
  // Articles in the order they were found, which is the same for the same folder.
  for (const { relPath, slug, lexed } of articles) {
    const anchors = anchorsText(lexed);
    const top = lexed.titleAnchor ?? '';
    world += `${relPath.length}:${relPath}${slug.length}:${slug}${anchors.length}:${anchors}${top.length}:${top}`;
  }
  return createHash('sha256').update(world).digest('base64url');
}

/**
 * Checks every link of an article and notes the article each points at (`linkTargets`, which
 * `applyLinkTargets` then writes into the links, render-linked.ts). A link may name a
 * file (`../billing/codes.md#rates`) or a route as other tools write them (`/guides/sidebar/`,
 * `./getting-started#installation`, `/zh-cn/reference/configuration/#badgeconfig`).
 */
export async function checkLinks(article: CompiledArticle, diagnostics: Diagnostics, context: LinkContext): Promise<void> {
  const { drafts, contentDir, foreign } = context;
  // Found only for a problem: an article from the build cache has its text read again for it.
  const warn = (offset: number, message: string) => {
    const { line, col } = bodyPos(article, offset);
    diagnostics.warning(article.file, line, col, message, offset);
  };
  // A link of raw HTML, passed through as written before links there were checked, stays so: reported, not failed.
  const broken = (offset: number, message: string, raw?: boolean) => {
    const { line, col } = bodyPos(article, offset);
    if (raw) diagnostics.warning(article.file, line, col, `${message} (in raw HTML, left as written)`, offset);
    else (foreign ? diagnostics.warning : diagnostics.error).call(diagnostics, article.file, line, col, message, offset);
  };
  const { links } = article;
  for (let i = 0; i < links.length; i++) {
    const { href, offset, raw } = links[i];
    // (Raw HTML's links are collected only when relative: its others go as the sanitizer decides.)
    if (!isArticleUrl(href)) {
      warn(offset, `link \`${shortened(href)}\` is dropped when the article is published: a link goes to an article, a heading, or an https:, http:, mailto: or tel: address`);
      continue;
    }
    const local = resolveLocalHref(href, article.relPath);
    if (!local) continue;
    const where = href;
    let target: CompiledArticle | undefined = article;
    if (local.file !== undefined) {
      target = findTarget(href, article, context, local.file);
      if (!target) {
        if (drafts.has(local.file) || drafts.has(`${local.file}.md`)) {
          broken(offset, `link to \`${where}\`: that article is a draft and is not published; remove the link or publish the article`, raw);
        } else if (local.file.startsWith('..')) {
          broken(offset, `broken link: \`${where}\` points outside the content folder`, raw);
        } else if (await probe(context, path.join(contentDir, local.file))) {
          warn(offset, `link to \`${where}\`, which is not an article: only articles are published with the index`);
        } else {
          const near = nearestArticle(local.file, article.relPath, context.byFile);
          const hint = near ? `: did you mean \`${path.posix.relative(path.posix.dirname(article.relPath), near)}\`?` : '';
          broken(offset, `broken link: \`${where}\` does not exist (no ${local.file} in the content folder)${hint}`, raw);
        }
        continue;
      }
    }
    // An anchor in another case than its heading's (`#setGenReqId` for "setGenReqId()"), as
    // GitHub finds it; the title's own anchor, as GitHub gives its `# heading`, is the article's top.
    const anchor = local.anchor && (hasHeadingAnchor(target.lexed, local.anchor) ? local.anchor : inAnyCase(local.anchor, target.lexed));
    const top = local.anchor !== undefined && !anchor && local.anchor === target.lexed.titleAnchor;
    if (local.anchor && !anchor && !top) {
      broken(offset, `broken link: \`${where}\` — ${target === article ? 'this article' : target.relPath} has no heading with anchor \`#${local.anchor}\`${anchorHint(local.anchor, headingAnchors(target.lexed))}`, raw);
      continue;
    }
    article.linkTargets[i] = { slug: target.slug, anchor: anchor || undefined };
  }
}

/**
 * The article a link points at (`resolved`: its path from the article's folder). Tried in order:
 * the path as a file, then as a route (without `.md`, `.html` or its trailing `/`, or a folder's
 * `index`), relative to the file's folder and, for relative links, to the page's own route
 * (`guides/intro.md` is served as `/guides/intro/`); a route under a locale folder that has no
 * such translation falls back to the default language. A link from the site's root that finds
 * nothing is tried from the repository's root, as GitHub reads it (see `fromRepositoryRoot`).
 */
function findTarget(href: string, article: CompiledArticle, { byFile, locales, contentDir }: LinkContext, resolved: string): CompiledArticle | undefined {
  // Most links name an article's file (`../billing/pay.md`): found at once, before any route is
  // made (a rebuild checks every link of 10,000 articles).
  const named = resolved.startsWith('..') ? undefined : byFile.get(resolved);
  if (named) return named;
  const files = [resolved];
  if (href.startsWith('/')) files.push(...fromRepositoryRoot(resolved, contentDir));
  else {
    const route = article.relPath.replace(/\.mdx?$/i, '').replace(/(^|\/)index$/i, '');
    const fromRoute = resolveLocalHref(href, route ? `${route}/index` : 'index')?.file;
    if (fromRoute !== undefined) files.push(fromRoute);
  }
  for (const file of files) {
    if (file.startsWith('..')) continue;
    const found = routeTarget(file, byFile, locales);
    if (found) return found;
  }
  return undefined;
}

/** The article served at `file` taken as a route (see `findTarget`). */
function routeTarget(file: string, byFile: Map<string, CompiledArticle>, locales: Set<string>): CompiledArticle | undefined {
  const route = file.replace(/\/+$/, '').replace(/\.html$/i, '').replace(/^\.$/, '');
  const locale = localeFolder(route, locales);
  const routes = locale ? [route, route.slice(locale.length + 1)] : [route];
  for (const r of routes) {
    const candidates = [r, `${r}.md`, `${r}.mdx`, `${r ? `${r}/` : ''}index.md`, `${r ? `${r}/` : ''}index.mdx`];
    for (const candidate of candidates) {
      const found = byFile.get(candidate);
      if (found) return found;
    }
  }
  return undefined;
}

/** The one anchor of a body that is `anchor` in another case, if it has only one such. */
function inAnyCase(anchor: string, lexed: CompiledArticle['lexed']): string | undefined {
  const lower = anchor.toLowerCase();
  if (lower === anchor) return undefined;
  const found = headingAnchors(lexed).filter((a) => a.toLowerCase() === lower);
  return found.length === 1 ? found[0] : undefined;
}

// Anchors a broken one's problem lists, at most: a reference page may have a hundred.
const LISTED_ANCHORS = 12;

/**
 * What a problem says of the anchors an article has, for a link to one it lacks: the one it most
 * likely meant ("#to-string" for its "#tostring", a heading's " - " written "-"), else the list.
 */
function anchorHint(anchor: string, anchors: string[]): string {
  const meant = closest(anchor, anchors);
  if (meant) return `: did you mean \`#${meant}\`?`;
  const listed = anchors.slice(0, LISTED_ANCHORS).map((a) => `#${a}`).join(', ');
  const more = anchors.length > LISTED_ANCHORS ? `, and ${anchors.length - LISTED_ANCHORS} more` : '';
  return ` (anchors: ${listed || 'none'}${more})`;
}

// The articles of each folder, and those of each file name, in lower case, for `nearestArticle`:
// made once per build.
const namesOf = new WeakMap<Map<string, CompiledArticle>, { folders: Map<string, string[]>; names: Map<string, string[]> }>();

/**
 * The article most like `file`, for a broken link: in its folder, a letter or two off, or the same
 * name in another case (which a Mac's disk forgives and the server that publishes it does not);
 * else the one article of that file name in another folder.
 */
function nearestArticle(file: string, from: string, byFile: Map<string, CompiledArticle>): string | undefined {
  let known = namesOf.get(byFile);
  if (!known) {
    known = { folders: new Map(), names: new Map() };
    const add = (map: Map<string, string[]>, key: string, relPath: string) => {
      const list = map.get(key);
      if (list) list.push(relPath);
      else map.set(key, [relPath]);
    };
    for (const relPath of byFile.keys()) {
      add(known.folders, path.posix.dirname(relPath).toLowerCase(), relPath);
      add(known.names, path.posix.basename(relPath).toLowerCase(), relPath);
    }
    namesOf.set(byFile, known);
  }
  const named = /\.mdx?$/i.test(file) ? file : `${file}.md`;
  // Names compared without their folder and extension: "b" is not "a" mistyped, "pya" is "pay".
  const wanted = nameOf(named);
  let best: string | undefined;
  let bestDistance = wanted.length >= 8 ? 3 : wanted.length >= 3 ? 2 : 1;
  for (const relPath of known.folders.get(path.posix.dirname(named).toLowerCase()) ?? []) {
    const name = nameOf(relPath);
    // (Only names of about its length are compared: a flat folder may hold thousands.)
    const distance = relPath === from || Math.abs(name.length - wanted.length) >= bestDistance ? Infinity : editDistance(wanted, name);
    if (distance < bestDistance) [best, bestDistance] = [relPath, distance];
  }
  const sameName = known.names.get(path.posix.basename(named).toLowerCase())?.filter((relPath) => relPath !== from);
  return best ?? (sameName?.length === 1 ? sameName[0] : undefined);
}

const nameOf = (relPath: string) => path.posix.basename(relPath).replace(/\.mdx?$/i, '').toLowerCase();

/** Whether a file a link names is there, noted in `probed`. */
async function probe(context: LinkContext, file: string): Promise<boolean> {
  const found = await exists(file);
  context.probed?.set(file, found);
  return found;
}

export async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

/** A URL as a problem shows it: a `data:` URL can be megabytes. */
export const shortened = (url: string) => (url.length > 60 ? `${url.slice(0, 59)}…` : url);
