import type { Worker } from 'node:worker_threads';
import { startWorker, workerEntry } from './render-pool.ts';
import type { FileToWrite, WriteResult } from './write-files.ts';
import type { WriteBatch, WriteReply } from './write-worker.ts';

/**
 * The writer thread of an output folder (write-worker.ts): takes batches of files in order and
 * answers each with what it wrote. A failure to write fails its batch and every later one.
 */
export class OutputWriter {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (result: WriteResult) => void; reject: (error: Error) => void }>();
  private failure?: Error;
  private closed = false;
  /** Buffers the writer moved back: filled again, so batches cost no new memory. */
  private readonly spare: ArrayBuffer[] = [];

  constructor() {
    this.worker = startWorker(workerEntry('write-worker'));
    this.worker.on('message', (reply: WriteReply) => {
      this.spare.push(reply.bytes);
      const job = this.pending.get(reply.id)!;
      this.pending.delete(reply.id);
      if ('result' in reply) job.resolve(reply.result);
      else job.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code, path: reply.error.path }));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`selfserve: the thread writing the output stopped (exit code ${code})`)));
  }

  /**
   * Writes `files` into `root`, keeping and linking what it can (see `writeFiles`). Their text
   * is encoded here into one buffer that is moved to the writer: copying strings to another
   * thread cost more than encoding them.
   */
  write(root: string, files: FileToWrite[]): Promise<WriteResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const sizes = files.map(([, data]) => typeof data === 'number');
    const total = files.reduce((sum, [, data]) => sum + (typeof data === 'number' ? 0 : typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength), 0);
    // Not from Buffer's shared pool: its memory is moved away.
    const spare = this.spare.findIndex((buffer) => buffer.byteLength >= total);
    // With room to spare: the next batch, a few MB again, fits in it.
    const buffer = spare < 0 ? new ArrayBuffer(total + 1024 * 1024) : this.spare.splice(spare, 1)[0];
    const bytes = Buffer.from(buffer, 0, total);
    let end = 0;
    const sent = files.map(([file, data, source]): [string, number, string?] => {
      if (typeof data === 'number') return [file, data, source];
      end += typeof data === 'string' ? bytes.write(data, end) : (bytes.set(data, end), data.byteLength);
      return [file, end, source];
    });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, root, files: sent, sizes, bytes: buffer } satisfies WriteBatch, [buffer]);
    });
  }

  /** Stops the thread; a batch it had not answered fails rather than wait forever. */
  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
    for (const job of this.pending.values()) job.reject(new Error('selfserve: the thread writing the output was stopped before it wrote all it was sent'));
    this.pending.clear();
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.failure = error;
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }
}
