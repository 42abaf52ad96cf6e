// An index laid out (layout.ts) straight into an output folder being written (output-folder.ts).
import { gzipSync } from 'node:zlib';
import { paths } from '../../src/format.ts';
import type { IndexParts } from './build-index.ts';
import { byteSize, hashOf, layoutSteps, type MadeFiles, type OutputFiles } from './layout.ts';
import { MANIFEST, type OutputFolder } from './output-folder.ts';
import { timed, timedAsync, type BuildTimings } from './timings.ts';

/** What `writeLayout` made, but the files: they are in the output folder. */
export interface WrittenLayout extends Omit<OutputFiles, 'files'> {
  /**
   * Total size of the files, and what a reader downloads gzipped before the first search (the
   * manifest and the default language's root; shards and buckets follow the query). Gzipping every
   * file for a total cost a tenth of a build and told a writer less.
   */
  size: { bytes: number; firstLoadGzip: number };
}

/**
 * Lays out index parts as `layoutOutput` does, straight into an output folder being written, which
 * writes the files of a few groups (shards, blocks of buckets and cards) at a time and lets their
 * text go unless `keep` (see `layoutSteps`), so a large help center is never in memory as text
 * whole: at 50,000 articles that text is a few hundred MB. Without `keep` the parts are spent:
 * their shards and metadata go once written.
 */
export async function writeLayout(
  parts: IndexParts,
  folder: OutputFolder,
  { known = new Map(), timings, keep = false }: { known?: MadeFiles; timings?: BuildTimings; keep?: boolean } = {},
): Promise<WrittenLayout> {
  let bytes = 0;
  // The manifest and the roots, for the first load's size: small.
  const firstLoad = new Map<string, string>();
  const steps = layoutSteps(parts, known, (file, data, hash) => {
    bytes += byteSize(data);
    // (A root's name is made only for a file that starts as one: a rebuild adds 15,000 files.)
    const slash = file.indexOf('/');
    if (file === 'manifest.json' || (file.startsWith('index.', slash + 1) && file === paths.root(file.slice(0, slash), hash))) firstLoad.set(file, data.toString());
    folder.add(file, data, hash, { named: file !== MANIFEST });
  }, { keep });
  for (;;) {
    const step = timed(timings, 'layout', () => steps.next());
    // Groups are flushed together up to a size: a block of a small help center is a few files.
    if (!step.done && folder.pending < FLUSH_FILES && folder.pendingBytes < FLUSH_BYTES) continue;
    await timedAsync(timings, 'write', () => folder.flush());
    if (!step.done) continue;
    const { manifest } = step.value;
    const firstLoadGzip = timed(timings, 'size', () => ['manifest.json', manifest.indexes[manifest.defaultLocale].root].reduce((sum, file) => sum + gzipSync(firstLoad.get(file)!).length, 0));
    return { ...step.value, size: { bytes, firstLoadGzip } };
  }
}

// Files, and bytes of text, from which the groups laid out so far are written: as many files as
// the writer thread takes (`WRITER_ABOVE`), so a large help center's are written there.
const FLUSH_FILES = 1000;
const FLUSH_BYTES = 16 * 1024 * 1024;


/** Adds the widget's files beside the index (their names do not say their bytes), noting each one's hash in `hashes`. */
export function addWidget(folder: OutputFolder, widget: Map<string, Buffer>, hashes: Map<string, string>): void {
  for (const [file, data] of widget) {
    const hash = hashOf(data);
    hashes.set(file, hash);
    folder.add(file, data, hash);
  }
}
