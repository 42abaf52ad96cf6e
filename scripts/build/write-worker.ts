// The writer thread of a build (see `OutputFolder`): writes and links the output's files while the
// main thread lays out the next ones and saves the build cache. A disk that takes seconds to write
// ten thousand files then holds up nothing else.
import { parentPort } from 'node:worker_threads';
import { writeFiles, type FileToWrite, type WriteResult } from './write-files.ts';

/**
 * Files to write, their bytes in one buffer moved to this thread, not copied: `files` holds the
 * end of each file's bytes in `bytes`, or its size alone for a file to link (see `FileToWrite`).
 */
export interface WriteBatch {
  id: number;
  root: string;
  files: [file: string, end: number, source?: string][];
  sizes: boolean[];
  bytes: ArrayBuffer;
}

/** What a batch wrote, and its buffer moved back, for the next batch to fill. */
export type WriteReply = { id: number; bytes: ArrayBuffer } & ({ result: WriteResult } | { error: { message: string; code?: string; path?: string } });

const dirs = new Set<string>();

parentPort!.on('message', ({ id, root, files, sizes, bytes }: WriteBatch) => {
  let reply: WriteReply;
  try {
    let start = 0;
    const unpacked = files.map(([file, end, source], i): FileToWrite => {
      if (sizes[i]) return [file, end, source];
      const data = new Uint8Array(bytes, start, end - start);
      start = end;
      return [file, data, source];
    });
    reply = { id, bytes, result: writeFiles(root, unpacked, dirs) };
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    reply = { id, bytes, error: { message: error?.message ?? String(e), code: error?.code, path: error?.path } };
  }
  parentPort!.postMessage(reply, [bytes]);
});
