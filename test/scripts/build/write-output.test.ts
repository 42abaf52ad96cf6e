import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../scripts/build/build-index.ts';
import { compileContent, htmlOf, type CompiledArticle } from '../../../scripts/build/compile.ts';
import type { MadeFiles } from '../../../scripts/build/layout.ts';
import { OutputFolder } from '../../../scripts/build/output-folder.ts';
import { writeLayout } from '../../../scripts/build/write-output.ts';
import { Diagnostics } from '../../../scripts/diagnostics.ts';
import { article, tempFolder } from '../../helpers/content.ts';

describe('writeLayout of a single build (spend)', () => {
  /** Compiles a small help center with a build cache, and lays it out into a new output folder. */
  const helpCenter = () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`a${i}.md`] = article(`title: Article ${i}\ndescription: About ${i}.`, `Intro ${i}.\n\n## Part ${i}\n\nText of part ${i}.\n`);
    return tempFolder(files);
  };
  async function layOut({ spend, known, dir }: { spend: boolean; known?: MadeFiles; dir?: string }) {
    const compiled = await compileContent(dir ?? (await helpCenter()), new Diagnostics(), { files: new Map() });
    const parts = buildIndex(compiled, undefined, { keep: !spend, spend });
    const out = path.join(await tempFolder(), 'help');
    const folder = await OutputFolder.open(out);
    const laid = await writeLayout(parts, folder, { known, keep: !spend });
    await folder.swap();
    await folder.finish();
    return { compiled, laid, out };
  }
  const kept = (article: CompiledArticle) => Boolean(htmlOf(article)) && article.lexed.sections.length === 2 && Boolean(article.entry?.body);

  it('lets each article’s HTML and text go once the files of its block are made, but not with --watch’s keep', async () => {
    const { compiled, laid, out } = await layOut({ spend: true });
    expect(compiled.articles).toHaveLength(12);
    expect(compiled.articles.filter(kept)).toEqual([]);
    // Made before they went: the cards hold every article's text.
    const cards = readdirSync(path.join(out, 'en/cards')).map((name) => readFileSync(path.join(out, 'en/cards', name), 'utf8')).join('\n');
    for (let i = 0; i < 12; i++) expect(cards).toContain(`Text of part ${i}.`);
    expect(laid.hashes.size).toBeGreaterThan(12);
    expect((await layOut({ spend: false })).compiled.articles.filter(kept)).toHaveLength(12);
  });

  it('keeps the articles of blocks whose files it may still have to make from them (known from the last build)', async () => {
    const dir = await helpCenter();
    const first = await layOut({ spend: false, dir });
    const { compiled } = await layOut({ spend: true, known: first.laid.made, dir });
    expect(compiled.articles.filter(kept)).toHaveLength(12);
  });
});
