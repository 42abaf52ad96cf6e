import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inject } from 'vitest';

const made: string[] = [];

/**
 * Removes the folders `tempFolder` made. Called after each test file by test/helpers/cleanup.ts, a
 * setup file: a hook registered here, at import, would run after the first file only, since unit
 * test files share their modules (isolate: false).
 */
export async function removeTempFolders(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** A new folder in the run's temporary folder (see test/helpers/temp-root.ts), removed when the run ends. */
export const runFolder = (prefix = 'selfserve-test-') => mkdtemp(path.join(inject('testTemp'), prefix));

/** A temporary folder holding `files` (path → text); removed after the test file. */
export async function tempFolder(files: Record<string, string | Buffer> = {}): Promise<string> {
  const dir = await runFolder();
  made.push(dir);
  await writeFiles(dir, files);
  return dir;
}

/** Writes `files` (path → text) into `dir`, making their folders. */
export async function writeFiles(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
}

/** A markdown article with frontmatter. */
export function article(frontmatter: string, body = 'Some text.\n'): string {
  return `---\n${frontmatter.trim()}\n---\n${body}`;
}
