import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMAT_VERSION } from '../../src/format.ts';
import type { FileEntry } from './read-article.ts';

/**
 * Where the cache of an output folder is kept: in `node_modules/.cache/selfserve/` of the project
 * that runs the build (as Babel, ESLint and Terser keep theirs), else in the system's temporary
 * folder. Not in the output folder: that is deployed, and the cache holds every article's text.
 */
export function cacheFile(outDir: string, cwd = process.cwd()): string {
  const name = `${hash(path.resolve(outDir))}.json`;
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules'))) return path.join(dir, 'node_modules', '.cache', 'selfserve', name);
    if (path.dirname(dir) === dir) return path.join(tmpdir(), 'selfserve-cache', name);
  }
}

/** What makes cached work reusable: the same Selfserve (version and build code) and the same options. */
export interface CacheKey {
  version: string;
  /** Hash of the code that sanitizes and tokenizes (the worker's file). */
  code: string;
  format: number;
  strict: boolean;
  defaultLocale: string;
}

interface CacheFile {
  key: CacheKey;
  /** What each content file gave, by its absolute path. */
  files: [string, FileEntry][];
  /** The files of the output this cache was saved with: content hash → path in the output folder. */
  outputs?: [string, string][];
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/**
 * The work of earlier builds: what each content file gave on its own (its parsed frontmatter,
 * sections, sanitized HTML and index tokens, see `FileEntry`), and the files of the last output.
 * An entry is used only for a file with the same bytes, so a cached build equals a clean one. Kept
 * in memory between the builds of --watch and dev, and saved once the output is swapped in: a build
 * that fails writes neither.
 */
export class BuildCache {
  /** By absolute path of the content file. */
  files = new Map<string, FileEntry>();
  /** The files of the output last written with this cache, by content hash. */
  outputs = new Map<string, string>();

  constructor(readonly key: CacheKey) {}

  /** The cache saved in `file`, or an empty one when there is none or it was made with another key. */
  static async load(file: string, key: CacheKey): Promise<BuildCache> {
    const cache = new BuildCache(key);
    try {
      const saved = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
      if (JSON.stringify(saved.key) !== JSON.stringify(key)) return cache;
      cache.files = new Map(saved.files);
      cache.outputs = new Map(saved.outputs ?? []);
    } catch {
      // No cache, or an unreadable one: the build does all the work.
    }
    return cache;
  }

  /** Starts a build: with another key, nothing of the earlier builds is used. */
  begin(key: CacheKey): void {
    if (JSON.stringify(key) === JSON.stringify(this.key)) return;
    this.files.clear();
    this.outputs.clear();
    (this as { key: CacheKey }).key = key;
  }

  /**
   * Saves the cache, after its output was swapped in. Written whole then renamed, so a killed build
   * leaves the earlier cache; and since an entry is only ever what the work gives for its input,
   * no cache can make an index wrong.
   */
  async save(file: string): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    // Entry by entry: at 50,000 articles the whole cache as one string would take a few hundred MB.
    const handle = await open(temp, 'w');
    try {
      let chunk = '';
      const write = async (text: string) => {
        chunk += text;
        if (chunk.length < 1 << 20) return;
        const full = chunk;
        chunk = '';
        await handle.write(full);
      };
      const list = async (entries: Iterable<unknown>) => {
        let first = true;
        for (const entry of entries) {
          await write(`${first ? '' : ','}${JSON.stringify(entry)}`);
          first = false;
        }
      };
      await write(`{"key":${JSON.stringify(this.key)},"files":[`);
      await list(this.files);
      await write('],"outputs":[');
      await list(this.outputs);
      await handle.write(`${chunk}]}`);
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  }
}

/** The key of a build with these options, by the Selfserve that runs it. */
export function cacheKey(options: { strict?: boolean; defaultLocale?: string }, workerFile: URL): CacheKey {
  return { version: ownVersion(), code: codeHash(fileURLToPath(workerFile)), format: FORMAT_VERSION, strict: Boolean(options.strict), defaultLocale: options.defaultLocale ?? 'en' };
}

/**
 * Hash of the code that reads, renders and tokenizes articles: the worker's file and, in the
 * package, every chunk of `dist/chunks/` (from source: the build's own folders and `src/`). An
 * entry made by other code, even at the same version, is not used.
 */
function codeHash(workerFile: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const folders = import.meta.url.endsWith('.ts')
    ? ['../../scripts/build', '../../scripts/content', '../../src'].map((folder) => path.resolve(here, folder))
    : [path.basename(here) === 'chunks' ? here : path.join(here, 'chunks')];
  const digest = createHash('sha256').update(readFileSync(workerFile));
  for (const folder of folders) {
    const files = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && /\.[jt]sx?$/.test(f.name));
    for (const file of files.map((f) => path.join(f.parentPath, f.name)).sort()) digest.update(path.relative(folder, file)).update(readFileSync(file));
  }
  return digest.digest('base64url').slice(0, 22);
}

/** Selfserve's version, from the package.json above this file (in scripts/build/ or dist/chunks/). */
function ownVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'selfserve') return pkg.version ?? '0';
    }
    const parent = path.dirname(dir);
    if (parent === dir) return '0';
    dir = parent;
  }
}
