import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createCollector, type CollectorOptions } from '../../../src/node/collector.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempFolder } from '../../helpers/content.ts';

const SITE = 'https://www.example.com';
const event = (query: string, time = '2026-11-02T09:00:00.000Z') => JSON.stringify({ type: 'search', time, tab: 'a', page: '/', locale: 'en', query });

async function start(options: Partial<CollectorOptions> = {}) {
  const dir = await tempFolder();
  let clock = Date.parse('2026-11-02T09:00:00Z');
  const collector = createCollector({ dir, origins: [SITE], now: () => clock, ...options });
  const server = createServer(collector);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/collect`;
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/plain;charset=UTF-8', origin: SITE, ...headers } });
  return {
    dir,
    collector,
    post,
    url,
    setClock: (iso: string) => (clock = Date.parse(iso)),
    file: (day: string) => readFileSync(path.join(dir, `events-${day}.ndjson`), 'utf8'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('createCollector', () => {
  it('stores a beacon’s valid events in the day’s file, as validated, and answers with CORS', async () => {
    const c = await start();
    try {
      const response = await c.post(`${event('refund')}\n${JSON.stringify({ ...JSON.parse(event('esim')), extra: '<b>x</b>' })}\n`);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(SITE);
      expect(c.file('2026-11-02')).toBe(`${event('refund')}\n${event('esim')}\n`);
    } finally {
      await c.close();
    }
  });

  it('drops forged lines and says how many; refuses a body with none valid', async () => {
    const c = await start();
    try {
      const some = await c.post(`${event('refund')}\n{"type":"search","time":5,"tab":"a"}\nnot json\n`);
      expect(some.status).toBe(202);
      expect(await some.json()).toEqual({ stored: 1, rejected: 2 });
      const none = await c.post('{"type":"search","query":123}\n');
      expect(none.status).toBe(400);
      expect(c.file('2026-11-02')).toBe(`${event('refund')}\n`);
    } finally {
      await c.close();
    }
  });

  it('refuses other origins, other methods, form bodies and bodies over 64 kB', async () => {
    const c = await start();
    try {
      const evil = await c.post(event('x'), { origin: 'https://evil.example' });
      expect(evil.status).toBe(403);
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
      expect((await fetch(c.url, { headers: { origin: SITE } })).status).toBe(405);
      expect((await c.post('type=search', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
      const big = `${event('x'.repeat(1000))}\n`.repeat(70);
      expect(big.length).toBeGreaterThan(64 * 1024);
      expect((await c.post(big)).status).toBe(413);
      expect(readdirSync(c.dir)).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it('answers the preflight of a JSON fetch', async () => {
    const c = await start();
    try {
      const response = await fetch(c.url, { method: 'OPTIONS', headers: { origin: SITE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(SITE);
      expect(response.headers.get('access-control-allow-headers')).toBe('content-type');
      expect((await c.post(event('json'), { 'content-type': 'application/json' })).status).toBe(204);
    } finally {
      await c.close();
    }
  });

  it('rate-limits each client, and lets it in again after the window', async () => {
    const c = await start({ rateLimit: 3, rateWindowMs: 60_000 });
    try {
      for (let i = 0; i < 3; i++) expect((await c.post(event(`q${i}`))).status).toBe(204);
      expect((await c.post(event('q3'))).status).toBe(429);
      c.setClock('2026-11-02T09:01:00Z');
      expect((await c.post(event('q4'))).status).toBe(204);
    } finally {
      await c.close();
    }
  });

  it('gzips the files of earlier days, and the report reads them all as one', async () => {
    const c = await start();
    try {
      await c.post(`${event('refund', '2026-11-01T23:59:00.000Z')}\n`);
      c.setClock('2026-11-03T00:00:01Z');
      await c.post(`${event('esim', '2026-11-03T00:00:01.000Z')}\n`);
      expect(readdirSync(c.dir).sort()).toEqual(['events-2026-11-02.ndjson.gz', 'events-2026-11-03.ndjson']);
      expect(gunzipSync(readFileSync(path.join(c.dir, 'events-2026-11-02.ndjson.gz'))).toString()).toBe(`${event('refund', '2026-11-01T23:59:00.000Z')}\n`);
      const { stdout } = await runCli(['report', path.join(c.dir, 'events-*.ndjson*')]);
      expect(stdout).toMatch(/^Selfserve report: 2 events, 2 searches/);
    } finally {
      await c.close();
    }
  });
});
