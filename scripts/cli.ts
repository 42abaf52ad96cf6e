import { readFileSync, statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import path from 'node:path';
import { closest } from './diagnostics.ts';
import { EXIT } from './exit-codes.ts';
import { surveyOnThread } from './build/survey-thread.ts';
import { isLanguageTag } from '../src/locale-tag.ts';
import { isUsableUrl } from '../src/url-policy.ts';

const HELP: Record<string, string> = {
  main: `selfserve — compile a folder of markdown help articles into a static search index

Usage:
  selfserve build <contentDir> --out <dir> [--base <url>] [--watch] [--strict] [--locale <tag>] [--timings]
  selfserve check [contentDir] [--format text|json] [--strict]
  selfserve dev [contentDir] [--port N]
  selfserve search <indexDir> "<query>" [--json] [--limit N]
  selfserve search <indexDir> --batch <file|-> [--limit N]
  selfserve report <events…> [--html <file>] [--json] [--content <dir> [--apply] | --index <dir>] [--limit N]

Run \`selfserve <command> --help\` for the details of a command.

Options:
  -h, --help     Show help
  -v, --version  Show the version`,
  build: `selfserve build <contentDir> --out <dir> — compile articles into a help index

Reads every .md and .mdx file under <contentDir> (YAML frontmatter + GitHub-flavoured markdown),
validates it, renders and sanitizes it, and writes the index the widget loads, with the
widget itself next to it: one folder to deploy. Then prints the <script> tag to paste.
A docs folder written for VitePress, Docusaurus, Starlight, MkDocs or Hugo builds as it is.

Options:
  -o, --out <dir>      Output folder (required). New files are written beside the last
                       build's and manifest.json, where readers start, is replaced last,
                       only when the build succeeds; a failed build leaves it as it was.
                       A non-empty folder that is not an earlier build output is never
                       replaced.
      --base <url>     Where the output folder will be served, for the printed tag: a
                       path (/support/) or an https: URL (https://cdn.example.com/help/;
                       http: only on localhost). Default: /<out folder name>/.
  -w, --watch          Rebuild whenever a file under <contentDir> changes; keeps running
                       through errors.
      --strict         Our own format only (frontmatter with title:, no unknown fields, no
                       broken links), and warnings (no description, long title, empty
                       section) are errors too.
      --locale <tag>   Language of articles without a \`locale:\` field (default: en).
      --timings        Also print where the build spent its time, stage by stage, how many
                       articles came from the build cache, in how many the links were
                       checked, how many images were read, whether the build patched the
                       last one, and where that cache is.
  -h, --help           Show this help

The build cache is kept in node_modules/.cache/selfserve/ of the project (else the system's
temporary folder), or in the folder SELFSERVE_CACHE_DIR names. When only the text of a few
articles changed since the last build (their frontmatter, headings, links and images as they
were), the build patches the last output: it makes again only their files, to the same bytes
as a full build.

Problems are printed as \`file:line:col: error: message\`, all at once, then a summary.

Exit codes:
  0  the index was written
  1  the content has errors (or warnings with --strict), or no articles were found;
     nothing was written
  2  bad command line, or the content folder does not exist
  3  the output folder cannot be written, would be unsafe to replace, or another build is writing it
  130, 143  stopped by Ctrl+C (SIGINT) or SIGTERM: the output folder was put back as it was`,
  search: `selfserve search <indexDir> "<query>" — search a built index from the terminal

Options:
      --json           Print one JSON line: {"query": …, "tokens": [ … ], "results": [ … ],
                       "answer"?: …, "corrected"?: … } (without it: the results as text, after
                       "Showing results for …" when a typo was read as a word, or two
                       words typed together as two)
      --batch <file|-> Read one query per line from a file (or - for stdin) and print one
                       JSON line per query, in order
  -n, --limit <N>      Most results per query (default: 10)
  -h, --help           Show this help

Exit codes: 0 searched; 1 the index is missing, corrupt or incompatible; 2 bad command line, or
the --batch file cannot be read`,
};

HELP.check = `selfserve check [contentDir] — find problems in the content without building

Checks what the build checks (frontmatter, broken links and anchors, duplicate slugs, related
articles that do not exist) and more: duplicate titles, missing descriptions, images without alt
text or missing files, headings that skip levels, footnotes with no note or no reference,
\`pages:\` globs that cannot match, articles that
nothing links to and no \`pages:\` suggests, long articles without headings, definitions
(\`terms:\`) too long for a popover, terms defined twice with different definitions, and a help
center whose widget would list no article before a search (no \`order:\`, no \`pages:\`).
contentDir defaults to ./content.

Options:
      --format <f>     text (default): \`file:line:col: error|warning: message\` lines and a summary
                       (past 20 problems, with the kinds most of them are of);
                       json: one JSON object {articles, errors, warnings, diagnostics: [...]}, for CI
      --strict         Our own format only, as for build; warnings fail the check too
  -h, --help           Show this help

Exit codes: 0 no errors (warnings allowed); 1 errors (or warnings with --strict); 2 bad command
line or no such folder`;

HELP.dev = `selfserve dev [contentDir] — a live preview for writers

Serves a page listing every article (with its description, the pages where it is suggested, its
aliases and terms, and how many warnings it has) and each article as the widget shows it, beside
its frontmatter, under its warnings. When a file changes, the content is rebuilt and the page
reloads. Content errors are printed here and shown over the page with file and line; the preview
keeps the last good build until they are fixed.
Its build cache (where the build's is: see \`selfserve build --help\`) lets the next preview of
the folder start from the articles that changed. contentDir defaults to ./content.

Options:
  -p, --port <N>       Port to listen on (default: 4400; 0 picks a free one)
  -h, --help           Show this help

Exit codes: runs until stopped: 130 by Ctrl+C (SIGINT), 143 by SIGTERM, its temporary folder
removed; 2 bad command line, no such folder, or the port is in use`;

HELP.report = `selfserve report <events…> — what writers should fix, from the widget's analytics

Reads the events the widget sends to its data-analytics URL (one JSON event per line) and prints
the top searches, the searches that found nothing (content gaps), the articles most often marked
"not helpful" with the reasons and the searches that led there, the searches after which people
wrote to support, the articles people read from the contact form (and how many sent their
message all the same), the articles read in another language after nothing matched in the
visitor's (translations to write), and suggested fixes:
  - aliases: a wording that failed visitors who, within 5 minutes in the same tab, searched again
    and read an article without marking it unhelpful; ranked by visitors, near-identical wordings
    merged, each with the frontmatter line to paste;
  - terms: codes (capitals and digits, like E-2210) that found nothing, to define under \`terms:\`.
It also counts the terms explained in place on pages (data-explain), beside the searches.

<events…> are files, glob patterns (quote them: "logs/*.jsonl.gz"), gzip files, or - for
standard input, read as a stream. Lines that are not valid events are counted and skipped.

Options:
      --html <file>      Also write the report as a page with simple charts (no external assets)
      --json             Print the report as one JSON object (for CI and dashboards)
      --content <dir>    Check suggestions against the articles, compiled and searched as the build
                         would: titles shown, wordings an article already matches dropped
      --index <dir>      The same against a built index (without --content)
      --apply            Write the suggested aliases into the articles' frontmatter (needs
                         --content), keeping comments and key order
      --min-visitors <N> Fewest visitors behind a suggestion (default: 1)
  -n, --limit <N>        Rows per section (default: 10)
  -h, --help             Show this help

Exit codes: 0 reported; 1 a file cannot be read (or the --html page written), or
--content/--index cannot be used; 2 bad command line`;

const OPTIONS: Record<string, ParseArgsConfig['options']> = {
  build: {
    out: { type: 'string', short: 'o' },
    base: { type: 'string' },
    watch: { type: 'boolean', short: 'w' },
    strict: { type: 'boolean' },
    locale: { type: 'string' },
    timings: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  dev: {
    port: { type: 'string', short: 'p' },
    help: { type: 'boolean', short: 'h' },
  },
  check: {
    format: { type: 'string' },
    strict: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  report: {
    html: { type: 'string' },
    json: { type: 'boolean' },
    content: { type: 'string' },
    index: { type: 'string' },
    apply: { type: 'boolean' },
    'min-visitors': { type: 'string' },
    limit: { type: 'string', short: 'n' },
    help: { type: 'boolean', short: 'h' },
  },
  search: {
    json: { type: 'boolean' },
    batch: { type: 'string' },
    limit: { type: 'string', short: 'n' },
    help: { type: 'boolean', short: 'h' },
  },
};

class UsageError extends Error {}

/**
 * The folder of articles a command reads, said wrong before the command starts: `dev` went on to
 * serve a preview of nothing, and `check` (whose default is `content`) gave no hint.
 */
function requireContentFolder(dir: string, command: string): void {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`content folder ${dir} does not exist or is not a folder: give the folder that holds your .md articles, like \`selfserve ${command} help-articles\``);
  }
}

function parseLimit(value: string | boolean | undefined): number {
  const limit = value === undefined ? 10 : Number(value);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a whole number of 1 or more, not "${value}"`);
  return limit;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function parse(command: string, args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS[command], allowPositionals: true, strict: true });
  } catch (e) {
    const lines = (e as Error).message.split('\n');
    const flag = /'(--?[\w-]+)'/.exec(lines[0])?.[1];
    const known = Object.keys(OPTIONS[command] ?? {}).map((o) => `--${o}`);
    // A flag it does not know: the closest it knows. One it knows, given a value that starts with
    // a dash (`--limit -3`): Node's own last line says how to give that value.
    const hint = flag && !known.includes(flag) ? closest(flag, known) : undefined;
    if (hint || lines.length === 1) throw new UsageError(`${lines[0].split('. ')[0]}${hint ? ` — did you mean ${hint}?` : ''}`);
    throw new UsageError(`${lines[0]} ${lines.at(-1)}`);
  }
}

/**
 * A URL the printed tag can put `selfserve.js` after: usable by the widget's rule (`isUsableUrl`;
 * a relative one resolves against any page), a folder's (no query or fragment), and nothing an
 * HTML attribute would end at or that a URL would encode (quotes, angle brackets, spaces).
 */
const isFolderUrl = (base: string) => isUsableUrl(base, 'https://site.example/page') && !/[\s"'<>\\?#]/.test(base);

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    console.log(HELP[rest[0] ?? 'main'] ?? HELP.main);
    return EXIT.ok;
  }
  if (command === '-v' || command === '--version') {
    console.log(version());
    return EXIT.ok;
  }
  try {
    if (!OPTIONS[command]) {
      const hint = closest(command, Object.keys(OPTIONS));
      throw new UsageError(`unknown command "${command}"${hint ? ` — did you mean "${hint}"?` : ''}`);
    }
    const { values: parsed, positionals } = parse(command, rest);
    const values = parsed as Record<string, string | boolean | undefined>;
    if (values.help) {
      console.log(HELP[command]);
      return EXIT.ok;
    }
    if (command === 'build') {
      const [contentDir, extra] = positionals;
      if (!contentDir) throw new UsageError('missing <contentDir>: selfserve build content --out dist/help');
      if (extra) throw new UsageError(`unexpected argument "${extra}"`);
      if (typeof values.out !== 'string') throw new UsageError('missing --out <dir>: selfserve build content --out dist/help');
      requireContentFolder(contentDir, command);
      if (typeof values.locale === 'string' && !isLanguageTag(values.locale)) throw new UsageError(`--locale must be a language tag like en, es or pt-BR, not "${values.locale}"`);
      if (typeof values.base === 'string' && !isFolderUrl(values.base)) {
        throw new UsageError(`--base must be where the output folder will be served: a path like /support/ or an https: URL like https://cdn.example.com/help/ (http: only on localhost), not "${values.base}"`);
      }
      const options = { contentDir, out: values.out, base: values.base as string | undefined, strict: Boolean(values.strict), locale: values.locale as string | undefined, printTimings: Boolean(values.timings) };
      // The content is listed and stat-ed on a thread of its own while this one loads the build
      // (--watch keeps its cache in memory, and lists the content with the watcher's events).
      const survey = values.watch ? undefined : surveyOnThread(path.resolve(contentDir), [path.resolve(values.out)]);
      // Each command is loaded only when it runs: `selfserve --version` stays instant.
      const { abandonOnSignals, build, watchBuild } = await import('./commands/build.ts');
      abandonOnSignals();
      if (values.watch) {
        await watchBuild(options);
        return EXIT.ok;
      }
      return await build({ ...options, survey });
    }
    if (command === 'dev') {
      const [contentDir = 'content', extra] = positionals;
      if (extra) throw new UsageError(`unexpected argument "${extra}"`);
      requireContentFolder(contentDir, command);
      const port = values.port === undefined ? 4400 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${values.port}"`);
      const { devCommand } = await import('./commands/dev.ts');
      return await devCommand({ contentDir, port });
    }
    if (command === 'check') {
      const [contentDir = 'content', extra] = positionals;
      if (extra) throw new UsageError(`unexpected argument "${extra}"`);
      requireContentFolder(contentDir, command);
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
      const { checkCommand } = await import('./commands/check.ts');
      return await checkCommand({ contentDir, format, strict: Boolean(values.strict) });
    }
    if (command === 'report') {
      if (!positionals.length) throw new UsageError('missing <events.jsonl>: selfserve report dist/inbox/events.jsonl');
      if (values.apply && !values.content) throw new UsageError('--apply needs --content <dir>: the folder whose articles get the aliases');
      if (values.content && values.index) throw new UsageError('give --content or --index, not both');
      const minVisitors = values['min-visitors'] === undefined ? 1 : Number(values['min-visitors']);
      if (!Number.isInteger(minVisitors) || minVisitors < 1) throw new UsageError(`--min-visitors must be a whole number of 1 or more, not "${values['min-visitors']}"`);
      const { reportCommand } = await import('./commands/report.ts');
      return await reportCommand({
        inputs: positionals,
        html: values.html as string | undefined,
        json: Boolean(values.json),
        content: values.content as string | undefined,
        index: values.index as string | undefined,
        apply: Boolean(values.apply),
        minVisitors,
        limit: parseLimit(values.limit),
      });
    }
    const [indexDir, query, extra] = positionals;
    if (!indexDir) throw new UsageError('missing <indexDir>: selfserve search dist/help "reset password"');
    if (extra) throw new UsageError(`unexpected argument "${extra}" (quote a query of several words)`);
    if (query === undefined && values.batch === undefined) throw new UsageError('missing "<query>" (or --batch <file>)');
    if (query !== undefined && values.batch !== undefined) throw new UsageError(`a query ("${query}") or --batch ${values.batch}, not both: the queries of a batch are its file's lines`);
    const limit = parseLimit(values.limit);
    const { searchCommand } = await import('./commands/search.ts');
    return await searchCommand({
      indexDir,
      query,
      json: Boolean(values.json),
      batch: values.batch as string | undefined,
      limit,
      color: process.stdout.isTTY && !process.env.NO_COLOR,
    });
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`selfserve: ${e.message}\nRun \`selfserve ${OPTIONS[command] ? `${command} ` : ''}--help\` for usage.`);
      return EXIT.usage;
    }
    throw e;
  }
}
