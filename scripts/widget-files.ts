// The prebuilt widget this package ships (dist/widget/, built by `npm run build` from the lock
// file), which `selfserve build` publishes next to the index and `selfserve dev` serves.
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { integrityOf } from './integrity.ts';

/** The package was installed or built without its widget. */
export class WidgetMissingError extends Error {}

/** The script tag's file, the one a page links to; it loads every other widget file itself. */
export const WIDGET_SCRIPT = 'selfserve.js';

/** The licenses of the widget's code and of the packages it includes, published with it. */
export const WIDGET_LICENSES = 'selfserve-licenses.md';

/**
 * The package's folder, found by walking up from this module: the same code runs from source
 * (scripts/) and compiled (dist/, dist/chunks/).
 */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'selfserve') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('selfserve: cannot find the selfserve package folder above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** The folder holding the prebuilt widget. */
export function widgetDir(): string {
  return path.join(packageRoot(), 'dist', 'widget');
}

/**
 * Every file a page needs for the widget, by path relative to the widget folder: the script, the
 * parts it loads on demand, the translations, and their licenses (`WIDGET_LICENSES`). The ES
 * module build for bundlers (esm/) stays out.
 */
export async function readWidgetFiles(): Promise<Map<string, Buffer>> {
  const dir = widgetDir();
  const names = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => {
    throw new WidgetMissingError(`the widget is not built (${dir} is missing): run \`npm run build\` in the selfserve package`);
  });
  const files = new Map<string, Buffer>();
  for (const entry of names) {
    if (!entry.isFile()) continue;
    const relative = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (relative.startsWith('esm/')) continue;
    files.set(relative, await readFile(path.join(entry.parentPath, entry.name)));
  }
  if (!files.has(WIDGET_SCRIPT)) throw new WidgetMissingError(`${dir} holds no ${WIDGET_SCRIPT}: run \`npm run build\` in the selfserve package`);
  return files;
}

/**
 * The one tag to paste into every page: the widget pinned by its integrity hash. It finds the index
 * in the folder it is loaded from, so it needs no `data-index`.
 */
export function scriptTag(baseUrl: string, script: Buffer): string {
  const src = `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}${WIDGET_SCRIPT}`;
  return `<script src="${src}" integrity="${integrityOf(script)}" crossorigin="anonymous" defer></script>`;
}
