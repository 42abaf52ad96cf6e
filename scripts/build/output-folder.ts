// The output folder a build writes in place, beside the last build's files, and swaps in whole
// (see `OutputFolder`); and the checks that keep a build from writing over someone's files.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { byteSize, hashOf, LaterText, type OutputData } from './layout.ts';
import { OutputWriter } from './output-writer.ts';
import { writeFiles, type FileToWrite, type WriteResult } from './write-files.ts';

/** Why an output folder may not be written. */
export class OutputError extends Error {}

/**
 * Refuses output folders that would lose someone's files: the content folder itself, a folder that
 * holds it, or a non-empty folder that is not an earlier Selfserve build. An earlier build is known
 * by its own marker: a `manifest.json` whose `format` is `selfserve-index` (a web app's
 * `manifest.json` is not one), or for a first build that did not finish, its `UNFINISHED` mark.
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
  if (entries.length && !entries.includes(UNFINISHED) && !(await isOurBuild(out))) {
    throw new OutputError(`${outDir} is not empty and is not a Selfserve index (no manifest.json with "format": "selfserve-index"): it will not be replaced; choose an empty or new folder`);
  }
}

async function isOurBuild(dir: string): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { format?: unknown };
    return manifest?.format === 'selfserve-index';
  } catch {
    return false;
  }
}

/**
 * The temporary folders that builds before index format 7 made beside their output
 * (`help.selfserve-tmp-<pid>-<stamp>`), named so that nothing else is: a user's
 * `help.old-2024-12-01` backup never matches.
 */
const TEMP = /^selfserve-(?:tmp|old)-(\d+)-[0-9a-z]+$/;

/** Temporary folders left by such builds that were killed: removed once their process is gone. */
export async function removeStaleTemps(out: string): Promise<void> {
  const dir = path.dirname(out);
  const prefix = `${path.basename(out)}.`;
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const name of entries) {
    const match = name.startsWith(prefix) ? TEMP.exec(name.slice(prefix.length)) : null;
    if (match && !isRunning(Number(match[1]))) await rm(path.join(dir, name), { recursive: true, force: true });
  }
}

/**
 * An output folder being written in place. Every file but `manifest.json` is named by its content,
 * so a build adds its new files beside the last build's, which stay as they were. A build writes
 * under a file's own name only where the folder has none; the build cache's record of the last
 * output (`last`) lists none there, as its caller makes it forget those `gone` first; and the
 * record is saved before the files it no longer lists are removed: so a file the record lists
 * with the same hash is whole, and kept without a look (a rebuild of 10,000 articles spent a
 * tenth of its time on their sizes). Other files there under their name are kept if they have
 * the size of their bytes (a killed build may have cut one short), or for a name that does not
 * say them (the widget's, the manifest), if they hash the same; files with those bytes under
 * another name are hard-linked. Those that replace one of the same name are written under
 * temporary names. `swap` renames
 * those into place, `manifest.json` last: a reader finds the whole earlier output until then, and
 * the whole new one after. Then the last build's other files are removed. `discard` removes what a
 * failed build wrote. Files are added (`add`), then written a batch at a time (`flush`); from
 * `writerAbove` files in one flush, on a thread of their own (`OutputWriter`) while the next are
 * laid out, unless the heap is large (`AHEAD_HEAP_BYTES`).
 */
export class OutputFolder {
  written = 0;
  /** Files of the last output this one keeps: left in place, or linked under a new name. */
  kept = 0;
  private queue: [file: string, data: OutputData, source?: string][] = [];
  private queuedBytes = 0;
  /** Every file of this output, relative to the folder. */
  private readonly files = new Set<string>();
  /** Written under temporary names, renamed into place by `swap`. */
  private readonly staged: [temp: string, file: string][] = [];
  /** Written under their own names: files no output had. */
  private readonly created: string[] = [];
  /** A file of the last output with these bytes, by their hash. */
  private readonly byHash = new Map<string, string>();
  private swapped = false;
  private swapping?: Promise<void>;
  private finished?: Promise<void>;
  private abandoned = false;
  private settling?: Promise<void>;
  private writer?: OutputWriter;
  /** The batches sent to the writer and not yet written, oldest first, with the text they hold. */
  private readonly writing: { done: Promise<void>; bytes: number }[] = [];
  private writingBytes = 0;
  /** The folders made so far, for `writeFiles` on this thread. */
  private readonly dirs: Set<string>;

  private constructor(
    readonly out: string,
    /** The files in the folder when the build began (relative). */
    private readonly present: Set<string>,
    /** Its folders then (relative; `''` is the folder itself). */
    private readonly presentDirs: Set<string>,
    private readonly existed: boolean,
    /** Each file of the last output, by path: its hash. */
    private readonly last: Map<string, string>,
    private readonly threads: { writerAbove: number; aheadHeapBytes: number },
    private readonly lock: string,
  ) {
    for (const [file, hash] of last) if (present.has(file)) this.byHash.set(hash, file);
    this.dirs = new Set(presentDirs);
  }

  /**
   * @param last The files of the last output, path to content hash (the build cache's record): a
   * file whose name does not say its bytes (the manifest, the widget's) is kept only if listed here
   * with the same hash. Either way a kept file must have the size of its bytes: one that a killed
   * build left cut short is written again.
   * @param writerAbove Files to write or link in one flush (not those that may be kept) from which a
   *   thread of their own writes them. Default: 1,000.
   * @param aheadHeapBytes Heap past which files are written on the main thread all the same
   *   (see `AHEAD_HEAP_BYTES`, the default).
   */
  static async open(
    outDir: string,
    { last = new Map<string, string>(), writerAbove = WRITER_ABOVE, aheadHeapBytes = AHEAD_HEAP_BYTES }: { last?: Map<string, string>; writerAbove?: number; aheadHeapBytes?: number } = {},
  ): Promise<OutputFolder> {
    const out = path.resolve(outDir);
    // The last build of this process (--watch) may still be removing its replaced files, holding the lock.
    await removals.get(out);
    const lock = await takeLock(out);
    try {
      const present = new Set<string>();
      const dirs = new Set<string>(['']);
      let existed = true;
      try {
        // Synchronous, and names joined as strings: through promises and path.relative, listing
        // 15,000 files took four times as long. A folder's entries come together: its relative
        // name is made once for them.
        let parent: string | undefined;
        let dir = '';
        for (const entry of readdirSync(out, { recursive: true, withFileTypes: true })) {
          if (entry.parentPath !== parent) {
            parent = entry.parentPath;
            dir = parent === out ? '' : `${parent.slice(out.length + 1).split(path.sep).join('/')}/`;
          }
          (entry.isDirectory() ? dirs : present).add(dir + entry.name);
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        existed = false;
        await mkdir(out, { recursive: true });
      }
      // No earlier build here: a first build killed on its way leaves files and no manifest, which
      // the next build must still know for ours (see `checkOutputDir`).
      if (!present.has(MANIFEST)) await writeFile(`${out}/${UNFINISHED}`, '');
      const folder = new OutputFolder(out, present, dirs, existed, last, { writerAbove, aheadHeapBytes }, lock);
      openFolders.add(folder);
      return folder;
    } catch (error) {
      await rm(lock, { force: true });
      throw error;
    }
  }

  /** Whether files are being written on a thread of their own (until the swap). */
  get threaded(): boolean {
    return this.writer !== undefined;
  }

  /**
   * Files of the last output (`last`) that are gone from the folder: the record must forget them
   * before a build writes any under its own name (see the class).
   */
  gone(): string[] {
    return [...this.last.keys()].filter((file) => !this.present.has(file));
  }

  /** Files added and not yet flushed. */
  get pending(): number {
    return this.queue.length;
  }

  /** Bytes of text (about) added and not yet flushed. */
  get pendingBytes(): number {
    return this.queuedBytes;
  }

  /**
   * Adds a file of the output, to write at the next `flush` unless the folder holds it already: as
   * the last output had it, or, if its name says its bytes (`named`: the index's files but the
   * manifest), under that name.
   */
  add(file: string, data: OutputData, hash: string, { named = false } = {}): void {
    this.files.add(file);
    const here = this.present.has(file);
    // Kept without a look: a file named by its bytes that the last build recorded is whole, as
    // builds write under a file's own name only where no output had one (see the class).
    if (here && named && this.last.get(file) === hash) {
      this.kept++;
      return;
    }
    // Kept if it still has its size, which the writer checks (see `writeFiles`): one that a killed
    // build cut short is written again, staged, as a reader may ask for it.
    if (here && named) {
      this.queue.push([file, data, file]);
      return;
    }
    // A file whose name does not say its bytes is read: a build killed between its swap and its
    // record of it leaves its own manifest in place, which may have the size of the recorded one.
    if (here && holds(`${this.out}/${file}`, hash)) {
      this.kept++;
      return;
    }
    // Staged where a reader may ask for the file.
    const target = here || file === MANIFEST ? this.stage(file) : file;
    if (target === file) this.created.push(file);
    // Not linked from itself: it does not hold these bytes (above).
    const source = this.byHash.get(hash);
    this.queue.push([target, data, source === file ? undefined : source]);
    this.queuedBytes += data instanceof LaterText ? 0 : data.length;
  }

  /** The temporary name to write `file` under, renamed into place by `swap`. */
  private stage(file: string): string {
    const temp = `${file}.selfserve-${process.pid}.tmp`;
    this.staged.push([temp, file]);
    return temp;
  }

  /**
   * Writes the queued files: here, or for a large batch on the writer thread, which resolves as
   * soon as they are sent (`swap` waits until they are written). A file known by its size alone
   * (`LaterText`) is made only if its link fails.
   */
  async flush(): Promise<void> {
    const entries = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    // Small batches, and a large heap (see `AHEAD_HEAP_BYTES`), are written here. Files the last
    // output may hold as they are do not count: keeping one costs a stat, and a rebuild keeps
    // nearly all (without the thread, a rebuild of 1,000 articles took 0.27 s instead of 0.38).
    const toWrite = entries.reduce((count, [file, , source]) => (source === file ? count : count + 1), 0);
    const here = (!this.writer && toWrite < this.threads.writerAbove) || getHeapStatistics().used_heap_size > this.threads.aheadHeapBytes;
    if (!here) this.writer ??= new OutputWriter();
    // A few MB at a time, the text of each file made only then: at 50,000 articles the cards
    // alone are a few hundred MB of text.
    let batch: [string, OutputData, string?][] = [];
    let files: FileToWrite[] = [];
    let bytes = 0;
    const write = async () => {
      if (here) {
        // Stopped (see `abandon`): what is written now would stay beside the folder put back.
        if (this.abandoned) throw new OutputError('the build was stopped');
        const retry = this.note(batch, writeFiles(this.out, files, this.dirs));
        if (retry.length) this.note([], writeFiles(this.out, retry, this.dirs));
      } else await this.send(batch, files, bytes);
      batch = [];
      files = [];
      bytes = 0;
    };
    for (const entry of entries) {
      const [file, data, source] = entry;
      // A file that may be linked or kept goes by its size: its text is sent only if it must be written.
      const text = source === file ? byteSize(data) : data instanceof LaterText ? (source ? data.bytes : data.content()) : data;
      batch.push(entry);
      files.push([file, text, source]);
      bytes += typeof text === 'number' ? 0 : text.length;
      if (bytes >= BATCH_BYTES) await write();
    }
    if (files.length) await write();
  }

  /** Waits for the writer to write the oldest batch it was sent. */
  private async oldestWritten(): Promise<void> {
    const oldest = this.writing.shift()!;
    this.writingBytes -= oldest.bytes;
    await oldest.done;
  }

  /** Sends a batch to the writer, once what it holds of earlier batches leaves room for its text. */
  private async send(entries: [string, OutputData, string?][], files: FileToWrite[], bytes: number): Promise<void> {
    const writer = this.writer!;
    while (this.writing.length && this.writingBytes + bytes > WRITING_BYTES) await this.oldestWritten();
    // Stopped, maybe while waiting for room (see `abandon`): nothing more is sent.
    if (this.abandoned) throw new OutputError('the build was stopped');
    const done = (async () => {
      const retry = this.note(entries, await writer.write(this.out, files));
      if (retry.length) this.note([], await writer.write(this.out, retry));
    })();
    // Awaited by a later send or the swap: a failure meanwhile must not count as unhandled.
    done.catch(() => {});
    this.writing.push({ done, bytes });
    this.writingBytes += bytes;
  }

  /**
   * Counts what a batch wrote; returns the files to write that were not kept nor linked, their text
   * made: a file of the last output that is no longer whole is staged, as a reader may ask for it.
   */
  private note(entries: [string, OutputData, string?][], { written, kept, unlinked }: WriteResult): FileToWrite[] {
    this.written += written;
    this.kept += kept;
    return unlinked.map((i) => {
      const [file, data, source] = entries[i];
      return [source === file ? this.stage(file) : file, data instanceof LaterText ? data.content() : data];
    });
  }

  /**
   * Waits for the writer to write all it was sent, and stops it. Shared by whoever asks meanwhile:
   * the swap or discard of the build and the abandon of Ctrl+C may wait at once, and the writer
   * stopped by one would leave another waiting for a batch forever.
   */
  private settle(): Promise<void> {
    return (this.settling ??= this.drain().finally(() => (this.settling = undefined)));
  }

  private async drain(): Promise<void> {
    try {
      while (this.writing.length) await this.oldestWritten();
    } finally {
      this.writing.length = this.writingBytes = 0;
      await this.writer?.close();
      this.writer = undefined;
    }
  }

  /**
   * Puts the new output in place: once all is written, renames the staged files into place,
   * `manifest.json` last. The last output's files this one does not have stay until `finish`,
   * called once the build cache records the new output (see the class), and so does the lock.
   */
  swap(): Promise<void> {
    return (this.swapping ??= this.putInPlace());
  }

  private async putInPlace(): Promise<void> {
    if (this.abandoned) throw new OutputError('the build was stopped');
    await this.settle();
    // Stopped while the last files were written: nothing is put in place (see `abandon`).
    if (this.abandoned) throw new OutputError('the build was stopped');
    const staged = [...this.staged.filter(([, file]) => file !== MANIFEST), ...this.staged.filter(([, file]) => file === MANIFEST)];
    for (const [temp, file] of staged) {
      renameSync(`${this.out}/${temp}`, `${this.out}/${file}`);
      // A rename onto a hard link of the same file does nothing: both were linked from one source.
      rmSync(`${this.out}/${temp}`, { force: true });
    }
    this.staged.length = 0;
    this.swapped = true;
    if (!this.present.has(MANIFEST)) rmSync(`${this.out}/${UNFINISHED}`, { force: true });
  }

  /**
   * After the swap, removes the last output's files this one does not have, then unlocks the
   * folder: another build listing it meanwhile would keep files about to go. The next build of
   * this process waits for it (--watch does not: the new output is in place already).
   */
  finish(): Promise<void> {
    if (this.finished) return this.finished;
    const removed = this.removeReplaced().finally(async () => {
      await rm(this.lock, { force: true });
      openFolders.delete(this);
    });
    removals.set(this.out, removed.catch(() => {}));
    return (this.finished = removed);
  }

  /**
   * Stops this build's writing (see `abandonOutputs`): the folder is put back as it was, unless
   * the swap has begun its renames, which run to their end; then it is finished. A swap asked for
   * after this throws: the build goes on meanwhile, and must not put in place what was removed.
   */
  async abandon(): Promise<void> {
    if (!openFolders.has(this)) return;
    this.abandoned = true;
    await this.swapping?.catch(() => {});
    await (this.swapped ? this.finish() : this.discard());
  }

  /**
   * Removes the files of the folder that are not this output's (the last output's, and any a
   * killed build left), then the folders left empty. Synchronous, file by file: rm's walk of a
   * folder stats each file first, and through the thread pool each costs more again.
   */
  private async removeReplaced(): Promise<void> {
    for (const file of this.present) {
      if (this.files.has(file)) continue;
      try {
        unlinkSync(`${this.out}/${file}`);
      } catch {
        // Gone already.
      }
    }
    const used = foldersOf(this.files);
    const unused = [...this.presentDirs].filter((dir) => dir && !used.has(dir)).sort((a, b) => b.length - a.length);
    for (const dir of unused) await rm(`${this.out}/${dir}`, { recursive: true, force: true });
  }

  /** Removes what this build wrote, if it was not swapped in: the folder is as it was. */
  async discard(): Promise<void> {
    if (this.swapped) return;
    openFolders.delete(this);
    await this.settle().catch(() => {});
    try {
      if (!this.existed) {
        await rm(this.out, { recursive: true, force: true });
        return;
      }
      // The mark of an unfinished first build goes too, unless a killed one left files here.
      const marked = !this.present.has(MANIFEST) && [...this.present].every((file) => file === UNFINISHED);
      for (const file of [...this.staged.map(([temp]) => temp), ...this.created, ...(marked ? [UNFINISHED] : [])]) await rm(`${this.out}/${file}`, { force: true });
      // Deepest first: a new language's folder holds new folders of its own.
      const made = [...foldersOf(this.created)].filter((dir) => !this.presentDirs.has(dir)).sort((a, b) => b.length - a.length);
      for (const dir of made) await rm(`${this.out}/${dir}`, { recursive: true, force: true });
    } finally {
      this.swapped = true;
      await rm(this.lock, { force: true });
    }
  }
}

/** The output folders this process is writing (see `abandonOutputs`). */
const openFolders = new Set<OutputFolder>();

/**
 * Puts every output folder this process is writing back as it was, or finishes one already
 * swapped: what a build stopped by Ctrl+C or a cancelled CI job does before it exits, rather than
 * leave its new files, temporary names and lock beside the published help.
 */
export async function abandonOutputs(): Promise<void> {
  await Promise.all([...openFolders].map((folder) => folder.abandon()));
}

export const MANIFEST = 'manifest.json';
/** Marks an output folder a first build is writing, until its manifest is in place. */
const UNFINISHED = '.selfserve-unfinished';

/** Whether the file at `file` holds the bytes `hash` says (see `hashOf`). */
function holds(file: string, hash: string): boolean {
  try {
    return hashOf(readFileSync(file)) === hash;
  } catch {
    return false;
  }
}

/** The folders that hold `files` (relative, with `/`), and the folders above them. */
function foldersOf(files: Iterable<string>): Set<string> {
  const folders = new Set<string>();
  // (Cut at slashes, not with `path.posix.dirname`: 15,000 files of a rebuild took 10 ms through it.)
  for (const file of files) {
    for (let end = file.lastIndexOf('/'); end > 0; end = file.lastIndexOf('/', end - 1)) {
      const dir = file.slice(0, end);
      if (folders.has(dir)) break;
      folders.add(dir);
    }
  }
  return folders;
}

/** The removal of the files a build replaced, by output folder: the next build in this process waits for it. */
const removals = new Map<string, Promise<void>>();

/**
 * Marks an output folder as being written by this process, in a file beside it: two builds
 * writing the same folder at once would each remove the other's new files. A mark left by a
 * process that is gone is taken over.
 */
async function takeLock(out: string): Promise<string> {
  const lock = `${out}.selfserve-lock`;
  await mkdir(path.dirname(out), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(lock, `${process.pid} ${LOCK_TOKEN}`, { flag: 'wx' });
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt) throw error;
      const [id, token] = (await readFile(lock, 'utf8').catch(() => '')).split(' ');
      const pid = Number(id);
      // A mark with this process's id is its own only if it has its token.
      const held = pid === process.pid ? token === LOCK_TOKEN : pid > 0 && isRunning(pid);
      if (held) throw new OutputError(`another build (process ${pid}) is writing ${out}: wait for it to finish, or remove ${lock} if it is gone`);
      await rm(lock, { force: true });
    }
  }
}

/**
 * Tells this process's marks from those of a killed process that had the same id: a container's
 * processes get the same ids from one run to the next, so a build killed there left a mark that
 * the next run's build, with that id, took for its own.
 */
const LOCK_TOKEN = randomUUID();

/** Whether a process with this id is running (a signal 0 tests it without sending one). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Files to write or link in one flush from which the writer thread writes them: a single build of
// a thousand articles writes about 1,600 files; fewer are written sooner than a thread starts.
const WRITER_ABOVE = 1000;
// Text per message to the writer, and most of it sent and not yet written: the writer holds a
// copy, and at 50,000 articles the whole output is a few hundred MB.
const BATCH_BYTES = 4 * 1024 * 1024;
const WRITING_BYTES = 16 * 1024 * 1024;
// Past this much heap, files are written on the main thread, not ahead of it on the writer's: the
// writer takes the core that the garbage collector would mark with, and at 50,000 articles laying
// out ahead of it left garbage uncollected (a peak of 1.17-1.24 GB instead of 1.0). A build of
// 10,000 articles stays well under it.
const AHEAD_HEAP_BYTES = 512 * 1024 * 1024;

/**
 * Brings a folder that only this process serves (the `dev` preview's images) up to `files`:
 * writes the files whose bytes changed since `last` (the hashes of what it wrote before), then
 * removes those no longer listed. No swap: nothing but the preview reads the folder.
 */
export async function updateOutput(dir: string, files: Map<string, OutputData>, hashes: Map<string, string>, last: Map<string, string>): Promise<number> {
  await mkdir(dir, { recursive: true });
  const changed = [...files].filter(([file]) => last.get(file) !== hashes.get(file));
  for (const folder of new Set(changed.map(([file]) => path.dirname(file)))) await mkdir(path.join(dir, folder), { recursive: true });
  await fewAtOnce(changed, ([file, data]) => writeFile(path.join(dir, file), data instanceof LaterText ? data.content() : data));
  await fewAtOnce([...last.keys()].filter((file) => !files.has(file)), (file) => rm(path.join(dir, file), { force: true }));
  return changed.length;
}

const WRITES_IN_FLIGHT = 16;

/** Runs `task` over `items` a few at a time: one at a time waits on the disk between every two files. */
async function fewAtOnce<T>(items: T[], task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const runner = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: WRITES_IN_FLIGHT }, runner));
}
