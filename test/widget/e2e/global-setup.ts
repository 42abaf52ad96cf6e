import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildPackage } from '../../../scripts/build-package.ts';
import { build } from '../../../scripts/commands/build.ts';
import { readWidgetFiles } from '../../../scripts/widget-files.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder with the built widget (selfserve.js, selfserve-app.js) and the sample index in help/. */
    e2eDist: string;
  }
}

/**
 * Builds the package once (dist/: the widget and the compiled CLI the tests run, as `npm pack`
 * would), then the sample help center, for every test that needs them.
 */
export default async function setup(project: TestProject) {
  const dist = await mkdtemp(path.join(tmpdir(), 'selfserve-e2e-'));
  const root = path.resolve(import.meta.dirname, '../../..');
  await buildPackage();
  for (const [file, data] of await readWidgetFiles()) {
    await mkdir(path.dirname(path.join(dist, file)), { recursive: true });
    await writeFile(path.join(dist, file), data);
  }
  const code = await build({ contentDir: path.join(root, 'content'), out: path.join(dist, 'help'), log: () => {}, error: () => {} });
  if (code !== 0) throw new Error('the sample content did not build');
  project.provide('e2eDist', dist);
  return () => rm(dist, { recursive: true, force: true });
}
