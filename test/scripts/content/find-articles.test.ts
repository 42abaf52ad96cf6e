import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findArticles } from '../../../scripts/content/find-articles.ts';
import { Diagnostics } from '../../../scripts/diagnostics.ts';
import { tempFolder } from '../../helpers/content.ts';

describe('findArticles', () => {
  it('lists the markdown files in code-unit order, without hidden folders, node_modules or the excluded folder', async () => {
    const dir = await tempFolder({
      'b.md': '# B',
      'a/z.mdx': '# Z',
      'a/Y.md': '# Y',
      'notes.txt': 'not an article',
      '.drafts/x.md': '# X',
      'node_modules/pkg/readme.md': '# Pkg',
      'help/index.md': '# The output folder',
      'help-old/kept.md': '# Kept: only its name starts as the excluded folder',
    });
    const found = findArticles(dir, new Diagnostics(), [path.join(dir, 'help')]);
    expect(found.map((src) => src.relPath)).toEqual(['a/Y.md', 'a/z.mdx', 'b.md', 'help-old/kept.md']);
    expect(found.map((src) => src.file)).toEqual(found.map((src) => path.join(dir, src.relPath)));
  });

  it('gives the same paths for a folder written with a trailing slash or a dot', async () => {
    const dir = await tempFolder({ 'billing/pay.md': '# Pay' });
    const files = (root: string) => findArticles(root, new Diagnostics()).map((src) => src.file);
    expect(files(`${dir}/`)).toEqual([path.join(dir, 'billing/pay.md')]);
    expect(files(`${dir}/./billing/..`)).toEqual([path.join(dir, 'billing/pay.md')]);
  });
});
