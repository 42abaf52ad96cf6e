import { describe, expect, it } from 'vitest';
import { parseFrontmatter } from '../../../scripts/content/parse-frontmatter.ts';
import { Diagnostics } from '../../../scripts/diagnostics.ts';

function parse(source: string) {
  const diagnostics = new Diagnostics();
  const result = parseFrontmatter('/c/a.md', source, diagnostics);
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

  it('reports a missing title', () => {
    expect(parse('---\ndescription: x\n---\n').problems).toEqual([
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

  it('reports a missing or unclosed frontmatter', () => {
    expect(parse('# Just markdown\n').problems[0]).toMatch(/^1:1: error: missing frontmatter/);
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
    ['order: first', 3, '`order` must be a number'],
    ['updated: last week', 3, '`updated` must be a date like 2026-10-14'],
    ['draft: maybe', 3, '`draft` must be true or false'],
    ['slug: /Bad', 3, '`slug` must be lowercase'],
  ])('reports a bad field: %s', (line, lineNo, message) => {
    const source = line.startsWith('title') ? `---\n${line}\n---\n` : `---\ntitle: A\n${line}\n---\n`;
    const { problems } = parse(source);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${lineNo}:`);
    expect(problems[0]).toContain(message);
    expect(problems[0].startsWith(`${lineNo}:`)).toBe(true);
  });
});
