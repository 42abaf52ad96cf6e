import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { folderLoader, openIndex, type IndexLoader } from '../../src/node/index.ts';
import { buildIndexFolder } from '../helpers/build.ts';
import { article, tempFolder } from '../helpers/content.ts';

// A help center big enough to be split: 1,200 articles over a vocabulary of a few hundred words.
const TOPICS = ['billing', 'roaming', 'devices', 'account', 'network', 'plans'];
const WORDS = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}x${'abcdefghij'[i % 10]}ord`);
const COUNT = 1200;

function content(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < COUNT; i++) {
    const words = (seed: number, n: number) => Array.from({ length: n }, (_, k) => WORDS[(i * 7 + seed * 13 + k * 31) % WORDS.length]).join(' ');
    const body = `${words(1, 30)}.\n\n## ${words(2, 3)}\n\n${words(3, 40)}.\n\n## ${words(4, 3)}\n\n${words(5, 40)}.\n`;
    files[`${TOPICS[i % TOPICS.length]}/article-${i}.md`] = article(`title: Article ${i} about ${words(6, 2)}\ndescription: ${words(7, 8)}.`, body);
  }
  files['billing/refunds.md'] = article('title: Refunds for overcharges\ndescription: Get money back.', 'We refund any overcharge within five days.\n\n## Refund timing\n\nRefunds take five working days.\n');
  return files;
}

/** A loader that remembers which files were read. */
function counting(folder: string): IndexLoader & { files: string[] } {
  const inner = folderLoader(folder);
  const files: string[] = [];
  return { files, locate: inner.locate, load: (file, options) => (files.push(file), inner.load(file, options)) };
}

let folder: string;
beforeAll(async () => {
  folder = await buildIndexFolder(await tempFolder(content()));
}, 60_000);

describe('a sharded index', () => {
  it('is split into many shards and buckets, each small', () => {
    const shards = readdirSync(path.join(folder, 'en/terms'));
    const buckets = readdirSync(path.join(folder, 'en/meta'));
    expect(shards.length).toBeGreaterThan(10);
    expect(buckets.length).toBeGreaterThan(100);
    // Buckets group articles (only the small cards are one per article): hosts limit file counts.
    expect(buckets.length).toBeLessThan(COUNT / 2);
  });

  it('downloads only the parts a query needs, and nothing twice', async () => {
    const loader = counting(folder);
    const index = await openIndex(loader);
    expect(loader.files).toEqual(['manifest.json', expect.stringMatching(/^en\/index\.[0-9a-f]+\.json$/)]);
    const shards = readdirSync(path.join(folder, 'en/terms')).length;

    const response = await index.search('refund', { limit: 5, excerpts: false });
    expect(response.results[0].slug).toBe('billing/refunds');
    const loaded = loader.files.slice(2);
    const shardsLoaded = loaded.filter((f) => f.startsWith('en/terms/')).length;
    expect(shardsLoaded).toBeGreaterThan(0);
    expect(shardsLoaded).toBeLessThanOrEqual(3);
    expect(shardsLoaded).toBeLessThan(shards / 4);
    // One card for each result shown (its title and passages), and nothing of the articles' pages.
    expect(loaded.filter((f) => f.startsWith('en/cards/'))).toHaveLength(response.results.length);
    expect(loaded.filter((f) => /^en\/(meta|content)\//.test(f))).toEqual([]);

    const before = loader.files.length;
    await index.search('refund', { limit: 5, excerpts: false });
    expect(loader.files.length).toBe(before);
  });

  it('finds words while they are typed, and typos, across shards', async () => {
    const index = await openIndex(folder);
    expect((await index.search('overchar')).results[0].slug).toBe('billing/refunds');
    expect((await index.search('refnud')).results[0].slug).toBe('billing/refunds');
    const [first] = (await index.search(WORDS[123])).results;
    expect(first.title).toContain(WORDS[123]);
  });

  it('loads the shards where the word a typo meant may be, beyond those of the word as typed', async () => {
    // A word one letter off ("w3zxdord" for w3fxdord) can sort into another shard than the word
    // meant; that shard is loaded only for the typo lookup.
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    const { shards } = JSON.parse(readFileSync(path.join(folder, manifest.indexes.en.root), 'utf8')) as { shards: { from: string }[] };
    const shardOf = (term: string) => shards.findLastIndex((s) => s.from <= term);
    // Words with digits are codes, never corrected.
    const typos = WORDS.filter((word) => !/\d/.test(word)).flatMap((word) =>
      [...'qrstuvwyz'].map((c) => ({ word, typo: word.slice(0, 2) + c + word.slice(3) })).filter(({ word, typo }) => !WORDS.includes(typo) && shardOf(typo) !== shardOf(word)),
    );
    expect(typos.length).toBeGreaterThan(0);
    const { word, typo } = typos[0];
    const loader = counting(folder);
    const index = await openIndex(loader);
    const [first] = (await index.search(typo, { excerpts: false })).results;
    expect(first?.title).toContain(word);
    expect(loader.files.filter((f) => f.startsWith('en/terms/')).length).toBeGreaterThan(1);
  });

  it('loads the shards a typo that swapped its first letters may be in', async () => {
    // "aw…" for a word "wa…": the swap sorts far from the word typed, into another shard.
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    const { shards } = JSON.parse(readFileSync(path.join(folder, manifest.indexes.en.root), 'utf8')) as { shards: { from: string }[] };
    const shardOf = (term: string) => shards.findLastIndex((s) => s.from <= term);
    const swapped = WORDS.filter((word) => !/\d/.test(word))
      .map((word) => ({ word, typo: word[1] + word[0] + word.slice(2) }))
      .filter(({ word, typo }) => !WORDS.includes(typo) && shardOf(typo) !== shardOf(word));
    expect(swapped.length).toBeGreaterThan(0);
    const { word, typo } = swapped[0];
    const [first] = (await (await openIndex(folder)).search(typo, { excerpts: false })).results;
    expect(first?.title).toContain(word);
  });

  it('opens any article by slug, from its bucket', async () => {
    const loader = counting(folder);
    const index = await openIndex(loader);
    const meta = await index.get('plans/article-5');
    expect(meta?.title).toMatch(/^Article 5 about/);
    expect((await index.article('plans/article-5')).html).toContain('<h2');
    expect(await index.get('plans/article-99999')).toBeUndefined();
    expect(loader.files.filter((f) => f.startsWith('en/content/'))).toHaveLength(1);
  });

  it('adds passages to results listed without them, from the cards already loaded', async () => {
    const loader = counting(folder);
    const index = await openIndex(loader);
    const quick = await index.search('refund timing', { limit: 3, excerpts: false });
    expect(quick.partial).toBe(true);
    expect(quick.results[0].section?.excerpt).toBe('');
    const read = loader.files.length;
    const full = await index.withExcerpts(quick);
    expect(loader.files.length).toBe(read);
    expect(full.partial).toBeUndefined();
    expect(full.results[0].section).toMatchObject({ anchor: 'refund-timing', excerpt: '<mark>Refunds</mark> take five working days.' });
  });

  it('finds the card of a result by its slug when it was not loaded by this index', async () => {
    const quick = await (await openIndex(folder)).search('refund timing', { limit: 1, excerpts: false });
    const loader = counting(folder);
    const full = await (await openIndex(loader)).withExcerpts(quick);
    expect(full.results[0].section?.excerpt).toBe('<mark>Refunds</mark> take five working days.');
    expect(loader.files.filter((f) => /^en\/(meta|cards)\//.test(f))).toHaveLength(2);
  });
  describe('while typing (#12)', () => {
    it('fetches no article cards for a search aborted by the next keystroke', async () => {
      const loader = counting(folder);
      const index = await openIndex(loader);
      const controller = new AbortController();
      const search = index.search('refund', { typing: true, excerpts: false, signal: controller.signal });
      controller.abort();
      await expect(search).rejects.toThrow(/abort/i);
      expect(loader.files.filter((f) => f.startsWith('en/cards/'))).toEqual([]);
      // The shards it read serve the next search.
      const read = loader.files.length;
      expect((await index.search('refund', { typing: true, excerpts: false })).results[0].slug).toBe('billing/refunds');
      expect(loader.files.slice(read).filter((f) => f.startsWith('en/terms/'))).toEqual([]);
    });

    it('fetches no cards with loadedOnly, and answers from what is loaded', async () => {
      const loader = counting(folder);
      const index = await openIndex(loader);
      const quick = await index.search('refund', { typing: true, loadedOnly: true, excerpts: false });
      expect(quick).toMatchObject({ results: [], unloaded: true });
      expect(loader.files.filter((f) => /^en\/(cards|meta|content)\//.test(f))).toEqual([]);
      await index.search('refund', { excerpts: false });
      const read = loader.files.length;
      const again = await index.search('refund', { typing: true, loadedOnly: true, excerpts: false });
      expect(again.unloaded).toBeUndefined();
      expect(again.results[0].slug).toBe('billing/refunds');
      expect(loader.files.length).toBe(read);
    });

    const shardsRead = (loader: { files: string[] }) => loader.files.filter((f) => f.startsWith('en/terms/')).length;

    it('reads no shard for a first letter, where a settled search reads every shard it begins', async () => {
      const typing = counting(folder);
      await (await openIndex(typing)).search('w', { typing: true, excerpts: false });
      expect(shardsRead(typing)).toBe(0);
      const settled = counting(folder);
      await (await openIndex(settled)).search('w', { excerpts: false });
      expect(shardsRead(settled)).toBeGreaterThan(5);
    });

    it('reads no shard for the word pair of the word at the caret', async () => {
      const finished = counting(folder);
      await (await openIndex(finished)).search('refund ', { typing: true, excerpts: false });
      const typing = counting(folder);
      // "1+refund" would sit among the numbers of the titles, in a shard nothing else here needs.
      await (await openIndex(typing)).search('refund 1', { typing: true, excerpts: false });
      expect(shardsRead(typing)).toBe(shardsRead(finished));
      // Once the word is finished, its pair's shard is read.
      const settled = counting(folder);
      await (await openIndex(settled)).search('refund 1 ', { typing: true, excerpts: false });
      expect(shardsRead(settled)).toBeGreaterThan(shardsRead(finished));
    });

    it('completes the word at the caret from three letters on, and only that word', async () => {
      const loader = counting(folder);
      const index = await openIndex(loader);
      expect((await index.search('refu', { typing: true, excerpts: false })).results[0]?.slug).toBe('billing/refunds');
      // "refu" is a finished word once a space follows it: as typed, it matches nothing.
      expect((await index.search('refu ', { typing: true, excerpts: false })).results).toEqual([]);
      expect((await index.search('refu', { typing: false, excerpts: false })).results[0]?.slug).toBe('billing/refunds');
    });
  });
});
