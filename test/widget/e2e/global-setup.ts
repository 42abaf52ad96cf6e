import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { build } from '../../../scripts/commands/build.ts';
import { buildWidget } from '../../../scripts/build-widget.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder with the built widget (selfserve.js, selfserve-app.js) and the sample index in help/. */
    e2eDist: string;
  }
}

/** Builds the widget and the sample help center once for every browser test. */
export default async function setup(project: TestProject) {
  const dist = await mkdtemp(path.join(tmpdir(), 'selfserve-e2e-'));
  const root = path.resolve(import.meta.dirname, '../../..');
  await buildWidget(dist);
  const code = await build({ contentDir: path.join(root, 'content'), out: path.join(dist, 'help'), log: () => {}, error: () => {} });
  if (code !== 0) throw new Error('the sample content did not build');
  project.provide('e2eDist', dist);
  return () => rm(dist, { recursive: true, force: true });
}
