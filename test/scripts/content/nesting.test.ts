import { describe, expect, it } from 'vitest';
import { MAX_NESTING, tooDeeplyNested } from '../../../scripts/content/nesting.ts';

describe('tooDeeplyNested', () => {
  it('lets real articles through: nested lists, quotes, bold, tables of snake_case names, code', () => {
    const list = Array.from({ length: 8 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    const table = ['| name | meaning |', '| --- | --- |', ...Array.from({ length: 1500 }, (_, i) => `| max_retry_count_${i} | **bold** and _em_ |`)].join('\n');
    const code = '```\n' + '>'.repeat(500) + '\n' + '*'.repeat(1000) + '\n```';
    expect(tooDeeplyNested(`${list}\n\n> > > quoted\n\n${table}\n\n${code}\n\n${'*'.repeat(80)}\n`)).toBeUndefined();
  });

  it('names the line of quotes, lists and emphasis nested past the limit', () => {
    expect(tooDeeplyNested(`Intro.\n\n${'>'.repeat(MAX_NESTING + 1)} deep\n`)).toMatchObject({ line: 2, message: expect.stringContaining(`nested ${MAX_NESTING + 1} deep`) });
    expect(tooDeeplyNested(Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n'))?.line).toBe(MAX_NESTING);
    expect(tooDeeplyNested(`${'*'.repeat(300)}a${'*'.repeat(300)}`)?.message).toMatch(/a run of 300/);
    expect(tooDeeplyNested(`${'*a _'.repeat(3000)}x`)?.message).toMatch(/in one paragraph/);
  });
});
