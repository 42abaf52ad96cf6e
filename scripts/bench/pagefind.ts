import path from 'node:path';
import { createIndex, close } from 'pagefind';
import type { Browser } from 'playwright-core';
import { startStaticServer } from '../static-server.ts';
import type { Doc } from './corpus.ts';

export { launchChromium } from '../chromium.ts';

/** Builds a Pagefind index with its Node API, one custom record per article. */
export async function buildPagefind(docs: Doc[], outDir: string): Promise<void> {
  const { index, errors } = await createIndex({});
  if (!index) throw new Error(`pagefind: ${errors.join(', ')}`);
  for (const doc of docs) {
    await index.addCustomRecord({ url: `/${doc.id}/`, content: `${doc.title}\n${doc.body}`, language: 'en', meta: { title: doc.title } });
  }
  await index.writeFiles({ outputPath: path.join(outDir, 'pagefind') });
  await close();
}

/** Runs queries through Pagefind's own search bundle in Chromium; returns ids, best first, per query. */
export async function searchPagefind(outDir: string, queries: string[], limit: number, browser: Browser): Promise<string[][]> {
  const server = await startStaticServer({
    mounts: { '/': outDir },
    intercept: (req, res) => {
      if (req.url !== '/') return false;
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>pagefind</title>');
      return true;
    },
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    return await page.evaluate(
      async ({ queries, limit }) => {
        const pagefind = await import('/pagefind/pagefind.js' as string);
        await pagefind.init();
        const answers: string[][] = [];
        for (const query of queries) {
          const { results } = await pagefind.search(query);
          const data = await Promise.all(results.slice(0, limit).map((r: { data(): Promise<{ url: string }> }) => r.data()));
          answers.push(data.map((d: { url: string }) => d.url.replace(/^\/|\/$/g, '')));
        }
        return answers;
      },
      { queries, limit },
    );
  } finally {
    await server.close();
  }
}
