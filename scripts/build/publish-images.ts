// The images articles show: found in the content folder, read once per build (or vouched for by
// the build cache), and published under the hash of their bytes.
import path from 'node:path';
import { isArticleUrl } from '../../src/article-html.ts';
import { findImage, imageBytes } from '../content/images.ts';
import { fromRepositoryRoot, resolveLocalHref } from '../content/render-markdown.ts';
import type { Diagnostics } from '../diagnostics.ts';
import type { ImageEntry } from './cache.ts';
import { bodyPos, type Compiled, type CompiledArticle } from './compile.ts';
import { hashOf, LaterText } from './layout.ts';
import { shortened } from './links.ts';
import { statSignature, vouchedFor } from './read-article.ts';
import type { BuildTimings } from './timings.ts';

// An image past this is said to be heavy (see `collectImages`), as an article past 1 MB is.
const LARGE_IMAGE = 1024 * 1024;

/** An image as `findImage` and `imageBytes` found it, with its path in the output and the hash in it once it may be published. */
export type PublishedImage = { bytes?: Buffer | LaterText; missing?: boolean; otherCase?: string; refused?: string; output?: string; hash?: string };

/** The images of a build (see `imageReader`). */
export interface ImageReader {
  /** An image by its path in the content folder. */
  read(relFile: string): PublishedImage;
  /**
   * An image by its path from the site's root (`/logo.png`): in the content folder, else in its
   * public/ folder as VitePress serves it, else from the repository's root as GitHub reads it
   * (`/docs/img/logo.png` in a folder `…/docs`, see `fromRepositoryRoot`).
   */
  fromRoot(relFile: string): PublishedImage;
  /** Leaves the build cache's images with those this build used. */
  done(): void;
  /** What each image looked up was found to be (see `imageProbe`): a patch of this build looks again (patch-build.ts). */
  probes: Map<string, string>;
}

/** What an image looked up by its path in the content folder was found to be: its file and stat, or why none. */
export function imageProbe(found: ReturnType<typeof findImage>): string {
  return 'real' in found ? `${found.real}\n${statSignature(found.info)}` : JSON.stringify(found);
}

/**
 * Reads each image once per build, however many articles show it (a screenshot shared by a
 * section's articles, a logo on every page): read, checked and hashed again for each use, 5,000
 * uses of 300 images took most of a rebuild. Its output is named with the hash of its bytes, so
 * it is cacheable forever. An image the build cache knows (`known`, by real path), with the same
 * size and times, is not read at all: its bytes are read only if the output lacks its file.
 * `known` is left with the images this build used.
 */
export function imageReader(contentRoot: string, known: Map<string, ImageEntry> | undefined, timings: BuildTimings | undefined): ImageReader {
  const read = new Map<string, PublishedImage>();
  const folders = new Map<string, string>();
  const used = new Set<string>();
  const probes = new Map<string, string>();
  // Named after the path the article gives (a link to an image keeps the link's name), with its hash.
  const outputOf = (relFile: string, hash: string) => {
    const ext = path.extname(relFile);
    return `assets/${path.basename(relFile, ext).replace(/[^\w.-]+/g, '-')}.${hash}${ext.toLowerCase()}`;
  };
  const publish = (relFile: string): PublishedImage => {
    // Taken before the stat, as `lookUp` does: a change made meanwhile is not vouched for.
    const checkedAt = Date.now();
    const found = findImage(contentRoot, relFile, folders);
    probes.set(relFile, imageProbe(found));
    if (!('real' in found)) return found;
    used.add(found.real);
    const { real, info } = found;
    const hit = known?.get(real);
    if (hit && vouchedFor(hit, info)) {
      const later = () => {
        const { bytes } = imageBytes(found);
        if (bytes?.length !== hit.bytes) throw new Error(`selfserve: ${real} changed during the build: build again`);
        return bytes;
      };
      return { output: outputOf(relFile, hit.hash), hash: hit.hash, bytes: new LaterText(hit.bytes, later) };
    }
    const image = imageBytes(found);
    if (timings) timings.imagesRead++;
    if (!image.bytes) return image;
    const hash = hashOf(image.bytes);
    known?.set(real, { stat: statSignature(info), checkedAt, hash, bytes: image.bytes.length });
    return { ...image, output: outputOf(relFile, hash), hash };
  };
  const once = (relFile: string) => {
    let image = read.get(relFile);
    if (!image) read.set(relFile, (image = publish(relFile)));
    return image;
  };
  return {
    read: once,
    fromRoot: (relFile) => {
      const image = once(relFile);
      if (!image.missing) return image;
      for (const file of [`public/${relFile}`, ...fromRepositoryRoot(relFile, contentRoot)]) {
        const other = once(file);
        if (!other.missing) return other;
      }
      return image;
    },
    done: () => {
      for (const real of known?.keys() ?? []) if (!used.has(real)) known!.delete(real);
    },
    probes,
  };
}

/**
 * Copies the images an article uses into the output under content-hashed names (cacheable
 * forever) and points the article at them. Only real images inside the content folder are
 * published (see `findImage`); in another tool's folder a missing one is a warning.
 */
export function collectImages(article: CompiledArticle, images: ImageReader, assets: Compiled['assets'], diagnostics: Diagnostics, foreign: boolean, heavy: Set<string>): void {
  for (const [i, { href, offset, raw }] of article.images.entries()) {
    if (!isArticleUrl(href)) {
      const { line, col } = bodyPos(article, offset);
      diagnostics.warning(article.file, line, col, `image \`${shortened(href)}\` is dropped when the article is published: an image is a file of the content folder or an https: address`, offset);
      continue;
    }
    const local = resolveLocalHref(href, article.relPath);
    if (!local?.file) continue;
    const image = href.startsWith('/') ? images.fromRoot(local.file) : images.read(local.file);
    // Raw HTML was passed through as written before its images were published: one that is not
    // an image of the content folder stays as it was, and is only reported.
    const unpublished = raw ? ' (in raw HTML, left as written: the widget cannot load it)' : '';
    if (image.refused) {
      const { line, col } = bodyPos(article, offset);
      (raw ? diagnostics.warning : diagnostics.error).call(diagnostics, article.file, line, col, `image \`${href}\` is not published: ${image.refused}${unpublished}`, offset);
      continue;
    }
    if (image.missing) {
      const report = foreign || raw ? diagnostics.warning.bind(diagnostics) : diagnostics.error.bind(diagnostics);
      const { line, col } = bodyPos(article, offset);
      // The name as the article should write it: the same folder, the file's own case.
      const meant = image.otherCase ? `: did you mean \`${href.slice(0, href.lastIndexOf('/') + 1)}${image.otherCase}\`?` : '';
      report(article.file, line, col, `image \`${href}\` does not exist (no ${local.file} in the content folder)${meant}${unpublished}`, offset);
      continue;
    }
    const bytes = image.bytes instanceof LaterText ? image.bytes.bytes : image.bytes!.length;
    if (bytes > LARGE_IMAGE && !heavy.has(image.output!)) {
      heavy.add(image.output!);
      const { line, col } = bodyPos(article, offset);
      diagnostics.warning(article.file, line, col, `image \`${href}\` is ${(bytes / 1024 / 1024).toFixed(1)} MB: readers download it when they open the article, on phones too; resize or compress it to under 1 MB`, offset);
    }
    assets.set(image.output!, { data: image.bytes!, hash: image.hash! });
    article.imageOutputs[i] = image.output;
  }
}
