// Writing an output folder's files, on the main thread or on the writer thread (write-worker.ts):
// this module needs nothing but node:fs, so the writer starts at once.
import { linkSync, mkdirSync, statSync, writeFileSync } from 'node:fs';

/**
 * One file of an output: its path in the folder (relative, with `/`), its bytes or, for a file to
 * link, only their count; and `source`, a file of the last output that may hold those bytes: the
 * file itself, for one that may be kept as it is.
 */
export type FileToWrite = [file: string, data: string | Uint8Array | number, source?: string];

export interface WriteResult {
  written: number;
  /** Files of the last output kept as they were, or linked under a new name. */
  kept: number;
  /** Positions of the files given by their size alone not kept nor linked: their text must be sent. */
  unlinked: number[];
}

/**
 * Writes `files` into the output folder `root`, linking those whose source (a file of the last
 * output, in the same folder) has their size, and keeping those that are their own source when
 * they have that size (a file cut short by something else is not kept). Synchronous: the files
 * are small and in a few folders, whose entries the kernel adds one at a time, so writes through
 * the thread pool only waited on each other, and their promises and trips through the pool cost
 * more CPU than the writes. `dirs` holds the folders made already.
 */
export function writeFiles(root: string, files: FileToWrite[], dirs: Set<string>): WriteResult {
  const result: WriteResult = { written: 0, kept: 0, unlinked: [] };
  files.forEach(([file, data, source], i) => {
    const slash = file.lastIndexOf('/');
    const dir = slash < 0 ? '' : file.slice(0, slash);
    if (!dirs.has(dir)) {
      mkdirSync(`${root}/${dir}`, { recursive: true });
      dirs.add(dir);
    }
    // Joined as strings: the names are ours, relative with `/`, and path.join for 30,000 of them cost more than linking.
    if (source === file && statSync(`${root}/${file}`, { throwIfNoEntry: false })?.size === sizeOf(data)) result.kept++;
    else if (source && source !== file && linked(`${root}/${source}`, `${root}/${file}`, sizeOf(data))) result.kept++;
    else if (typeof data === 'number') result.unlinked.push(i);
    else {
      writeFileSync(`${root}/${file}`, data);
      result.written++;
    }
  });
  return result;
}

const sizeOf = (data: FileToWrite[1]) => (typeof data === 'number' ? data : typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength);

/** Hard-links `source` to `target` when it is a file of `size` bytes. */
function linked(source: string, target: string, size: number): boolean {
  const info = statSync(source, { throwIfNoEntry: false });
  if (!info?.isFile() || info.size !== size) return false;
  try {
    linkSync(source, target);
    return true;
  } catch {
    return false;
  }
}
