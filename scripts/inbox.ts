import { appendFile, mkdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { contactPayloadSchema } from '../src/contact.ts';

const MAX_BODY = 1024 * 1024;

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

/**
 * A local stand-in for a help desk and an analytics collector: `POST /api/contact` (the widget's
 * contact messages, validated, each idempotency key stored once) and `POST /api/collect` (analytics
 * beacons), appended as JSON lines to `contact.jsonl` and `events.jsonl` in `dir`.
 */
export async function createInbox(dir: string) {
  await mkdir(dir, { recursive: true });
  const contactFile = path.join(dir, 'contact.jsonl');
  const eventsFile = path.join(dir, 'events.jsonl');
  const seen = new Set<string>();
  const existing = await readFile(contactFile, 'utf8').catch(() => '');
  for (const line of existing.split('\n')) {
    if (line.trim()) seen.add((JSON.parse(line) as { idempotencyKey: string }).idempotencyKey);
  }
  const reply = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  return {
    contactFile,
    eventsFile,
    /** Answers the inbox's requests; false for anything else. */
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const pathname = new URL(req.url ?? '/', 'http://x').pathname;
      if (pathname !== '/api/contact' && pathname !== '/api/collect') return false;
      if (req.method !== 'POST') {
        reply(res, 405, { error: 'use POST' });
        return true;
      }
      let body: string;
      try {
        body = await readBody(req);
      } catch {
        reply(res, 413, { error: 'too large' });
        return true;
      }
      if (pathname === '/api/collect') {
        const lines = body.split('\n').filter((line) => line.trim());
        try {
          for (const line of lines) JSON.parse(line);
        } catch {
          reply(res, 400, { error: 'each line must be a JSON event' });
          return true;
        }
        if (lines.length) await appendFile(eventsFile, lines.join('\n') + '\n');
        res.writeHead(204).end();
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
