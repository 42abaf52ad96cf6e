import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMAT_VERSION } from '../../src/format.ts';
import type { RecordText } from '../../src/engine.ts';
import type { RecordFields } from './render-pool.ts';

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
  /** Token strings of an article's records, by hash of its locale and record texts. */
  tokens: [string, RecordFields[]][];
  /** Sanitized HTML, by hash of the rendered HTML before sanitizing. */
  html: [string, string][];
  /** The files of the output this cache was saved with: content hash → path in the output folder. */
  outputs?: [string, string][];
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/**
 * The work of earlier builds that depends on nothing but its input: the tokens of an article's
 * records and its sanitized HTML, found by a hash of that input. Taking them from here gives the
 * same bytes as doing the work again, so a cached build equals a clean one. Kept in memory between
 * the builds of --watch and dev, and saved in the output folder with the output it made: a build
 * that fails writes neither.
 */
export class BuildCache {
  private tokens = new Map<string, RecordFields[]>();
  private html = new Map<string, string>();
  private usedTokens = new Set<string>();
  private usedHtml = new Set<string>();
  /** The files of the output last written with this cache, by content hash. */
  outputs = new Map<string, string>();

  constructor(readonly key: CacheKey) {}

  /** The cache saved in `file`, or an empty one when there is none or it was made with another key. */
  static async load(file: string, key: CacheKey): Promise<BuildCache> {
    const cache = new BuildCache(key);
    try {
      const saved = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
      if (JSON.stringify(saved.key) !== JSON.stringify(key)) return cache;
      cache.tokens = new Map(saved.tokens);
      cache.html = new Map(saved.html);
      cache.outputs = new Map(saved.outputs ?? []);
    } catch {
      // No cache, or an unreadable one: the build does all the work.
    }
    return cache;
  }

  /** Starts a build: what it does not use is left out of the saved cache. */
  begin(key: CacheKey): void {
    if (JSON.stringify(key) !== JSON.stringify(this.key)) {
      this.tokens.clear();
      this.html.clear();
      this.outputs.clear();
      (this as { key: CacheKey }).key = key;
    }
    this.usedTokens.clear();
    this.usedHtml.clear();
  }

  tokensKey = (locale: string, records: RecordText[]) => hash(`${locale}\n${JSON.stringify(records)}`);
  htmlKey = (unsanitized: string) => hash(unsanitized);

  getTokens(key: string): RecordFields[] | undefined {
    const found = this.tokens.get(key);
    if (found) this.usedTokens.add(key);
    return found;
  }

  setTokens(key: string, fields: RecordFields[]): void {
    this.tokens.set(key, fields);
    this.usedTokens.add(key);
  }

  getHtml(key: string): string | undefined {
    const found = this.html.get(key);
    if (found !== undefined) this.usedHtml.add(key);
    return found;
  }

  setHtml(key: string, html: string): void {
    this.html.set(key, html);
    this.usedHtml.add(key);
  }

  /** Forgets what this build did not use (deleted articles, earlier versions of changed ones). */
  prune(): void {
    for (const key of [...this.tokens.keys()]) if (!this.usedTokens.has(key)) this.tokens.delete(key);
    for (const key of [...this.html.keys()]) if (!this.usedHtml.has(key)) this.html.delete(key);
  }

  /**
   * Saves what this build used, after its output was swapped in. Written whole then renamed, so a
   * killed build leaves the earlier cache; and since an entry is only ever what the work gives for
   * its input, no cache can make an index wrong.
   */
  async save(file: string): Promise<void> {
    this.prune();
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
      await write(`{"key":${JSON.stringify(this.key)},"tokens":[`);
      await list(this.tokens);
      await write('],"html":[');
      await list(this.html);
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
  return { version: ownVersion(), code: hash(readFileSync(workerFile, 'utf8')), format: FORMAT_VERSION, strict: Boolean(options.strict), defaultLocale: options.defaultLocale ?? 'en' };
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
