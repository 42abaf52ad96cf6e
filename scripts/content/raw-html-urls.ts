/**
 * Relative URLs in an article's raw HTML (`<img src="shot.png">`, `<a href="pay.md">`). The build
 * publishes and checks the images and links written in markdown; these it passes through as they
 * are, and the widget shows the article inside the host page, where a relative URL resolves
 * against the page's own address: the image does not load, the link leads nowhere. Found so the
 * writer is told, at the tag's line.
 */
export interface RawHtmlUrl {
  tag: 'img' | 'a';
  url: string;
  /** Of the tag, in the HTML given. */
  index: number;
}

const TAG_START = /<(img|a)\b/gi;
// The attribute's value, quoted or not; unquoted, not an MDX expression (`src={logo}` names no URL the build could know).
const valueOf = (name: string) => new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'=<>\`{][^\\s"'=<>\`]*))`, 'i');
const URL_OF = { img: valueOf('src'), a: valueOf('href') };

/** The relative URLs of the `<img src>` and `<a href>` tags of a piece of HTML (not `#anchor`, `/root`, or one with a scheme). */
export function relativeRawHtmlUrls(html: string): RawHtmlUrl[] {
  const found: RawHtmlUrl[] = [];
  // One pass: each tag is read to its end, and the next looked for after it.
  const starts = new RegExp(TAG_START);
  for (let match = starts.exec(html); match; match = starts.exec(html)) {
    const end = tagEnd(html, starts.lastIndex);
    if (end < 0) break;
    const tag = match[1].toLowerCase() as RawHtmlUrl['tag'];
    const value = URL_OF[tag].exec(html.slice(starts.lastIndex, end));
    const url = (value?.[1] ?? value?.[2] ?? value?.[3])?.trim();
    if (url && isRelative(url)) found.push({ tag, url, index: match.index });
    starts.lastIndex = end + 1;
  }
  return found;
}

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

/** A path with no scheme, not from the site's root, and not an anchor of the article itself. */
const isRelative = (url: string) => !/^(?:[a-z][a-z\d+.-]*:|[/#]|\\)/i.test(url);
