import { appendFile, mkdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { contactPayloadSchema } from '../src/contact.ts';
import { createCollector } from '../src/node/collector.ts';

// Room for the longest message with a full trail in any script; beacons have their own 64 kB cap.
const MAX_BODY = 256 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface InboxOptions {
  /** Origins besides the server's own whose pages may post, like `https://www.example.com`. */
  origins?: string[];
}

/**
 * A local stand-in for a help desk and an analytics collector: `POST /api/contact` (the widget's
 * contact messages, validated, each idempotency key stored once, appended to `contact.jsonl`) and
 * `POST /api/collect` (analytics beacons, through the collector of `selfserve/collector`, to daily
 * `events-YYYY-MM-DD.ndjson` files), both in `dir`. Keep `dir` outside every served folder.
 *
 * Both accept posts only from pages of the server's own origin (or `options.origins`): a browser
 * always says where a POST comes from, so another site cannot forge messages through a visitor's
 * browser. Contact messages must be `application/json`, which no plain HTML form can send.
 */
export async function createInbox(dir: string, options: InboxOptions = {}) {
  await mkdir(dir, { recursive: true });
  const contactFile = path.join(dir, 'contact.jsonl');
  const collector = createCollector({ dir, origins: '*' });
  const seen = new Set<string>();
  const existing = await readFile(contactFile, 'utf8').catch(() => '');
  for (const line of existing.split('\n')) {
    try {
      if (line.trim()) seen.add((JSON.parse(line) as { idempotencyKey: string }).idempotencyKey);
    } catch {
      // A damaged line holds no key to remember.
    }
  }
  const reply = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const sameSite = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    return origin !== undefined && (origin === `http://${req.headers.host}` || (options.origins ?? []).includes(origin));
  };

  return {
    contactFile,
    /** Today's analytics file. */
    get eventsFile() {
      return path.join(dir, `events-${new Date().toISOString().slice(0, 10)}.ndjson`);
    },
    /** Every analytics file, for `selfserve report`. */
    eventsGlob: path.join(dir, 'events-*.ndjson*'),
    /** Answers the inbox's requests; false for anything else. */
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const pathname = new URL(req.url ?? '/', 'http://x').pathname;
      if (pathname !== '/api/contact' && pathname !== '/api/collect') return false;
      if (req.method !== 'POST') {
        reply(res, 405, { error: 'use POST' });
        return true;
      }
      if (!sameSite(req)) {
        reply(res, 403, { error: `posts are accepted from ${options.origins?.length ? `this site and ${options.origins.join(', ')}` : 'this site'} only` });
        return true;
      }
      if (pathname === '/api/collect') {
        await collector(req, res);
        return true;
      }
      if (!/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) {
        reply(res, 415, { error: 'send the message as application/json' });
        return true;
      }
      let body: string;
      try {
        body = await readBody(req);
      } catch {
        reply(res, 413, { error: 'too large' });
        return true;
      }
      let data: unknown;
      try {
        data = JSON.parse(body);
      } catch {
        reply(res, 400, { error: 'not JSON' });
        return true;
      }
      const parsed = contactPayloadSchema.safeParse(data);
      if (!parsed.success) {
        reply(res, 400, { error: 'invalid message', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
        return true;
      }
      // A retry of a message already received is acknowledged, not stored twice.
      if (!seen.has(parsed.data.idempotencyKey)) {
        seen.add(parsed.data.idempotencyKey);
        await appendFile(contactFile, JSON.stringify({ receivedAt: new Date().toISOString(), ...parsed.data }) + '\n');
      }
      reply(res, 200, { ok: true });
      return true;
    },
  };
}
