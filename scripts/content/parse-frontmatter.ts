import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { FRONTMATTER_KEYS, frontmatterSchema, type Frontmatter } from '../../src/schema.ts';
import { closest, type Diagnostics } from '../diagnostics.ts';

export interface ParsedSource {
  /** Undefined when the frontmatter has errors (already reported). */
  frontmatter?: Frontmatter;
  /** The markdown after the frontmatter. */
  body: string;
  /** Offset of the body in the file, to report positions in the body as file positions. */
  bodyOffset: number;
  /** 1-based line of the body's first line. */
  bodyLine: number;
}

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)^---[ \t]*(?:\r?\n|$)/m;

/**
 * Splits a markdown file into YAML frontmatter and body, parses the YAML and validates it. Every
 * problem is reported with its file, line and column, and a hint on how to fix it.
 */
export function parseFrontmatter(file: string, source: string, diagnostics: Diagnostics): ParsedSource {
  const text = source.replace(/^\uFEFF/, '');
  const match = text.startsWith('---') ? FENCE.exec(text) : null;
  if (!match || match.index !== 0) {
    const unclosed = text.startsWith('---');
    diagnostics.error(file, 1, 1, unclosed
      ? 'frontmatter is not closed: add a line with just `---` after the last field'
      : 'missing frontmatter: start the file with `---`, a line `title: Your article title`, and `---`');
    return { body: unclosed ? '' : text, bodyOffset: 0, bodyLine: 1 };
  }
  const yamlText = match[1];
  const bodyOffset = match[0].length;
  const bodyLine = match[0].split('\n').length;
  const result: ParsedSource = { body: text.slice(bodyOffset), bodyOffset, bodyLine };

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
      diagnostics.error(file, line, col, `invalid YAML in frontmatter: ${yamlMessage(error.message)}`);
    }
    return result;
  }
  const data: unknown = doc.toJS() ?? {};
  if (!isMap(doc.contents) && doc.contents !== null) {
    diagnostics.error(file, 2, 1, 'frontmatter must be a list of `field: value` lines');
    return result;
  }
  const parsed = frontmatterSchema.safeParse(data);
  if (parsed.success) {
    result.frontmatter = parsed.data;
    return result;
  }
  for (const issue of parsed.error.issues) report(issue, doc, file, at, diagnostics);
  return result;
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
