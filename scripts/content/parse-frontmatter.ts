import { isMap, isScalar, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { FRONTMATTER_KEYS, frontmatterSchema, type Frontmatter } from '../../src/schema.ts';
import { closest, Diagnostics } from '../diagnostics.ts';
import { simpleYaml } from './simple-yaml.ts';
import { heroTitle, OTHER_TOOLS_FIELDS } from './other-tools.ts';

/** Frontmatter as written: outside `--strict`, the title may come from the body's `# heading`. */
export type ParsedFrontmatter = Omit<Frontmatter, 'title'> & { title?: string };

export interface ParseOptions {
  /**
   * Our own format only, as strict as it gets: frontmatter and `title:` required, every unknown
   * field an error. Without it, folders written for other tools (VitePress, Docusaurus, Starlight,
   * MkDocs, Hugo) build as they are.
   */
  strict?: boolean;
}

export interface ParsedSource {
  /** Undefined when the frontmatter has errors (already reported). */
  frontmatter?: ParsedFrontmatter;
  /** Signs the file was written for another tool: no frontmatter, or fields of other tools. */
  foreign?: boolean;
  /** Unknown fields that are neither ours nor another tool's, nor near enough to ours to be typos. */
  ignoredFields?: string[];
  /** A home page's hero title, for a page with neither `title:` nor `# heading`. */
  heroTitle?: string;
  /** The markdown after the frontmatter. */
  body: string;
  /** Offset of the body in the file, to report positions in the body as file positions. */
  bodyOffset: number;
  /** 1-based line of the body's first line. */
  bodyLine: number;
}

// Made once: zod compiles a schema on its first use, which costs more than parsing one file.
const LENIENT_SCHEMA = frontmatterSchema.partial({ title: true });

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)^---[ \t]*(?:\r?\n|$)/m;

/**
 * Splits a markdown file into YAML frontmatter and body, parses the YAML and validates it. Every
 * problem is reported with its file, line and column, and a hint on how to fix it.
 */
export function parseFrontmatter(file: string, source: string, diagnostics: Diagnostics, options: ParseOptions = {}): ParsedSource {
  const text = source.replace(/^\uFEFF/, '');
  if (/^\+\+\+[ \t]*\r?\n/.test(text)) {
    diagnostics.error(file, 1, 1, 'TOML frontmatter (between `+++` lines, as Hugo writes it) is not read: write it as YAML between `---` lines (`title = "A"` becomes `title: A`)');
    return { body: '', bodyOffset: 0, bodyLine: 1 };
  }
  const match = text.startsWith('---') ? FENCE.exec(text) : null;
  if (!match || match.index !== 0) {
    const unclosed = text.startsWith('---');
    // VitePress and MkDocs pages often have no frontmatter: the title is their `# heading`.
    if (!unclosed && !options.strict) return { frontmatter: {}, foreign: true, body: text, bodyOffset: 0, bodyLine: 1 };
    diagnostics.error(file, 1, 1, unclosed
      ? 'frontmatter is not closed: add a line with just `---` after the last field'
      : 'missing frontmatter: start the file with `---`, a line `title: Your article title`, and `---`');
    return { body: unclosed ? '' : text, bodyOffset: 0, bodyLine: 1 };
  }
  const yamlText = match[1];
  const bodyOffset = match[0].length;
  const bodyLine = match[0].split('\n').length;
  const result: ParsedSource = { body: text.slice(bodyOffset), bodyOffset, bodyLine };
  const quick = validSimple(yamlText, options);
  if (quick) return Object.assign(result, quick);

  // The YAML starts on line 2 of the file.
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + 1, col };
  };
  if (doc.errors.length) {
    // An unclosed bracket or quote is reported at the end of the YAML; the line that opened it is
    // the one to fix, and usually the last one with text.
    const lastLine = yamlText.trimEnd().lastIndexOf('\n') + 1;
    for (const error of doc.errors) {
      const { line, col } = at(error.pos[0] >= yamlText.trimEnd().length ? lastLine : error.pos[0]);
      const plainly =
        error.code === 'DUPLICATE_KEY' ? duplicateKey(doc, error.pos[0], at)
        : error.code === 'TAB_AS_INDENT' ? 'a tab indents this line, and YAML takes only spaces: indent it with two spaces'
        : needsQuotes(error.code, yamlText, error.pos[0]);
      diagnostics.error(file, line, col, plainly ?? `invalid YAML in frontmatter: ${yamlMessage(error.message)}`);
    }
    return result;
  }
  if (!isMap(doc.contents) && doc.contents !== null) {
    diagnostics.error(file, 2, 1, 'frontmatter must be a list of `field: value` lines');
    return result;
  }
  if (reservedKeys(doc, file, at, diagnostics)) return result;
  cutByComments(doc, yamlText, file, at, diagnostics);
  let data: Record<string, unknown>;
  try {
    data = (doc.toJS({ maxAliasCount: MAX_ALIASES }) ?? {}) as Record<string, unknown>;
  } catch {
    // An alias bomb: a few lines whose `*aliases` expand to millions of values.
    let first: { line: number; col: number } | undefined;
    visit(doc, { Alias: (_, alias) => void (first ??= alias.range ? at(alias.range[0]) : undefined) });
    const { line, col } = first ?? { line: 2, col: 1 };
    diagnostics.error(file, line, col, 'invalid YAML in frontmatter: its `*aliases` repeat values too many times; write the values out instead');
    return result;
  }
  const schema = options.strict ? frontmatterSchema : LENIENT_SCHEMA;
  if (!options.strict) {
    const errorsBefore = diagnostics.errors;
    Object.assign(result, lenient(data, doc, file, at, diagnostics));
    if (diagnostics.errors > errorsBefore) return result;
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) {
    result.frontmatter = parsed.data;
    return result;
  }
  for (const issue of parsed.error.issues) report(issue, doc, file, at, diagnostics);
  return result;
}

/**
 * The frontmatter of plain `key: text` lines (`simpleYaml`), without the YAML library, when it has
 * no problem; else undefined, and the library reads it again to place each problem.
 */
function validSimple(yamlText: string, options: ParseOptions): Pick<ParsedSource, 'frontmatter' | 'foreign' | 'ignoredFields' | 'heroTitle'> | undefined {
  const data: Record<string, unknown> | undefined = simpleYaml(yamlText);
  if (!data) return undefined;
  const problems = new Diagnostics();
  const found = options.strict ? {} : lenient(data, undefined, '', () => ({ line: 1, col: 1 }), problems);
  if (problems.errors) return undefined;
  const parsed = (options.strict ? frontmatterSchema : LENIENT_SCHEMA).safeParse(data);
  return parsed.success ? { ...found, frontmatter: parsed.data } : undefined;
}

// Enough for any real frontmatter; the YAML library's own limit is also 100.
const MAX_ALIASES = 100;

/**
 * `__proto__` is a key that plain objects cannot hold: it would vanish or, worse, change the
 * object's prototype. Refuse it by name rather than drop it.
 */
function reservedKeys(doc: Document, file: string, at: (offset: number) => { line: number; col: number }, diagnostics: Diagnostics): boolean {
  let found = false;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && String(pair.key.value) === '__proto__') {
        const { line, col } = pair.key.range ? at(pair.key.range[0]) : { line: 2, col: 1 };
        diagnostics.error(file, line, col, '`__proto__` cannot be used as a name here: rename it (it is reserved in JavaScript)');
        found = true;
      }
    },
  });
  return found;
}

/**
 * Outside `--strict`: fields of other tools are dropped, a field close to one of ours is still a
 * typo, and any other unknown field is set aside for the summary. Values that mean something else
 * to another tool are read its way (a Docusaurus `slug: /intro` is a route, its tags may be objects).
 */
function lenient(
  data: Record<string, unknown>,
  doc: Document | undefined,
  file: string,
  at: (offset: number) => { line: number; col: number },
  diagnostics: Diagnostics,
): Pick<ParsedSource, 'foreign' | 'ignoredFields' | 'heroTitle'> {
  const known = new Set<string>(FRONTMATTER_KEYS);
  const ignoredFields: string[] = [];
  let foreign = false;
  const hero = heroTitle(data);
  for (const key of Object.keys(data)) {
    if (known.has(key)) continue;
    const suggestion = OTHER_TOOLS_FIELDS.has(key) ? undefined : closest(key, FRONTMATTER_KEYS);
    if (suggestion) {
      const node = doc && keyNode(doc, [key]);
      const { line, col } = node?.range ? at(node.range[0]) : { line: 2, col: 1 };
      diagnostics.error(file, line, col, `unknown field \`${key}\` — did you mean \`${suggestion}\`? (known fields: ${FRONTMATTER_KEYS.join(', ')})`);
      continue;
    }
    if (OTHER_TOOLS_FIELDS.has(key)) foreign = true;
    else ignoredFields.push(key);
    delete data[key];
  }
  if (typeof data.slug === 'string' && data.slug.startsWith('/')) {
    delete data.slug;
    foreign = true;
  }
  if (Array.isArray(data.tags)) {
    data.tags = data.tags.map((tag) => (tag && typeof tag === 'object' && 'label' in tag ? (tag as { label: unknown }).label : tag));
  }
  return { foreign, ignoredFields, heroTitle: hero };
}

function report(
  issue: z.core.$ZodIssue,
  doc: Document,
  file: string,
  at: (offset: number) => { line: number; col: number },
  diagnostics: Diagnostics,
): void {
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) {
      const node = keyNode(doc, [...issue.path, key]);
      const { line, col } = node?.range ? at(node.range[0]) : { line: 2, col: 1 };
      const suggestion = closest(key, FRONTMATTER_KEYS);
      diagnostics.error(file, line, col, `unknown field \`${key}\`${suggestion ? ` — did you mean \`${suggestion}\`?` : ''} (known fields: ${FRONTMATTER_KEYS.join(', ')})`);
    }
    return;
  }
  const field = issue.path.join('.');
  const top = String(issue.path[0] ?? '');
  const missing = issue.code === 'invalid_type' && !doc.hasIn(issue.path as unknown[]);
  if (missing) {
    diagnostics.error(file, 1, 1, `missing required field \`${field}\`: add \`${field}: …\` to the frontmatter`);
    return;
  }
  const node = valueNode(doc, issue.path) ?? keyNode(doc, [top]);
  const { line, col } = node?.range ? at(node.range[0]) : { line: 2, col: 1 };
  diagnostics.error(file, line, col, `field \`${field}\` ${fieldMessage(issue, top)}`);
}

const EXAMPLES: Record<string, string> = {
  title: 'title: Pay your bill',
  description: 'description: How to pay your bill online, in the app or by phone.',
  tags: 'tags: [billing, payments]',
  aliases: 'aliases: [GPRR, data transfer charge]',
  pages: 'pages: ["/account/bill/*"]',
  terms: 'terms:\n    GPRR: Data used on a partner network while roaming.',
  related: 'related: [billing/bill-codes]',
  locale: 'locale: en',
  order: 'order: 1',
  updated: 'updated: 2026-10-14',
  draft: 'draft: true',
  slug: 'slug: billing/pay-your-bill',
};

function fieldMessage(issue: z.core.$ZodIssue, top: string): string {
  const example = EXAMPLES[top] ? ` (example: \`${EXAMPLES[top]}\`)` : '';
  if (issue.code === 'invalid_type') return `must be ${describeType(issue.expected)}${example}`;
  return `${issue.message}${example}`;
}

function describeType(expected: string): string {
  return ({ string: 'text', number: 'a number', boolean: 'true or false', array: 'a list', object: 'a mapping of `name: value` lines', record: 'a mapping of `name: value` lines' } as Record<string, string>)[expected] ?? expected;
}

/**
 * What a key given twice needs to be fixed: which key, in which field, and where the other one is
 * (YAML says only "Map keys must be unique", at the second).
 */
function duplicateKey(doc: Document, offset: number, at: (offset: number) => { line: number }): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Map(_, map, path) {
      const second = map.items.find((pair) => isScalar(pair.key) && pair.key.range?.[0] === offset);
      if (!second) return;
      const key = String((second.key as { value: unknown }).value);
      const first = map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
      const parent = path.at(-1);
      const field = parent && 'key' in parent && isScalar(parent.key) ? ` in \`${String(parent.key.value)}\`` : '';
      const line = isScalar(first?.key) && first.key.range ? ` (also on line ${at(first.key.range[0]).line})` : '';
      found = `\`${key}\` is given twice${field}${line}: keep one, or merge them`;
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * The fix for the mistakes writers make most in a value, with the line to write: a `: ` inside it
 * ("title: Roaming: how it works", which YAML reads as a mapping) or a first character YAML
 * reserves (`@`, a backtick). Undefined for other problems.
 */
function needsQuotes(code: string, yamlText: string, offset: number): string | undefined {
  if (code !== 'BLOCK_AS_IMPLICIT_KEY' && code !== 'BAD_SCALAR_START') return undefined;
  const start = yamlText.lastIndexOf('\n', offset - 1) + 1;
  const end = yamlText.indexOf('\n', offset);
  const pair = /^(\s*)([\w-]+): +(.+?)\s*$/.exec(yamlText.slice(start, end < 0 ? undefined : end));
  if (!pair) return undefined;
  const [, indent, key, value] = pair;
  const why = code === 'BAD_SCALAR_START' ? `starts with ${JSON.stringify(value[0])}, which YAML reserves` : 'holds `: `, which YAML reads as the start of another field';
  return `the value of \`${key}\` ${why}: put it in quotes, like \`${indent.trim()}${key}: ${quoted(value)}\``;
}

/** `text` as a quoted YAML value: in double quotes, or single ones when it holds a double quote. */
const quoted = (text: string) => (text.includes('"') ? `'${text.replaceAll("'", "''")}'` : `"${text.replaceAll('\\', '\\\\')}"`);

/**
 * Warns of a value cut short by a `#` that YAML read as a comment: "title: Fix error #42" gives the
 * title "Fix error". A comment as people write them (`# why`, a space after the `#`) is left alone.
 */
function cutByComments(doc: Document, yamlText: string, file: string, at: (offset: number) => { line: number; col: number }, diagnostics: Diagnostics): void {
  visit(doc, {
    Pair(_, pair) {
      const { key, value } = pair;
      // (A quoted value ends at its quote: what follows was not meant to be in it.)
      if (!isScalar(value) || value.type !== 'PLAIN' || !isScalar(key) || !value.comment || /^\s/.test(value.comment) || !value.range) return;
      const hash = yamlText.indexOf('#', value.range[1]);
      const rest = yamlText.slice(hash, value.range[2]).trimEnd();
      const { line, col } = at(hash);
      const whole = `${yamlText.slice(value.range[0], value.range[1]).trimEnd()} ${rest}`;
      diagnostics.warning(file, line, col, `\`${String(key.value)}\` ends before \`${rest}\`: YAML reads \` #\` as the start of a comment and leaves the rest out; if it belongs to the value, put the value in quotes, like \`${String(key.value)}: ${quoted(whole)}\``);
    },
  });
}

function yamlMessage(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '');
}

type PathKey = PropertyKey;

function keyNode(doc: Document, path: PathKey[]): Node | undefined {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1) as unknown[], true) : doc.contents;
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(path[path.length - 1]));
  return pair?.key as Node | undefined;
}

function valueNode(doc: Document, path: PathKey[]): Node | undefined {
  const node = doc.getIn(path as unknown[], true);
  return node && typeof node === 'object' && 'range' in (node as object) ? (node as Node) : undefined;
}
