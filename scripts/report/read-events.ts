import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { glob, isDynamicPattern } from 'tinyglobby';
import { parseEventLine, type AnalyticsEventRecord } from '../../src/analytics-event.ts';
import { ReportError } from './report-error.ts';

/** A line that is not an event: where it is and what is wrong, for the warning. */
export interface BadLine {
  source: string;
  line: number;
  problem: string;
}


/**
 * The files that `inputs` name, in order: `-` is standard input, a pattern with `*`, `?`, `[` or `{`
 * is expanded (sorted, so daily files are read oldest first). Fails before anything is read when a
 * file is missing or a pattern matches nothing.
 */
export async function resolveInputs(inputs: string[]): Promise<string[]> {
  const sources: string[] = [];
  for (const input of inputs) {
    if (input === '-') {
      sources.push(input);
    } else if (isDynamicPattern(input)) {
      const matches = (await glob(input, { onlyFiles: true, expandDirectories: false })).sort();
      if (!matches.length) throw new ReportError(`no file matches ${input}`);
      sources.push(...matches);
    } else {
      const info = await stat(input).catch((error: Error) => {
        throw new ReportError(`cannot read ${input}: ${error.message}`);
      });
      if (!info.isFile()) throw new ReportError(`cannot read ${input}: not a file`);
      sources.push(input);
    }
  }
  return sources;
}

/** The raw bytes of a source, gunzipped when it is gzip (by its first two bytes, so stdin works too). */
async function* bytesOf(source: string): AsyncGenerator<Buffer> {
  const raw = source === '-' ? process.stdin : createReadStream(source, { highWaterMark: 256 * 1024 });
  const chunks = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await chunks.next();
  if (first.done) return;
  const rest = async function* () {
    yield first.value;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  };
  if (first.value[0] === 0x1f && first.value[1] === 0x8b) yield* Readable.from(rest()).pipe(createGunzip());
  else yield* rest();
}

/**
 * Calls `onLine` with each line of a source, decoded as UTF-8, without its line break. Lines are
 * handed over synchronously chunk by chunk: a promise per line would cost more than parsing it.
 */
export async function eachLine(source: string, onLine: (line: string) => void): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  for await (const chunk of bytesOf(source)) {
    const text = carry + decoder.write(chunk);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      onLine(text.slice(start, end));
      start = end + 1;
    }
    carry = text.slice(start);
  }
  carry += decoder.end();
  if (carry) onLine(carry);
}

/**
 * Streams every event of `sources` to `onEvent`, one line at a time, so memory does not grow with
 * the files. Lines that are not valid events go to `onBad` and are skipped.
 */
export async function readEvents(sources: string[], onEvent: (event: AnalyticsEventRecord) => void, onBad: (bad: BadLine) => void): Promise<void> {
  for (const source of sources) {
    let n = 0;
    try {
      await eachLine(source, (line) => {
        n++;
        // Blank lines are skipped; checked without trimming (a copy) every line of a million.
        if (!line || (line.charCodeAt(0) <= 32 && !line.trim())) return;
        const parsed = parseEventLine(line);
        if ('event' in parsed) onEvent(parsed.event);
        else onBad({ source: source === '-' ? '<stdin>' : source, line: n, problem: parsed.problem });
      });
    } catch (error) {
      throw new ReportError(`cannot read ${source === '-' ? 'standard input' : source}${n ? ` after line ${n}` : ''}: ${(error as Error).message}`);
    }
  }
}
