/**
 * Relative URLs in an article's raw HTML (`<img src="sizes.svg" width="300">`, `<a href="pay.md">`).
 * The widget shows an article inside the host page: its images load from the index's folder, and
 * its links lead from the page's own address. So the build publishes these images as it does
 * markdown ones, pointing their `src` at the copies (hence where each value is), and checks the
 * links and points them at the articles they name, which the widget opens in place.
 */
export interface RawHtmlUrl {
  tag: 'img' | 'a';
  url: string;
  /** Of the tag, in the HTML given. */
  index: number;
  /** Where the attribute's value is, in the HTML given (without its quotes): what to replace to point it elsewhere. */
  start: number;
  end: number;
}

const TAG_START = /<(img|a)\b/gi;
// The attribute's value, quoted or not; unquoted, not an MDX expression (`src={logo}` names no URL the build could know).
const valueOf = (name: string) => new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'=<>\`{][^\\s"'=<>\`]*))`, 'id');
const URL_OF = { img: valueOf('src'), a: valueOf('href') };

/** Each `<img>` and `<a>` tag of a piece of HTML: its name, where it starts, and its attributes' text and place. */
function* tagsOf(html: string): Generator<{ tag: RawHtmlUrl['tag']; index: number; attributes: string; at: number }> {
  // One pass: each tag is read to its end, and the next looked for after it.
  const starts = new RegExp(TAG_START);
  for (let match = starts.exec(html); match; match = starts.exec(html)) {
    const at = starts.lastIndex;
    const end = tagEnd(html, at);
    if (end < 0) return;
    yield { tag: match[1].toLowerCase() as RawHtmlUrl['tag'], index: match.index, attributes: html.slice(at, end), at };
    starts.lastIndex = end + 1;
  }
}

/**
 * The relative URLs of the `<img src>` and `<a href>` tags of a piece of HTML: not `/root` or one
 * with a scheme; for a link, `#anchor` too (a heading of the article itself).
 */
export function relativeRawHtmlUrls(html: string): RawHtmlUrl[] {
  const found: RawHtmlUrl[] = [];
  for (const { tag, index, attributes, at } of tagsOf(html)) {
    const value = URL_OF[tag].exec(attributes);
    const group = value && [1, 2, 3].find((n) => value[n] !== undefined);
    const url = group && value[group].trim();
    if (url && (isRelative(url) || (tag === 'a' && /^#./.test(url)))) {
      const [from, to] = value.indices![group!]!;
      found.push({ tag, url, index, start: at + from, end: at + to });
    }
  }
  return found;
}

/**
 * The `<img>` tags of a piece of HTML with no `alt` at all, by their `src` (an empty `alt=""` says
 * the image is decoration, which is the writer's call): screen readers read out their file names.
 */
export function imagesWithoutAlt(html: string): { src: string; index: number }[] {
  const found: { src: string; index: number }[] = [];
  for (const { tag, index, attributes } of tagsOf(html)) {
    if (tag !== 'img' || ALT.test(attributes)) continue;
    found.push({ src: attributeValue(attributes, 'src') ?? '', index });
  }
  return found;
}

/**
 * The value of attribute `name` in a tag's attributes (`label="npm"`, quoted or not; not an MDX
 * `{expression}`), trimmed; undefined when it has none. Also the `title="app.js"` of a code block's
 * info string, and the `type` and `title` of another tool's components.
 */
export function attributeValue(attributes: string, name: string): string | undefined {
  const value = valueOf(name).exec(attributes);
  return value ? (value[1] ?? value[2] ?? value[3]).trim() : undefined;
}

const ALT = /(?:^|\s)alt(?:\s*=|\s|\/|$)/i;

/** Where the tag whose attributes start at `from` ends (its `>` outside quotes); -1 if it never does. */
function tagEnd(html: string, from: number): number {
  let quote = '';
  for (let i = from; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

/** A path with no scheme, not from the site's root, and not an anchor. */
const isRelative = (url: string) => !/^(?:[a-z][a-z\d+.-]*:|[/#]|\\)/i.test(url);
