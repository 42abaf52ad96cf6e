import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndex } from '../build/build-index.ts';
import { compileContent, type CompiledArticle } from '../build/compile.ts';
import { layoutOutput, type OutputData } from '../build/layout.ts';
import { updateOutput } from '../build/output-folder.ts';
import { ArticleWork } from '../build/article-work.ts';
import { BuildCache, cacheKey, previewCacheFolder } from '../build/cache.ts';
import { RenderPool, workerEntry } from '../build/render-pool.ts';
import { newTimings } from '../build/timings.ts';
import { watchContent } from '../content/watch-content.ts';
import { articlePage, CLIENT, indexPage } from '../dev/pages.ts';
import { counted, Diagnostics, formatDiagnostic, shownDiagnostic, type Diagnostic } from '../diagnostics.ts';
import { EXIT } from '../exit-codes.ts';
import { startStaticServer } from '../static-server.ts';
import { readWidgetFiles } from '../widget-files.ts';

/** Where the preview serves the index, as the published help would be (`/help/`). */
const HELP = '/help/';
const isIndexFile = (file: string) => file.endsWith('.json');

export interface DevOptions {
  contentDir: string;
  port: number;
}

/**
 * `selfserve dev`: a live preview for writers. Serves every article as the widget shows it, with its
 * frontmatter; rebuilds when a file changes and reloads the page; shows content errors in the
 * terminal and as an overlay, while the preview keeps the last good build.
 */
export async function devCommand({ contentDir, port }: DevOptions): Promise<number> {
  // Before the first build, which takes seconds on a large help center: a port in use (another
  // preview, say) is said at once.
  const taken = await listenError(port);
  if (taken) return portInUse(port, taken);
  const root = path.resolve(contentDir);
  const work = await mkdtemp(path.join(tmpdir(), 'selfserve-dev-'));
  // A preview ends with Ctrl+C (or SIGTERM): its folder goes with it, not left in the system's
  // temporary folder at each start. (A cache save cut short is cleaned up by the next build.)
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      rmSync(work, { recursive: true, force: true });
      process.exit(code);
    });
  }
  const out = path.join(work, HELP);
  // The widget this package ships, as the published help will serve it.
  for (const [file, data] of await readWidgetFiles()) {
    await mkdir(path.dirname(path.join(work, file)), { recursive: true });
    await writeFile(path.join(work, file), data);
  }

  let articles: CompiledArticle[] = [];
  // Only the files that changed are read and parsed again, and only the articles that changed are
  // tokenized and sanitized again (on worker threads).
  const pool = new RenderPool();
  // Saved after each good build, so that the next preview of this folder starts from it: at 10,000
  // articles, a start read, rendered and tokenized every article again for 9 to 11 s.
  const savedCache = previewCacheFolder(root);
  const buildCache = await BuildCache.load(savedCache, cacheKey({}, workerEntry()));
  let problems: object[] = [];
  // The last good build's warnings, by file: the preview shows each article's.
  let warnings = new Map<string, Diagnostic[]>();
  // The index's files by path, and the hash of each image written to the preview's folder.
  let index = new Map<string, OutputData>();
  let written = new Map<string, string>();
  const clients = new Set<ServerResponse>();
  const send = (event: string, data: unknown) => {
    for (const client of clients) client.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  // The save of the cache after the last build, which the next one stops and waits for: it changes
  // the entries being saved.
  let saving = Promise.resolve();
  let stopSaving = new AbortController();
  let cacheUnsaved = false;
  async function rebuild(reason?: string): Promise<void> {
    const started = performance.now();
    stopSaving.abort();
    await saving;
    const diagnostics = new Diagnostics();
    const timings = newTimings();
    let compiled;
    try {
      buildCache.begin(buildCache.key);
      compiled = await compileContent(root, diagnostics, { exclude: [work], files: buildCache.files, images: buildCache.images, checkedLinks: buildCache.checkedLinks, work: new ArticleWork(pool), lean: true, timings });
    } catch (error) {
      console.error(`selfserve: ${(error as Error).message}`);
      return;
    }
    const list = diagnostics.sorted();
    for (const d of list) console.error(formatDiagnostic(d));
    problems = list.filter((d) => d.severity === 'error').map((d) => shownDiagnostic(d));
    if (problems.length) {
      console.error(`${counted(problems.length, 'error')}: the preview keeps the last good build`);
      send('problems', problems);
      return;
    }
    warnings = new Map();
    for (const d of list) {
      if (d.severity !== 'warning') continue;
      const own = warnings.get(d.file);
      if (own) own.push(d);
      else warnings.set(d.file, [d]);
    }
    const { files, hashes } = layoutOutput(buildIndex(compiled, buildCache.shards));
    // The index is served from memory: a save renames thousands of its files (their names carry
    // one hash per kind), which a folder would have to write or link again. Images are written,
    // the few that changed.
    const images = new Map([...files].filter(([file]) => !isIndexFile(file)));
    await updateOutput(out, images, hashes, written);
    written = new Map([...images.keys()].map((file) => [file, hashes.get(file)!]));
    index = files;
    articles = compiled.articles;
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const reused = timings.reused ? ` (${timings.reused} from the build cache)` : '';
    // The first build of the preview is not a rebuild, even when its cache has most of it.
    console.log(`${reason ? `${reason}: rebuilt` : 'built'} ${counted(articles.length, 'article')} in ${seconds} s${reused}`);
    send('reload', {});
    // Not waited for by the preview. A first start writes the whole cache (55 MB at 10,000
    // articles): a save made meanwhile stops it, and the next build saves what it had not. A cache
    // that cannot be saved costs the next start only, and is said once.
    const stop = (stopSaving = new AbortController());
    saving = buildCache
      .stage(savedCache, { signal: stop.signal })
      .then((staged) => staged.commit())
      .catch((error: Error) => {
        if (stop.signal.aborted || cacheUnsaved) return;
        cacheUnsaved = true;
        console.error(`selfserve: could not save the build cache in ${savedCache} (${error.message}): the next preview will start from scratch`);
      });
  }

  const first = rebuild();
  // Watched from before the first build: a save made while it runs is built after it.
  const watching = watchContent(root, (file) => rebuild(`${new Date().toLocaleTimeString()} ${file}`), { ignored: [work], after: first });
  await Promise.all([first, watching.ready]);
  let server: Awaited<ReturnType<typeof startStaticServer>>;
  try {
    server = await startStaticServer({
      mounts: { '/': work },
      port,
      intercept: (req, res) => {
        const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        const html = (body: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
        if (pathname === '/__selfserve/events') {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
          res.write(`event: problems\ndata: ${JSON.stringify(problems)}\n\n`);
          clients.add(res);
          req.on('close', () => clients.delete(res));
          return true;
        }
        const indexed = pathname.startsWith(HELP) && isIndexFile(pathname) ? index.get(pathname.slice(HELP.length)) : undefined;
        if (indexed !== undefined) {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(indexed.toString());
          return true;
        }
        if (pathname === '/__selfserve/client.js') {
          res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(CLIENT);
          return true;
        }
        if (pathname === '/') {
          html(indexPage(articles, warnings));
          return true;
        }
        if (pathname.startsWith('/article/')) {
          const article = articles.find((a) => a.slug === pathname.slice('/article/'.length));
          if (!article) return false;
          html(articlePage(article, warnings.get(article.file)));
          return true;
        }
        return false;
      },
    });
  } catch (error) {
    // Taken meanwhile: what this preview started stops, so the process ends.
    await Promise.all([watching.close(), pool.close(), saving]);
    await rm(work, { recursive: true, force: true });
    return portInUse(port, error as NodeJS.ErrnoException);
  }
  console.log(`\nPreview of ${contentDir}: ${server.url}/\nEdit your articles: the page reloads by itself. Ctrl+C to stop.`);

  await new Promise(() => {});
  return 0;
}

/** Why `port` cannot be listened on, if it cannot (see `startStaticServer`). */
function listenError(port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', resolve);
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(undefined)));
  });
}

function portInUse(port: number, error: NodeJS.ErrnoException): number {
  const why = error.code === 'EADDRINUSE' ? 'is in use' : `cannot be listened on (${error.code ?? error.message})`;
  console.error(`selfserve: port ${port} ${why}: stop what uses it, or choose another with --port (0 picks a free one)`);
  return EXIT.usage;
}
