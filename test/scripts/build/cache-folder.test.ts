import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheFolder, previewCacheFolder } from '../../../scripts/build/cache.ts';
import { tempFolder } from '../../helpers/content.ts';

const chosen = process.env.SELFSERVE_CACHE_DIR;
afterEach(() => {
  if (chosen === undefined) delete process.env.SELFSERVE_CACHE_DIR;
  else process.env.SELFSERVE_CACHE_DIR = chosen;
});

describe('where the build cache is kept', () => {
  it('in node_modules/.cache/selfserve of the project, else in the system temporary folder, never in the output', async () => {
    delete process.env.SELFSERVE_CACHE_DIR;
    const project = await tempFolder();
    mkdirSync(path.join(project, 'node_modules'));
    const out = path.join(project, 'public/help');
    const cache = cacheFolder(out, path.join(project, 'public'));
    expect(path.dirname(cache)).toBe(path.join(project, 'node_modules/.cache/selfserve'));
    expect(cacheFolder(path.join(project, 'public/other'), project)).not.toBe(cache);
    const bare = await tempFolder();
    expect(path.dirname(cacheFolder(path.join(bare, 'help'), bare))).toBe(path.join(tmpdir(), 'selfserve-cache'));
  });

  it('in the folder SELFSERVE_CACHE_DIR names, relative to the working folder', async () => {
    const project = await tempFolder();
    process.env.SELFSERVE_CACHE_DIR = 'ci-cache';
    expect(path.dirname(cacheFolder(path.join(project, 'help'), project))).toBe(path.join(project, 'ci-cache'));
  });

  it('for `selfserve dev`, one per content folder, apart from those of its builds', async () => {
    const project = await tempFolder();
    const content = path.join(project, 'content');
    expect(previewCacheFolder(content, project)).toBe(previewCacheFolder(path.join(project, './content/'), project));
    expect(previewCacheFolder(content, project)).not.toBe(cacheFolder(content, project));
    expect(previewCacheFolder(content, project)).not.toBe(previewCacheFolder(path.join(project, 'docs'), project));
  });
});
