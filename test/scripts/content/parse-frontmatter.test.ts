import { describe, expect, it } from 'vitest';
import { parseFrontmatter, type ParseOptions } from '../../../scripts/content/parse-frontmatter.ts';
import { Diagnostics } from '../../../scripts/diagnostics.ts';

function parse(source: string, options: ParseOptions = {}) {
  const diagnostics = new Diagnostics();
  const result = parseFrontmatter('/c/a.md', source, diagnostics, options);
  return { ...result, problems: diagnostics.list.map((d) => `${d.line}:${d.col}: ${d.severity}: ${d.message}`) };
}

describe('parseFrontmatter', () => {
  it('parses every known field', () => {
    const { frontmatter, problems, body, bodyLine } = parse(`---
title: Understand your bill
description: What each line means.
tags: [billing]
aliases: [GPRR, 1042]
pages: ["/account/bill/*"]
terms:
  GPRR: Data used on a partner network.
related: [billing/pay]
locale: en-GB
order: 2
updated: 2026-10-14
draft: false
slug: billing/bill
---
Body here.
`);
    expect(problems).toEqual([]);
    expect(frontmatter).toEqual({
      title: 'Understand your bill',
      description: 'What each line means.',
      tags: ['billing'],
      aliases: ['GPRR', '1042'],
      pages: ['/account/bill/*'],
      terms: { GPRR: 'Data used on a partner network.' },
      related: ['billing/pay'],
      locale: 'en-GB',
      order: 2,
      updated: '2026-10-14',
      draft: false,
      slug: 'billing/bill',
    });
    expect(body).toBe('Body here.\n');
    expect(bodyLine).toBe(16);
  });

  it('reports a missing title with --strict (else the title may come from the `# heading`)', () => {
    expect(parse('---\ndescription: x\n---\n').problems).toEqual([]);
    expect(parse('---\ndescription: x\n---\n', { strict: true }).problems).toEqual([
      '1:1: error: missing required field `title`: add `title: …` to the frontmatter',
    ]);
  });

  it('reports an unknown key with its line and the nearest known key', () => {
    expect(parse('---\ntitle: A\ntilte: B\n---\n').problems[0]).toMatch(/^3:1: error: unknown field `tilte` — did you mean `title`\?/);
  });

  it('reports broken YAML with its line', () => {
    const { problems, frontmatter } = parse('---\ntitle: A\ntags: [a, b\n---\n');
    expect(frontmatter).toBeUndefined();
    expect(problems[0]).toMatch(/^\d+:\d+: error: invalid YAML in frontmatter: /);
    expect(Number(problems[0].split(':')[0])).toBeGreaterThanOrEqual(3);
  });

  it('names a key given twice, the field it is in, and the line of the other', () => {
    expect(parse('---\ntitle: A\ndescription: x\ntitle: B\n---\n').problems).toEqual(['4:1: error: `title` is given twice (also on line 2): keep one, or merge them']);
    expect(parse('---\ntitle: A\nterms:\n  GPRR: a\n  GPRR: b\n---\n').problems).toEqual(['5:3: error: `GPRR` is given twice in `terms` (also on line 4): keep one, or merge them']);
  });

  it('says how to quote a value YAML cannot read as it is written, with the line to write', () => {
    expect(parse('---\ntitle: Roaming: how it works\n---\n').problems).toEqual(['2:8: error: the value of `title` holds `: `, which YAML reads as the start of another field: put it in quotes, like `title: "Roaming: how it works"`']);
    // A double quote inside: single quotes, with its apostrophe doubled.
    expect(parse('---\ntitle: A\ndescription: It\'s the "best" plan: really\n---\n').problems).toEqual([
      '3:14: error: the value of `description` holds `: `, which YAML reads as the start of another field: put it in quotes, like `description: \'It\'\'s the "best" plan: really\'`',
    ]);
    expect(parse('---\ntitle: A\nterms:\n  GPRR: Data: roaming\n---\n').problems).toEqual(['4:9: error: the value of `GPRR` holds `: `, which YAML reads as the start of another field: put it in quotes, like `GPRR: "Data: roaming"`']);
    expect(parse('---\ntitle: @home internet\n---\n').problems).toEqual(['2:8: error: the value of `title` starts with "@", which YAML reserves: put it in quotes, like `title: "@home internet"`']);
    // The quoted forms it suggests read as written.
    expect(parse('---\ntitle: "Roaming: how it works"\ndescription: \'It\'\'s the "best" plan: really\'\n---\n')).toMatchObject({ problems: [], frontmatter: { title: 'Roaming: how it works', description: 'It\'s the "best" plan: really' } });
  });

  it('says a tab indents a line, which YAML does not take', () => {
    expect(parse('---\ntitle: A\nterms:\n\tGPRR: x\n---\n').problems).toEqual(['4:1: error: a tab indents this line, and YAML takes only spaces: indent it with two spaces']);
  });

  it('warns of a value a `#` cut short, not of a comment written as one', () => {
    const cut = parse('---\ntitle: Fix error #42\nterms:\n  GPRR: Data on a partner network #roaming\n---\n');
    expect(cut.frontmatter).toMatchObject({ title: 'Fix error', terms: { GPRR: 'Data on a partner network' } });
    expect(cut.problems).toEqual([
      '2:18: warning: `title` ends before `#42`: YAML reads ` #` as the start of a comment and leaves the rest out; if it belongs to the value, put the value in quotes, like `title: "Fix error #42"`',
      '4:35: warning: `GPRR` ends before `#roaming`: YAML reads ` #` as the start of a comment and leaves the rest out; if it belongs to the value, put the value in quotes, like `GPRR: "Data on a partner network #roaming"`',
    ]);
    expect(parse('---\ntitle: Pay your bill # the short form\n---\n')).toMatchObject({ problems: [], frontmatter: { title: 'Pay your bill' } });
    expect(parse('---\ntitle: "Pay your bill" #billing\n---\n')).toMatchObject({ problems: [], frontmatter: { title: 'Pay your bill' } });
  });

  it('reports a missing or unclosed frontmatter', () => {
    expect(parse('# Just markdown\n', { strict: true }).problems[0]).toMatch(/^1:1: error: missing frontmatter/);
    expect(parse('# Just markdown\n')).toMatchObject({ problems: [], frontmatter: {}, foreign: true, body: '# Just markdown\n' });
    expect(parse('---\ntitle: A\n').problems[0]).toMatch(/^1:1: error: frontmatter is not closed/);
  });

  it.each([
    ['title: ""', 2, '`title` must not be empty'],
    ['title: [a]', 2, '`title` must be text'],
    ['description: [a]', 3, '`description` must be text'],
    ['tags: billing', 3, '`tags` must be a list'],
    ['aliases: {a: 1}', 3, '`aliases` must be a list'],
    ['pages: ["account/bill"]', 3, '`pages.0` must be a URL path starting with "/"'],
    ['terms: [GPRR]', 3, '`terms` must be a mapping'],
    ['terms:\n  GPRR: ""', 4, '`terms.GPRR` needs a definition'],
    ['related: ["Bad Slug"]', 3, '`related.0` must be lowercase'],
    ['locale: english!', 3, '`locale` must be a language tag'],
    ['locale: en-1a', 3, '`locale` must be a language tag'],
    ['order: first', 3, '`order` must be a number'],
    ['updated: last week', 3, '`updated` must be a date like 2026-10-14'],
    ['updated: 2026-13-45', 3, '`updated` must be a date like 2026-10-14'],
    ['updated: 2026-02-30', 3, '`updated` must be a date like 2026-10-14'],
    ['draft: maybe', 3, '`draft` must be true or false'],
    ['slug: /Bad', 3, '`slug` must be lowercase'],
  ])('reports a bad field: %s', (line, lineNo, message) => {
    const source = line.startsWith('title') ? `---\n${line}\n---\n` : `---\ntitle: A\n${line}\n---\n`;
    const { problems } = parse(source, { strict: true });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${lineNo}:`);
    expect(problems[0]).toContain(message);
    expect(problems[0].startsWith(`${lineNo}:`)).toBe(true);
  });

  it('ignores the fields of other tools, keeps typos of ours as errors, and sets the rest aside (#11)', () => {
    const source = '---\ntitle: A\nlayout: home\nsidebar_position: 2\ntableOfContents: false\nweight: 10\nhide: [toc]\ntitel: B\nmood: sunny\nslug: /intro\ntags: [{ label: Billing, permalink: /billing }]\n---\n';
    const { problems, frontmatter, foreign, ignoredFields } = parse(source);
    expect(problems).toEqual([expect.stringMatching(/^8:1: error: unknown field `titel` — did you mean `title`\?/)]);
    expect(frontmatter).toBeUndefined();
    const fixed = parse(source.replace('titel: B\n', ''));
    expect(fixed).toMatchObject({ problems: [], foreign: true, ignoredFields: ['mood'], frontmatter: { title: 'A', tags: ['Billing'] } });
    expect(fixed.frontmatter).not.toHaveProperty('slug');
    // --strict: our own format, every unknown field an error as before.
    const strict = parse(source.replace('titel: B\n', ''), { strict: true }).problems;
    expect(strict.filter((p) => p.includes('error: unknown field'))).toHaveLength(6);
  });

  it('takes a home page hero as a title candidate', () => {
    expect(parse('---\nlayout: home\nhero:\n  name: VitePress\n  text: Static sites\n---\n').heroTitle).toBe('VitePress');
  });

  it('refuses `__proto__` by name instead of dropping it (#17)', () => {
    expect(parse('---\ntitle: A\nterms:\n  __proto__: Polluted.\n  GPRR: Data.\n---\n').problems).toEqual([
      '4:3: error: `__proto__` cannot be used as a name here: rename it (it is reserved in JavaScript)',
    ]);
  });

  it('names the file line of a YAML alias bomb instead of crashing (#17)', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');
    const { problems, frontmatter } = parse(`---\ntitle: A\n${bomb}\n---\n`);
    expect(frontmatter).toBeUndefined();
    expect(problems).toEqual(['4:8: error: invalid YAML in frontmatter: its `*aliases` repeat values too many times; write the values out instead']);
  });

  it('says TOML frontmatter is not read, instead of indexing it as text', () => {
    expect(parse('+++\ntitle = "Hugo page"\n+++\nBody.\n').problems).toEqual([
      '1:1: error: TOML frontmatter (between `+++` lines, as Hugo writes it) is not read: write it as YAML between `---` lines (`title = "A"` becomes `title: A`)',
    ]);
  });
});
