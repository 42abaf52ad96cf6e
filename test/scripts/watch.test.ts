import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchCli } from '../helpers/cli.ts';
import { article, tempFolder } from '../helpers/content.ts';


describe('selfserve build --watch', () => {
  it('rebuilds on change and keeps running through errors', async () => {
    const content = await tempFolder({ 'a.md': article('title: First title\ndescription: a') });
    const out = path.join(await tempFolder(), 'help');
    const { child, waitFor, output } = watchCli(content, out);
    // The articles' metadata, wherever the build put it.
    const meta = () => readdirSync(path.join(out, 'en/meta')).map((file) => readFileSync(path.join(out, 'en/meta', file), 'utf8')).join('\n');
    try {
      let at = await waitFor(/Watching/, 0);
      expect(meta()).toContain('First title');

      await writeFile(path.join(content, 'a.md'), article('title: Second title\ndescription: a'));
      at = await waitFor(/Built 1 article /, at);
      expect(meta()).toContain('Second title');

      await writeFile(path.join(content, 'a.md'), '---\ntitle: [broken\n---\n');
      at = await waitFor(/build failed/, at);
      expect(output()).toMatch(/a\.md:2:\d+: error: invalid YAML/);
      expect(meta()).toContain('Second title');

      await writeFile(path.join(content, 'a.md'), article('title: Third title\ndescription: a'));
      await waitFor(/Built 1 article /, at);
      expect(meta()).toContain('Third title');
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
    }
  });
});
