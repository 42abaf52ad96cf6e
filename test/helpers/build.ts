import path from 'node:path';
import { build } from '../../scripts/commands/build.ts';
import { tempFolder } from './content.ts';

export const SAMPLE_CONTENT = path.resolve(import.meta.dirname, '../../content');

/** Builds a content folder into `out` (by default a fresh temporary index folder), quietly; returns the folder. */
export async function buildIndexFolder(contentDir: string, out?: string): Promise<string> {
  out ??= path.join(await tempFolder(), 'help');
  const errors: string[] = [];
  const code = await build({ contentDir, out, log: () => {}, error: (line) => errors.push(line) });
  if (code !== 0) throw new Error(`build failed:\n${errors.join('\n')}`);
  return out;
}
