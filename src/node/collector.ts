// A collector for the widget's analytics beacons that a site can run as is (Node's http, Express,
// Fastify's raw handlers). Documented in docs/analytics.md.
import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, mkdir, readdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { parseEventLine } from '../analytics-event.ts';

// The schema too, for servers that store events their own way (serverless functions, queues).
export { analyticsEventSchema, parseEventLine, type AnalyticsEventRecord } from '../analytics-event.ts';

export interface CollectorOptions {
  /** Folder of the daily files, `events-YYYY-MM-DD.ndjson`; earlier days are gzipped (`.ndjson.gz`). Created if missing. */
  dir: string;
  /**
   * Origins whose pages may send events, like `https://www.example.com`; `'*'` for any. A browser
   * always sends its page's origin: events from other sites are refused with 403.
   */
  origins: string[] | '*';
  /** Largest body accepted, in bytes. Default: 65536 (a beacon can carry no more). */
  maxBodyBytes?: number;
  /** Requests one client may send per window. Default: 60. */
  rateLimit?: number;
  /** The rate limit's window in milliseconds. Default: 60000. */
  rateWindowMs?: number;
  /**
   * Who the client is, for the rate limit. Default: the socket's address. Behind a proxy, return
   * the address it reports (`x-forwarded-for`), and only from a proxy you trust.
   */
  clientId?: (req: IncomingMessage) => string;
  /** The clock, for the daily files and the rate limit. Default: `Date.now`. */
  now?: () => number;
}

/** A request handler for Node's `http` (and so for Express and similar): `(req, res) => Promise<void>`. */
export type Collector = ((req: IncomingMessage, res: ServerResponse) => Promise<void>) & {
  /** Gzips the files of days before today; runs by itself on the first event of each day. */
  rotate(): Promise<void>;
};

/** Body types a beacon or a fetch may carry; `text/plain` keeps a beacon free of a CORS preflight. */
const TYPES = /^(text\/plain|application\/(json|x-ndjson|ndjson))\b/i;

const defaults = { maxBodyBytes: 64 * 1024, rateLimit: 60, rateWindowMs: 60_000 };

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > max) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        reject(new BodyTooLarge());
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Creates a collector: it answers `POST` beacons (and the `OPTIONS` preflight of a JSON `fetch`)
 * with CORS headers for the allowed origins, refuses bodies over 64 kB and clients over the rate
 * limit, validates every line as a widget event (invalid lines are dropped and counted in the
 * answer), and appends the valid ones to the day's NDJSON file. `selfserve report` reads the files,
 * gzipped or not: `selfserve report "events/*.ndjson*"`.
 */
export function createCollector(options: CollectorOptions): Collector {
  const settings = { ...defaults, ...options };
  const now = options.now ?? Date.now;
  const clientId = options.clientId ?? ((req: IncomingMessage) => req.socket.remoteAddress ?? '');
  const clients = new Map<string, { windowStart: number; count: number }>();
  let today = '';
  let writes: Promise<unknown> = mkdir(settings.dir, { recursive: true });

  const allowed = (origin: string | undefined) => origin !== undefined && (settings.origins === '*' || settings.origins.includes(origin));
  const answer = (res: ServerResponse, status: number, origin: string | undefined, body?: unknown) => {
    const headers: Record<string, string> = { vary: 'Origin' };
    if (allowed(origin)) headers['access-control-allow-origin'] = origin!;
    if (body !== undefined) headers['content-type'] = 'application/json';
    res.writeHead(status, headers).end(body === undefined ? undefined : JSON.stringify(body));
  };

  function limited(req: IncomingMessage): boolean {
    const at = now();
    // A client is forgotten once its window has passed: the map holds only the recent ones.
    if (clients.size > 10_000) for (const [id, c] of clients) if (at - c.windowStart >= settings.rateWindowMs) clients.delete(id);
    const id = clientId(req);
    const client = clients.get(id);
    if (!client || at - client.windowStart >= settings.rateWindowMs) {
      clients.set(id, { windowStart: at, count: 1 });
      return false;
    }
    return ++client.count > settings.rateLimit;
  }

  async function rotate(): Promise<void> {
    const current = `events-${new Date(now()).toISOString().slice(0, 10)}.ndjson`;
    for (const name of await readdir(settings.dir)) {
      if (!/^events-\d{4}-\d{2}-\d{2}\.ndjson$/.test(name) || name === current) continue;
      const file = path.join(settings.dir, name);
      await pipeline(createReadStream(file), createGzip(), createWriteStream(`${file}.gz`, { flags: 'a' }));
      await rm(file);
    }
  }

  function append(lines: string[]): Promise<unknown> {
    const day = new Date(now()).toISOString().slice(0, 10);
    // One write at a time, so a day's rotation never races an append.
    writes = writes.then(async () => {
      if (day !== today) {
        today = day;
        await rotate();
      }
      await appendFile(path.join(settings.dir, `events-${day}.ndjson`), lines.join('\n') + '\n');
    });
    return writes;
  }

  const collector = async (req: IncomingMessage, res: ServerResponse) => {
    const origin = req.headers.origin;
    if (origin !== undefined && !allowed(origin)) return answer(res, 403, origin, { error: `origin ${origin} may not send events` });
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-origin': origin ?? '*', 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '86400', vary: 'Origin' }).end();
      return;
    }
    if (req.method !== 'POST') return answer(res, 405, origin, { error: 'use POST' });
    if (!TYPES.test(String(req.headers['content-type'] ?? ''))) return answer(res, 415, origin, { error: 'send text/plain or application/json: one JSON event per line' });
    if (limited(req)) return answer(res, 429, origin, { error: 'too many requests' });
    let body: string;
    try {
      body = await readBody(req, settings.maxBodyBytes);
    } catch (error) {
      return answer(res, error instanceof BodyTooLarge ? 413 : 400, origin, { error: error instanceof BodyTooLarge ? `larger than ${settings.maxBodyBytes} bytes` : 'the body could not be read' });
    }
    const stored: string[] = [];
    let rejected = 0;
    for (const line of body.split('\n')) {
      if (!line.trim()) continue;
      const parsed = parseEventLine(line);
      // Stored as validated: unknown fields dropped, nothing but the event's own fields.
      if ('event' in parsed) stored.push(JSON.stringify(parsed.event));
      else rejected++;
    }
    if (!stored.length) return answer(res, 400, origin, { error: 'no valid event', rejected });
    await append(stored);
    if (rejected) answer(res, 202, origin, { stored: stored.length, rejected });
    else answer(res, 204, origin);
  };
  return Object.assign(collector, { rotate: () => (writes = writes.then(rotate)) as Promise<void> });
}
