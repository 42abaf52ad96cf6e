import { existsSync } from 'node:fs';
import path from 'node:path';
import { watch } from 'chokidar';
import { isSkippedName } from './find-articles.ts';

// Longer than chokidar's own wait for the end of an atomic save (100 ms), after which it reports the
// editor's temporary file gone: one save, one rebuild.
const QUIET_MS = 150;

export interface ContentWatch {
  /** Resolves once every folder is watched: a change from then on is seen. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Whether a change at `file` is one the build can see: not under a hidden folder or
 * `node_modules` (the build skips those: a `git commit` must not rebuild), nor under `ignored`
 * (the output folder, when it sits inside the content folder).
 */
export function isWatched(root: string, file: string, ignored: string[] = []): boolean {
  if (ignored.some((dir) => file === dir || file.startsWith(dir + path.sep))) return false;
  const rel = path.relative(root, file);
  return rel === '' || rel.split(path.sep).every((name) => !isSkippedName(name));
}

/**
 * Calls `rebuild` once after each burst of changes under `root` (editors save in bursts: temp
 * file, rename, chmod), never two at once: changes made during a rebuild start the next one, and
 * the first waits for `after` (the first build, run while the folders are being watched).
 * Chokidar, not `fs.watch({ recursive })`: Node 20's recursive watch on Linux stops seeing a file
 * once an editor has saved it by renaming a new file over it, as vim and `sed -i` do.
 */
export function watchContent(
  root: string,
  rebuild: (file: string) => Promise<unknown>,
  {
    ignored = [] as string[],
    quietMs = QUIET_MS,
    after = Promise.resolve() as Promise<unknown>,
    error = (message: string) => console.error(message),
  } = {},
): ContentWatch {
  const dir = path.resolve(root);
  const skipped = ignored.map((p) => path.resolve(p));
  const watcher = watch(dir, { ignoreInitial: true, ignored: (file) => !isWatched(dir, path.resolve(file), skipped) });
  let timer: NodeJS.Timeout | undefined;
  let running = after;
  // A folder that cannot be watched (permissions, too many watches) must not end the session.
  watcher.on('error', (e) => error(`selfserve: cannot watch part of ${root}: ${(e as Error).message ?? e}`));
  // The files of the burst: the one named is one still there, not the editor's temporary file.
  let burst: string[] = [];
  watcher.on('all', (_event, file) => {
    clearTimeout(timer);
    burst.push(file);
    timer = setTimeout(() => {
      const named = burst.find((f) => existsSync(f)) ?? burst.at(-1)!;
      burst = [];
      // A rebuild that fails ends neither the session nor the next rebuild.
      running = running
        .then(() => rebuild(path.relative(dir, named) || '.'))
        .catch((e: unknown) => error(`selfserve: unexpected error: ${(e as Error)?.stack ?? e}`));
    }, quietMs);
  });
  return {
    ready: new Promise((resolve) => watcher.once('ready', () => resolve())),
    close: () => {
      clearTimeout(timer);
      return watcher.close();
    },
  };
}
