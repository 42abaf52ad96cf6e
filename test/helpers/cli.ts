import { spawn } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '../../bin/selfserve.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `selfserve` CLI as a subprocess. */
export function runCli(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/**
 * Starts `selfserve build <content> --out <out> --watch`; `waitFor(pattern, from)` resolves with
 * the output's length once the output after `from` matches (polling every 50 ms, up to 30 s).
 */
export function watchCli(content: string, out: string) {
  const child = spawn(process.execPath, [BIN, 'build', content, '--out', out, '--watch'], { env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const waitFor = async (pattern: RegExp, from: number) => {
    for (let i = 0; i < 600; i++) {
      if (pattern.test(output.slice(from))) return output.length;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${pattern}; output:\n${output}`);
  };
  return { child, waitFor, output: () => output };
}
