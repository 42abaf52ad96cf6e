import { readFile } from 'node:fs/promises';
import { EXIT } from '../exit-codes.ts';
import { openIndex, SelfserveIndexError, type HelpIndex, type SearchResponse } from '../../src/node/index.ts';

export interface SearchCommandOptions {
  indexDir: string;
  query?: string;
  json?: boolean;
  /** A file with one query per line, or `-` for standard input. */
  batch?: string;
  limit: number;
  color?: boolean;
}

/** `selfserve search`: resolves to the exit code. */
export async function searchCommand(options: SearchCommandOptions): Promise<number> {
  let batch: string | undefined;
  if (options.batch !== undefined) {
    try {
      batch = options.batch === '-' ? await readStdin() : await readFile(options.batch, 'utf8');
    } catch (e) {
      console.error(`selfserve: cannot read --batch ${options.batch}: ${(e as Error).message}`);
      return EXIT.usage;
    }
  }
  let index: HelpIndex;
  try {
    index = await openIndex(options.indexDir);
  } catch (e) {
    if (e instanceof SelfserveIndexError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  if (batch !== undefined) {
    for (const query of batch.split(/\r?\n/)) {
      if (!query.trim()) continue;
      const response = await index.search(query, { limit: options.limit });
      process.stdout.write(JSON.stringify(response) + '\n');
    }
    return 0;
  }
  const response = await index.search(options.query ?? '', { limit: options.limit });
  process.stdout.write(options.json ? JSON.stringify(response) + '\n' : formatResponse(response, options.color ?? false));
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Results as a human reads them in a terminal. */
export function formatResponse(response: SearchResponse, color: boolean): string {
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const text = (html: string) =>
    html
      .replace(/<mark>(.*?)<\/mark>/g, (_, word) => (color ? `\x1b[1;33m${word}\x1b[22;39m` : word))
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  const lines: string[] = [];
  // As the widget says it: what was searched, when a typo was read as a word.
  if (response.corrected) lines.push(`Showing results for "${response.corrected.query}".`, '');
  if (response.answer) {
    const a = response.answer;
    lines.push(`${bold(a.term)}: ${a.definition}`, dim(`  from "${a.title}" ${a.url}`), '');
  }
  if (!response.results.length) lines.push(`No articles match "${response.query}".`);
  response.results.forEach((r, i) => {
    lines.push(`${i + 1}. ${bold(r.title)}  ${dim(r.url)}`);
    if (r.section) lines.push(`   › ${r.section.heading}  ${dim(r.section.url)}`);
    lines.push(`   ${text(r.excerpt)}`, '');
  });
  return lines.join('\n') + '\n';
}
