import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { FORMAT_VERSION, type FileRef, type LocaleIndex, type Manifest } from '../../src/format.ts';
import type { IndexParts } from './build-index.ts';

export const hashOf = (data: string | Buffer) => createHash('sha256').update(data).digest('hex').slice(0, 16);

/** The files of an index folder, by relative path, ready to write. */
export interface OutputFiles {
  files: Map<string, string | Buffer>;
  manifest: Manifest;
}

/** Lays out index parts as files with content-hashed names, plus `manifest.json`. */
export function layoutOutput(parts: IndexParts): OutputFiles {
  const files = new Map<string, string | Buffer>();
  const refs: FileRef[] = [];
  for (const [file, bytes] of parts.assets) {
    files.set(file, bytes);
    refs.push({ path: file, hash: hashOf(bytes), bytes: bytes.length });
  }
  const add = (stem: string, data: unknown) => {
    const text = JSON.stringify(data);
    const hash = hashOf(text);
    const file = `${stem}.${hash}.json`;
    files.set(file, text);
    refs.push({ path: file, hash, bytes: Buffer.byteLength(text) });
    return file;
  };
  const indexes: Record<string, LocaleIndex> = {};
  const { defaultLocale } = parts;
  for (const [locale, localeParts] of parts.locales) {
    // The default language keeps short names; others get their own folder and suffix.
    const folder = locale === defaultLocale ? 'articles' : `articles/${locale}`;
    const suffix = locale === defaultLocale ? '' : `.${locale}`;
    // Content files are named before the metadata that points at them.
    const contentFiles = new Map(localeParts.contents.map((content) => [content.slug, add(`${folder}/${content.slug.replace(/\//g, '--')}`, content)]));
    indexes[locale] = {
      meta: add(`meta${suffix}`, { articles: localeParts.meta.map((m) => ({ ...m, content: contentFiles.get(m.slug)! })) }),
      index: add(`index${suffix}`, localeParts.index),
      articleCount: localeParts.meta.length,
      sectionCount: localeParts.sectionCount,
    };
  }
  const all = Object.values(indexes);
  const manifest: Manifest = {
    format: 'selfserve-index',
    version: FORMAT_VERSION,
    buildId: hashOf(refs.map((r) => r.hash).join('')),
    articleCount: all.reduce((n, i) => n + i.articleCount, 0),
    sectionCount: all.reduce((n, i) => n + i.sectionCount, 0),
    locales: Object.keys(indexes),
    defaultLocale,
    indexes,
    files: refs.sort((a, b) => a.path.localeCompare(b.path)),
  };
  files.set('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  return { files, manifest };
}

export function outputSize(files: Map<string, string | Buffer>): { bytes: number; gzip: number } {
  let bytes = 0;
  let gzip = 0;
  for (const text of files.values()) {
    bytes += Buffer.byteLength(text);
    gzip += gzipSync(text).length;
  }
  return { bytes, gzip };
}

/** Why an output folder may not be written. */
export class OutputError extends Error {}

/**
 * Refuses output folders that would lose someone's files: the content folder itself, a folder that
 * holds it, or a non-empty folder that is not an earlier Selfserve build.
 */
export async function checkOutputDir(outDir: string, contentDir: string): Promise<void> {
  const out = path.resolve(outDir);
  const content = path.resolve(contentDir);
  if (out === content || content.startsWith(out + path.sep)) {
    throw new OutputError(`the output folder ${outDir} contains the content folder: choose another --out, like dist/help`);
  }
  const info = await stat(out).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw new OutputError(`${outDir} exists and is not a folder: choose another --out`);
  const entries = await readdir(out);
  if (entries.length && !entries.includes('manifest.json')) {
    throw new OutputError(`${outDir} is not empty and is not a Selfserve index (no manifest.json): it will not be replaced; choose an empty or new folder`);
  }
}

/**
 * Writes the files into a temporary folder beside `outDir`, then swaps it in, so a failed or
 * interrupted build leaves any earlier output as it was.
 */
export async function writeOutput(outDir: string, files: Map<string, string | Buffer>): Promise<void> {
  const out = path.resolve(outDir);
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const temp = `${out}.tmp-${suffix}`;
  const old = `${out}.old-${suffix}`;
  await mkdir(path.dirname(out), { recursive: true });
  try {
    await mkdir(temp);
    for (const [file, text] of files) {
      const target = path.join(temp, file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    const hadOutput = await stat(out).then(() => true, () => false);
    if (hadOutput) await rename(out, old);
    try {
      await rename(temp, out);
    } catch (error) {
      if (hadOutput) await rename(old, out);
      throw error;
    }
    if (hadOutput) await rm(old, { recursive: true, force: true });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
