import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { sanitizeSvg } from './sanitize-svg.ts';

/** An image an article uses, ready to publish, or why it may not be. */
export interface ImageFile {
  /** The bytes to publish (an SVG sanitized). */
  bytes?: Buffer;
  /** No such file. */
  missing?: boolean;
  /** The name of a file beside it that differs only in case ("Screenshot.PNG"): what was likely meant. */
  otherCase?: string;
  /** Why it may not be published. */
  refused?: string;
}

// What each kind of image starts with: a file named .png that holds anything else is not published.
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  '.png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  '.jpg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  '.jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  '.gif': (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')),
  '.webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  '.avif': (b) => b.subarray(4, 12).toString('latin1') === 'ftypavif' || b.subarray(4, 12).toString('latin1') === 'ftypavis',
  '.ico': (b) => b.readUInt32BE(0) === 0x00000100,
};
const KINDS = 'PNG, JPEG, GIF, WebP, AVIF, ICO and SVG';

/** Where an image that may be published is: its real path, its kind, and its file's stat. */
export interface FoundImage {
  real: string;
  ext: string;
  info: Stats;
}

/**
 * Finds an image to publish (its bytes are read by `imageBytes`). Only a regular file inside the
 * content folder qualifies: not a hidden file, not reached through a symbolic link to a folder,
 * not a link leading outside, and (`imageBytes`) really an image of the kind its name says. SVGs
 * are published sanitized. Synchronous: an image is a few kB, and five round trips through the
 * thread pool per image, awaited in turn, took 0.4 ms each: 2 s for a help center with 5,000
 * screenshots, at every rebuild.
 *
 * @param contentRoot the content folder's real path (symbolic links resolved)
 * @param relFile the image's path relative to the content folder, `/`-separated
 * @param folders the real paths of the folders looked at so far: a build's images share a few
 */
export function findImage(contentRoot: string, relFile: string, folders = new Map<string, string>()): FoundImage | ImageFile {
  const parts = relFile.split('/');
  if (parts.includes('..') || path.isAbsolute(relFile)) return { refused: 'it is outside the content folder' };
  if (parts.some((part) => part.startsWith('.'))) return { refused: 'it is a hidden file (its name or a folder on its path starts with ".")' };
  const ext = path.extname(relFile).toLowerCase();
  if (!SIGNATURES[ext] && ext !== '.svg') return { refused: `it is not an image: only ${KINDS} files are published as images` };
  const lexical = path.join(contentRoot, ...parts);
  // One lstat for a file that is no link (the most): its path is its real path once its folder's
  // is (looked up once a folder). A realpath each took most of a rebuild's checks of 5,000 images.
  const entry = lstatSync(lexical, { throwIfNoEntry: false });
  if (!entry) return { missing: true, otherCase: otherCase(lexical) };
  const folder = path.dirname(lexical);
  let realFolder = folders.get(folder);
  if (realFolder === undefined) folders.set(folder, (realFolder = realpathSync.native(folder)));
  if (realFolder !== folder) {
    return { refused: 'it is reached through a symbolic link to a folder: links to folders are not followed' };
  }
  let real = lexical;
  let info = entry;
  if (entry.isSymbolicLink()) {
    const target = realOrNone(lexical);
    if (!target) return { missing: true };
    if (!target.startsWith(contentRoot + path.sep)) return { refused: 'it is a symbolic link that leads outside the content folder' };
    real = target;
    info = statSync(real);
  }
  if (!info.isFile()) return { refused: 'it is not a regular file' };
  return { real, ext, info };
}

/**
 * The name of the file beside `file` that differs from it only in case: a Mac's disk finds
 * "Screenshot.PNG" for "screenshot.png", the server that publishes the help does not.
 */
function otherCase(file: string): string | undefined {
  const name = path.basename(file).toLowerCase();
  try {
    return readdirSync(path.dirname(file)).find((entry) => entry.toLowerCase() === name);
  } catch {
    return undefined;
  }
}

/** The bytes to publish of an image `findImage` found, or why they may not be. */
export function imageBytes({ real, ext }: FoundImage): ImageFile {
  const bytes = readFileSync(real);
  if (ext === '.svg') {
    const clean = sanitizeSvg(bytes.toString('utf8'));
    return clean ? { bytes: Buffer.from(clean) } : { refused: 'it is not an SVG image (no <svg> drawing left once scripts and links are removed)' };
  }
  if (!SIGNATURES[ext](bytes)) return { refused: `its content is not a ${ext.slice(1).toUpperCase()} image: only real ${KINDS} files are published` };
  return { bytes };
}

function realOrNone(file: string): string | undefined {
  try {
    return realpathSync.native(file);
  } catch {
    return undefined;
  }
}
