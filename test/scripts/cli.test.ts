import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION, openIndex } from '../../src/node/index.ts';
import { integrityOf } from '../../scripts/integrity.ts';
import { runCli } from '../helpers/cli.ts';
import { article, tempFolder } from '../helpers/content.ts';
import { SAMPLE_CONTENT } from '../helpers/build.ts';

const good = {
  'billing/bill-codes.md': article(
    'title: Bill codes\ndescription: What the codes on your bill mean.\naliases: [GPRR, what is on my bill]\nterms:\n  GPRR: Data used on a partner network abroad.',
    'Codes on your bill.\n\n## Charge codes\n\nGPRR is a data transfer charge.\n',
  ),
  'billing/pay.md': article('title: Pay your bill\ndescription: Ways to pay.', 'Pay by card. See [codes](bill-codes.md#charge-codes).\n'),
};

describe('selfserve build', () => {
  it('builds a good folder and prints a summary', async () => {
    const dir = await tempFolder(good);
    const { code, stdout, stderr } = await runCli(['build', 'content', '--out', 'out/help'], { cwd: dir }).then(async (r) => r);
    // The folder itself is the content here.
    expect(code).toBe(2);
    expect(stderr).toContain('content folder content does not exist');
    // `check` and `dev` default to ./content: each says what to give instead, before it starts
    // (`dev` went on to serve a preview of nothing).
    for (const command of ['check', 'dev']) {
      const missing = await runCli([command], { cwd: dir });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain(`content folder content does not exist or is not a folder: give the folder that holds your .md articles, like \`selfserve ${command} help-articles\``);
    }
    const out = path.join(dir, '..', `${path.basename(dir)}-out`);
    const ok = await runCli(['build', '.', '--out', out], { cwd: dir });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const [summary, , note, tag, end] = ok.stdout.split('\n');
    expect(summary).toMatch(/^Built 2 articles \(3 sections\) into .*: \d+ files, [\d.]+ kB, and the widget's \d+ \(the first search loads [\d.]+ kB gzip\) in [\d.]+ s$/);
    expect(note).toContain(`at /${path.basename(out)}/ and paste this tag`);
    // The tag pins the widget the build published next to the index.
    const widget = readFileSync(path.join(out, 'selfserve.js'));
    expect(tag).toBe(`<script src="/${path.basename(out)}/selfserve.js" integrity="${integrityOf(widget)}" crossorigin="anonymous" defer></script>`);
    expect(end).toBe('');
    expect(stdout).toBe('');
  });

  it('builds a help center written only in Spanish, stemmed by the compiled CLI, with Spanish as its default', async () => {
    const content = await tempFolder({ 'pagar.md': article('title: Pagar la factura\nlocale: es\ndescription: Cómo pagar.', 'Puedes pagar tus facturas con tarjeta.\n') });
    const out = path.join(await tempFolder(), 'help');
    expect((await runCli(['build', content, '--out', out])).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')).defaultLocale).toBe('es');
    // "facturar" and "facturas" share the Spanish stem: the language's rules are in the compiled CLI.
    const found = JSON.parse((await runCli(['search', out, 'facturar', '--json'])).stdout);
    expect(found.results.map((r: { slug: string }) => r.slug)).toEqual(['pagar']);
  });

  it('publishes the widget next to the index and prints the tag for --base', async () => {
    const content = await tempFolder(good);
    const out = path.join(await tempFolder(), 'public', 'support');
    const { code, stdout } = await runCli(['build', content, '--out', out, '--base', 'https://cdn.example.com/kb/']);
    expect(code).toBe(0);
    expect(stdout).toContain('<script src="https://cdn.example.com/kb/selfserve.js" integrity="sha384-');
    expect(stdout).not.toContain('--base <url>');
    const files = readdirSync(out);
    for (const file of ['selfserve.js', 'selfserve-app.js', 'manifest.json']) expect(files).toContain(file);
    expect(readdirSync(path.join(out, 'locales'))).toContain('es.json');
    // The ES module build is for bundlers, not for the published folder.
    expect(files).not.toContain('esm');
  });

  it('writes a manifest, a root per language, term shards, article cards and buckets', async () => {
    const content = await tempFolder(good);
    const out = path.join(await tempFolder(), 'help');
    expect((await runCli(['build', content, '--out', out])).code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'selfserve-index', version: FORMAT_VERSION, articleCount: 2, sectionCount: 3, locales: ['en'], defaultLocale: 'en' });
    expect(manifest.indexes.en).toEqual({
      root: expect.stringMatching(/^en\/index\.[0-9a-f]{16}\.json$/),
      bytes: expect.any(Number),
      articleCount: 2,
      sectionCount: 3,
      glossary: { hash: expect.stringMatching(/^[0-9a-f]{16}$/), bytes: expect.any(Number) },
    });
    const root = JSON.parse(readFileSync(path.join(out, manifest.indexes.en.root), 'utf8'));
    // Pages that explain terms in place read the glossary the manifest names, with each term's article.
    expect(manifest.indexes.en.glossary).toEqual(root.glossary);
    const glossary = JSON.parse(readFileSync(path.join(out, `en/glossary.${root.glossary.hash}.json`), 'utf8'));
    expect(glossary.terms).toEqual([{ term: 'GPRR', definition: 'Data used on a partner network abroad.', article: expect.any(Number), slug: 'billing/bill-codes', anchor: 'charge-codes' }]);
    expect(root.sections).toHaveLength(2);
    for (const shard of root.shards) expect(existsSync(path.join(out, `en/terms/${shard.hash}.json`))).toBe(true);
    // Two articles: one bucket, in one block.
    const { sizes, blocks } = root.buckets;
    expect([sizes, blocks]).toEqual([[2], [expect.stringMatching(/^[0-9a-f]{10}$/)]]);
    sizes.forEach((_: number, b: number) => {
      expect(existsSync(path.join(out, `en/meta/${b}.${blocks[b]}.json`))).toBe(true);
      expect(existsSync(path.join(out, `en/content/${b}.${blocks[b]}.json`))).toBe(true);
    });
    // One card per article, by article number: what its search result shows, passages included.
    const cards = root.sections.map((_: number, n: number) => JSON.parse(readFileSync(path.join(out, `en/cards/${n}.${blocks[0]}.json`), 'utf8')));
    expect(cards.map((card: { slug: string }) => card.slug).sort()).toEqual(['billing/bill-codes', 'billing/pay']);
    expect(cards.find((card: { slug: string }) => card.slug === 'billing/pay')).toEqual({ slug: 'billing/pay', title: 'Pay your bill', description: 'Ways to pay.', sections: [], text: ['Pay by card. See codes.'] });
    // Of the aliases, those that hold stop words, which the terms leave out (for `exactName`).
    expect(cards.find((card: { slug: string }) => card.slug === 'billing/bill-codes').aliases).toEqual(['what is on my bill']);
    // Bodies are only in the cards (one per result shown) and the content buckets (an article opened).
    const notContent = readdirSync(out, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && !/(content|cards)$/.test(f.parentPath));
    for (const file of notContent) expect(readFileSync(path.join(file.parentPath, file.name), 'utf8')).not.toContain('Pay by card');
  });

  it('marks the h3 sections of a card, so an h2 without text of its own shows the passages of its h3s', async () => {
    const content = await tempFolder({
      'calls/wifi.md': article('title: Wi-Fi Calling\ndescription: Calls over Wi-Fi.', 'Intro.\n\n## Turn on Wi-Fi Calling\n\n### iPhone\n\nGo to Settings > Phone.\n\n### Android\n\nOpen the Phone app.\n\n## Emergency address\n\nAdd it first.\n'),
    });
    const out = path.join(await tempFolder(), 'help');
    expect((await runCli(['build', content, '--out', out])).code).toBe(0);
    const card = JSON.parse(readFileSync(path.join(out, 'en/cards', readdirSync(path.join(out, 'en/cards'))[0]), 'utf8'));
    expect(card.sections.map((s: { heading: string; level?: number }) => [s.heading, s.level])).toEqual([['Turn on Wi-Fi Calling', undefined], ['iPhone', 3], ['Android', 3], ['Emergency address', undefined]]);
    const { results } = await (await openIndex(out)).search('turn on wifi calling');
    expect(results[0].section).toMatchObject({ heading: 'Turn on Wi-Fi Calling', excerpt: 'Go to Settings &gt; Phone. Open the Phone app.' });
  });

  it('copies images under content-hashed names and points the article at them', async () => {
    const content = await tempFolder({
      'devices/sim.md': article('title: SIM\ndescription: s', 'Intro.\n\n![The SIM tray](img/tray.png)\n'),
      'devices/img/tray.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]),
    });
    const out = path.join(await tempFolder(), 'help');
    expect((await runCli(['build', content, '--out', out])).code).toBe(0);
    const [asset] = readdirSync(path.join(out, 'assets'));
    expect(asset).toMatch(/^tray\.[0-9a-f]{16}\.png$/);
    const { html } = await (await openIndex(out)).article('devices/sim');
    expect(html).toContain(`<img src="assets/${asset}" alt="The SIM tray" loading="lazy" />`);
  });

  it.each([
    ['a missing image', { 'a.md': '---\ntitle: A\ndescription: a\n---\nIntro.\n\n![Tray](tray.png)\n' }, /^a\.md:7:1: error: image `tray\.png` does not exist \(no tray\.png in the content folder\)$/m],
    ['broken YAML', { 'a.md': '---\ntitle: A\ntags: [a, b\n---\nBody\n' }, /^a\.md:3:\d+: error: invalid YAML in frontmatter: /m],
    ['a missing title', { 'a.md': '---\ndescription: No title here.\n---\nBody\n' }, /^a\.md:1:1: error: no title: add `title: …` to the frontmatter, or start the article with a `# heading`$/m],
    ['an unknown key', { 'a.md': '---\ntitle: A\ntilte: B\n---\nBody\n' }, /^a\.md:3:1: error: unknown field `tilte` — did you mean `title`\?/m],
    ['a broken link', { 'a.md': '---\ntitle: A\ndescription: a\n---\nIntro.\n\nSee [b](b.md).\n' }, /^a\.md:7:5: error: broken link: `b\.md` does not exist \(no b\.md in the content folder\)$/m],
  ])('fails on %s with file:line, exit 1 and no output folder', async (_name, files, message) => {
    const dir = await tempFolder(files as Record<string, string>);
    const { code, stdout, stderr } = await runCli(['build', '.', '--out', '../out-missing'], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n').at(-1)).toMatch(/^1 error: build failed, \.\.\/out-missing left unchanged$/);
    expect(stdout).toBe('');
    expect(existsSync(path.join(dir, '..', 'out-missing'))).toBe(false);
    expect(readdirSync(path.dirname(dir)).filter((f) => f.startsWith('out-missing'))).toEqual([]);
  });

  it('reports every problem at once', async () => {
    const dir = await tempFolder({
      'a.md': '---\ntitle: A\ntilte: B\n---\nBody\n',
      'b.md': '---\ndescription: x\n---\nBody\n',
    });
    const { code, stderr } = await runCli(['build', '.', '--out', '../out'], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr.split('\n').filter((l) => l.includes(': error: '))).toHaveLength(2);
    expect(stderr).toContain('2 errors: build failed');
  });

  it('leaves an existing output untouched when a build fails', async () => {
    const dir = await tempFolder(good);
    const out = path.join(await tempFolder(), 'help');
    expect((await runCli(['build', dir, '--out', out])).code).toBe(0);
    const before = readFileSync(path.join(out, 'manifest.json'), 'utf8');
    const broken = await tempFolder({ ...good, 'bad.md': '---\ntitle: [\n---\n' });
    expect((await runCli(['build', broken, '--out', out])).code).toBe(1);
    expect(readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe(before);
  });

  it('fails warnings only with --strict', async () => {
    const dir = await tempFolder({ 'a.md': '---\ntitle: A\n---\nBody\n' });
    const out = path.join(await tempFolder(), 'help');
    const lenient = await runCli(['build', dir, '--out', out]);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/a\.md:1:1: warning: no `description`/);
    const strict = await runCli(['build', dir, '--out', out, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('(--strict: warnings fail the build)');
  });

  it('refuses to replace a folder that is not a Selfserve build, or the content itself', async () => {
    const dir = await tempFolder(good);
    const precious = await tempFolder({ 'thesis.docx': 'years of work' });
    const notOurs = await runCli(['build', dir, '--out', precious]);
    expect(notOurs.code).toBe(3);
    expect(notOurs.stderr).toContain('is not a Selfserve index (no manifest.json with "format": "selfserve-index"): it will not be replaced');
    expect(readFileSync(path.join(precious, 'thesis.docx'), 'utf8')).toBe('years of work');
    const itself = await runCli(['build', dir, '--out', dir]);
    expect(itself.code).toBe(3);
  });

  it('rejects bad command lines with a hint', async () => {
    const typo = await runCli(['biuld']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown command "biuld" — did you mean "build"?');
    const flag = await runCli(['build', 'content', '--ot', 'x']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('did you mean --out?');
    // A flag it knows, whose value starts with a dash: how to give it, not a hint at itself.
    const dashed = await runCli(['search', 'help', 'gprr', '--limit', '-3']);
    expect(dashed.code).toBe(2);
    expect(dashed.stderr).toContain("selfserve: Option '--limit' argument is ambiguous. To specify an option argument starting with a dash use '--limit=-XYZ'.");
    expect(dashed.stderr).not.toContain('did you mean');
    const noOut = await runCli(['build', 'content']);
    expect(noOut.stderr).toContain('missing --out <dir>');
  });

  it('explains in its --help every flag its usage line names', async () => {
    const usage = /^ *selfserve build .*$/m.exec((await runCli(['--help'])).stdout)![0];
    const flags = usage.match(/--[a-z]+/g)!;
    expect(flags).toEqual(expect.arrayContaining(['--out', '--base', '--watch', '--timings']));
    const { code, stdout } = await runCli(['build', '--help']);
    expect(code).toBe(0);
    const options = stdout.slice(stdout.indexOf('Options:'));
    for (const flag of flags) expect(options).toMatch(new RegExp(`^ +(-\\w, )?${flag}\\b`, 'm'));
    expect(stdout).toContain('Exit codes');
  });

  it('refuses a --locale that is not a language tag, before building', async () => {
    const content = await tempFolder(good);
    const out = path.join(await tempFolder(), 'help');
    // An underscore, as in en_US; nothing; a tag Intl refuses, on which its APIs throw.
    for (const locale of ['en_US', '', 'en-1a']) {
      const { code, stderr } = await runCli(['build', content, '--out', out, '--locale', locale]);
      expect(code).toBe(2);
      expect(stderr).toContain(`--locale must be a language tag like en, es or pt-BR, not "${locale}"`);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('refuses a --base the printed tag could not use, before building', async () => {
    const content = await tempFolder(good);
    const out = path.join(await tempFolder(), 'help');
    for (const base of ['javascript:alert(1)', 'http://example.com/help/', '/kb" onload="x', '/kb/?v=2']) {
      const { code, stderr } = await runCli(['build', content, '--out', out, '--base', base]);
      expect(code).toBe(2);
      expect(stderr).toContain(`--base must be where the output folder will be served: a path like /support/ or an https: URL like https://cdn.example.com/help/ (http: only on localhost), not "${base}"`);
      expect(existsSync(out)).toBe(false);
    }
    const local = await runCli(['build', content, '--out', out, '--base', 'http://localhost:8080/help']);
    expect(local.code).toBe(0);
    expect(local.stdout).toContain('<script src="http://localhost:8080/help/selfserve.js"');
  });
});

describe('selfserve search', () => {
  it('lists the bill-codes glossary first for GPRR on the sample help center, as JSON', async () => {
    const out = path.join(await tempFolder(), 'help');
    expect((await runCli(['build', SAMPLE_CONTENT, '--out', out])).code).toBe(0);
    const { code, stdout } = await runCli(['search', out, 'GPRR', '--json']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const response = JSON.parse(lines[0]);
    expect(response.query).toBe('GPRR');
    expect(response.results[0]).toMatchObject({ slug: 'billing/bill-codes', title: expect.any(String), url: '#help/billing/bill-codes', score: expect.any(Number) });
    expect(response.answer.term).toBe('GPRR');
  });

  it('prints readable results, honours --limit, and answers batches in order', async () => {
    const content = await tempFolder(good);
    const out = path.join(await tempFolder(), 'help');
    await runCli(['build', content, '--out', out]);
    const human = await runCli(['search', out, 'GPRR']);
    expect(human.stdout).toContain('GPRR: Data used on a partner network abroad.');
    expect(human.stdout).toContain('1. Bill codes  #help/billing/bill-codes');
    expect(human.stdout).toContain('   › Charge codes  #help/billing/bill-codes#charge-codes');
    expect(human.stdout).not.toContain('Showing results for');
    // A typo says what was searched, as the widget does.
    expect((await runCli(['search', out, 'charge cdoes'])).stdout).toMatch(/^Showing results for "charge codes"\.\n\n1\. Bill codes/);
    const limited = JSON.parse((await runCli(['search', out, 'bill', '--json', '--limit', '1'])).stdout);
    expect(limited.results).toHaveLength(1);
    const batch = await runCli(['search', out, '--batch', '-'], { input: 'pay\n\nGPRR\nnothing matches this\n' });
    const responses = batch.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(responses.map((r) => r.query)).toEqual(['pay', 'GPRR', 'nothing matches this']);
    expect(responses[0].results[0].slug).toBe('billing/pay');
    expect(responses[2].results).toEqual([]);
    const both = await runCli(['search', out, 'pay', '--batch', '-'], { input: 'GPRR\n' });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('selfserve: a query ("pay") or --batch -, not both: the queries of a batch are its file\'s lines');
    const missing = await runCli(['search', out, '--batch', path.join(out, 'no-such-queries.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^selfserve: cannot read --batch \S*no-such-queries\.txt: ENOENT/);
  });

  it('says clearly when the folder is not an index', async () => {
    const { code, stderr } = await runCli(['search', await tempFolder(), 'x']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/manifest\.json does not exist: is .* the output of `selfserve build`\?/);
  });
});

describe('selfserve build: the same content builds the same bytes', () => {
  it('whatever the language of the machine that builds it (Lithuanian orders y before j)', async () => {
    const dir = await tempFolder({
      'apply.md': article('title: Apply\ndescription: a'),
      'ja/apply.md': article('title: 申し込む\ndescription: a'),
      'yi/apply.md': article('title: צולייגן\ndescription: a'),
    });
    const files = (out: string) => Object.fromEntries((readdirSync(out, { recursive: true }) as string[]).sort().map((file) => [file, statSync(path.join(out, file)).isFile() ? readFileSync(path.join(out, file), 'utf8') : '']));
    const outs = [];
    for (const LANG of ['C', 'lt_LT.UTF-8']) {
      const out = path.join(await tempFolder(), 'help');
      expect((await runCli(['build', dir, '--out', out], { env: { LANG, LC_ALL: LANG } })).code).toBe(0);
      outs.push(files(out));
    }
    expect(JSON.parse(outs[0]['manifest.json']).locales).toEqual(['en', 'ja', 'yi']);
    expect(outs[1]).toEqual(outs[0]);
  });
});

describe('selfserve', () => {
  // The problem reports once imported the sort order from the index format's module, which
  // brought zod into the chunk every command starts with: 140 kB before `--help` could print.
  it('starts on little code: a command loads its modules only when it runs', () => {
    const seen = new Set<string>();
    let bytes = 0;
    // `dist/cli.js` and what it imports statically, as the compiled package is laid out.
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      bytes += Buffer.byteLength(text);
      for (const [, spec] of text.matchAll(/^import\b[^'"\n]*?["'](\.{1,2}\/[^"']+)["']/gm)) visit(path.resolve(path.dirname(file), spec));
    };
    visit(path.resolve(import.meta.dirname, '../../dist/cli.js'));
    expect(seen.size).toBeGreaterThan(1);
    expect(bytes).toBeLessThan(40_000);
  });
});
