import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildCache, type CacheKey } from '../../../scripts/build/cache.ts';
import { hasHeadingAnchor, sectionCount } from '../../../scripts/build/cached-entry.ts';
import { hasText, type FileEntry } from '../../../scripts/build/read-article.ts';
import type { Heading, LexedBody } from '../../../scripts/content/render-markdown.ts';
import { tempFolder } from '../../helpers/content.ts';

const key: CacheKey = { version: '1.0.0', code: 'code', format: 1, strict: false, defaultLocale: 'en' };

/** An entry whose body has an empty intro, two sections under its headings, one of them empty, and one under a heading it does not list. */
function entry(): FileEntry {
  const heading = (text: string, offset: number): Heading => ({ anchor: text.toLowerCase().replace(/ /g, '-'), text, depth: 2, offset });
  const headings = [heading('By card', 10), heading('Empty', 40)];
  const lexed: LexedBody = {
    tokens: Object.assign([], { links: {} }),
    headings,
    sections: [{ text: '' }, { heading: headings[0], text: 'Pay by card.' }, { heading: headings[1], text: '' }, { heading: heading('Elsewhere', 60), text: 'From another place.' }],
    offsets: [],
  };
  return { stat: '1:a', checkedAt: 0, hash: 'a', problems: [], body: { mdx: false, lexed, links: [], images: [], problems: [] }, html: '<p>Pay by card.</p>' };
}

/** A build cache folder that holds `entry()` as /content/pay.md. */
async function savedEntry(): Promise<string> {
  const saved = path.join(await tempFolder(), 'cache');
  const cache = new BuildCache(key);
  cache.files.set('/content/pay.md', entry());
  await (await cache.stage(saved)).commit();
  return saved;
}

describe('an entry loaded from the build cache', () => {
  it('has the sections it was saved with, made only when asked, and their number before', async () => {
    const saved = await savedEntry();
    const loaded = await BuildCache.load(saved, key);
    try {
      const lexed = loaded.files.get('/content/pay.md')!.body!.lexed!;
      expect(sectionCount(lexed)).toBe(4);
      const sections = lexed.sections.map((section) => ({ heading: section.heading?.text, anchor: section.heading?.anchor, text: section.text, hasText: hasText(section) }));
      expect(sections).toEqual([
        { heading: undefined, anchor: undefined, text: '', hasText: false },
        { heading: 'By card', anchor: 'by-card', text: 'Pay by card.', hasText: true },
        { heading: 'Empty', anchor: 'empty', text: '', hasText: false },
        { heading: 'Elsewhere', anchor: 'elsewhere', text: 'From another place.', hasText: true },
      ]);
      // The same objects once made.
      expect(lexed.sections).toBe(lexed.sections);
      expect(lexed.sections[1].heading).toBe(lexed.headings[0]);
      expect(sectionCount(lexed)).toBe(4);
    } finally {
      loaded.close();
    }
  });

  it('saves again, unchanged, a loaded entry whose sections were never made', async () => {
    const saved = await savedEntry();
    const first = await BuildCache.load(saved, key);
    // Another file in every part: each part is saved again, the loaded entry with it.
    for (let i = 0; i < 300; i++) first.files.set(`/content/other-${i}.md`, { stat: `1:${i}`, checkedAt: 0, hash: `h${i}`, problems: [] });
    await (await first.stage(saved)).commit();
    first.close();

    const second = await BuildCache.load(saved, key);
    try {
      const lexed = second.files.get('/content/pay.md')!.body!.lexed!;
      expect(lexed.sections.map((section) => [section.heading?.text, section.text])).toEqual([
        [undefined, ''],
        ['By card', 'Pay by card.'],
        ['Empty', ''],
        ['Elsewhere', 'From another place.'],
      ]);
    } finally {
      second.close();
    }
  });

  it('knows the anchors of its headings, whole, as the entry it was saved from', async () => {
    const saved = path.join(await tempFolder(), 'cache');
    const cache = new BuildCache(key);
    const made = entry();
    const lexed = made.body!.lexed!;
    // "card" is the end of the first anchor before it is an anchor of its own.
    lexed.headings.push({ anchor: 'card', text: 'Card', depth: 2, offset: 80 });
    cache.files.set('/content/pay.md', made);
    await (await cache.stage(saved)).commit();
    const loaded = await BuildCache.load(saved, key);
    try {
      for (const body of [lexed, loaded.files.get('/content/pay.md')!.body!.lexed!]) {
        expect(['by-card', 'empty', 'card'].filter((anchor) => hasHeadingAnchor(body, anchor))).toEqual(['by-card', 'empty', 'card']);
        // Parts of anchors, and the anchor of a section whose heading the body does not list.
        expect(['by', 'by-car', 'y-card', 'mpty', 'empt', 'elsewhere', 'card-'].filter((anchor) => hasHeadingAnchor(body, anchor))).toEqual([]);
      }
    } finally {
      loaded.close();
    }
  });
});
