import { readFile } from 'node:fs/promises';
import { isSeq, parseDocument, type YAMLSeq } from 'yaml';
import type { AliasSuggestion } from './analyze.ts';
import { ReportError } from './report-error.ts';
import { writeWhole } from './write-whole.ts';

const FENCE = /^(\uFEFF?---[ \t]*\r?\n)([\s\S]*?)(^---[ \t]*(?:\r?\n|$))/m;


/**
 * Adds `aliases` to one article's frontmatter through the `yaml` library's Document API, so its
 * comments, key order and quoting stay as the writer left them. Returns the new source.
 */
export function addAliases(source: string, file: string, aliases: string[]): string {
  const match = FENCE.exec(source);
  if (!match || match.index !== 0) throw new ReportError(`${file}:1:1: error: no frontmatter to add aliases to`);
  const doc = parseDocument(match[2], { keepSourceTokens: true });
  if (doc.errors.length) throw new ReportError(`${file}: error: its frontmatter does not parse (${doc.errors[0].message.split('\n')[0]}): run \`selfserve check\``);
  const existing = doc.get('aliases', true);
  if (existing !== undefined && !isSeq(existing)) throw new ReportError(`${file}: error: \`aliases\` is not a list: make it one, then run the report again`);
  const seq = (existing as YAMLSeq | undefined) ?? doc.createNode([]);
  const have = new Set(seq.items.map((item) => String((item as { value?: unknown }).value ?? item).toLowerCase()));
  const added = aliases.filter((alias) => !have.has(alias.toLowerCase()));
  if (!added.length) return source;
  for (const alias of added) seq.add(doc.createNode(alias));
  if (!existing) {
    seq.flow = true;
    doc.set('aliases', seq);
  }
  const yaml = doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
  // The library writes \n: a file written with \r\n (Windows editors) keeps them, or its diff
  // would show every line of the frontmatter changed.
  const lines = match[1].endsWith('\r\n') ? yaml.replace(/\r?\n/g, '\r\n') : yaml;
  return match[1] + lines + match[3] + source.slice(match[0].length);
}

/**
 * `--apply`: writes each suggested alias into its article's frontmatter. Every file is prepared
 * first; any problem and nothing is written.
 */
export async function applyAliases(suggestions: AliasSuggestion[], fileOf: (s: AliasSuggestion) => string | undefined): Promise<Map<string, string[]>> {
  const byFile = new Map<string, string[]>();
  for (const suggestion of suggestions) {
    const file = fileOf(suggestion);
    if (!file) continue;
    byFile.set(file, [...(byFile.get(file) ?? []), suggestion.wording]);
  }
  const updates: [string, string][] = [];
  for (const [file, aliases] of byFile) {
    const source = await readFile(file, 'utf8');
    const updated = addAliases(source, file, aliases);
    if (updated !== source) updates.push([file, updated]);
  }
  // Each whole, old or new, if the run is interrupted (see `writeWhole`).
  for (const [file, text] of updates) await writeWhole(file, text);
  return byFile;
}
