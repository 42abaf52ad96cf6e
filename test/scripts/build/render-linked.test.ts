import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderLinked, type LinkedArticle } from '../../../scripts/build/render-linked.ts';
import { article, tempFolder } from '../../helpers/content.ts';

const hashOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest('base64url').slice(0, 22);

const roaming = article(
  'title: Roaming\ndescription: Abroad.',
  'See [how to pay](pay.md#by-card), [the map](https://example.com/map) and [our codes](codes.md).\n\n![Zones](zones.png)\n\n## Abroad\n\nData costs more. <img src=x onerror=alert(1)> <img width="300" src="zones.png">\n',
);

async function linkedArticle(): Promise<LinkedArticle> {
  const dir = await tempFolder({ 'roaming.md': roaming });
  const file = path.join(dir, 'roaming.md');
  return {
    file,
    relPath: 'roaming.md',
    title: 'Roaming',
    hash: hashOf(file),
    // The second link is not to an article; the third resolves to one whose slug differs.
    linkTargets: [{ slug: 'billing/pay', anchor: 'by-card' }, undefined, { slug: 'billing/codes' }],
    // Markdown images first, then those of raw HTML (`x`, which is no image, stays as written).
    imageOutputs: ['assets/zones.0123456789abcdef.png', undefined, 'assets/zones.0123456789abcdef.png'],
  };
}

describe('renderLinked', () => {
  it('points each link at the article found for it and each image at its published file, sanitized', async () => {
    const [{ html, changed }] = renderLinked([await linkedArticle()]);
    expect(changed).toBe(false);
    expect(html).toContain('href="#help/billing/pay#by-card"');
    expect(html).toContain('data-selfserve-article="billing/pay"');
    expect(html).toContain('href="#help/billing/codes"');
    expect(html).toContain('href="https://example.com/map"');
    expect(html).toContain('<img src="assets/zones.0123456789abcdef.png" alt="Zones" loading="lazy" />');
    expect(html).toContain('<img width="300" src="assets/zones.0123456789abcdef.png" loading="lazy" />');
    expect(html).toContain('<h2 id="abroad">');
    expect(html).not.toMatch(/onerror|zones\.png"/);
  });

  it('renders a file changed since its entry was made as it is now, and says it changed', async () => {
    const linked = await linkedArticle();
    writeFileSync(linked.file, article('title: Roaming\ndescription: Abroad.', 'See [how to pay](pay.md#by-card), now with more.\n'));
    const [{ html, changed }] = renderLinked([linked]);
    expect(changed).toBe(true);
    expect(html).toContain('now with more');
    expect(html).toContain('href="#help/billing/pay#by-card"');
  });
});
