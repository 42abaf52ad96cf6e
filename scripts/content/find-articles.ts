import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostics } from '../diagnostics.ts';

/** A markdown file of the content folder. */
export interface SourceFile {
  /** Absolute path. */
  file: string;
  /** Path relative to the content folder, with `/` separators. */
  relPath: string;
}

const SKIPPED_DIRS = new Set(['node_modules']);

/**
 * Every `.md` file under `root`, sorted, skipping hidden files and folders (`.git`, `.drafts`) and
 * `node_modules`. Folder symlinks are not followed (they can loop); file symlinks are.
 */
export async function findArticles(root: string, diagnostics: Diagnostics, exclude: string[] = []): Promise<SourceFile[]> {
  const found: SourceFile[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const file = path.join(dir, entry.name);
      if (exclude.some((ex) => file === ex || file.startsWith(ex + path.sep))) continue;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(file);
      } else if (entry.isSymbolicLink()) {
        const target = await stat(file).catch(() => undefined);
        if (!target) diagnostics.warning(file, 1, 1, 'broken symbolic link: skipped');
        else if (target.isDirectory()) diagnostics.warning(file, 1, 1, 'symbolic link to a folder: not followed (links can loop); move or copy the articles instead');
        else if (isMarkdown(entry.name)) found.push(source(root, file));
      } else if (entry.isFile() && isMarkdown(entry.name)) {
        found.push(source(root, file));
      }
    }
  }
  await walk(root);
  return found;
}

const isMarkdown = (name: string) => name.toLowerCase().endsWith('.md');
const source = (root: string, file: string): SourceFile => ({ file, relPath: path.relative(root, file).split(path.sep).join('/') });
