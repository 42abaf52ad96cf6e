import { bodyPos, type Compiled } from '../build/compile.ts';
import type { Diagnostics } from '../diagnostics.ts';
import { imagesWithoutAlt } from './raw-html-urls.ts';
import { bodyParts, footnoteProblems } from './render-markdown.ts';

// An article this long with no section headings is hard to scan and its search results cannot
// point at the part that answers.
const LONG_WITHOUT_HEADINGS = 400;

const lineOf = (source: string, key: string) => {
  const i = source.split('\n').findIndex((line) => line.startsWith(`${key}:`));
  return i === -1 ? 1 : i + 1;
};

/**
 * The checks `selfserve check` adds to those of the build: duplicate titles, images without alt text,
 * headings that skip levels, `pages:` globs that cannot match, articles nobody can reach,
 * long articles without headings, and a help center with nothing to offer before a search.
 */
export function lintContent({ articles }: Compiled, diagnostics: Diagnostics): void {
  const titles = new Map<string, string>();
  const linkedTo = new Set<string>();
  for (const article of articles) {
    for (const slug of article.frontmatter.related ?? []) linkedTo.add(slug);
    // Where its links lead, markdown and raw HTML alike, as the build found them.
    for (const target of article.linkTargets) if (target && target.slug !== article.slug) linkedTo.add(target.slug);
  }

  for (const article of articles) {
    const { frontmatter: fm, file, source } = article;
    const key = `${article.locale}:${fm.title.trim().toLowerCase()}`;
    const other = titles.get(key);
    if (other) diagnostics.warning(file, lineOf(source, 'title'), 1, `title "${fm.title}" is also the title of ${other}: readers cannot tell the two apart in results`);
    else titles.set(key, article.relPath);

    for (const glob of fm.pages ?? []) {
      if (/[[\]{}]|\/\/|\s/.test(glob)) diagnostics.error(file, lineOf(source, 'pages'), 1, `\`pages\` glob "${glob}" can never match: use a path with * (one segment) or ** (any depth), like /account/bill/*`);
    }

    const parts = bodyParts(article.lexed, article.body);
    for (const { token, offset } of parts.images) {
      const { line, col } = bodyPos(article, offset);
      // The build pointed the image at its hashed copy; messages name what the writer wrote.
      const href = (token as typeof token & { sourceHref?: string }).sourceHref ?? token.href;
      if (!token.text.trim()) diagnostics.warning(file, line, col, `image \`${href}\` has no alt text: describe it in the brackets, ![like this](${href})`);
    }
    for (const { token, offset } of parts.html) {
      for (const { src, index } of imagesWithoutAlt(token.raw)) {
        const { line, col } = bodyPos(article, offset + index);
        diagnostics.warning(file, line, col, `image \`${src}\` in raw HTML has no alt text: describe it, <img src="${src}" alt="like this"> (alt="" if it is only decoration)`);
      }
    }

    for (const { label, offset, kind } of footnoteProblems(article.lexed, article.body)) {
      const { line, col } = bodyPos(article, offset);
      const message =
        kind === 'unknown'
          ? `footnote [^${label}] has no note, so it shows as written: add its note on a line of its own, \`[^${label}]: …\`, anywhere in the article`
          : `footnote [^${label}] is never referred to, so it is not shown: put [^${label}] where it belongs in the text, or remove it`;
      diagnostics.warning(file, line, col, message);
    }

    let previous = 1;
    for (const heading of article.lexed.headings) {
      if (heading.depth > previous + 1) {
        const { line, col } = bodyPos(article, heading.offset);
        diagnostics.warning(file, line, col, `heading "${heading.text}" skips from h${previous} to h${heading.depth}: use ${'#'.repeat(previous + 1)} so screen readers can follow the outline`);
      }
      previous = heading.depth;
    }

    if (!linkedTo.has(article.slug) && !fm.pages?.length && fm.order === undefined) {
      diagnostics.warning(file, 1, 1, 'no article links here and no `pages:` suggests it: readers only find it by searching; link to it from a related article or add `pages:`');
    }

    const words = article.lexed.sections.reduce((n, s) => n + s.text.split(/\s+/).filter(Boolean).length, 0);
    if (words > LONG_WITHOUT_HEADINGS && article.lexed.sections.length === 1) {
      diagnostics.warning(file, 1, 1, `${words} words and no ## headings: split it into sections so readers can scan it and search can point at the part that answers`);
    }
  }
  // What the widget offers before anything is typed, and when nothing matches, comes from these two.
  if (articles.length && !articles.some((a) => a.frontmatter.order !== undefined || a.frontmatter.pages?.length)) {
    diagnostics.note('no article has `order:` or `pages:`, so the widget lists none before the visitor types, nor when nothing matches: give the most-read ones `order: 1`, `order: 2`…, or `pages:` with the pages of your site they answer');
  }
}
