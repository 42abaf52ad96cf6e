import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheFolder, codeHash, previewCacheFolder } from '../../../scripts/build/cache.ts';
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

describe("the build code's part of the cache key", () => {
  it('changes when a file of the code is edited (even to the same size) or added, or the worker changes', async () => {
    const code = await tempFolder();
    const worker = path.join(code, 'worker.js');
    const chunk = path.join(code, 'chunks/render-abc.js');
    mkdirSync(path.dirname(chunk));
    writeFileSync(worker, 'import "./chunks/render-abc.js";');
    writeFileSync(chunk, 'export const a = 1;');
    const folders = [path.dirname(chunk)];
    const first = codeHash(worker, folders);
    expect(codeHash(worker, folders)).toBe(first);
    // Patched in place to the same size: only its time tells.
    writeFileSync(chunk, 'export const a = 2;');
    utimesSync(chunk, new Date(2030, 0, 1), new Date(2030, 0, 1));
    const edited = codeHash(worker, folders);
    expect(edited).not.toBe(first);
    writeFileSync(path.join(path.dirname(chunk), 'report-def.js'), 'export {};');
    const added = codeHash(worker, folders);
    expect(added).not.toBe(edited);
    writeFileSync(worker, 'import "./chunks/render-abd.js";');
    expect(codeHash(worker, folders)).not.toBe(added);
  });
});
