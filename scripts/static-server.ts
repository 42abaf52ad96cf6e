import { statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import sirv from 'sirv';

/** The strict policy the demo and the browser tests serve: no inline scripts or styles, no eval. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

export interface StaticServerOptions {
  /** URL path prefix → folder (or a single file). The longest matching prefix wins. */
  mounts: Record<string, string>;
  /** Clean URLs → HTML files (`/account/bill` → `.../bill.html`). */
  pages?: Record<string, string>;
  /** Content-Security-Policy header for HTML pages; none when undefined. */
  csp?: string;
  port?: number;
  /** Lets tests break or slow down requests. */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
  /** Told the size of every response body sent (after compression), for byte counts. */
  onSent?: (bytes: number, url: string) => void;
}

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Text worth compressing, as a CDN would. */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|manifest\+json)|image\/svg)/;

/** Text types that sirv sends without a charset. */
const TEXT: Record<string, string> = { '.html': 'text/html', '.htm': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

/** Headers sirv leaves to us: charsets, the cache policy the widget expects, the CSP on pages. */
function headersFor(csp: string | undefined) {
  return (res: ServerResponse, pathname: string) => {
    // No extension: a folder's index.html.
    const type = TEXT[path.extname(pathname)] ?? (path.extname(pathname) ? undefined : 'text/html');
    if (type) res.setHeader('Content-Type', `${type}; charset=utf-8`);
    const html = type === 'text/html';
    res.setHeader('Cache-Control', html || pathname.endsWith('manifest.json') ? 'no-cache' : 'max-age=60');
    if (csp && html) res.setHeader('Content-Security-Policy', csp);
  };
}

/** Serves one folder through sirv: nothing above it, no dotfiles, files read fresh on each request. */
function folder(dir: string, csp: string | undefined): Handler {
  const serve = sirv(dir, { dev: true, dotfiles: false, etag: false, setHeaders: headersFor(csp) });
  return (req, res, next) => serve(req as never, res, next);
}

/** Serves one file at one URL. */
function file(target: string, csp: string | undefined): Handler {
  const serve = folder(path.dirname(target), csp);
  return (req, res, next) => {
    req.url = `/${path.basename(target)}`;
    serve(req, res, next);
  };
}

function hidden(pathname: string): boolean {
  try {
    return /(^|[/\\])\./.test(decodeURIComponent(pathname));
  } catch {
    return true;
  }
}

const isFile = (target: string) => {
  try {
    return statSync(target).isFile();
  } catch {
    return false;
  }
};

/** Gzips compressible 200 answers when the browser accepts it, so byte counts are the real ones. */
function compress(req: IncomingMessage, res: ServerResponse) {
  if (!/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const headers = rest.find((r) => r && typeof r === 'object') as Record<string, unknown> | undefined;
    const type = String(headers?.['Content-Type'] ?? res.getHeader('content-type') ?? '');
    if (status === 200 && COMPRESSIBLE.test(type) && req.method !== 'HEAD') {
      if (headers) delete headers['Content-Length'];
      res.removeHeader('content-length');
      res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Vary', 'Accept-Encoding');
      const gzip = createGzip();
      const write = res.write.bind(res) as (chunk: unknown) => boolean;
      const end = res.end.bind(res) as () => ServerResponse;
      gzip.on('data', (chunk: Buffer) => write(chunk));
      gzip.on('end', () => end());
      // Always ready for more: the file's stream would otherwise wait for a 'drain' only gzip emits.
      res.write = ((chunk: Buffer | string) => (gzip.write(chunk), true)) as typeof res.write;
      res.end = ((chunk?: unknown) => {
        if (chunk && typeof chunk !== 'function') gzip.end(chunk as Buffer);
        else gzip.end();
        return res;
      }) as typeof res.end;
    }
    return writeHead(status, ...rest);
  }) as typeof res.writeHead;
}

/** Counts the bytes of a response body as they go out. */
function count(req: IncomingMessage, res: ServerResponse, onSent: NonNullable<StaticServerOptions['onSent']>) {
  let bytes = 0;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const add = (chunk: unknown) => {
    if (chunk && typeof chunk !== 'function') bytes += Buffer.byteLength(chunk as Buffer | string);
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => (add(chunk), write(chunk, ...rest))) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => (add(chunk), end(chunk, ...rest))) as typeof res.end;
  res.once('finish', () => onSent(bytes, req.url ?? ''));
}

/**
 * The static server of the demo, `selfserve dev` and the browser tests: `sirv` serves the files
 * (it never leaves a mounted folder and skips dotfiles); this adds mounts, clean-URL pages, the
 * CSP header and gzip.
 */
export async function startStaticServer(options: StaticServerOptions): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const mounts = Object.entries(options.mounts)
    .sort((a, b) => b[0].length - a[0].length)
    .map(([prefix, target]) => ({ prefix, serve: isFile(target) ? file(target, options.csp) : folder(target, options.csp) }));
  const pages = new Map(Object.entries(options.pages ?? {}).map(([url, target]) => [url, file(target, options.csp)]));
  const notFound = (res: ServerResponse) => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');

  const server = createServer(async (req, res) => {
    // Count what goes on the wire, whoever asked: the page, or a worker it started.
    if (options.onSent) count(req, res, options.onSent);
    try {
      if (options.intercept && (await options.intercept(req, res))) return;
      compress(req, res);
      const pathname = new URL(req.url ?? '/', 'http://x').pathname;
      // Hidden files and folders (`.env`, `.git/`) are never served, however the dot is encoded.
      if (hidden(pathname)) return notFound(res);
      const page = pages.get(pathname.replace(/(.)\/$/, '$1'));
      if (page) return page(req, res, () => notFound(res));
      const mount = mounts.find(({ prefix }) => pathname.startsWith(prefix));
      if (!mount) return notFound(res);
      // The mount sees the path below its prefix.
      req.url = `/${pathname.slice(mount.prefix.length).replace(/^\//, '')}`;
      mount.serve(req, res, () => notFound(res));
    } catch (error) {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://localhost:${port}`,
    // Browsers keep connections open: end them, or closing waits for their keep-alive to lapse.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
