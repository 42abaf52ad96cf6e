import { attributeValue } from './raw-html-urls.ts';

/**
 * Turns the syntax other documentation tools add to markdown into plain markdown, so their folders
 * build as they are: MDX `import`/`export` lines, `{/* comments *\/}` and component tags
 * (`<Tabs>`, `<Card title="…" />`) go, the text inside components stays; VitePress `<script setup>`
 * and `<style>` blocks, `[[toc]]` and the `:::` fences of containers and asides go too (those that
 * say what GitHub's alerts say are noted, for their blocks to be quoted as those: see `Container`).
 *
 * Everything removed is replaced by spaces and every line stays where it was, so positions in the
 * result are positions in the file and problems are still reported at the right line.
 */
export function toPlainMarkdown(body: string, mdx: boolean, containers?: Container[]): string {
  const lines = body.split('\n');
  // Where the line starts in `body`, and the containers open there (see `Container`).
  let at = 0;
  const open: { kind?: string; title?: string; start: number }[] = [];
  const asides: typeof open = [];
  let fence: { marker: string; dedent: number } | undefined;
  let block: string | undefined;
  let inImport = false;
  let inTag = false;
  let depth = 0;
  for (let i = 0; i < lines.length; at += lines[i].length + 1, i++) {
    let line = lines[i];
    if (fence) {
      if (fence.dedent) line = dedent(line, fence.dedent);
      if (line.trimStart().startsWith(fence.marker) && !line.trim().slice(fence.marker.length).replace(new RegExp(`^\\${fence.marker[0]}+`), '')) fence = undefined;
      lines[i] = line;
      continue;
    }
    if (block) {
      if (new RegExp(`</${block}\\s*>`, 'i').test(line)) block = undefined;
      lines[i] = blank(line);
      continue;
    }
    const opening = /^(\s*)(`{3,}|~{3,})/.exec(line);
    if (opening) {
      // Inside an MDX component, indentation is layout, not an indented code block.
      const dedentBy = mdx && depth > 0 ? opening[1].length : 0;
      if (dedentBy || opening[1].length <= 3) fence = { marker: opening[2], dedent: dedentBy };
      lines[i] = dedentBy ? dedent(line, dedentBy) : line;
      continue;
    }
    const script = /^\s*<(script|style)\b/i.exec(line);
    if (script) {
      if (!new RegExp(`</${script[1]}\\s*>`, 'i').test(line)) block = script[1];
      lines[i] = blank(line);
      continue;
    }
    if (/^\s*\[\[toc\]\]\s*$/i.test(line)) {
      lines[i] = blank(line);
      continue;
    }
    const colons = line.includes(':::') ? CONTAINER_FENCE.exec(line) : null;
    if (colons) {
      const title = [colons[3], colons[4]].map((part) => part?.trim()).filter(Boolean).join(' ');
      // A container's kind, noted where it opens and closes (see `Container`).
      if (containers) {
        const closing = !colons[2] && !title;
        if (!closing) open.push({ kind: CONTAINER_KINDS.get(colons[2].toLowerCase()), start: at, ...(title && { title }) });
        else {
          const opened = open.pop();
          if (opened?.kind && !open.length) containers.push({ kind: opened.kind, ...(opened.title && { title: opened.title }), start: opened.start, end: at + line.length });
        }
      }
      // `::: tip Title`, `:::note[Title]`: the fence goes, its title stays as text.
      line = title.padEnd(line.length);
    }
    if (/^\s*<<<\s/.test(line)) line = blank(line); // VitePress: a code snippet imported from a file
    if (mdx) {
      if (inImport || /^(import|export)\s/.test(line)) {
        // `import {\n  Card,\n} from '…'` spans lines; it ends at its `from '…'` or a bare `import '…'`.
        if (inImport || /^import\s/.test(line)) inImport = !/['"][^'"]*['"];?\s*$/.test(line);
        lines[i] = blank(line);
        continue;
      }
      // Starlight's <Aside type="caution" title="…">, Docusaurus's <Admonition type="…">: noted as
      // the containers that say the same (see `Container`), before their tags go with the others.
      if (containers && !inTag && /<\/?(Aside|Admonition)\b/.test(line)) {
        const opening = ASIDE_OPEN.exec(line);
        if (opening) {
          const kind = CONTAINER_KINDS.get((attributeValue(opening[2], 'type') ?? 'note').toLowerCase());
          const title = attributeValue(opening[2], 'title');
          asides.push({ kind: kind === 'details' ? undefined : kind, start: at, ...(title && { title }) });
        }
        if (ASIDE_CLOSE.test(line)) {
          const opened = asides.pop();
          if (opened?.kind && !asides.length && !open.length) containers.push({ kind: opened.kind, ...(opened.title && { title: opened.title, titleInText: false }), start: opened.start, end: at + line.length });
        }
      }
      const indent = /^\s*/.exec(line)![0].length;
      const result = stripComponents(line, inTag);
      inTag = result.inTag;
      line = result.line;
      const leading = /^\s*/.exec(line)![0].length;
      depth = Math.max(0, depth + result.depthChange);
      // Keep the line's length: the indentation moves to its end. So does the room a tag that
      // opened the line left (`<Aside>Text</Aside>` is a paragraph, not indented code).
      if (((depth > 0 || result.depthChange < 0) && leading) || leading > indent) {
        if (line.trim()) line = line.slice(leading) + ' '.repeat(leading);
      }
      line = withoutHardBreak(line, lines[i]);
    }
    lines[i] = line;
  }
  return lines.join('\n');
}

/**
 * A container or aside of VitePress, Docusaurus or Starlight (`::: warning`, `:::note[Title]`) that
 * says what GitHub's alerts say, or VitePress's `::: details`: its kind as GitHub names it (or
 * `details`), its title if it has one, from the start of its opening line to the end of its
 * closing one in the body. Outermost ones only.
 */
export interface Container {
  kind: string;
  /** `::: warning Node version`, `:::note[Before you start]`: shown in place of the kind's name (the summary of `details`). */
  title?: string;
  /** False for a title that is not in the text (an attribute: `<Aside title="…">`); else it is, at the start (see `toPlainMarkdown`). */
  titleInText?: boolean;
  start: number;
  end: number;
}

// The containers' kinds, as GitHub's alerts name them (see render-markdown.ts). Docusaurus's and
// Starlight's "caution" is their yellow one, GitHub's warning; their "danger", GitHub's caution.
// VitePress's `details` is a block that opens on a click, as HTML's <details>.
const CONTAINER_KINDS = new Map([
  ['note', 'note'], ['info', 'note'], ['tip', 'tip'], ['important', 'important'], ['warning', 'warning'], ['caution', 'warning'], ['danger', 'caution'], ['details', 'details'],
]);

// A container's fence (`::: warning Title`, `:::note[Title]`, `:::`): its colons, its kind, and its title in brackets or after it.
const CONTAINER_FENCE = /^\s*(:{3,})[ \t]*([\w-]*)(?:\[([^\]]*)\])?(.*)$/;

// An <Aside> or <Admonition> opening at the start of a line (its attributes on that line), and one closing on a line.
const ASIDE_OPEN = /^\s*<(Aside|Admonition)\b([^>]*)>/;
const ASIDE_CLOSE = /<\/(Aside|Admonition)\s*>/;

const blank = (s: string) => s.replace(/[^\n]/g, ' ');

/**
 * A line whose end a tag blanked or the room moved there left in spaces, with tabs for all but
 * one of them: two spaces or more before a line break are a hard line break in markdown, which
 * `Install the <Badge>beta</Badge>` before a next line of the paragraph is not. One the writer
 * ended so (`written`) keeps its break.
 */
function withoutHardBreak(line: string, written: string): string {
  const spaces = / *$/.exec(line)![0].length;
  if (spaces < 2 || / {2,}$/.test(written) || !line.trim()) return line;
  return `${line.slice(0, line.length - spaces + 1)}${'\t'.repeat(spaces - 1)}`;
}

function dedent(line: string, by: number): string {
  const leading = Math.min(by, /^\s*/.exec(line)![0].length);
  return line.slice(leading) + ' '.repeat(leading);
}

// A component tag: capitalised (`<Card>`, `<Tabs.Item>`), or a fragment `<>`; attribute values
// may be quoted or `{expressions}` that hold `>`.
const ATTRS = String.raw`(?:[^>{"']|"[^"]*"|'[^']*'|\{[^}]*\})*`;
const TAG = new RegExp(String.raw`<(/?)([A-Z][\w.]*)${ATTRS}>|<(/?)>`, 'g');
const TAG_START = /<([A-Z][\w.]*)(?:\s[^>]*)?$/;
const TAG_END = new RegExp(`^${ATTRS}>`);

/** A TabItem's `label`, else its `value` (Docusaurus, Starlight), as markdown text. */
const tabLabel = (tag: string) =>
  // (As markdown's text: a `*` or `_` of the label is not emphasis.)
  (attributeValue(tag, 'label') ?? attributeValue(tag, 'value'))?.replace(/[\\`*_[\]<]/g, '\\$&');

/** Blanks the component tags and `{/* comments *\/}` of one line, outside inline code, but a tab's label (see `tabLabel`). */
function stripComponents(line: string, inTag: boolean): { line: string; inTag: boolean; depthChange: number } {
  let depthChange = 0;
  if (inTag) {
    const end = TAG_END.exec(line);
    if (!end) return { line: blank(line), inTag: true, depthChange };
    if (!end[0].endsWith('/>')) depthChange++;
    line = blank(end[0]) + line.slice(end[0].length);
  }
  let open = false;
  const parts = line.split(/(`+[^`]*`+)/);
  for (let p = 0; p < parts.length; p += 2) {
    parts[p] = parts[p]
      .replace(/\{\/\*[\s\S]*?\*\/\}/g, blank)
      .replace(TAG, (tag: string, close: string, name: string, fragmentClose: string) => {
        if (close || fragmentClose) depthChange--;
        else if (!tag.endsWith('/>')) depthChange++;
        // A tab's label stays, in bold, over what the tab holds: its tabs shown one after the
        // other, "macOS" and "Windows" tell them apart.
        const label = !close && name === 'TabItem' ? tabLabel(tag) : undefined;
        return label && label.length + 4 <= tag.length ? `**${label}**`.padEnd(tag.length) : blank(tag);
      });
    if (p === parts.length - 1) {
      parts[p] = parts[p].replace(TAG_START, (tag: string) => {
        open = true;
        return blank(tag);
      });
    }
  }
  return { line: parts.join(''), inTag: open, depthChange };
}

/**
 * Docusaurus reads `.md` files as MDX too: a `.md` body with an `import … from '…'` or
 * `export const` line outside code is MDX.
 */
export function looksLikeMdx(body: string): boolean {
  let fence: string | undefined;
  for (const line of body.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
    } else if (marker) {
      fence = marker;
    } else if (/^import\s.+\sfrom\s+['"][^'"]+['"];?\s*$/.test(line) || /^export\s+(const|default|function)\s/.test(line)) {
      return true;
    }
  }
  return false;
}
