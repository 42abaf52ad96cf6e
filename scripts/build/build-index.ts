import { registerAllLanguages } from './all-languages.ts';
import { recordFields, type RecordText } from '../../src/engine.ts';
import { isStopWord, wordSpans } from '../../src/text/tokenize.ts';
import { bucketOf, compareTerms, type ArticleCard, type ArticleContent, type ArticleMeta, type ArticleSummary, type Glossary } from '../../src/format.ts';
import type { LexedBody } from '../content/render-markdown.ts';
import { htmlOf, type Compiled, type CompiledArticle } from './compile.ts';
import { sectionCount } from './cached-entry.ts';
import type { FileEntry } from './read-article.ts';
import type { RecordFields } from './render-pool.ts';
import { indexShards, type ArticleTokens, type ShardMemo, type ShardPart } from './shards.ts';

/**
 * The index of one language, ready to lay out as files. Articles go by number, bucket by bucket;
 * what is made of each is made when asked, by its number: a rebuild after one change lays out the
 * files of one block, and the others' are known from the build cache (see `MadeFiles`).
 */
export interface LocaleParts {
  /** Articles in this language. */
  articleCount: number;
  meta(article: number): ArticleMeta;
  /** An article's content and card may have to read its HTML and text from the build cache first. */
  content(article: number): ArticleContent;
  card(article: number): ArticleCard;
  /**
   * What an article's metadata, content and card are made from, when its build cache entry can
   * vouch for it (see `printOf`): the same prints give the same files, which a rebuild need not
   * make again.
   */
  print(article: number): string | undefined;
  /** Each article's sections after its intro, by number (the root's `sections`). */
  sections: number[];
  /** The first article number of each bucket. */
  bucketStarts: number[];
  shards: ShardPart[];
  featured: ArticleSummary[];
  glossary?: Glossary;
  sectionCount: number;
  /** What fixed its record ids: saved with the build cache, for the next build to read its shards back (see `SavedShards`). */
  ids: Pick<ShardMemo, 'layout' | 'prints'>;
  /**
   * Lets an article's HTML and text go (a single build that saved its build cache: see `buildIndex`),
   * once its metadata, content and card are made: after this they cannot be made again.
   */
  release?: (article: number) => void;
}

/** What goes into the index files for a compiled content folder: one index per language. */
export interface IndexParts {
  assets: Compiled['assets'];
  defaultLocale: string;
  locales: Map<string, LocaleParts>;
}

// Articles per bucket: small buckets keep the metadata of a page of results small, and the floor
// grows with the help center so the files stay a few thousand (hosts limit file counts).
const MAX_BUCKETS = 2500;
const MIN_BUCKET_SIZE = 4;
// Articles with `order:` offered before anything is typed, at most.
const FEATURED_BY_ORDER = 20;

/**
 * Builds one search index per language, split into shards and buckets, from compiled articles.
 * Records already tokenized (on the build's worker threads) are taken as they are. `memos` keeps
 * each language's postings for the next build (--watch, dev), which then updates them; with
 * `keep: false` (a single build) they are only read, and let go (see `indexShards`). With `spend`
 * (a single build that saved its build cache already) each article's tokens are let go too, from
 * `tokenized` and its entry, once the postings have them, and its HTML and text once the files of
 * its block are made (`LocaleParts.release`).
 */
export function buildIndex({ articles, defaultLocale, assets, tokenized }: Compiled, memos?: Map<string, ShardMemo>, { keep = true, spend = false } = {}): IndexParts {
  registerAllLanguages();
  const byLocale = new Map<string, CompiledArticle[]>();
  const localesOf = new Map<string, string[]>();
  for (const article of articles) {
    if (!byLocale.has(article.locale)) byLocale.set(article.locale, []);
    byLocale.get(article.locale)!.push(article);
    if (!localesOf.has(article.slug)) localesOf.set(article.slug, []);
    localesOf.get(article.slug)!.push(article.locale);
  }
  const locales = new Map<string, LocaleParts>();
  for (const [locale, list] of [...byLocale].sort((a, b) => compareTerms(a[0], b[0]))) {
    // (Most articles have no translation: no new list for each of them.)
    const others = (slug: string) => {
      const all = localesOf.get(slug)!;
      return all.length === 1 ? NONE : all.filter((l) => l !== locale);
    };
    locales.set(locale, buildLocaleIndex(list, locale, others, { tokenized, memos, keep, spend }));
  }
  // Languages no longer built leave nothing behind.
  for (const locale of memos?.keys() ?? []) if (!byLocale.has(locale)) memos!.delete(locale);
  // A help center written only in other languages: its largest one is the default.
  const fallback = [...byLocale].sort((a, b) => b[1].length - a[1].length)[0]?.[0] ?? defaultLocale;
  return { assets, defaultLocale: locales.has(defaultLocale) ? defaultLocale : fallback, locales };
}

const NONE: readonly string[] = Object.freeze([]);

export const bucketCount = (articles: number) => Math.max(1, Math.ceil(articles / Math.max(MIN_BUCKET_SIZE, Math.ceil(articles / MAX_BUCKETS))));

function buildLocaleIndex(
  compiled: CompiledArticle[],
  locale: string,
  translations: (slug: string) => readonly string[],
  { tokenized, memos, keep, spend }: { tokenized?: Map<CompiledArticle, RecordFields[]>; memos?: Map<string, ShardMemo>; keep: boolean; spend: boolean },
): LocaleParts {
  // Article numbers go bucket by bucket, so a bucket is a range of them and a slug finds its bucket
  // by hash alone: the root needs no list of slugs.
  const buckets = bucketCount(compiled.length);
  const articles = compiled
    .map((article) => ({ article, bucket: bucketOf(article.slug, buckets) }))
    .sort((a, b) => a.bucket - b.bucket || compareTerms(a.article.slug, b.article.slug));
  const bucketStarts: number[] = [];
  for (let b = 0, i = 0; b < buckets; b++) {
    while (i < articles.length && articles[i].bucket < b) i++;
    bucketStarts.push(i);
  }

  const records: ArticleTokens[] = [];
  const sectionCounts: number[] = [];
  const glossary: Glossary['terms'] = [];
  const byNumber = articles.map(({ article }) => article);
  let id = 0;
  for (const [number, article] of byNumber.entries()) {
    // How many, not the sections themselves: an article loaded from the build cache makes them only when asked.
    const sections = sectionCount(article.lexed);
    // Made by the workers, else from the build cache (read only if the shards need them), else now.
    let fields: RecordFields[] | undefined;
    const made = () => tokenized?.get(article) ?? (article.entry?.tokensLocale === locale ? article.entry.tokens : undefined) ?? articleRecords(article).map((text) => recordFields(text, locale));
    // Let go once in the postings, if the build cache has them saved (`spend`).
    const spendTokens = () => {
      tokenized?.delete(article);
      if (article.entry && article.entry.tokens === fields) article.entry.tokens = undefined;
      fields = undefined;
    };
    // One record per section (see `articleRecords`).
    records.push({ slug: article.slug, records: sections, fields: () => (fields ??= made()), print: tokensPrint(article.entry?.hash, locale), spend: spend ? spendTokens : undefined });
    id += sections;
    sectionCounts.push(sections - 1);
    for (const { term, definition, anchor } of termsOf(article)) glossary.push({ term, definition, article: number, slug: article.slug, anchor });
  }
  // Taken out first: if this throws, the next build starts afresh rather than from half an update.
  const last = memos?.get(locale);
  memos?.delete(locale);
  const { shards, memo } = indexShards(records, last, { keep });
  if (keep) memos?.set(locale, memo);
  const otherLocales = (article: CompiledArticle) => translations(article.slug);
  return {
    articleCount: byNumber.length,
    meta: (number) => metaOf(byNumber[number], locale, otherLocales(byNumber[number])),
    // Remembered for the next build of --watch and dev (see `lastContent`).
    content: (number) => contentOf(byNumber[number], keep),
    card: (number) => cardOf(byNumber[number], keep),
    print: (number) => printOf(byNumber[number], otherLocales(byNumber[number])),
    sections: sectionCounts,
    bucketStarts,
    shards,
    featured: featured(byNumber),
    glossary: glossary.length ? { terms: glossary } : undefined,
    sectionCount: id,
    ids: { layout: memo.layout, prints: memo.prints },
    release: spend ? (number) => release(byNumber[number]) : undefined,
  };
}

const SPENT: LexedBody = { tokens: Object.assign([], { links: {} }), headings: [], sections: [], offsets: [] };

/**
 * Lets an article's HTML and the text of its sections go, from it and its build cache entry, once
 * its files are made (see `LocaleParts.release`): at 50,000 articles they are 200 MB, the peak of a
 * build, held until its output was written. What prints it stays (see `printOf`).
 */
function release(article: CompiledArticle): void {
  article.html = undefined;
  article.lexed = SPENT;
  if (article.entry) {
    article.entry.html = undefined;
    article.entry.body = undefined;
  }
}

/** An article's terms, each with the anchor of the section that names it. */
export function termsOf(article: Pick<CompiledArticle, 'frontmatter' | 'lexed'>): { term: string; definition: string; anchor?: string }[] {
  const terms = article.frontmatter.terms;
  return terms ? Object.entries(terms).map(([term, definition]) => ({ term, definition, anchor: sectionMentioning(article.lexed.sections, term) })) : [];
}

function metaOf(article: CompiledArticle, locale: string, otherLocales: readonly string[]): ArticleMeta {
  const fm = article.frontmatter;
  const terms = termsOf(article);
  return {
    slug: article.slug,
    title: fm.title,
    description: fm.description,
    tags: fm.tags,
    pages: fm.pages,
    terms: terms.length ? terms : undefined,
    related: fm.related,
    locale,
    order: fm.order,
    updated: fm.updated,
    translations: otherLocales.length ? [...otherLocales] : undefined,
    // Made whole here, not spread from the card's: a spread object got a shape of its own.
    sections: article.lexed.sections.slice(1).map((s) => ({ anchor: s.heading!.anchor, heading: s.heading!.text, level: s.heading!.depth })),
  };
}

/** What an article's tokens are made from (`ArticleTokens.print`): its file's bytes, and its language. */
export const tokensPrint = (hash: string | undefined, locale: string) => `${hash}\n${locale}`;

/**
 * The tokens of the build cache's entries that a build replaced (`FileEntries.retired`), by what
 * they were made from: the last build's tokens of the articles that changed.
 */
export function earlierTokens(retired: Map<string, FileEntry>): (print: string) => (() => RecordFields[]) | undefined {
  const byPrint = new Map<string, () => RecordFields[]>();
  for (const entry of retired.values()) {
    let tokens: RecordFields[] | undefined;
    try {
      tokens = entry.tokens;
    } catch {
      // Unreadable: the update takes the article's records out by their ids instead.
      continue;
    }
    if (tokens && entry.tokensLocale) byPrint.set(tokensPrint(entry.hash, entry.tokensLocale), () => tokens);
  }
  return (print) => byPrint.get(print);
}

// The content and card of an article whose sections are those of the last build (--watch, dev:
// the build cache keeps them) are the same objects again, so their JSON need not be made again.
const lastContent = new WeakMap<LexedBody['sections'], ArticleContent>();
const lastCard = new WeakMap<LexedBody['sections'], ArticleCard>();

export function contentOf(article: CompiledArticle, keep: boolean): ArticleContent {
  const last = lastContent.get(article.lexed.sections);
  const html = htmlOf(article);
  if (last && last.slug === article.slug && last.title === article.frontmatter.title && last.html === html) return last;
  const content = { slug: article.slug, title: article.frontmatter.title, html };
  if (keep) lastContent.set(article.lexed.sections, content);
  return content;
}

export function cardOf(article: CompiledArticle, keep: boolean): ArticleCard {
  const { sections } = article.lexed;
  const fm = article.frontmatter;
  const last = lastCard.get(sections);
  // Only the aliases that hold stop words: one of words alone is matched by its words, and the card stays small.
  const withStopWords = fm.aliases?.filter((alias) => holdsStopWord(alias, article.locale));
  const aliases = withStopWords?.length ? withStopWords : undefined;
  if (last && last.slug === article.slug && last.title === fm.title && last.description === fm.description && JSON.stringify(last.aliases) === JSON.stringify(aliases)) return last;
  const headed = sections.slice(1).map(({ heading }) => (heading!.depth === 3 ? { anchor: heading!.anchor, heading: heading!.text, level: 3 as const } : { anchor: heading!.anchor, heading: heading!.text }));
  const card: ArticleCard = { slug: article.slug, title: fm.title, description: fm.description, sections: headed, text: sections.map((s) => s.text) };
  if (aliases) card.aliases = aliases;
  if (keep) lastCard.set(sections, card);
  return card;
}

/** Whether a text holds a word its index records leave out as a stop word. */
const holdsStopWord = (text: string, locale: string) => wordSpans(text, { keepStopWords: true, locale }).some((word) => isStopWord(word.surface, locale));

/**
 * What an article's metadata, content (slug, title, HTML) and card (slug, title, description,
 * sections) are made from: its file's bytes (`hash`, which give its frontmatter and sections), its
 * slug, the languages it is translated into, and what its links and images resolved to (`deps`).
 * The build cache's key covers the code and options that make them.
 */
export function printOf(article: CompiledArticle, translations: readonly string[]): string | undefined {
  const { entry, slug, file } = article;
  // (An entry without `stat` is not vouched for: its file changed while it was read, see `renderLinked`.)
  if (!entry?.hash || !entry.stat || entry.deps === undefined) return undefined;
  // Joined by NUL, which neither a path nor a slug holds: made for every article, JSON cost more.
  return `${slug}\0${file}\0${entry.hash}\0${translations.join(',')}\0${entry.deps}`;
}

/** The text of an article's index records: section 0 (title, keywords, intro), then one per section. */
export function articleRecords(article: Pick<CompiledArticle, 'frontmatter' | 'lexed'>): RecordText[] {
  const fm = article.frontmatter;
  const { sections } = article.lexed;
  return [
    { title: fm.title, keywords: [...(fm.aliases ?? []), ...(fm.tags ?? []), ...Object.keys(fm.terms ?? {})], body: [fm.description, sections[0].text].filter(Boolean).join('\n') },
    ...sections.slice(1).map((section) => ({ heading: section.heading!.text, body: section.text })),
  ];
}

/** Articles for suggestions: all that name pages, and the first few by `order`. */
function featured(articles: CompiledArticle[]): ArticleSummary[] {
  const summary = ({ slug, frontmatter: { title, description, pages, order } }: CompiledArticle): ArticleSummary => ({ slug, title, description, pages, order });
  const byOrder = articles.filter((a) => a.frontmatter.order !== undefined).sort((a, b) => a.frontmatter.order! - b.frontmatter.order! || compareTerms(a.slug, b.slug)).slice(0, FEATURED_BY_ORDER);
  const chosen = new Set([...articles.filter((a) => a.frontmatter.pages?.length), ...byOrder]);
  return articles.filter((a) => chosen.has(a)).map(summary);
}

/** The anchor of the first section that names a term in its heading, else in its text. */
function sectionMentioning(sections: LexedBody['sections'], term: string): string | undefined {
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'iu');
  const withHeading = sections.filter((s) => s.heading);
  const hit = withHeading.find((s) => pattern.test(s.heading!.text)) ?? withHeading.find((s) => pattern.test(s.text));
  return hit?.heading?.anchor;
}
