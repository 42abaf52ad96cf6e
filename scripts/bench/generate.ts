// A deterministic generator of large help centers for the benchmark: articles recombined from the
// sections of a real corpus (doc2dial), so lengths and vocabulary stay realistic at any size.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lexBody } from '../content/render-markdown.ts';
import type { Doc } from './corpus.ts';

/** mulberry32: a small seeded PRNG, so every run generates the same help center. */
function random(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Section {
  heading: string;
  text: string;
}

/** Splits corpus documents into their sections ("Heading\ntext" blocks). */
function sectionsOf(docs: Doc[]): Section[] {
  return docs.flatMap((doc) =>
    doc.body.split('\n\n').map((block) => {
      const [heading, ...rest] = block.split('\n');
      return { heading: heading.slice(0, 80), text: rest.join(' ').trim() };
    }),
  ).filter((s) => s.text.split(/\s+/).length >= 20);
}

export interface GeneratedArticle {
  doc: Doc;
  markdown: string;
  file: string;
}

/** `count` articles of two to four sections each, about 300 words, with titles from real headings, most with links to others, a third with a screenshot. */
export function generate(corpus: Doc[], count: number, seed = 42): GeneratedArticle[] {
  const rand = random(seed);
  const pool = sectionsOf(corpus);
  const pick = () => pool[Math.floor(rand() * pool.length)];
  const articles: GeneratedArticle[] = [];
  for (let i = 0; i < count; i++) {
    const sections = Array.from({ length: 2 + Math.floor(rand() * 3) }, pick);
    const title = `${sections[0].heading} (${i})`;
    const words = (text: string, n: number) => text.split(/\s+/).slice(0, n).join(' ');
    const body = sections.map((s) => `## ${s.heading}\n\n${words(s.text, 110)}`).join('\n\n');
    const id = `topic-${i % 100}/article-${i}`;
    const markdown = `---\ntitle: ${JSON.stringify(title)}\ndescription: ${JSON.stringify(words(sections[0].text, 18))}\n---\n${body}\n`;
    articles.push({ doc: { id, title, body: sections.map((s) => `${s.heading}\n${words(s.text, 110)}`).join('\n\n') }, markdown, file: `${id}.md` });
  }
  // Most help articles point readers at others: seven in ten end with one to three links, which
  // the build resolves, checks and renders as links that open the article in place; one link in
  // three names a heading there (its anchor as the build makes it).
  const firstAnchor = new Map(articles.map((article) => [article, lexBody(article.markdown.slice(article.markdown.indexOf('\n---\n') + 5)).headings[0]?.anchor]));
  for (const article of articles) {
    if (rand() >= 0.7) continue;
    const targets = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => articles[Math.floor(rand() * count)]).filter((target) => target !== article);
    if (!targets.length) continue;
    const text = (target: GeneratedArticle) => target.doc.title.replace(/[[\]\\]/g, '\\$&');
    const href = (target: GeneratedArticle) => (rand() < 1 / 3 && firstAnchor.get(target) ? `../${target.file}#${firstAnchor.get(target)}` : `../${target.file}`);
    article.markdown += `\nRelated: ${targets.map((target) => `[${text(target)}](${href(target)})`).join(', ')}.\n`;
    article.doc.body += `\n\nRelated: ${targets.map((target) => target.doc.title).join(', ')}.`;
  }
  // And many show a screenshot: one in three, from a set of shared ones, as a help center's
  // screens recur (the build publishes each once, under a name with its hash).
  for (const article of articles) {
    if (rand() >= 1 / 3) continue;
    const shot = Math.floor(rand() * SCREENSHOTS);
    article.markdown += `\n![The screen](../${screenshotFile(shot)})\n`;
  }
  return articles;
}

// Shared screenshots, and the bytes of each (see `screenshot`).
const SCREENSHOTS = 200;
const SCREENSHOT_BYTES = 24 * 1024;
const screenshotFile = (n: number) => `images/screen-${n}.png`;

/**
 * A screenshot's bytes: a 1×1 PNG followed by bytes of its own, the size of a compressed
 * screenshot. The build checks an image's signature and publishes its bytes as they are.
 */
function screenshot(n: number): Buffer {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  const rand = random(n + 1);
  return Buffer.concat([png, Buffer.from(Array.from({ length: SCREENSHOT_BYTES - png.length }, () => Math.floor(rand() * 256)))]);
}

/** Writes generated articles as a content folder, with the screenshots they show. */
export async function writeContent(articles: GeneratedArticle[], dir: string): Promise<void> {
  for (const article of articles) {
    const file = path.join(dir, article.file);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, article.markdown);
  }
  await mkdir(path.join(dir, 'images'), { recursive: true });
  for (let n = 0; n < SCREENSHOTS; n++) await writeFile(path.join(dir, screenshotFile(n)), screenshot(n));
}
