import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempFolder } from '../helpers/content.ts';

const event = (type: string, fields: Record<string, unknown>) => JSON.stringify({ type, time: '2026-11-02T09:00:00.000Z', tab: 'a', page: '/account/bill', locale: 'en', ...fields });

describe('selfserve report on terms explained in place (issue #14)', () => {
  it('counts the definitions shown on pages, by term and page, beside searches', async () => {
    const dir = await tempFolder({
      'events.jsonl': [
        event('search', { query: 'GPRR' }),
        event('explain', { term: 'GPRR', slug: 'billing/bill-codes' }),
        event('explain', { term: 'MBRA', slug: 'billing/bill-codes' }),
        event('explain', { term: 'GPRR', slug: 'billing/bill-codes', page: '/account/bill/2026-10' }),
      ].join('\n'),
    });
    const { code, stdout } = await runCli(['report', 'events.jsonl'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain(`
Terms explained in place: 3 definitions shown on pages (beside 1 search)
      2  GPRR
      1  MBRA
  on pages:
      2  /account/bill
      1  /account/bill/2026-10
`);
  });
});
