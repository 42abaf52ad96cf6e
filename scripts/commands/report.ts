import { readFile, writeFile } from 'node:fs/promises';
import { analyze, type RecordedEvent } from '../report/analyze.ts';
import { formatHtml, formatText } from '../report/format.ts';
import { countExplained, formatExplained } from '../report/explained.ts';

export interface ReportOptions {
  files: string[];
  html?: string;
  limit: number;
}

/** `selfserve report`: resolves to the exit code. */
export async function reportCommand({ files, html, limit }: ReportOptions): Promise<number> {
  const events: RecordedEvent[] = [];
  let skipped = 0;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      console.error(`selfserve: cannot read ${file}: ${(error as Error).message}`);
      return 1;
    }
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const event = JSON.parse(line) as RecordedEvent;
        if (event && typeof event.type === 'string') events.push(event);
        else skipped++;
      } catch {
        skipped++;
        if (skipped <= 3) console.error(`${file}:${i + 1}: warning: not a JSON event, skipped`);
      }
    });
  }
  if (skipped > 3) console.error(`selfserve: ${skipped} lines were not JSON events and were skipped`);
  const report = analyze(events, limit);
  process.stdout.write(formatText(report));
  const explained = countExplained(events, limit);
  if (explained) process.stdout.write(formatExplained(explained, report.searches));
  if (html) {
    await writeFile(html, formatHtml(report));
    console.log(`\nWrote ${html}`);
  }
  return 0;
}
