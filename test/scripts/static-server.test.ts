import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { serveDemo } from '../../scripts/demo.ts';
import { STRICT_CSP, startStaticServer } from '../../scripts/static-server.ts';
import { tempFolder } from '../helpers/content.ts';

const SCRIPT = `export const words = ${JSON.stringify(Array.from({ length: 2000 }, (_, i) => `word${i % 50}`))};\n`;

async function site() {
  const root = await tempFolder({
    'site/index.html': '<!doctype html><title>Home</title>',
    'site/sub/index.html': '<!doctype html><title>Sub</title>',
    'site/app.js': SCRIPT,
    'site/.env': 'CI_DEPLOY_TOKEN=secret',
    'site/.git/config': '[core]',
    'site-secret/file.txt': 'not yours',
    'pages/bill.html': '<!doctype html><title>Bill</title>',
    'one.css': 'body { color: red }',
  });
  const sent: { bytes: number; url: string }[] = [];
  const server = await startStaticServer({
    mounts: { '/': path.join(root, 'site'), '/one.css': path.join(root, 'one.css') },
    pages: { '/account/bill': path.join(root, 'pages/bill.html') },
    csp: STRICT_CSP,
    onSent: (bytes, url) => sent.push({ bytes, url }),
    intercept: (req, res) => {
      if (req.url !== '/api/ping') return false;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('pong');
      return true;
    },
  });
  return { root, server, sent };
}

describe('startStaticServer', () => {
  it('serves mounted folders, single files and clean-URL pages, with the CSP on HTML', async () => {
    const { server } = await site();
    try {
      const home = await fetch(`${server.url}/`);
      expect(home.status).toBe(200);
      expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(home.headers.get('content-security-policy')).toBe(STRICT_CSP);
      expect(await home.text()).toContain('Home');
      expect(await (await fetch(`${server.url}/sub/`)).text()).toContain('Sub');
      const bill = await fetch(`${server.url}/account/bill`);
      expect(bill.headers.get('content-security-policy')).toBe(STRICT_CSP);
      expect(await bill.text()).toContain('Bill');
      const css = await fetch(`${server.url}/one.css`);
      expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(css.headers.get('content-security-policy')).toBeNull();
      expect(await (await fetch(`${server.url}/api/ping`)).text()).toBe('pong');
    } finally {
      await server.close();
    }
  });

  it('gzips text and counts the bytes that went on the wire', async () => {
    const { server, sent } = await site();
    try {
      const response = await fetch(`${server.url}/app.js`, { headers: { 'accept-encoding': 'gzip' } });
      expect(response.headers.get('content-encoding')).toBe('gzip');
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await response.text()).toBe(SCRIPT);
      await expect.poll(() => sent.find((s) => s.url === '/app.js')).toBeDefined();
      const bytes = sent.find((s) => s.url === '/app.js')!.bytes;
      // About what gzip makes of it, far from the raw size.
      expect(Math.abs(bytes - gzipSync(SCRIPT).length)).toBeLessThan(64);
      expect(bytes).toBeLessThan(SCRIPT.length / 5);
    } finally {
      await server.close();
    }
  });

  it('never serves a sibling folder, a parent or a hidden file (#17)', async () => {
    const { server } = await site();
    try {
      for (const url of ['/..%2fsite-secret/file.txt', '/..%2Fsite-secret%2Ffile.txt', '/%2e%2e/site-secret/file.txt', '/..%5csite-secret/file.txt', '/.env', '/%2eenv', '/.git/config', '/sub/..%2f.env', '/%E0%A4%A']) {
        const response = await fetch(`${server.url}${url}`);
        expect(`${url} ${response.status}`).toBe(`${url} 404`);
        expect(await response.text()).not.toMatch(/not yours|secret|core/);
      }
    } finally {
      await server.close();
    }
  });
});

describe('the demo server', () => {
  it('does not serve its inbox, and takes contact messages only as JSON from its own pages (#17)', async () => {
    const dist = await tempFolder({ 'widget/selfserve.js': '/* widget */', 'help/manifest.json': '{}' });
    const inboxDir = await tempFolder();
    const demo = await serveDemo({ dist: path.join(dist), inboxDir });
    const post = (pathname: string, body: string, headers: Record<string, string>) => fetch(`${demo.url}${pathname}`, { method: 'POST', body, headers });
    const message = JSON.stringify({ idempotencyKey: 'key-12345678', email: 'sam@example.com', message: 'Hello', page: '/', locale: 'en', sentAt: '2026-11-02T09:00:00.000Z', trail: [] });
    try {
      // A cross-site form, or a cross-site fetch without a preflight: refused.
      expect((await post('/api/contact', message, { 'content-type': 'text/plain', origin: 'https://evil.example' })).status).toBe(403);
      expect((await post('/api/contact', message, { 'content-type': 'application/json', origin: 'https://evil.example' })).status).toBe(403);
      expect((await post('/api/contact', message, { 'content-type': 'application/json' })).status).toBe(403);
      // Its own page, but not JSON: refused.
      expect((await post('/api/contact', message, { 'content-type': 'text/plain', origin: demo.url.replace('localhost', '127.0.0.1') })).status).toBe(403);
      const host = new URL(demo.url).host;
      const own = `http://${host}`;
      expect((await post('/api/contact', message, { 'content-type': 'text/plain;charset=UTF-8', origin: own })).status).toBe(415);
      expect((await post('/api/contact', message, { 'content-type': 'application/json', origin: own })).status).toBe(200);
      expect(readFileSync(demo.inbox.contactFile, 'utf8')).toContain('"idempotencyKey":"key-12345678"');
      // Beacons from its own pages are stored; from elsewhere, refused.
      const event = '{"type":"search","time":"2026-11-02T09:00:00.000Z","tab":"a","query":"refund"}\n';
      expect((await post('/api/collect', event, { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://evil.example' })).status).toBe(403);
      expect((await post('/api/collect', event, { 'content-type': 'text/plain;charset=UTF-8', origin: own })).status).toBe(204);
      expect(readFileSync(demo.inbox.eventsFile, 'utf8')).toBe(event);

      for (const url of ['/inbox/contact.jsonl', '/help/..%2finbox/contact.jsonl', `/..%2f${path.basename(inboxDir)}/contact.jsonl`, '/contact.jsonl']) {
        const response = await fetch(`${demo.url}${url}`);
        expect(`${url} ${response.status}`).toBe(`${url} 404`);
      }
      expect((await fetch(`${demo.url}/selfserve.js`)).status).toBe(200);
    } finally {
      await demo.close();
    }
  });
});
