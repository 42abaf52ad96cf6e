import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder that holds every temporary folder of a test run (see test/helpers/content.ts). */
    testTemp: string;
  }
}

/**
 * A global setup: one folder for the run's temporary folders, removed when the run ends. Each test
 * file removes its own after it (test/helpers/cleanup.ts), but a folder shared by the files of a
 * worker outlives them, and a worker is stopped, not exited, so only the run can remove it.
 */
export default async function setup(project: TestProject) {
  const root = await mkdtemp(path.join(tmpdir(), 'selfserve-tests-'));
  project.provide('testTemp', root);
  // The build caches of the run's builds, in-process or the CLI's (workers and the CLIs they start
  // inherit it), go with it: in the project's node_modules/.cache they piled up, 1.4 GB here.
  process.env.SELFSERVE_CACHE_DIR = path.join(root, 'build-caches');
  return () => rm(root, { recursive: true, force: true });
}
