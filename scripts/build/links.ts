import { stat } from 'node:fs/promises';
import path from 'node:path';
import { bodyLinks, linkToArticle, resolveLocalHref } from '../content/render-markdown.ts';
import type { Diagnostics } from '../diagnostics.ts';
import { bodyPos, localeFolder, type CompiledArticle } from './compile.ts';

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
}

const urlFor = (slug: string, anchor?: string) => `#help/${slug}${anchor ? `#${anchor}` : ''}`;

/**
 * Checks every link of an article and points those to other articles at them. A link may name a
 * file (`../billing/codes.md#rates`) or a route as other tools write them (`/guides/sidebar/`,
 * `./getting-started#installation`, `/zh-cn/reference/configuration/#badgeconfig`).
 */
export async function checkLinks(article: CompiledArticle, diagnostics: Diagnostics, context: LinkContext): Promise<void> {
  const { drafts, contentDir, foreign } = context;
  const broken = (line: number, col: number, message: string) =>
    foreign ? diagnostics.warning(article.file, line, col, message) : diagnostics.error(article.file, line, col, message);
  for (const { token, offset } of bodyLinks(article.lexed, article.body)) {
    const local = resolveLocalHref(token.href, article.relPath);
    if (!local) continue;
    const { line, col } = bodyPos(article, offset);
    const where = token.href;
    let target: CompiledArticle | undefined = article;
    if (local.file !== undefined) {
      target = findTarget(token.href, article, context);
      if (!target) {
        if (drafts.has(local.file) || drafts.has(`${local.file}.md`)) {
          broken(line, col, `link to \`${where}\`: that article is a draft and is not published; remove the link or publish the article`);
        } else if (local.file.startsWith('..')) {
          broken(line, col, `broken link: \`${where}\` points outside the content folder`);
        } else if (await exists(path.join(contentDir, local.file))) {
          diagnostics.warning(article.file, line, col, `link to \`${where}\`, which is not an article: only articles are published with the index`);
        } else {
          broken(line, col, `broken link: \`${where}\` does not exist (no ${local.file} in the content folder)`);
        }
        continue;
      }
    }
    if (local.anchor && !target.lexed.headings.some((h) => h.anchor === local.anchor)) {
      const anchors = target.lexed.headings.map((h) => `#${h.anchor}`).join(', ') || 'none';
      broken(line, col, `broken link: \`${where}\` — ${target === article ? 'this article' : target.relPath} has no heading with anchor \`#${local.anchor}\` (anchors: ${anchors})`);
      continue;
    }
    linkToArticle(token, target.slug, local.anchor, urlFor(target.slug, local.anchor));
  }
}

/**
 * The article a link points at. Tried in order: the path as a file, then as a route (without
 * `.md`, `.html` or its trailing `/`, or a folder's `index`), relative to the file's folder and,
 * for relative links, to the page's own route (`guides/intro.md` is served as `/guides/intro/`);
 * a route under a locale folder that has no such translation falls back to the default language.
 */
function findTarget(href: string, article: CompiledArticle, { byFile, locales }: LinkContext): CompiledArticle | undefined {
  const bases = [article.relPath];
  if (!href.startsWith('/')) {
    const route = article.relPath.replace(/\.mdx?$/i, '').replace(/(^|\/)index$/i, '');
    bases.push(route ? `${route}/index` : 'index');
  }
  for (const base of bases) {
    const file = resolveLocalHref(href, base)?.file;
    if (file === undefined || file.startsWith('..')) continue;
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
  }
  return undefined;
}

export async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}
