import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { Analyzer, type Report } from '../report/analyze.ts';
import type { ContentLookup } from '../report/content-lookup.ts';
import { formatHtml, formatText } from '../report/format.ts';
import { readEvents, resolveInputs } from '../report/read-events.ts';
import { ReportError } from '../report/report-error.ts';
import { writeWhole } from '../report/write-whole.ts';
import { suggest } from '../report/suggest.ts';
import { ExplainedCounter, formatExplained } from '../report/explained.ts';

export interface ReportOptions {
  /** Files, glob patterns, `.gz` files, or `-` for standard input. */
  inputs: string[];
  /** Also write the report as an HTML page here. */
  html?: string;
  /** Print the report as one JSON object instead of text. */
  json?: boolean;
  /** Rows per section. */
  limit: number;
  /** The content folder: titles, wordings it already matches dropped, and where `apply` writes. */
  content?: string;
  /** A built index folder, when the content is not at hand. */
  index?: string;
  /** Write the suggested aliases into the articles' frontmatter (needs `content`). */
  apply?: boolean;
  /** Fewest visitors behind a suggestion. Default: 1. */
  minVisitors?: number;
  /** Where warnings go. Default: standard error. */
  warn?: (line: string) => void;
}

/** Throws a `ReportError` when the folder `file` would be written in is not a folder that can be written. */
async function checkWritable(file: string): Promise<void> {
  const folder = path.dirname(path.resolve(file));
  try {
    if (!(await stat(folder)).isDirectory()) throw new Error(`${folder} is not a folder`);
    await access(folder, constants.W_OK);
  } catch (error) {
    throw new ReportError(`cannot write ${file}: ${(error as Error).message}`);
  }
}

/** Warnings for the first few bad lines; past that, only their number. */
const SHOWN_BAD_LINES = 3;

/** `selfserve report`: resolves to the exit code. */
export async function reportCommand(options: ReportOptions): Promise<number> {
  const warn = options.warn ?? ((line: string) => console.error(line));
  try {
    // Before the events are read (a million take seconds): a folder that is not there is said at once.
    if (options.html) await checkWritable(options.html);
    const sources = await resolveInputs(options.inputs);
    // The build and the search engine load only when the report needs them.
    const { lookupContent, lookupIndex } = options.content || options.index ? await import('../report/content-lookup.ts') : {};
    const lookup: ContentLookup | undefined = options.content ? await lookupContent!(options.content) : options.index ? await lookupIndex!(options.index) : undefined;
    const analyzer = new Analyzer();
    const explained = new ExplainedCounter();
    let skipped = 0;
    const onEvent = (event: Parameters<Analyzer['add']>[0]) => {
      analyzer.add(event);
      explained.add(event);
    };
    await readEvents(sources, onEvent, (bad) => {
      analyzer.skip();
      if (++skipped <= SHOWN_BAD_LINES) warn(`${bad.source}:${bad.line}: warning: ${bad.problem}, line skipped`);
    });
    if (skipped > SHOWN_BAD_LINES) warn(`selfserve: ${skipped} lines were not valid events and were skipped`);
    const { aliases, terms, ...analysis } = analyzer.finish(options.limit);
    const report: Report = { ...analysis, suggestions: await suggest({ ...analysis, aliases, terms }, { lookup, limit: options.limit, minVisitors: options.minVisitors }) };

    if (options.html) await writeWhole(options.html, formatHtml(report)).catch((error: Error) => {
      throw new ReportError(`cannot write ${options.html}: ${error.message}`);
    });
    let applied: Map<string, string[]> | undefined;
    if (options.apply && options.content) {
      const root = path.resolve(options.content);
      const { applyAliases } = await import('../report/apply.ts');
      applied = await applyAliases(report.suggestions.aliases, (s) => (s.file ? path.join(root, s.file) : undefined));
    }
    if (options.json) {
      process.stdout.write(JSON.stringify(report) + '\n');
    } else {
      process.stdout.write(formatText(report));
      const inPlace = explained.finish(options.limit);
      if (inPlace) process.stdout.write(formatExplained(inPlace, report.searches));
      if (options.html) console.log(`\nWrote ${options.html}`);
      if (applied) {
        console.log(applied.size ? '\nAdded aliases:' : '\nNo aliases to add.');
        for (const [file, added] of applied) console.log(`  ${path.relative(process.cwd(), file)}: ${added.join(', ')}`);
      }
    }
    return 0;
  } catch (error) {
    if (error instanceof ReportError) {
      console.error(error.message.startsWith('selfserve:') || /:\d+/.test(error.message.split(' ')[0]) ? error.message : `selfserve: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
