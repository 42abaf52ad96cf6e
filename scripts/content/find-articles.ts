import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareTerms } from '../../src/sorted.ts';
import type { Diagnostics } from '../diagnostics.ts';

/** A markdown file of the content folder. */
export interface SourceFile {
  /** Absolute path. */
  file: string;
  /** Path relative to the content folder, with `/` separators. */
  relPath: string;
}

const SKIPPED_DIRS = new Set(['node_modules']);

/** Names the build never looks inside or at: hidden files and folders, and `node_modules`. */
export const isSkippedName = (name: string) => name.startsWith('.') || SKIPPED_DIRS.has(name);

/**
 * Every `.md` and `.mdx` file under `root`, sorted, skipping hidden files and folders (`.git`,
 * `.vitepress`, `.drafts`) and `node_modules`. Folder symlinks are not followed (they can loop, or
 * lead anywhere); a file symlink is followed only to a regular file inside the content folder.
 */
export function findArticles(root: string, diagnostics: Diagnostics, exclude: string[] = []): SourceFile[] {
  const found: SourceFile[] = [];
  const realRoot = realpathSync(root);
  const excluded = exclude.map((ex) => ex + path.sep);
  // `rel`: the folder's path relative to the root, with `/` separators (`path.relative` for each
  // of ten thousand files cost more than the walk). Synchronous: a build has nothing else to do
  // meanwhile, and a promise per folder took twice as long at 10,000 articles.
  function walk(dir: string, rel: string): void {
    const entries = readdirSync(dir, { withFileTypes: true });
    // In code-unit order (see `compareTerms`): which of two files with one slug comes first must not depend on the machine's language.
    for (const entry of entries.sort((a, b) => compareTerms(a.name, b.name))) {
      if (isSkippedName(entry.name)) continue;
      // Joined as strings, the folder being normalized already (see below): path.join for each of
      // ten thousand files took a third of the walk.
      const file = dir === '.' ? entry.name : dir.endsWith(path.sep) ? dir + entry.name : dir + path.sep + entry.name;
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (excluded.some((ex, i) => file === exclude[i] || file.startsWith(ex))) continue;
      if (entry.isDirectory()) {
        walk(file, relPath);
      } else if (entry.isSymbolicLink()) {
        const target = statSync(file, { throwIfNoEntry: false });
        const real = target && realpathSync(file);
        if (!target || !real) diagnostics.warning(file, 1, 1, 'broken symbolic link: skipped');
        else if (target.isDirectory()) diagnostics.warning(file, 1, 1, 'symbolic link to a folder: not followed (links can loop); move or copy the articles instead');
        else if (!isMarkdown(entry.name)) continue;
        else if (!real.startsWith(realRoot + path.sep)) diagnostics.warning(file, 1, 1, 'symbolic link to a file outside the content folder: skipped (only files inside it are published); copy the article in instead');
        else if (!target.isFile()) diagnostics.warning(file, 1, 1, 'symbolic link to something that is not a regular file: skipped');
        else found.push({ file, relPath });
      } else if (entry.isFile() && isMarkdown(entry.name)) {
        found.push({ file, relPath });
      }
    }
  }
  // Normalized as path.join would: `content/`, `./content` and `.` give the paths they gave before.
  walk(path.join(root, '.'), '');
  return found;
}

const isMarkdown = (name: string) => /\.mdx?$/i.test(name);
