import { realpath, rename, rm, stat, writeFile } from 'node:fs/promises';

/**
 * Writes `text` to `file` whole or not at all: beside it, then renamed over it, so an interrupted
 * run leaves the old file or the new one. A file that is a symbolic link (an article the build
 * follows, say) is written where it points, the link left as it is; a file keeps its permissions.
 */
export async function writeWhole(file: string, text: string): Promise<void> {
  const real = await realpath(file).catch(() => file);
  const mode = await stat(real).then((info) => info.mode, () => undefined);
  const temp = `${real}.tmp-${process.pid}`;
  try {
    await writeFile(temp, text, { mode });
    await rename(temp, real);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
