// Node entry: like the universal entry, but `openIndex` also takes a folder path.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SelfserveIndexError } from '../errors.ts';
import { openIndex as openUniversal, type IndexLoader, type IndexSource, type OpenIndexOptions } from '../open-index.ts';

export * from '../index.ts';
// The frontmatter schema uses the full zod, which the universal (browser) entry leaves out.
export { frontmatterSchema, FRONTMATTER_KEYS } from '../schema.ts';

/** A loader that reads files from an index folder on disk. */
export function folderLoader(folder: string): IndexLoader {
  const locate = (file: string) => path.join(folder, file);
  return {
    locate,
    async load(file, { maxBytes } = {}) {
      let text: string;
      try {
        text = await readFile(locate(file), 'utf8');
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          throw new SelfserveIndexError('missing', locate(file), `${locate(file)} does not exist: is ${folder} the output of \`selfserve build\`?`, { cause });
        }
        throw new SelfserveIndexError('network', locate(file), `could not read ${locate(file)}: ${(cause as Error).message}`, { cause });
      }
      if (maxBytes !== undefined && Buffer.byteLength(text) > maxBytes) {
        throw new SelfserveIndexError('corrupt', locate(file), `${locate(file)} is larger than the ${maxBytes} bytes the index expects: rebuild the index`);
      }
      return text;
    },
  };
}

/** Opens an index from a folder path, a URL (`http:`, `https:`) or a loader. */
export function openIndex(source: IndexSource, options?: OpenIndexOptions) {
  const isUrl = source instanceof URL || (typeof source === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(source));
  return openUniversal(typeof source === 'string' && !isUrl ? folderLoader(source) : source, options);
}
