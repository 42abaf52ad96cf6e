import { beforeAll, describe, expect, it } from 'vitest';
import { openIndex, type HelpIndex } from '../../../src/node/index.ts';
import { buildIndexFolder, SAMPLE_CONTENT } from '../../helpers/build.ts';

let index: HelpIndex;
let indexFolder: string;
beforeAll(async () => {
  indexFolder = await buildIndexFolder(SAMPLE_CONTENT);
  index = await openIndex(indexFolder);
}, 60_000);

const slugs = async (query: string, limit = 10) => (await index.search(query, { limit })).results.map((r) => r.slug);

describe('search on the sample help center', () => {
  it('finds the bill-codes glossary first for a charge code, with its definition as the answer', async () => {
    const response = await index.search('GPRR');
    expect(response.results[0].slug).toBe('billing/bill-codes');
    expect(response.answer).toMatchObject({ term: 'GPRR', slug: 'billing/bill-codes', url: '#help/billing/bill-codes#charge-codes' });
    expect(response.answer!.definition).toMatch(/roaming/i);
  });

  it('answers "what is …" questions and rate codes', async () => {
    expect((await index.search('what does MBRA mean on my bill?')).answer?.term).toBe('MBRA');
    expect((await index.search('What is a GPRR transfer')).answer?.term).toBe('GPRR');
  });

  it('finds error codes however they are typed', async () => {
    for (const query of ['E-1042', 'e1042', 'error 1042']) {
      expect(await slugs(query, 3), query).toContain('billing/bill-codes');
    }
    expect((await index.search('e1042')).answer?.term).toBe('E-1042');
  });

  it('ranks a title match first for one word', async () => {
    expect((await slugs('refund'))[0]).toBe('billing/refunds');
    expect((await slugs('hotspot'))[0]).toBe('plans/hotspot-and-tethering');
  });

  it('finds words while they are typed', async () => {
    expect((await slugs('autopa'))[0]).toBe('billing/autopay');
    expect((await slugs('how do I set up autop'))[0]).toBe('billing/autopay');
  });

  it('forgives a typo', async () => {
    expect((await slugs('pasword'))[0]).toBe('account/reset-password');
    expect((await slugs('refnud'))[0]).toBe('billing/refunds');
    expect((await slugs('roming charges', 3))).toContain('roaming/roaming-rates');
  });

  it('answers a long question even when some of its words appear nowhere', async () => {
    expect((await slugs('Hi, I want to know how I can get my money back, thanks xyzzy'))[0]).toBe('billing/refunds');
    expect((await slugs('my bill is higher this month than last month, why?'))[0]).toBe('billing/understanding-your-bill');
  });

  it('deep-links to the section whose heading matches', async () => {
    const [top] = (await index.search('replace a lost SIM')).results;
    expect(top.slug).toBe('devices/insert-a-sim');
    expect(top.section?.anchor).toBe('replace-a-lost-or-damaged-sim');
    expect(top.section?.url).toBe('#help/devices/insert-a-sim#replace-a-lost-or-damaged-sim');
  });

  it('marks the matched words in the excerpt', async () => {
    const [top] = (await index.search('GPRR')).results;
    expect(top.excerpt).toContain('<mark>GPRR</mark>');
    expect(top.excerpt).not.toMatch(/<(?!\/?mark>)/);
  });

  it('respects the limit and returns nothing for empty or stop-word-only queries', async () => {
    expect(await slugs('bill', 3)).toHaveLength(3);
    expect(await slugs('')).toEqual([]);
    expect(await slugs('   ')).toEqual([]);
    expect(await slugs('what is the')).toEqual([]);
  });

  it('shows a query that looks like HTML as text', async () => {
    const { results } = await index.search('<img src=x onerror=alert(1)> bill');
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r.excerpt).not.toContain('<img');
  });

  it('loads article content lazily and caches it', async () => {
    const content = await index.article('billing/bill-codes');
    expect(await index.article('billing/bill-codes')).toBe(content);
    expect(content.html).toContain('<h2 id="charge-codes">');
  });
});

describe('queries of every shape', () => {
  it.each([
    ['empty', '', false],
    ['whitespace', ' \t\n ', false],
    ['10,000 characters', 'roaming charges '.repeat(625), true],
    ['10,000 random letters', Array.from({ length: 10_000 }, (_, i) => String.fromCharCode(97 + ((i * 7919) % 26))).join(''), false],
    ['emoji', '📱💸 bill 🤔', true],
    ['right-to-left', 'كيف أدفع فاتورتي bill', true],
    ['regex syntax', '.*+?^${}()|[]\\ /(a+)+$/', false],
    ['query syntax', 'title:"bill" AND NOT -roaming OR tags:[a TO z]', true],
    ['SQL', "'; DROP TABLE articles; -- OR 1=1", true],
    ['HTML', '<script>alert(1)</script><img src=x onerror=alert(1)>', true],
    ['null and control characters', 'bill\u0000\u0007\u001b[31m', true],
    ['lone surrogates', 'bill \ud800 \udfff', true],
  ])('%s: answers without throwing', async (_name, query, finds) => {
    const response = await index.search(query);
    // Queries with a real word find something, so the check below has results to look at.
    expect(response.results.length > 0).toBe(finds);
    for (const result of response.results) expect(result.excerpt).not.toMatch(/<(?!\/?mark>)/);
  });

  it('still finds the article in a long, noisy question', async () => {
    expect((await slugs(`${'please '.repeat(50)} how do I turn off data roaming ${'thanks '.repeat(50)}`))[0]).toBe('roaming/turn-off-data-roaming');
  });
});

describe('search in other languages', () => {
  it('finds the Japanese article by a word from the middle of a sentence', async () => {
    const ja = await openIndex(indexFolder, { locale: 'ja' });
    expect(ja.locale).toBe('ja');
    const { results } = await ja.search('定額');
    expect(results[0].slug).toBe('roaming/travel-pass');
    expect(results[0].excerpt).toContain('<mark>定額</mark>');
  });

  it('searches Spanish with Spanish stemming, and falls back to the default language', async () => {
    const es = await openIndex(indexFolder, { locale: 'es-MX' });
    expect(es.locale).toBe('es');
    expect((await es.search('olvidé mi contraseña')).results[0].slug).toBe('account/reset-password');
    expect((await es.search('facturas')).results.map((r) => r.slug)).toContain('billing/understanding-your-bill');
    const fallback = await openIndex(indexFolder, { locale: 'pt-BR' });
    expect(fallback.locale).toBe('en');
    expect((await index.get('billing/bill-codes'))!.translations).toEqual(['es', 'ja']);
  });
});
