import type { RecordText } from '../../src/engine.ts';
import { articleRecords } from './build-index.ts';
import type { BuildCache } from './cache.ts';
import type { CompiledArticle } from './compile.ts';
import type { RecordFields, RenderPool } from './render-pool.ts';
import type { BuildTimings } from './timings.ts';

// Articles per message to the workers.
const BATCH = 64;

/**
 * The work on single articles that needs nothing else (tokenizing their records, sanitizing their
 * HTML): taken from the build cache when an earlier build did it on the same input, else sent to
 * the worker threads, as soon as an article is read, while the main thread reads on.
 */
export class ArticleWork {
  /** Token strings of each article's records, filled as the workers answer. */
  readonly tokenized = new Map<CompiledArticle, RecordFields[]>();
  private queued: { article: CompiledArticle; records: RecordText[]; key?: string }[] = [];
  private running: Promise<void>[] = [];
  private fromCache = new Set<CompiledArticle>();

  constructor(private pool: RenderPool, private cache?: BuildCache, private timings?: BuildTimings) {}

  tokenize(article: CompiledArticle): void {
    const records = articleRecords(article);
    const key = this.cache?.tokensKey(article.locale, records);
    const cached = key === undefined ? undefined : this.cache!.getTokens(key);
    if (cached) {
      this.tokenized.set(article, cached);
      this.fromCache.add(article);
      return;
    }
    this.queued.push({ article, records, key });
    if (this.queued.length === BATCH) this.send();
  }

  /** Every article's tokens, once the workers are done. */
  async allTokenized(): Promise<Map<CompiledArticle, RecordFields[]>> {
    if (this.queued.length) this.send();
    await Promise.all(this.running);
    return this.tokenized;
  }

  /** The sanitized HTML of each article, from its rendered HTML. */
  async sanitize(articles: CompiledArticle[], unsanitized: string[]): Promise<string[]> {
    const keys = unsanitized.map((html) => this.cache?.htmlKey(html));
    const html = keys.map((key) => (key === undefined ? undefined : this.cache!.getHtml(key)));
    const missing = html.flatMap((h, i) => (h === undefined ? [i] : []));
    const sanitized = await this.pool.sanitize(missing.map((i) => unsanitized[i]));
    missing.forEach((i, n) => {
      html[i] = sanitized[n];
      if (keys[i] !== undefined) this.cache!.setHtml(keys[i]!, sanitized[n]);
    });
    if (this.timings) {
      const redone = new Set(missing.map((i) => articles[i]));
      const reused = articles.filter((a) => this.fromCache.has(a) && !redone.has(a)).length;
      this.timings.reused = reused;
      this.timings.rendered = articles.length - reused;
    }
    return html as string[];
  }

  private send(): void {
    const batch = this.queued;
    this.queued = [];
    const done = this.pool.tokenize(batch.map(({ article, records }) => ({ locale: article.locale, records }))).then((fields) =>
      batch.forEach(({ article, key }, i) => {
        this.tokenized.set(article, fields[i]);
        if (key !== undefined) this.cache!.setTokens(key, fields[i]);
      }),
    );
    // Awaited by `allTokenized`; a failure meanwhile must not count as unhandled.
    done.catch(() => {});
    this.running.push(done);
  }
}
