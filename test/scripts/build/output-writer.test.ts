import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputWriter } from '../../../scripts/build/output-writer.ts';
import { tempFolder } from '../../helpers/content.ts';

describe('OutputWriter (the writer thread)', () => {
  it('writes the batches it is sent, and fails one it was stopped before answering rather than leave it waiting', async () => {
    const root = await tempFolder();
    const writer = new OutputWriter();
    await writer.write(root, [['a.json', '{"a":1}']]);
    expect(existsSync(path.join(root, 'a.json'))).toBe(true);

    // Stopped while a batch is on its way: whoever awaits it (a build stopped by Ctrl+C) goes on.
    const late = writer.write(root, [['b.json', '{"b":1}']]);
    late.catch(() => {});
    await writer.close();
    const settled = await Promise.race([late.then(() => 'written', (e: Error) => e.message), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5000))]);
    expect(settled).not.toBe('still waiting');
  });
});
