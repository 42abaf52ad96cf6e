// What a site owner downloads to use each tool: the package tarball, and node_modules after
// `npm install` in an empty folder (everything it pulls in, platform binaries included).
import { execFile } from 'node:child_process';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PackageFigures {
  name: string;
  /** The tool's own tarballs (Pagefind's wrapper and its platform binary). */
  tarballBytes: number;
  installBytes: number;
  /** Packages in node_modules after the install, the tool's own included. */
  packages: number;
}

async function folderBytes(dir: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return bytes;
}

/** Installs `spec` (a tarball path or `name@version`) into a new folder under `work` and measures it. */
async function measureInstall(name: string, spec: string, tarballBytes: number, work: string): Promise<PackageFigures> {
  const dir = path.join(work, `install-${name.toLowerCase()}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'site', private: true }));
  await run('npm', ['install', spec, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir });
  const { stdout } = await run('npm', ['ls', '--all', '--parseable'], { cwd: dir });
  const packages = stdout.trim().split('\n').length - 1;
  return { name, tarballBytes, installBytes: await folderBytes(path.join(dir, 'node_modules')), packages };
}

/**
 * Selfserve as packed from this repository (its dist/ must be built) beside the Pagefind version
 * this repository benches against, both fetched and installed the same way.
 */
export async function measurePackages(root: string, work: string, pagefindVersion: string): Promise<PackageFigures[]> {
  const packed = JSON.parse((await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root })).stdout) as { filename: string; size: number }[];
  const ours = await measureInstall('Selfserve', path.join(work, packed[0].filename), packed[0].size, work);
  // Pagefind's binary comes in a second package, for this platform: both tarballs count.
  const specs = [`pagefind@${pagefindVersion}`, `@pagefind/${process.platform}-${process.arch}@${pagefindVersion}`];
  const theirs = JSON.parse((await run('npm', ['pack', ...specs, '--json', '--pack-destination', work], { cwd: work })).stdout) as { size: number }[];
  const pagefind = await measureInstall('Pagefind', specs[0], theirs.reduce((sum, t) => sum + t.size, 0), work);
  return [ours, pagefind];
}
