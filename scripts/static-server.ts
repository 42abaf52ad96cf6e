import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The strict policy the demo and the browser tests serve: no inline scripts or styles, no eval. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

export interface StaticServerOptions {
  /** URL path prefix → folder. The longest matching prefix wins. */
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

/** A small static file server for the demo and the browser tests. */
export async function startStaticServer(options: StaticServerOptions): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const mounts = Object.entries(options.mounts).sort((a, b) => b[0].length - a[0].length);
  const server = createServer(async (req, res) => {
    if (options.onSent) {
      // Count what goes on the wire, whoever asked: the page, or a worker it started.
      const end = res.end.bind(res);
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        if (chunk && typeof chunk !== 'function') options.onSent!(Buffer.byteLength(chunk as Buffer | string), req.url ?? '');
        return end(chunk as never, ...(rest as []));
      }) as typeof res.end;
    }
    try {
      if (options.intercept && (await options.intercept(req, res))) return;
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let file = options.pages?.[pathname.replace(/(.)\/$/, '$1')];
      if (!file) {
        const mount = mounts.find(([prefix]) => pathname.startsWith(prefix));
        if (mount) file = path.join(mount[1], pathname.slice(mount[0].length));
        if (file && !file.startsWith(mount![1])) file = undefined;
        if (file && (await stat(file).catch(() => undefined))?.isDirectory()) file = path.join(file, 'index.html');
      }
      const body = file ? await readFile(file).catch(() => undefined) : undefined;
      if (!body) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      const type = TYPES[path.extname(file!)] ?? 'application/octet-stream';
      const headers: Record<string, string> = { 'content-type': type, 'cache-control': file!.endsWith('manifest.json') || type.startsWith('text/html') ? 'no-cache' : 'max-age=60' };
      if (options.csp && type.startsWith('text/html')) headers['content-security-policy'] = options.csp;
      // Compressed like any CDN would, so byte counts are the real ones.
      if (/^(text\/|application\/json|image\/svg)/.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        headers['content-encoding'] = 'gzip';
        headers.vary = 'accept-encoding';
        res.writeHead(200, headers).end(gzipSync(body));
        return;
      }
      res.writeHead(200, headers).end(body);
    } catch (error) {
      res.writeHead(500).end(String(error));
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
