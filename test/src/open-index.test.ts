import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMAT_VERSION, openIndex, SelfserveIndexError } from '../../src/node/index.ts';
import { article, tempFolder } from '../helpers/content.ts';
import { buildIndexFolder } from '../helpers/build.ts';

let built: string;
beforeAll(async () => {
  built = await buildIndexFolder(await tempFolder({
    'a.md': article('title: Pay your bill\ndescription: Ways to pay.\norder: 1\nterms:\n  GPRR: Data used while roaming.', 'Pay by card.\n\n## By phone\n\nCall 611.\n'),
  }));
});

/** A copy of the built index, changed by `change`. */
async function tampered(change: (dir: string, manifest: Record<string, unknown>) => Promise<void>) {
  const dir = path.join(await tempFolder(), 'help');
  await cp(built, dir, { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
  await change(dir, manifest);
  return dir;
}

type Json = Record<string, any>;

/** A copy of the built index whose root (and, through `file`, any file it names) `change` rewrote; sizes follow. */
async function tamperedRoot(change: (root: Json, file: (path: string, edit: (data: Json) => void) => Promise<number>) => Promise<void> | void) {
  return tampered(async (d, m) => {
    const entry = (m as Json).indexes.en;
    const root = JSON.parse(await readFile(path.join(d, entry.root), 'utf8'));
    const file = async (name: string, edit: (data: Json) => void) => {
      const data = JSON.parse(await readFile(path.join(d, name), 'utf8'));
      edit(data);
      const text = JSON.stringify(data);
      await writeFile(path.join(d, name), text);
      return Buffer.byteLength(text);
    };
    await change(root, file);
    const text = JSON.stringify(root);
    await writeFile(path.join(d, entry.root), text);
    entry.bytes = Buffer.byteLength(text);
    await writeFile(path.join(d, 'manifest.json'), JSON.stringify(m));
  });
}

async function failure(source: string): Promise<SelfserveIndexError> {
  const error = await openIndex(source).then(() => undefined, (e) => e);
  expect(error).toBeInstanceOf(SelfserveIndexError);
  return error;
}

describe('openIndex', () => {
  it('opens a folder and searches it', async () => {
    const index = await openIndex(built);
    expect(index.manifest.articleCount).toBe(1);
    expect((await index.search('phone')).results[0].section?.anchor).toBe('by-phone');
  });

  it('finds the card, metadata and content of an article in any block of buckets', async () => {
    // 40 articles: 10 buckets, each a block of its own.
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`a${i}.md`, article(`title: Article ${i}\ndescription: About code${i}.`, `Text of code${i}.\n`)]));
    const index = await openIndex(await buildIndexFolder(await tempFolder(files)));
    for (let i = 0; i < 40; i++) {
      const { results } = await index.search(`code${i}`);
      expect(results.map((r) => [r.slug, r.title])).toEqual([[`a${i}`, `Article ${i}`]]);
      expect((await index.article(`a${i}`)).html).toContain(`code${i}`);
    }
  });

  it('rejects a folder with no index', async () => {
    const error = await failure(await tempFolder());
    expect(error.code).toBe('missing');
    expect(error.message).toMatch(/^selfserve: .*manifest\.json does not exist/);
  });

  it('rejects truncated JSON, naming the file', async () => {
    const dir = await tampered(async (d, m) => {
      const file = path.join(d, (m as { indexes: { en: { root: string } } }).indexes.en.root);
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.slice(0, text.length / 2));
    });
    const error = await failure(dir);
    expect(error.code).toBe('corrupt');
    expect(error.file).toMatch(/en\/index\.[0-9a-f]+\.json$/);
    expect(error.message).toContain('is not valid JSON');
  });

  it('opens with a damaged shard, then rejects the search that needs it, naming the shard', async () => {
    const dir = await tampered(async (d) => {
      const [shard] = await readdir(path.join(d, 'en/terms'));
      await writeFile(path.join(d, 'en/terms', shard), JSON.stringify({ terms: [['pay', 'not a list', [], [], [], []]] }));
    });
    const index = await openIndex(dir);
    const error = await index.search('pay').then(() => undefined, (e) => e);
    expect(error).toBeInstanceOf(SelfserveIndexError);
    expect(error.code).toBe('corrupt');
    expect(error.file).toMatch(/en\/terms\/[0-9a-f]+\.json$/);
    expect(error.message).toContain('is not a valid Selfserve index file (terms.0.1:');
  });

  it('rejects another format version, naming both versions', async () => {
    const dir = await tampered((d, m) => writeFile(path.join(d, 'manifest.json'), JSON.stringify({ ...m, version: 99 })));
    const error = await failure(dir);
    expect(error.code).toBe('incompatible');
    expect(error.message).toContain(`has index format version 99, but this Selfserve reads version ${FORMAT_VERSION}`);
  });

  it('rejects a manifest of the wrong shape and one that points at missing files', async () => {
    const wrong = await tampered((d) => writeFile(path.join(d, 'manifest.json'), JSON.stringify({ hello: 'world' })));
    expect((await failure(wrong)).code).toBe('corrupt');
    const missing = await tampered((d, m) => {
      const indexes = m.indexes as Record<string, object>;
      return writeFile(path.join(d, 'manifest.json'), JSON.stringify({ ...m, indexes: { ...indexes, en: { ...indexes.en, root: 'en/index.gone.json' } } }));
    });
    const error = await failure(missing);
    expect(error.code).toBe('missing');
    expect(error.file).toMatch(/index\.gone\.json$/);
  });

  it('loads over HTTP from a base URL, and reports HTTP errors by file', async () => {
    const server = createServer(async (req, res) => {
      if (req.url?.includes('broken')) {
        res.writeHead(500).end();
        return;
      }
      try {
        res.end(await readFile(path.join(built, decodeURIComponent(req.url!.replace(/^\/help\//, '')))));
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const index = await openIndex(`${base}/help`);
      expect((await index.search('card')).results[0].slug).toBe('a');
      expect((await index.article('a')).html).toContain('<h2 id="by-phone">');
      const missing = await failure(`${base}/nothing/`);
      expect(missing.code).toBe('missing');
      expect(missing.message).toContain(`${base}/nothing/manifest.json was not found (404)`);
      const broken = await failure(`${base}/broken/`);
      expect(broken.code).toBe('network');
      expect(broken.message).toContain('answered 500');
    } finally {
      server.close();
    }
  });

  // (#17) A tampered index is refused by validation, not by freezing the page.
  it('rejects an article claiming 150 million sections before allocating for them', async () => {
    const dir = await tamperedRoot((root) => {
      root.sections[0] = 150_000_000;
    });
    const error = await failure(dir);
    expect(error.code).toBe('corrupt');
    expect(error.message).toMatch(/is not a valid Selfserve index file \(sections\.0: /);
  });

  it('rejects megabyte titles and hostile numbers of articles', async () => {
    const long = await tamperedRoot((root) => {
      root.featured[0].title = 'x'.repeat(2_000_000);
    });
    expect((await failure(long)).message).toMatch(/\(featured\.0\.title: /);
    const many = await tamperedRoot((root) => {
      root.sections = Array.from({ length: 500 }, () => 10_000);
      root.buckets.sizes = [500];
    });
    expect((await failure(many)).message).toMatch(/claims 5000500 articles and sections, more than the 4000000 any index holds/);
  });

  it('rejects a search whose result cards are damaged or larger than the root says, naming the card', async () => {
    const damaged = await tampered(async (d) => {
      const cards = (await readdir(path.join(d, 'en/cards'))).map((name) => path.join(d, 'en/cards', name));
      await Promise.all(cards.map((card) => writeFile(card, JSON.stringify({ slug: 'x', title: 7 }))));
    });
    await expect((await openIndex(damaged)).search('phone')).rejects.toThrow(/en\/cards\/\d+\.[0-9a-f]+\.json is not a valid Selfserve index file \(title: /);
    const large = await tamperedRoot((root) => {
      root.cards.bytes = 8;
    });
    await expect((await openIndex(large)).search('phone')).rejects.toThrow(/en\/cards\/\d+\.[0-9a-f]+\.json is larger than the 8 bytes the index expects/);
  });

  it('ignores a glossary entry that names an article the index does not have', async () => {
    const dir = await tamperedRoot(async (root, file) => {
      root.glossary.bytes = await file(`en/glossary.${root.glossary.hash}.json`, (glossary) => {
        for (const term of glossary.terms) term.article = 99_999;
      });
    });
    const index = await openIndex(dir);
    const response = await index.search('GPRR');
    expect(response.answer).toBeUndefined();
    const intact = await openIndex(built);
    expect((await intact.search('GPRR')).answer?.definition).toBe('Data used while roaming.');
  });
});
