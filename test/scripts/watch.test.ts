import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWatched } from '../../scripts/content/watch-content.ts';
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

  it('keeps seeing a file after an editor saves it by renaming a new file over it, and new folders', async () => {
    const content = await tempFolder({ 'a.md': article('title: First title\ndescription: a') });
    const out = path.join(await tempFolder(), 'help');
    const { child, waitFor } = watchCli(content, out);
    const meta = () => readdirSync(path.join(out, 'en/meta')).map((file) => readFileSync(path.join(out, 'en/meta', file), 'utf8')).join('\n');
    try {
      let at = await waitFor(/Watching/, 0);
      // The way vim and `sed -i` save: a new file renamed over the old one (a new inode).
      await writeFile(path.join(content, '.a.md.swp'), article('title: Renamed over\ndescription: a'));
      await rename(path.join(content, '.a.md.swp'), path.join(content, 'a.md'));
      at = await waitFor(/Built 1 article /, at);
      expect(meta()).toContain('Renamed over');
      // Node's own recursive watch stops here: the new inode's later writes went unseen.
      await writeFile(path.join(content, 'a.md'), article('title: Written in place\ndescription: a'));
      at = await waitFor(/Built 1 article /, at);
      expect(meta()).toContain('Written in place');
      await mkdir(path.join(content, 'billing'));
      await writeFile(path.join(content, 'billing/b.md'), article('title: In a new folder\ndescription: b'));
      await waitFor(/Built 2 articles /, at);
      expect(meta()).toContain('In a new folder');
    } finally {
      child.kill();
    }
  });
});

describe('isWatched', () => {
  it('follows what the build reads: not hidden folders, node_modules, nor the output inside the content', () => {
    const root = path.resolve('/site/content');
    const at = (rel: string) => path.join(root, rel);
    expect(isWatched(root, root)).toBe(true);
    expect(isWatched(root, at('billing/codes.md'))).toBe(true);
    expect(isWatched(root, at('billing/codes.png'))).toBe(true);
    expect(isWatched(root, at('.git/index'))).toBe(false);
    expect(isWatched(root, at('billing/.codes.md.swp'))).toBe(false);
    expect(isWatched(root, at('node_modules/x/readme.md'))).toBe(false);
    expect(isWatched(root, at('help/en/manifest.json'), [at('help')])).toBe(false);
    expect(isWatched(root, at('helpers/a.md'), [at('help')])).toBe(true);
  });
});
