import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Rewrites the English root of the index in `dir` under a new name, as a tampered host would (a
 * file under its old, content-hashed name may be cached), and points the manifest at it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function tamperRoot(dir: string, change: (root: any) => void): void {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const root = JSON.parse(readFileSync(path.join(dir, manifest.indexes.en.root), 'utf8'));
  change(root);
  const text = JSON.stringify(root);
  manifest.indexes.en.root = 'en/index.0123456789abcdef.json';
  writeFileSync(path.join(dir, manifest.indexes.en.root), text);
  manifest.indexes.en.bytes = Buffer.byteLength(text);
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}

/**
 * Changes a letter of the first term of a shard file, as a tool that rewrote it would: still JSON,
 * of the same size, so only its bytes tell.
 */
export function alterKeepingSize(file: string): void {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf('"') + 1;
  writeFileSync(file, text.slice(0, at) + (text[at] === 'q' ? 'z' : 'q') + text.slice(at + 1));
}
