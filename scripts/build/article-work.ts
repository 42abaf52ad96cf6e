import { recordFields } from '../../src/engine.ts';
import { sanitizeBodies, type RenderedBody } from '../content/sanitize-many.ts';
import type { CompiledArticle } from './compile.ts';
import { articleRecords } from './build-index.ts';
import type { Prepared, PrepareTask } from './prepare-article.ts';
import { renderLinked, type LinkedArticle, type RenderedLinked } from './render-linked.ts';
import type { RecordFields, RenderPool } from './render-pool.ts';
import { timed } from './timings.ts';

// Articles per message to the workers.
const BATCH = 64;
// Files per message: fewer than articles, so both workers are still busy near the end.
const FILE_BATCH = 32;

/**
 * The work on single articles that needs nothing else (reading and preparing their files,
 * tokenizing their records, sanitizing their HTML), sent to the worker threads while the main
 * thread goes on. Articles the build cache has done before are not sent (see `compileContent`).
 */
export class ArticleWork {
  /** Token strings of each article's records, filled as the workers answer. */
  readonly tokenized = new Map<CompiledArticle, RecordFields[]>();
  private queued: CompiledArticle[] = [];
  private running: Promise<void>[] = [];

  /**
   * @param prepareAbove Files to read beyond which the workers read and prepare them (`prepare`);
   *   fewer are read on the main thread, which does not wait for workers to start and warm up.
   */
  constructor(
    private pool: RenderPool,
    readonly prepareAbove = 1000,
  ) {}

  tokenize(article: CompiledArticle): void {
    this.queued.push(article);
    if (this.queued.length === BATCH) this.send();
  }

  /** Every article's tokens, once the workers are done. */
  async allTokenized(): Promise<Map<CompiledArticle, RecordFields[]>> {
    // Less than a batch in all (a rebuild after a few changes): here, rather than start the workers.
    if (!this.running.length && !this.pool.started) {
      const batch = this.queued;
      this.queued = [];
      timed(this.pool.timings, 'tokenize', () => batch.forEach((article) => this.tokenized.set(article, articleRecords(article).map((text) => recordFields(text, article.locale)))));
    }
    if (this.queued.length) this.send();
    await Promise.all(this.running);
    return this.tokenized;
  }

  /**
   * Every file's entry as the workers make it (prepare-article.ts), in order: all are sent at once,
   * in batches the workers take as they are free, and each resolves as its batch comes back.
   */
  prepare(tasks: PrepareTask[]): Promise<Prepared>[] {
    const results: Promise<Prepared>[] = [];
    for (let start = 0; start < tasks.length; start += FILE_BATCH) {
      const batch = this.pool.prepare(tasks.slice(start, start + FILE_BATCH));
      // Awaited in turn by the caller; a failure meanwhile must not count as unhandled.
      batch.catch(() => {});
      for (let i = 0; i < Math.min(FILE_BATCH, tasks.length - start); i++) results.push(batch.then((prepared) => prepared[i]));
    }
    return results;
  }

  /** The sanitized HTML of each rendered body, in order. */
  async sanitize(unsanitized: RenderedBody[]): Promise<string[]> {
    if (unsanitized.length < BATCH && !this.pool.started) return timed(this.pool.timings, 'sanitize', () => sanitizeBodies(unsanitized));
    return this.pool.sanitize(unsanitized);
  }

  /**
   * Each article rendered with its links and images resolved (see render-linked.ts), in order: on
   * the workers, where a help center whose articles link to one another shares the reading and
   * lexing of every file (on this thread alone, they took longer than the rest of the build).
   */
  async renderLinked(articles: LinkedArticle[]): Promise<RenderedLinked[]> {
    if (articles.length < BATCH && !this.pool.started) return renderLinked(articles, this.pool.timings);
    return this.pool.renderLinked(articles);
  }

  private send(): void {
    const batch = this.queued;
    this.queued = [];
    const done = this.pool
      .tokenize(batch.map((article) => ({ locale: article.locale, records: articleRecords(article) })))
      .then((fields) => batch.forEach((article, i) => this.tokenized.set(article, fields[i])));
    // Awaited by `allTokenized`; a failure meanwhile must not count as unhandled.
    done.catch(() => {});
    this.running.push(done);
  }
}
