import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { FieldName, RecordText } from '../../src/engine.ts';
import type { RenderedBody } from '../content/sanitize-many.ts';
import type { Prepared, PrepareTask } from './prepare-article.ts';
import type { LinkedArticle, RenderedLinked } from './render-linked.ts';
import type { BuildTimings, Stage } from './timings.ts';

/** The token strings of one index record, by field (what `recordFields` returns). */
export type RecordFields = Partial<Record<FieldName, string>>;

export type WorkerTask =
  | { id: number; kind: 'sanitize'; bodies: RenderedBody[] }
  | { id: number; kind: 'tokenize'; articles: { locale: string; records: RecordText[] }[] }
  | { id: number; kind: 'prepare'; files: PrepareTask[] }
  | { id: number; kind: 'render'; articles: LinkedArticle[] };
/** `stages`: where a task of several stages spent its `ms`. */
export type WorkerReply = { id: number; ms: number; stages?: Partial<Record<Stage, number>>; result?: unknown; error?: string };

// Items per message: enough to make the cost of a message small, few enough to keep both workers busy.
const BATCH = 64;

/**
 * The build's worker threads, one per core: content files are read, parsed, rendered, sanitized
 * and tokenized there, in parallel, while the main thread keeps what needs the whole content
 * folder (links, duplicates, the index itself).
 */
export class RenderPool {
  private workers: Worker[] = [];
  private idle: Worker[] = [];
  private queue: { task: WorkerTask; resolve: (value: unknown) => void; reject: (error: Error) => void }[] = [];
  private pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; worker: Worker; kind: WorkerTask['kind'] }>();
  private nextId = 0;
  private broken?: Error;
  private closing = false;

  /** Where the workers' time is added up: set by each build. */
  timings?: BuildTimings;

  /**
   * The workers start with the first task, not with the pool: a rebuild after one change has
   * little or nothing for them (see `ArticleWork`), and starting them takes both cores for a while.
   */
  constructor(private size = Math.max(1, Math.min(availableParallelism(), 8))) {}

  /** Whether the workers run: started by a task, and kept until `close`. */
  get started(): boolean {
    return this.workers.length > 0;
  }

  private start(): void {
    const entry = workerEntry();
    for (let i = 0; i < this.size; i++) {
      const worker = startWorker(entry);
      worker.on('message', (reply: WorkerReply) => this.settle(worker, reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`selfserve: a build worker stopped (exit code ${code})`)));
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Sanitized HTML of each rendered body, in order. */
  async sanitize(bodies: RenderedBody[]): Promise<string[]> {
    return (await this.map(bodies, (batch, id) => ({ id, kind: 'sanitize', bodies: batch }))) as string[];
  }

  /** The token strings of each article's records, in order. */
  async tokenize(articles: { locale: string; records: RecordText[] }[]): Promise<RecordFields[][]> {
    return (await this.map(articles, (batch, id) => ({ id, kind: 'tokenize', articles: batch }))) as RecordFields[][];
  }

  /** Each article rendered with its links and images pointed where they resolve (see render-linked.ts), in order. */
  async renderLinked(articles: LinkedArticle[]): Promise<RenderedLinked[]> {
    return (await this.map(articles, (batch, id) => ({ id, kind: 'render', articles: batch }))) as RenderedLinked[];
  }

  /** What each file gives on its own (see prepare-article.ts), in order: one batch, one message. */
  prepare(files: PrepareTask[]): Promise<Prepared[]> {
    return this.run({ id: this.nextId++, kind: 'prepare', files }) as Promise<Prepared[]>;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private async map<T>(items: T[], task: (batch: T[], id: number) => WorkerTask): Promise<unknown[]> {
    const batches: Promise<unknown>[] = [];
    for (let i = 0; i < items.length; i += BATCH) batches.push(this.run(task(items.slice(i, i + BATCH), this.nextId++)));
    return (await Promise.all(batches)).flat() as unknown[];
  }

  private run(task: WorkerTask): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.broken) return reject(this.broken);
      if (!this.started) this.start();
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop()!;
      const { task, resolve, reject } = this.queue.shift()!;
      this.pending.set(task.id, { resolve, reject, worker, kind: task.kind });
      worker.postMessage(task);
    }
  }

  private settle(worker: Worker, reply: WorkerReply): void {
    const job = this.pending.get(reply.id);
    if (!job) return;
    this.pending.delete(reply.id);
    this.idle.push(worker);
    if (this.timings && reply.stages) for (const [stage, ms] of Object.entries(reply.stages)) this.timings.stages[stage as Stage] += ms;
    else if (this.timings && job.kind !== 'prepare') this.timings.stages[job.kind] += reply.ms;
    if (reply.error) job.reject(new Error(`selfserve: a build worker failed: ${reply.error}`));
    else job.resolve(reply.result);
    this.dispatch();
  }

  /** A worker that dies fails every job, now and later: the build reports it and stops. */
  private fail(error: Error): void {
    if (this.closing) return;
    this.broken ??= error;
    for (const job of this.pending.values()) job.reject(error);
    for (const job of this.queue) job.reject(error);
    this.pending.clear();
    this.queue = [];
  }
}

/**
 * A worker's file (`build-worker`, `write-worker`, `survey-worker`): beside this one when run from source (tsx),
 * `dist/<name>.js` in the compiled package, where this code sits in `dist/` or `dist/chunks/`.
 */
export function workerEntry(name: 'build-worker' | 'write-worker' | 'survey-worker' = 'build-worker'): URL {
  const candidates = import.meta.url.endsWith('.ts') ? [`./${name}.ts`] : [`./${name}.js`, `../${name}.js`];
  const found = candidates.map((c) => new URL(c, import.meta.url)).find((url) => existsSync(fileURLToPath(url)));
  if (!found) throw new Error(`selfserve: the build worker is missing beside ${fileURLToPath(import.meta.url)}: reinstall selfserve`);
  return found;
}

/** Starts a worker thread on `entry` (see `workerEntry`), from source or compiled. */
export const startWorker = (entry: URL, options?: WorkerOptions): Worker => (entry.pathname.endsWith('.ts') ? sourceWorker(entry, options) : new Worker(entry, options));

/**
 * From source (tsx, the bench, the tests), the worker's TypeScript is loaded through tsx's API:
 * on Node 20 the loader the main thread was started with does not reach a worker's entry.
 */
function sourceWorker(entry: URL, options?: WorkerOptions): Worker {
  // Resolved with require (vitest's module runner has no import.meta.resolve), which finds the
  // CommonJS build of the API; its ES module build sits beside it.
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  return new Worker(`import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`, { ...options, eval: true });
}
