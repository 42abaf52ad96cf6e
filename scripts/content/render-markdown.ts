import GithubSlugger from 'github-slugger';
import { Lexer, Marked, Renderer, type MarkedExtension, type Token, type Tokens, type TokensList } from 'marked';
import markedFootnote from 'marked-footnote';
import path from 'node:path';
import type { Container } from './foreign-syntax.ts';
import { sanitize } from './sanitize.ts';
import { attributeValue } from './raw-html-urls.ts';

/** A heading of an article, with the stable anchor id the build gives it. */
export interface Heading {
  anchor: string;
  text: string;
  depth: number;
  /** Offset in the body. */
  offset: number;
}

export interface Section {
  /** Undefined for the intro (text before the first h2/h3). */
  heading?: Heading;
  text: string;
}

/** A markdown body after the first pass: tokens with anchors, its headings and its sections. */
export interface LexedBody {
  tokens: TokensList;
  headings: Heading[];
  /** `sections[0]` is the intro; then one per h2/h3. */
  sections: Section[];
  /** Top-level tokens with their offsets in the body. */
  offsets: number[];
  /** With `titleHeading`: the text of the `# heading` taken out as the title. */
  title?: string;
  /**
   * The anchor of that `# heading`, as GitHub gives it (and the headings after it count it: a
   * `## heading` of the same words is `…-1`): a link to it opens the article at its top.
   */
  titleAnchor?: string;
  /** The ids raw HTML gives its elements, and the names of its `<a name>`: links may name them, as on GitHub (set with its links, see `htmlAnchors`). */
  htmlAnchors?: string[];
}

type AnchoredHeading = Tokens.Heading & { anchor?: string };
/**
 * A quote that is one of GitHub's alerts, or a container of another tool read as one (`alert`, its
 * kind, and `title`, a container's own) or as a <details> (`summary`).
 */
type AlertBlockquote = Tokens.Blockquote & { alert?: string; title?: string; summary?: string };
type ArticleLink = Tokens.Link & { article?: { slug: string; anchor?: string } };

// GitHub's footnotes (`a claim[^1]` and, anywhere, `[^1]: its note`), read by marked-footnote: a
// note's reference is a link to it, and the notes are listed at the end of the article, each with
// a link back. Its ids are those GitHub gives (`footnote-1`, `footnote-ref-1`).
const FOOTNOTES = { prefixId: 'footnote-', description: 'Footnotes' };

/**
 * A body's tokens. One with footnotes is read by a Marked of its own: marked-footnote keeps the
 * notes of the body being read in the extension, and one token for them all, which a body read
 * after would empty before this one is rendered. Bodies without are read as they always were.
 */
function lexMarkdown(body: string): TokensList {
  if (!body.includes('[^')) return new Lexer({ gfm: true }).lex(body);
  const tokens = new Marked({ gfm: true }).use(markedFootnote(FOOTNOTES)).lexer(body);
  // marked-footnote puts the notes' token first (its `walkTokens`, which `parse` runs, moves it
  // last). The lexer gave it the line break of a blank first line, as the token before: that stays
  // first, so every token keeps its place in the body.
  const notes = tokens[0] as (Token & { items: unknown[] }) | undefined;
  if (notes?.type === 'footnotes') {
    tokens[0] = { type: 'space', raw: notes.raw.slice(FOOTNOTES.description.length) };
    if (notes.items.length) tokens.push({ ...notes, raw: '' });
  }
  return tokens;
}

/**
 * The notes at the end of an article (marked-footnote's `footnotes` token): a rule, then the list,
 * marked for the widget to set it in smaller type, each note with a link back to where it is
 * referred to. Its heading is left out: a heading would start a section the index knows nothing of.
 */
const footnoteList: MarkedExtension = {
  extensions: [
    {
      name: 'footnotes',
      renderer(token) {
        const items = (token as { items?: { label: string; content: Token[]; refs: unknown[] }[] }).items ?? [];
        if (!items.length) return '';
        const notes = items.map(({ label, content, refs }) => {
          const id = encodeURIComponent(label);
          const backs = refs.map((_, i) => ` <a href="#${FOOTNOTES.prefixId}ref-${id}${i ? `-${i + 1}` : ''}">↩${i ? `<sup>${i + 1}</sup>` : ''}</a>`).join('');
          const html = this.parser.parse(content).trimEnd();
          // The links back end the note's last paragraph, as GitHub puts them.
          return `<li id="${FOOTNOTES.prefixId}${id}">\n${html.endsWith('</p>') ? `${html.slice(0, -4)}${backs}</p>` : `${html}${backs}`}\n</li>\n`;
        });
        return `<hr />\n<ol data-footnotes>\n${notes.join('')}</ol>\n`;
      },
    },
  ],
};

/**
 * First pass: tokens, stable GitHub-style heading anchors, and the section split. With
 * `titleHeading`, the first `# heading` is the article's title and leaves the body.
 */
export function lexBody(body: string, options: { titleHeading?: boolean; containers?: Container[] } = {}): LexedBody {
  const tokens = lexMarkdown(body);
  if (options.containers?.length) quoteContainers(tokens, options.containers);
  const slugger = new GithubSlugger();
  const headings: Heading[] = [];
  const sections: Section[] = [{ text: '' }];
  const offsets: number[] = [];
  const parts: string[][] = [[]];
  let offset = 0;
  let title: string | undefined;
  let titleAnchor: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (options.titleHeading && title === undefined && token.type === 'heading' && token.depth === 1) {
      const custom = customAnchor(token as Tokens.Heading);
      title = plainText((token as Tokens.Heading).tokens).trim();
      titleAnchor = custom ?? slugger.slug(title);
      tokens.splice(i--, 1);
      offset += token.raw.length;
      continue;
    }
    offsets.push(offset);
    if (token.type === 'blockquote') markAlert(token as Tokens.Blockquote);
    if (token.type === 'heading') {
      const heading = token as AnchoredHeading;
      const custom = customAnchor(heading);
      const text = plainText(heading.tokens).trim();
      heading.anchor = custom ?? slugger.slug(text);
      const entry = { anchor: heading.anchor, text, depth: heading.depth, offset };
      headings.push(entry);
      if (heading.depth === 2 || heading.depth === 3) {
        sections.push({ heading: entry, text: '' });
        parts.push([]);
        offset += token.raw.length;
        continue;
      }
    }
    parts[parts.length - 1].push(blockText(token));
    offset += token.raw.length;
  }
  sections.forEach((section, i) => (section.text = parts[i].join('\n').replace(/\n{2,}/g, '\n').trim()));
  return { tokens, headings, sections, offsets, title: title || undefined, ...(title && { titleAnchor }) };
}

/**
 * `## Installation {#install}`: VitePress's and Docusaurus's way to fix a heading's anchor. The
 * `{#…}` leaves the heading's text and becomes its anchor.
 */
function customAnchor(heading: Tokens.Heading): string | undefined {
  const match = /\s*\{#([\w-]+)\}\s*$/.exec(heading.text);
  const last = heading.tokens.at(-1);
  if (!match || last?.type !== 'text') return undefined;
  const cut = (s: string) => s.replace(/\s*\{#[\w-]+\}\s*$/, '');
  (last as Tokens.Text).text = cut((last as Tokens.Text).text);
  last.raw = cut(last.raw);
  heading.text = cut(heading.text);
  return match[1];
}

// GitHub's alerts: a quote whose first line is only `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]`.
const ALERT = /^\[!(note|tip|important|warning|caution)\][ \t]*(?:\n|$)/i;

/**
 * Marks a quote that is one of GitHub's alerts (`> [!NOTE]`, as VitePress also reads them) with its
 * kind, and takes its marker out: the widget shows the kind's name, in its language, and the
 * marker is neither shown nor searched.
 */
function markAlert(quote: AlertBlockquote): void {
  if (quote.alert || quote.summary !== undefined) return; // a container, read as one already
  const first = quote.tokens[0];
  const text = first?.type === 'paragraph' ? (first as Tokens.Paragraph).tokens[0] : undefined;
  const marker = text?.type === 'text' ? ALERT.exec((text as Tokens.Text).text) : null;
  if (!marker) return;
  (quote as AlertBlockquote).alert = marker[1].toLowerCase();
  const paragraph = first as Tokens.Paragraph;
  paragraph.text = paragraph.text.slice(marker[0].length);
  (text as Tokens.Text).text = (text as Tokens.Text).text.slice(marker[0].length);
  if (!(text as Tokens.Text).text) paragraph.tokens.shift();
  if (!paragraph.tokens.length) quote.tokens.shift();
}

/**
 * The blocks of each container of another tool (`::: warning`, see `Container`) as one quote marked
 * as the alert GitHub writes with `> [!WARNING]`, or, for `::: details`, as a <details>. A title
 * leaves the text, where `toPlainMarkdown` left it, for the quote's label (the details' summary).
 * Not a container with headings in it, which stay sections of their own.
 */
function quoteContainers(tokens: TokensList, containers: Container[]): void {
  const starts: number[] = [];
  tokens.reduce((at, token) => (starts.push(at), at + token.raw.length), 0);
  for (const { kind, title, titleInText = true, start, end } of [...containers].sort((a, b) => b.start - a.start)) {
    const first = starts.findIndex((at) => at >= start);
    let last = first;
    while (last >= 0 && last < tokens.length && starts[last] < end) last++;
    const inside = first < 0 ? [] : tokens.slice(first, last);
    if (!inside.some((token) => token.type !== 'space') || inside.some((token) => token.type === 'heading')) continue;
    const raw = inside.map((token) => token.raw).join('');
    const titled = title !== undefined && (!titleInText || takeTitle(inside, title));
    const quote: AlertBlockquote = { type: 'blockquote', raw, text: raw, tokens: inside, ...(kind === 'details' ? { summary: titled ? title : '' } : { alert: kind, ...(titled && { title }) }) };
    tokens.splice(first, last - first, quote);
    starts.splice(first, last - first, starts[first]);
  }
}

/**
 * Takes a container's title from the start of its first paragraph, the line `toPlainMarkdown` left
 * it on (a line break follows). False, and nothing taken, when it is not found there.
 */
function takeTitle(blocks: Token[], title: string): boolean {
  const at = blocks.findIndex((token) => token.type !== 'space');
  const paragraph = blocks[at] as Tokens.Paragraph | undefined;
  if (paragraph?.type !== 'paragraph') return false;
  const [text, next] = paragraph.tokens;
  if (text?.type !== 'text' || (text as Tokens.Text).text.trim() !== title || (next && next.type !== 'br')) return false;
  paragraph.tokens.splice(0, next ? 2 : 1);
  paragraph.text = paragraph.text.slice(paragraph.text.indexOf('\n') + 1 || paragraph.text.length);
  if (!paragraph.tokens.length) blocks.splice(at, 1);
  return true;
}

// An id, or an <a>'s name, in raw HTML (`<a name="install"></a>`, `<span id="fees">`).
const HTML_ANCHOR = /<([a-z][\w-]*)\b[^>]*?\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/**
 * The anchors a body's raw HTML makes (see `LexedBody.htmlAnchors`), from its pieces of raw HTML as
 * `bodyParts` found them: not those of code, which is text.
 */
export function htmlAnchors(html: BodyLink<Tokens.HTML | Tokens.Tag>[]): string[] {
  const ids: string[] = [];
  for (const { token } of html) {
    for (const [, tag, attribute, ...values] of token.raw.matchAll(HTML_ANCHOR)) {
      const id = values.find((value) => value !== undefined)?.trim();
      if (id && (attribute.toLowerCase() === 'id' || tag.toLowerCase() === 'a')) ids.push(id);
    }
  }
  return ids;
}

/** Plain text of inline tokens. */
function plainText(tokens: Token[] | undefined): string {
  return (tokens ?? []).map(blockText).join('');
}

/**
 * Plain text of any token, for the search index and excerpts: a line for each paragraph, list item,
 * table row (its cells joined by " · ") and line of code.
 */
function blockText(token: Token): string {
  switch (token.type) {
    case 'space':
    case 'hr':
      return '';
    case 'br':
      return ' ';
    case 'code': {
      const title = codeTitle((token as Tokens.Code).lang);
      return title ? `${title}\n${token.text}` : token.text;
    }
    case 'html':
      return token.text.replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/\n/g, ' ');
    case 'image':
      return token.text;
    case 'footnote':
      // A note's text, where it is written (its reference is no text: see `lexMarkdown`).
      return `${(token as Token & { content: Token[] }).content.map(blockText).join('\n')}\n`;
    case 'blockquote': {
      // A container's title, or its summary, is searched as the line before its text.
      const { title, summary } = token as AlertBlockquote;
      const label = title ?? summary;
      return `${label ? `${label}\n` : ''}${plainText(token.tokens)}\n`;
    }
    case 'list':
      // An item's blocks on lines of their own: its text, then a list in it ("Hooks" then "onRequest", not "HooksonRequest").
      return (token as Tokens.List).items.map((item) => item.tokens.map(blockText).join('\n').replace(/\n{2,}/g, '\n').trim()).join('\n');
    case 'table': {
      const table = token as Tokens.Table;
      const rows = [table.header, ...table.rows].map((row) => row.map((cell) => plainText(cell.tokens)).join(' · '));
      return rows.join('\n');
    }
    default:
      if ('tokens' in token && token.tokens) return plainText(token.tokens) + (isBlock(token) ? '\n' : '');
      // A line break in a paragraph's text is the writer's wrapping: the text's own line breaks
      // end its blocks (paragraphs, list items, table rows), which passages set apart (highlight.ts).
      return 'text' in token && typeof token.text === 'string' ? token.text.replace(/\n/g, ' ') : '';
  }
}

const isBlock = (token: Token) => token.type === 'paragraph' || token.type === 'heading' || token.type === 'blockquote';

// Walks a body's tokens for `bodyParts`: made once, not for each article. (It knows footnotes,
// to walk into their notes.)
const walker = new Marked({ gfm: true }).use(markedFootnote(FOOTNOTES));

/** A link, image or piece of raw HTML in a body, with its offset in the body, for checking. */
export interface BodyLink<T extends Tokens.Link | Tokens.Image | Tokens.HTML | Tokens.Tag = Tokens.Link> {
  token: T;
  offset: number;
}

/** What a body links to and embeds, each with its position. */
export interface BodyParts {
  links: BodyLink<Tokens.Link>[];
  images: BodyLink<Tokens.Image>[];
  /** Raw HTML: blocks, and tags within text. */
  html: BodyLink<Tokens.HTML | Tokens.Tag>[];
}

/**
 * Raw HTML whose images the build published and whose links it pointed at articles: the values to
 * replace (`src`, `href`), and attributes to add after them (see `renderer`).
 */
export type RawHtmlToken = (Tokens.HTML | Tokens.Tag) & { published?: RawReplacement[] };
interface RawReplacement {
  start: number;
  end: number;
  url: string;
  attributes?: string;
}

/** Where a URL of raw HTML is: the piece of HTML, and its value's place there. */
export interface RawUrlAt {
  html: RawHtmlToken;
  start: number;
  end: number;
}

/** Points an image of raw HTML at its published file. */
export function publishRawImage({ html, start, end }: RawUrlAt, url: string): void {
  (html.published ??= []).push({ start, end, url });
}

/** Points a link of raw HTML at another article (or a heading of its own), as `linkToArticle` does a markdown link. */
export function linkRawHtml({ html, start, end }: RawUrlAt, slug: string, anchor: string | undefined, href: string): void {
  (html.published ??= []).push({ start, end, url: href, attributes: ` ${articleAttributes({ slug, anchor })}` });
}

/** The attributes by which the widget opens a link's article in place (and scrolls to its heading). */
const articleAttributes = ({ slug, anchor }: { slug: string; anchor?: string }) =>
  `data-selfserve-article="${escapeAttr(slug)}"${anchor ? ` data-selfserve-anchor="${escapeAttr(anchor)}"` : ''}`;

/** Every link, image and piece of raw HTML of a body with its position, in one walk over its tokens. */
export function bodyParts(lexed: LexedBody, body: string): BodyParts {
  const parts: BodyParts = { links: [], images: [], html: [] };
  lexed.tokens.forEach((top, i) => {
    const start = lexed.offsets[i];
    let cursor = start;
    walker.walkTokens([top], (token) => {
      if (token.type !== 'link' && token.type !== 'image' && token.type !== 'html') return;
      const found = body.indexOf(token.raw, cursor);
      const offset = found === -1 || found > start + top.raw.length ? start : found;
      if (found !== -1) cursor = found + 1;
      if (token.type === 'link') parts.links.push({ token: token as Tokens.Link, offset });
      else if (token.type === 'image') parts.images.push({ token: token as Tokens.Image, offset });
      else parts.html.push({ token: token as Tokens.HTML | Tokens.Tag, offset });
    });
  });
  return parts;
}

/** A footnote the widget cannot show as the writer meant (see `footnoteProblems`). */
export interface FootnoteProblem {
  label: string;
  /** Its offset in the body. */
  offset: number;
  /** `unknown`: referred to, with no note; `unused`: a note never referred to, which is not shown. */
  kind: 'unknown' | 'unused';
}

/**
 * Footnotes that go wrong silently: a reference with no note stays as text (`[^2]`), and a note no
 * reference points at is not shown at all (as on GitHub). In text only, not code.
 */
export function footnoteProblems(lexed: LexedBody, body: string): FootnoteProblem[] {
  const problems: FootnoteProblem[] = [];
  if (!body.includes('[^')) return problems;
  type Note = Token & { label: string; refs: unknown[] };
  const notes = lexed.tokens.filter((token): token is Note => token.type === 'footnote');
  const labels = new Set(notes.map((note) => note.label));
  lexed.tokens.forEach((top, i) => {
    const start = lexed.offsets[i];
    if (top.type === 'footnote') {
      if (!(top as Note).refs.length) problems.push({ label: (top as Note).label, offset: start, kind: 'unused' });
      return;
    }
    walker.walkTokens([top], (token) => {
      if (token.type !== 'text' || 'tokens' in token) return;
      for (const match of token.raw.matchAll(/\[\^([^\]\n]+)\]/g)) {
        if (labels.has(match[1])) continue;
        const found = body.indexOf(match[0], start);
        problems.push({ label: match[1], offset: found < 0 || found > start + top.raw.length ? start : found, kind: 'unknown' });
      }
    });
  });
  return problems.sort((a, b) => a.offset - b.offset);
}

/** Marks a link as pointing at another article (the widget opens it in place). */
export function linkToArticle(link: Tokens.Link, slug: string, anchor: string | undefined, href: string): void {
  (link as ArticleLink).article = { slug, anchor };
  link.href = href;
}

const renderer = new Marked({
  gfm: true,
  renderer: {
    heading(token) {
      const { anchor } = token as AnchoredHeading;
      const id = anchor ? ` id="${anchor}"` : '';
      return `<h${token.depth}${id}>${this.parser.parseInline(token.tokens)}</h${token.depth}>\n`;
    },
    code(token) {
      // A code block's title, after its language (VitePress: ```sh [npm]; Docusaurus:
      // ```js title="app.js"), is its caption: a file's name, or which of a group it is.
      const title = codeTitle(token.lang);
      if (!title) return false; // the default renderer
      const code = new Renderer().code.call(this, token);
      return `<figure>\n<figcaption>${escapeText(title)}</figcaption>\n${code.trimEnd()}\n</figure>\n`;
    },
    blockquote(token) {
      const { alert, title, summary } = token as AlertBlockquote;
      // (No summary: the browser names it "Details", in its own language.)
      if (summary !== undefined) return `<details>\n${summary ? `<summary>${escapeText(summary)}</summary>\n` : ''}${this.parser.parse(token.tokens)}</details>\n`;
      if (!alert) return false; // the default renderer
      return `<blockquote data-alert="${alert}"${title ? ` data-alert-title="${escapeAttr(title)}"` : ''}>\n${this.parser.parse(token.tokens)}</blockquote>\n`;
    },
    html(token) {
      // Raw HTML whose images the build published, or whose links it found articles for, points at them (see render-linked.ts).
      const { published } = token as RawHtmlToken;
      if (!published || token.text !== token.raw) return false; // the default renderer
      let text = token.text;
      for (const { start, end, url, attributes = '' } of [...published].sort((a, b) => b.start - a.start)) {
        // The value with its quotes, if it has them, becomes the new one, double-quoted.
        const quoted = text[end] === '"' || text[end] === "'";
        text = `${text.slice(0, quoted ? start - 1 : start)}"${escapeAttr(url)}"${attributes}${text.slice(quoted ? end + 1 : end)}`;
      }
      return text;
    },
    link(token) {
      const { article } = token as ArticleLink;
      if (!article) return false; // the default renderer
      const attrs = [`href="${escapeAttr(token.href)}"`, articleAttributes(article)];
      if (token.title) attrs.push(`title="${escapeAttr(token.title)}"`);
      return `<a ${attrs.join(' ')}>${this.parser.parseInline(token.tokens)}</a>`;
    },
  },
}).use(markedFootnote(FOOTNOTES), footnoteList);

/** The title in a code block's info string, after its language: `sh [npm]`, `js title="app.js"`. */
function codeTitle(info: string | undefined): string | undefined {
  const rest = info?.replace(/^\S*/, '');
  if (!rest?.trim()) return undefined;
  return (/^\s*\[([^\]]+)\]/.exec(rest)?.[1].trim() ?? attributeValue(rest, 'title')) || undefined;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Second pass: the article's HTML, sanitized. */
export function renderBody(lexed: LexedBody): string {
  return sanitize(renderUnsanitized(lexed));
}

/** The article's HTML before `sanitize`, which the build runs on its worker threads. */
export function renderUnsanitized(lexed: LexedBody): string {
  return renderer.parser(lexed.tokens);
}

/** Splits a link's href into a content-relative file path and anchor, or undefined when external. */
export function resolveLocalHref(href: string, fromFile: string): { file?: string; anchor?: string } | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return undefined;
  // (Without a `%`, decoding changes nothing: a rebuild resolves every link of every article.)
  const [pathPart, anchor] = splitOnce(href.includes('%') ? decodeSafe(href) : href, '#');
  const clean = splitOnce(pathPart, '?')[0];
  if (!clean) return { anchor: anchor || undefined };
  // (`join` normalizes what it joins.)
  const file = clean.startsWith('/') ? path.posix.normalize(clean.slice(1)) : path.posix.join(path.posix.dirname(fromFile), clean);
  return { file, anchor: anchor || undefined };
}

/**
 * Where a link from the site's root may also point, as GitHub reads a leading slash: from the root
 * of the repository the content folder is part of. The link then names the content folder's own
 * path first (`/docs/guide/setup.md` in a folder `…/docs` is its `guide/setup.md`). `file` is the
 * link resolved from the content folder as the root (`docs/guide/setup.md`); the nearest root first.
 */
export function fromRepositoryRoot(file: string, contentDir: string): string[] {
  const folders = path.resolve(contentDir).split(path.sep).filter(Boolean);
  const parts = file.split('/');
  const found: string[] = [];
  for (let k = 1; k < parts.length && k <= folders.length; k++) {
    if (parts.slice(0, k).every((part, i) => part === folders[folders.length - k + i])) found.push(parts.slice(k).join('/'));
  }
  return found;
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i === -1 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

function decodeSafe(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}
