import type { CompiledArticle } from './compile.ts';
import { articleRecords } from './build-index.ts';
import type { RecordFields, RenderPool } from './render-pool.ts';

// Articles per message to the workers.
const BATCH = 64;

/**
 * The work on single articles that needs nothing else (tokenizing their records, sanitizing their
 * HTML), sent to the worker threads as soon as an article is read, while the main thread reads on.
 * Articles the build cache has done before are not sent (see `compileContent`).
 */
export class ArticleWork {
  /** Token strings of each article's records, filled as the workers answer. */
  readonly tokenized = new Map<CompiledArticle, RecordFields[]>();
  private queued: CompiledArticle[] = [];
  private running: Promise<void>[] = [];

  constructor(private pool: RenderPool) {}

  tokenize(article: CompiledArticle): void {
    this.queued.push(article);
    if (this.queued.length === BATCH) this.send();
  }

  /** Every article's tokens, once the workers are done. */
  async allTokenized(): Promise<Map<CompiledArticle, RecordFields[]>> {
    if (this.queued.length) this.send();
    await Promise.all(this.running);
    return this.tokenized;
  }

  /** The sanitized HTML of each rendered body, in order. */
  sanitize(unsanitized: string[]): Promise<string[]> {
    return this.pool.sanitize(unsanitized);
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
