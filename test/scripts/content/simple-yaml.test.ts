import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { simpleYaml } from '../../../scripts/content/simple-yaml.ts';

describe('simpleYaml', () => {
  it('reads `key: text` lines, plain or quoted', () => {
    expect(simpleYaml('title: Pay your bill\ndescription: "How to \\"pay\\" it"\nslug: \'it\'\'s\'\n')).toEqual({
      title: 'Pay your bill',
      description: 'How to "pay" it',
      slug: "it's",
    });
  });

  it('reads lines ending in \\r\\n and skips empty lines', () => {
    expect(simpleYaml('title: A\r\n\r\ndescription: B  \r\n')).toEqual({ title: 'A', description: 'B' });
  });

  it.each([
    ['a list', 'tags: [billing, payments]'],
    ['a number', 'order: 2'],
    ['a date', 'updated: 2026-10-14'],
    ['a boolean', 'draft: true'],
    ['null', 'description: null'],
    ['a key YAML reads as null', 'null: x'],
    ['a comment', 'title: A # note'],
    ['a colon', 'title: Note: this'],
    ['an escape other than \\" and \\\\', 'title: "A\\tB"'],
    ['a nested mapping', 'terms:\n  GPRR: roaming'],
    ['a value on the next line', 'title:\n  A'],
    ['a repeated key', 'title: A\ntitle: B'],
    ['an alias', 'title: *a'],
    ['a tab', 'title: A\tB'],
    ['a key starting with _', '__proto__: x'],
    ['nothing', ''],
  ])('leaves %s to the YAML library', (_, yaml) => {
    expect(simpleYaml(yaml)).toBeUndefined();
  });

  it('reads what it reads as the YAML library does (random frontmatter)', () => {
    // A fixed seed: the same lines on every run.
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pieces = ['title', 'a', 'x-y', ':', ': ', ' ', '"', "'", "''", '\\"', '\\\\', '\\n', '#', ' #', 'é', 'Éxito', '東京', 'null', 'True', 'yes', '~', '- ', '[a]', '{b}', ',', '&x', '*x', '!t', '|', '>', '%', '@', '`', '1', '0x1', '.inf', '\t', '\u2028', '\u0085', '\ufeff', 'bar baz', '.', '? ', '<<'];
    const pick = () => pieces[Math.floor(random() * pieces.length)];
    let read = 0;
    for (let i = 0; i < 20_000; i++) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const key = random() < 0.9 ? ['title', 'description', 'x-y', 'Slug'][Math.floor(random() * 4)] : pick();
        let value = Array.from({ length: Math.floor(random() * 5) }, pick).join('');
        const quote = random();
        if (quote < 0.3) value = `"${value}"`;
        else if (quote < 0.5) value = `'${value}'`;
        return `${key}: ${value}`;
      });
      const yaml = `${lines.join('\n')}\n`;
      const mine = simpleYaml(yaml);
      if (mine === undefined) continue;
      read++;
      expect(mine, yaml).toEqual(parse(yaml, { uniqueKeys: true }));
    }
    // Enough of them were read here, not left to the library, for the comparison to mean something.
    expect(read).toBeGreaterThan(2000);
  });
});
