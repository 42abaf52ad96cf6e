import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordFields } from '../../../src/engine.ts';
import { ArticleWork } from '../../../scripts/build/article-work.ts';
import { articleRecords } from '../../../scripts/build/build-index.ts';
import { compileContent, htmlOf } from '../../../scripts/build/compile.ts';
import { NO_DEPS, prepareArticle, type PrepareTask } from '../../../scripts/build/prepare-article.ts';
import { RenderPool } from '../../../scripts/build/render-pool.ts';
import { Diagnostics } from '../../../scripts/diagnostics.ts';
import { article, tempFolder } from '../../helpers/content.ts';

const plain = article('title: Pay your bill\ndescription: How to pay.', 'Pay online or by phone.\n\n## By card\n\nUse a debit card, see <https://example.com/pay>.\n');
const linked = article('title: Roaming\ndescription: Abroad.', 'See [pay](pay.md#by-card).\n\n## Abroad\n\nData costs more.\n');

const task = (dir: string, relPath: string, extra: Partial<PrepareTask> = {}): PrepareTask => ({ file: path.join(dir, relPath), relPath, checkedAt: Date.now(), signature: 'stat', locale: 'en', ...extra });

describe('prepareArticle', () => {
  it('gives the entry the main thread would make: frontmatter, sections, tokens and sanitized HTML', async () => {
    const dir = await tempFolder({ 'pay.md': plain });
    const prepared = prepareArticle(task(dir, 'pay.md'));
    if (!('entry' in prepared)) throw new Error('expected an entry');
    const { entry } = prepared;
    expect(entry.parsed?.frontmatter?.title).toBe('Pay your bill');
    const lexed = entry.body!.lexed!;
    expect(lexed.sections.map((s) => s.heading?.text)).toEqual([undefined, 'By card']);
    // The cache keeps no markdown tokens.
    expect(lexed.tokens).toHaveLength(0);
    expect(entry.tokensLocale).toBe('en');
    expect(entry.tokens).toEqual(articleRecords({ frontmatter: { title: 'Pay your bill', description: 'How to pay.' }, lexed }).map((text) => recordFields(text, 'en')));
    expect(entry.deps).toBe(NO_DEPS);
    expect(entry.html).toContain('<h2 id="by-card">');
    expect(entry.html).toContain('href="https://example.com/pay"');
  });

  it('leaves the HTML of an article whose links point at articles to the main thread, which resolves them', async () => {
    const dir = await tempFolder({ 'pay.md': plain, 'roaming.md': linked });
    const prepared = prepareArticle(task(dir, 'roaming.md'));
    if (!('entry' in prepared)) throw new Error('expected an entry');
    expect(prepared.entry.html).toBeUndefined();
    expect(prepared.entry.tokens).toBeDefined();
  });

  it('tokenizes in the language the frontmatter names, else the one it is given', async () => {
    const dir = await tempFolder({ 'es/pagar.md': article('title: Pagar la factura\nlocale: es\ndescription: Cómo pagar.', 'Pagos.\n') });
    const prepared = prepareArticle(task(dir, 'es/pagar.md', { locale: 'fr' }));
    expect('entry' in prepared && prepared.entry.tokensLocale).toBe('es');
  });

  it('stops at the frontmatter of a draft, and answers unchanged for bytes that hash as the cache says', async () => {
    const dir = await tempFolder({ 'wip.md': article('title: WIP\ndraft: true', 'Not yet.\n'), 'pay.md': plain });
    const draft = prepareArticle(task(dir, 'wip.md'));
    expect('entry' in draft && draft.entry.body).toBeUndefined();
    const first = prepareArticle(task(dir, 'pay.md'));
    const knownHash = 'entry' in first ? first.entry.hash : '';
    expect(knownHash).toBe(createHash('sha256').update(readFileSync(path.join(dir, 'pay.md'))).digest('base64url').slice(0, 22));
    expect(prepareArticle(task(dir, 'pay.md', { knownHash }))).toEqual({ unchanged: true });
  });
});

describe('compileContent on worker threads', () => {
  const pool = new RenderPool(2);
  afterAll(() => pool.close());

  it('gives the same articles, HTML, tokens and problems as compiling on one thread', async () => {
    const dir = await tempFolder({
      'pay.md': plain,
      'roaming.md': linked,
      'es/pagar.md': article('title: Pagar\ndescription: Cómo.', 'Pague [aquí](../pay.md).\n\n## Tarjeta\n\nCon tarjeta.\n'),
      'broken.md': article('title: Broken\ndescription: b', 'See [nothing](nope.md).\n'),
      'untitled.md': '# From the heading\n\nText under it.\n',
      'wip.md': article('title: WIP\ndraft: true', 'x\n'),
      'empty.md': article('title: Empty section\ndescription: e', 'Intro.\n\n## Nothing here\n'),
    });
    const run = async (work?: ArticleWork) => {
      const diagnostics = new Diagnostics();
      const compiled = await compileContent(dir, diagnostics, { work, files: new Map(), lean: true });
      return {
        articles: compiled.articles.map((a) => ({ slug: a.slug, locale: a.locale, title: a.frontmatter.title, html: htmlOf(a), tokens: compiled.tokenized?.get(a) ?? articleRecords(a).map((text) => recordFields(text, a.locale)) })),
        problems: diagnostics.sorted().map((d) => `${path.relative(dir, d.file)}:${d.line}:${d.col}: ${d.message}`),
      };
    };
    const alone = await run();
    const onWorkers = await run(new ArticleWork(pool, 0));
    expect(onWorkers).toEqual(alone);
    expect(onWorkers.articles.find((a) => a.slug === 'roaming')!.html).toContain('data-selfserve-article="pay"');
    expect(onWorkers.problems.some((p) => p.startsWith('broken.md:'))).toBe(true);
  });
});

