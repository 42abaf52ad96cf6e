import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempFolder } from '../helpers/content.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/events.jsonl');

describe('selfserve report', () => {
  it('prints searches, content gaps, unhelpful articles, searches before contact and articles read from the contact form', async () => {
    const { code, stdout, stderr } = await runCli(['report', FIXTURE]);
    expect(code).toBe(0);
    expect(stderr).toBe(`${FIXTURE}:21: warning: not JSON, line skipped\n`);
    expect(stdout).toBe(`Selfserve report: 20 events, 6 searches, 2 messages to support (2026-11-02 to 2026-11-06)

Top searches
      2  gprr
      1  call me at [phone]
      1  esim on ipad
      1  refund
      1  refund dropped call

Searches with no results: content gaps to fill
      1  call me at [phone]
      1  esim on ipad

Articles marked "not helpful"
      2  billing/refunds
         why: It didn’t answer my question (1), It was hard to understand (1)
         after searching: refund (1), refund dropped call (1)

Searches before people contacted support
      1  esim on ipad
      1  refund dropped call

Articles read from the contact form, while writing to support
      2  billing/refunds
         1 of 2 sent their message all the same
      1  billing/autopay
         no message followed

Articles read in another language after nothing matched: translations to write
  none

Suggested fixes: paste these lines into the frontmatter
  none
`);
  });

  it('writes the same as a self-contained HTML page with --html', async () => {
    const out = path.join(await tempFolder(), 'report.html');
    const { code } = await runCli(['report', FIXTURE, '--html', out]);
    expect(code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h2>Searches with no results: content gaps to fill</h2>');
    expect(html).toContain('<th scope="row">esim on ipad</th>');
    expect(html).toContain('<p>20 events, 6 searches, 2 messages to support, 2026-11-02 to 2026-11-06. 1 line was not a valid event and was skipped.</p>');
    expect(html).toContain('<span class="bar" style="width:100%"></span>');
    expect(html).toContain('<tr><th scope="row">billing/refunds</th><td class="n">2</td><td>1 of 2 sent their message all the same</td></tr>');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('counts one of each in the singular', async () => {
    const lines = [
      '{"type":"search","time":"2026-11-02T09:00:00.000Z","tab":"a","query":"GPRR"}',
      '{"type":"contact","time":"2026-11-02T09:01:00.000Z","tab":"a","stage":"sent","query":"GPRR"}',
    ];
    const { stdout } = await runCli(['report', '-'], { input: lines.join('\n') + '\n' });
    expect(stdout.split('\n')[0]).toBe('Selfserve report: 2 events, 1 search, 1 message to support (2026-11-02 to 2026-11-02)');
  });

  it('lists the articles read in another language after nothing matched, in HTML too', async () => {
    const lines = [
      '{"type":"no-results","time":"2026-11-02T09:00:00.000Z","tab":"a","locale":"en","query":"factura"}',
      '{"type":"article","time":"2026-11-02T09:00:09.000Z","tab":"a","locale":"es","query":"factura","slug":"billing/pay"}',
    ];
    const out = path.join(await tempFolder(), 'report.html');
    const { code } = await runCli(['report', '-', '--html', out], { input: lines.join('\n') + '\n' });
    expect(code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(
      '<h2>Articles read in another language after nothing matched: translations to write</h2><table><tr><th scope="row">billing/pay</th><td class="n">1</td><td>searched in en, found nothing, read it in es; they searched factura (1)</td></tr></table>',
    );
  });

  it('says where it cannot write the --html page, before reading the events', async () => {
    const dir = await tempFolder({ 'a-file.txt': 'not a folder' });
    for (const [target, why] of [[path.join(dir, 'missing', 'report.html'), 'ENOENT'], [path.join(dir, 'a-file.txt', 'report.html'), 'is not a folder']]) {
      const { code, stdout, stderr } = await runCli(['report', FIXTURE, '--html', target]);
      expect(code).toBe(1);
      expect(stderr).toContain(`selfserve: cannot write ${target}: `);
      expect(stderr).toContain(why);
      expect(stdout).toBe('');
    }
  });

  it('says which file it cannot read', async () => {
    const { code, stderr } = await runCli(['report', 'nowhere.jsonl']);
    expect(code).toBe(1);
    expect(stderr).toContain('selfserve: cannot read nowhere.jsonl');
  });

  it('survives events with a number where text belongs, naming the field (#17)', async () => {
    const dir = await tempFolder({
      'events.jsonl': [
        '{"type":"search","time":"2026-11-02T09:00:00.000Z","tab":"a","query":123}',
        '{"type":"search","time":5,"tab":"a","query":"x"}',
        '{"type":"feedback","time":"2026-11-02T09:00:00.000Z","tab":"a","slug":42,"helpful":false}',
        '{"type":"search","time":"2026-11-02T09:00:00.000Z","tab":"a","query":"refund"}',
      ].join('\n'),
    });
    const { code, stdout, stderr } = await runCli(['report', path.join(dir, 'events.jsonl')]);
    expect(code).toBe(0);
    expect(stderr).toBe(
      [':1: warning: "query": expected string', ':2: warning: "time": expected string', ':3: warning: "slug": expected string'].map((s) => `${path.join(dir, 'events.jsonl')}${s}, line skipped\n`).join(''),
    );
    expect(stdout).toMatch(/^Selfserve report: 1 event, 1 search,/);
  });
});
