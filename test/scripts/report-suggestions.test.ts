import { chmodSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { traffic, type PlantedChain } from '../../scripts/bench/traffic.ts';
import type { Report } from '../../scripts/report/analyze.ts';
import { runCli } from '../helpers/cli.ts';
import { article, tempFolder } from '../helpers/content.ts';

const CHAINS: PlantedChain[] = [
  { failed: { 'weird charge': 7, 'wierd charge': 2 }, failure: 'none', found: 'bill codes', slug: 'billing/bill-codes' },
  { failed: { 'cancel my line': 5 }, failure: 'unopened', found: 'close account', slug: 'account/close-account', feedback: 'helpful' },
  { failed: { tethering: 4 }, failure: 'none', found: 'hotspot', slug: 'plans/hotspot' },
  // Traps: each looks like a reformulation, and none is one.
  { failed: { 'roaming cost': 6 }, failure: 'none', found: 'roaming rates', slug: 'roaming/roaming-rates', feedback: 'unhelpful' },
  { failed: { 'bill too high': 6 }, failure: 'none', found: 'understand bill', slug: 'billing/understanding-your-bill', gap: 600 },
  { failed: { 'port number': 6 }, failure: 'none', found: 'port out', slug: 'account/port-out-your-number', otherTab: true },
];

// A forged visit: hostile text in every field that reaches the report, valid as events.
const HOSTILE = [
  { type: 'search', time: '2026-11-02T10:00:00.000Z', tab: 'evil', query: '<img src=x onerror=alert(6)>' },
  { type: 'no-results', time: '2026-11-02T10:00:01.000Z', tab: 'evil', query: '<img src=x onerror=alert(6)>' },
  { type: 'search', time: '2026-11-02T10:00:20.000Z', tab: 'evil', query: 'bill codes' },
  { type: 'article', time: '2026-11-02T10:00:21.000Z', tab: 'evil', slug: '"><svg onload=alert(7)>', query: 'bill codes' },
  { type: 'feedback', time: '2026-11-02T10:00:22.000Z', tab: 'evil', slug: '<b>x</b>', helpful: false, reason: '<iframe src=javascript:alert(8)>' },
  // Terminal escapes: set the window title, clear the screen.
  { type: 'no-results', time: '2026-11-02T10:00:23.000Z', tab: 'evil', query: '\u001b]0;pwned\u0007\u001b[2Jgone' },
].map((e) => JSON.stringify(e));

let dir: string;
let plain: string;

beforeAll(async () => {
  const lines = [...traffic({ seed: 7, noiseTabs: 400, forgedEvery: 97, chains: CHAINS, codes: { ZZQP: 3, 'E-2210': 2 } }), ...HOSTILE];
  const text = lines.join('\n') + '\n';
  dir = await tempFolder({ 'events.jsonl': text, 'logs/2026-11-01.jsonl': text.slice(0, text.indexOf('\n', text.length / 2) + 1), 'logs/2026-11-02.jsonl.gz': gzipSync(text.slice(text.indexOf('\n', text.length / 2) + 1)) });
  plain = path.join(dir, 'events.jsonl');
});

async function reportJson(args: string[], input?: string): Promise<Report> {
  const { code, stdout, stderr } = await runCli(['report', ...args, '--json'], { input });
  expect(stderr).toContain('lines were not valid events and were skipped');
  expect(code).toBe(0);
  return JSON.parse(stdout) as Report;
}

describe('selfserve report: suggested fixes', () => {
  it('proposes a failed wording as an alias of the article read after rewording, ranked by visitors, spellings merged', async () => {
    const report = await reportJson([plain]);
    const aliases = report.suggestions.aliases.map(({ slug, wording, variants, visitors, helpful, foundWith, line }) => ({ slug, wording, variants, visitors, helpful, foundWith, line }));
    expect(aliases).toEqual([
      { slug: 'billing/bill-codes', wording: 'weird charge', variants: ['wierd charge'], visitors: 9, helpful: 0, foundWith: ['bill codes'], line: 'aliases: [weird charge]' },
      { slug: 'account/close-account', wording: 'cancel my line', variants: [], visitors: 5, helpful: 5, foundWith: ['close account'], line: 'aliases: [cancel my line]' },
      { slug: 'plans/hotspot', wording: 'tethering', variants: [], visitors: 4, helpful: 0, foundWith: ['hotspot'], line: 'aliases: [tethering]' },
      // The forged visit is one visitor, and its hostile wording stays data.
      { slug: '"><svg onload=alert(7)>', wording: '<img src=x onerror=alert(6)>', variants: [], visitors: 1, helpful: 0, foundWith: ['bill codes'], line: 'aliases: [<img src=x onerror=alert(6)>]' },
    ]);
    // Marked unhelpful, too slow to be the same need, in another tab, or still typing ("pas" → "pay my bill"): no alias.
    expect(JSON.stringify(report.suggestions)).not.toMatch(/roaming cost|bill too high|port number|"pa[sy]"/);
  });

  it('proposes codes that found nothing as terms to define', async () => {
    const report = await reportJson([plain]);
    expect(report.suggestions.terms).toEqual([
      { term: 'ZZQP', visitors: 3, line: 'terms:\n  ZZQP: What ZZQP means, in one sentence' },
      { term: 'E-2210', visitors: 2, line: 'terms:\n  E-2210: What E-2210 means, in one sentence' },
    ]);
  });

  it('--min-visitors leaves out suggestions with fewer visitors', async () => {
    const report = await reportJson([plain, '--min-visitors', '5']);
    expect(report.suggestions.aliases.map((a) => a.wording)).toEqual(['weird charge', 'cancel my line']);
    expect(report.suggestions.terms).toEqual([]);
  });

  it('prints the suggestions with the lines to paste', async () => {
    const { stdout } = await runCli(['report', plain, '--min-visitors', '3']);
    expect(stdout.slice(stdout.indexOf('Suggested fixes'))).toBe(`Suggested fixes: paste these lines into the frontmatter
  billing/bill-codes: add the alias “weird charge”
         9 visitors searched “weird charge”, “wierd charge”, did not find what they needed, then read it after searching “bill codes”
         aliases: [weird charge]
  account/close-account: add the alias “cancel my line”
         5 visitors searched “cancel my line”, did not find what they needed, then read it after searching “close account” (5 said it helped)
         aliases: [cancel my line]
  plans/hotspot: add the alias “tethering”
         4 visitors searched “tethering”, did not find what they needed, then read it after searching “hotspot”
         aliases: [tethering]
  Define ZZQP in the article that explains it
         3 visitors searched for it and found nothing
         terms:
           ZZQP: What ZZQP means, in one sentence
`);
  });
});

describe('selfserve report: input', () => {
  it('gives the same report from a glob of plain and gzip files, and from standard input', async () => {
    const expected = await reportJson([plain]);
    expect(await reportJson([path.join(dir, 'logs/*.jsonl*')])).toEqual(expected);
    expect(await reportJson(['-'], readFileSync(plain, 'utf8'))).toEqual(expected);
  });

  it('skips forged lines, names the first few with the field at fault, and counts them all', async () => {
    const { code, stdout, stderr } = await runCli(['report', plain]);
    expect(code).toBe(0);
    expect(stderr.split('\n').slice(0, 3)).toEqual([
      `${plain}:98: warning: "time": expected string, line skipped`,
      `${plain}:196: warning: "slug": expected string, line skipped`,
      `${plain}:294: warning: "time": expected string, line skipped`,
    ]);
    expect(stderr).toContain('selfserve: 13 lines were not valid events and were skipped');
    expect(stdout).toMatch(/^Selfserve report: 1472 events/);
  });

  it('prints no control characters from the events to the terminal', async () => {
    const { stdout } = await runCli(['report', plain, '--limit', '100']);
    expect(stdout).toContain('\ufffd]0;pwned\ufffd\ufffd[2jgone');
    expect(stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  });

  it('escapes everything it writes into the HTML report', async () => {
    const out = path.join(dir, 'report.html');
    const { code } = await runCli(['report', plain, '--html', out, '--limit', '100']);
    expect(code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h2>Suggested fixes</h2>');
    expect(html).toContain('&#60;img src=x onerror=alert(6)&#62;');
    expect(html).toContain('&#60;iframe src=javascript:alert(8)&#62;');
    // No markup but the report's own: every tag in the page is one of these.
    const tags = new Set([...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase()));
    const own = ['!doctype', 'body', 'br', 'div', 'h1', 'h2', 'head', 'html', 'li', 'meta', 'p', 'pre', 'small', 'span', 'strong', 'style', 'table', 'td', 'th', 'title', 'tr', 'ul'];
    expect([...tags].filter((tag) => !own.includes(tag))).toEqual([]);
    expect(html).not.toMatch(/<(script|img|svg|iframe)/i);
  });

  it('says which file or pattern it cannot read, before printing anything', async () => {
    const missing = await runCli(['report', plain, path.join(dir, 'nowhere.jsonl')]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain(`selfserve: cannot read ${path.join(dir, 'nowhere.jsonl')}`);
    const pattern = await runCli(['report', path.join(dir, 'none/*.jsonl')]);
    expect(pattern.code).toBe(1);
    expect(pattern.stderr).toContain('selfserve: no file matches');
  });
});

describe('selfserve report against the help center', () => {
  const content = () =>
    tempFolder({
      'billing/bill-codes.md': article('title: Codes on your bill\ndescription: What the short codes mean.\naliases: [GPRR]', 'Every line item has a short code.\n'),
      // A comment and a key order the writer chose, kept by --apply.
      'account/close-account.md': article('# Reviewed by legal\ntitle: Close your account\naliases:\n  - leave # the common one\ndescription: Before you go.', 'We are sorry to see you go.\n'),
      'plans/hotspot.md': article('title: Hotspot\ndescription: Share your data.\naliases: [tethering]', 'Turn on the personal hotspot.\n'),
    });

  it('--content shows titles and files, and drops wordings an article already matches', async () => {
    const report = await reportJson([plain, '--content', await content(), '--min-visitors', '2']);
    expect(report.suggestions.aliases.map(({ slug, title, file, wording, line }) => ({ slug, title, file, wording, line }))).toEqual([
      { slug: 'billing/bill-codes', title: 'Codes on your bill', file: 'billing/bill-codes.md', wording: 'weird charge', line: 'aliases: [GPRR, weird charge]' },
      { slug: 'account/close-account', title: 'Close your account', file: 'account/close-account.md', wording: 'cancel my line', line: 'aliases: [leave, cancel my line]' },
    ]);
  });

  it('--index does the same with a built index', async () => {
    const dist = path.join(await tempFolder(), 'help');
    expect((await runCli(['build', await content(), '--out', dist])).code).toBe(0);
    const report = await reportJson([plain, '--index', dist, '--min-visitors', '2']);
    expect(report.suggestions.aliases.map(({ title, wording }) => ({ title, wording }))).toEqual([
      { title: 'Codes on your bill', wording: 'weird charge' },
      { title: 'Close your account', wording: 'cancel my line' },
    ]);
  });

  it('--apply writes the aliases into the frontmatter, keeping comments and key order; then nothing is left to suggest', async () => {
    const folder = await content();
    const { code, stdout } = await runCli(['report', plain, '--content', folder, '--min-visitors', '2', '--apply']);
    expect(code).toBe(0);
    expect(stdout).toContain('Added aliases:');
    expect(readFileSync(path.join(folder, 'account/close-account.md'), 'utf8')).toBe(
      '---\n# Reviewed by legal\ntitle: Close your account\naliases:\n  - leave # the common one\n  - cancel my line\ndescription: Before you go.\n---\nWe are sorry to see you go.\n',
    );
    expect(readFileSync(path.join(folder, 'billing/bill-codes.md'), 'utf8')).toContain('aliases: [GPRR, weird charge]\n');
    const again = await reportJson([plain, '--content', folder, '--min-visitors', '2']);
    expect(again.suggestions.aliases).toEqual([]);
  });

  it('--apply keeps the line breaks of a file written with \\r\\n, and its byte order mark', async () => {
    const folder = await tempFolder({ 'billing/bill-codes.md': '\uFEFF---\r\ntitle: Codes on your bill\r\ndescription: What the short codes mean. # shown in results\r\n---\r\n\r\nEvery line item has a short code.\r\n' });
    expect((await runCli(['report', plain, '--content', folder, '--min-visitors', '2', '--apply'])).code).toBe(0);
    expect(readFileSync(path.join(folder, 'billing/bill-codes.md'), 'utf8')).toBe(
      '\uFEFF---\r\ntitle: Codes on your bill\r\ndescription: What the short codes mean. # shown in results\r\naliases: [weird charge]\r\n---\r\n\r\nEvery line item has a short code.\r\n',
    );
  });

  it('--apply writes an article that is a symbolic link where it points, and keeps its permissions', async () => {
    const folder = await tempFolder({ 'shared/bill-codes.md': article('title: Codes on your bill\ndescription: What the short codes mean.', 'Every line item has a short code.\n') });
    mkdirSync(path.join(folder, 'billing'));
    symlinkSync('../shared/bill-codes.md', path.join(folder, 'billing/bill-codes.md'));
    chmodSync(path.join(folder, 'shared/bill-codes.md'), 0o640);
    expect((await runCli(['report', plain, '--content', folder, '--min-visitors', '2', '--apply'])).code).toBe(0);
    expect(lstatSync(path.join(folder, 'billing/bill-codes.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(folder, 'shared/bill-codes.md'), 'utf8')).toContain('aliases: [weird charge]\n');
    expect(statSync(path.join(folder, 'shared/bill-codes.md')).mode & 0o777).toBe(0o640);
  });

  it('refuses --apply without --content', async () => {
    const { code, stderr } = await runCli(['report', plain, '--apply']);
    expect(code).toBe(2);
    expect(stderr).toContain('--apply needs --content');
  });
});
