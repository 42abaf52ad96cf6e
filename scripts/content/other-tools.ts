/**
 * Frontmatter fields of the documentation tools whose folders Selfserve builds as they are.
 * They mean something to those tools (layout, sidebar, navigation) and nothing to a help index,
 * so the build ignores them instead of calling them typos.
 */
const FIELDS = {
  vitepress: ['layout', 'hero', 'features', 'outline', 'aside', 'lastUpdated', 'editLink', 'footer', 'pageClass', 'navbar', 'sidebar', 'head', 'titleTemplate', 'prev', 'next', 'isHome', 'search', 'markdownStyles'],
  docusaurus: ['id', 'sidebar_label', 'sidebar_position', 'sidebar_class_name', 'sidebar_custom_props', 'sidebar_key', 'displayed_sidebar', 'hide_title', 'hide_table_of_contents', 'toc_min_heading_level', 'toc_max_heading_level', 'pagination_label', 'pagination_next', 'pagination_prev', 'parse_number_prefixes', 'custom_edit_url', 'keywords', 'image', 'unlisted', 'last_update', 'authors', 'date'],
  starlight: ['editUrl', 'tableOfContents', 'template', 'banner', 'pagefind', 'i18nReady'],
  mkdocs: ['hide', 'icon', 'status', 'subtitle', 'categories', 'search'],
  hugo: ['lastmod', 'publishDate', 'expiryDate', 'weight', 'type', 'url', 'summary', 'linkTitle', 'menu', 'series', 'toc', 'images', 'cascade', 'build', 'outputs', 'resources', 'params', 'sitemap', 'markup', 'headless', 'isCJKLanguage', 'translationKey', 'author'],
  jekyll: ['permalink', 'nav_order', 'parent', 'grand_parent', 'has_children', 'nav_exclude', 'has_toc', 'published'],
};

export const OTHER_TOOLS_FIELDS: ReadonlySet<string> = new Set(Object.values(FIELDS).flat());

/**
 * A title another tool keeps outside `title:` (a VitePress or Starlight home page's hero), for
 * pages that have neither a `title:` nor a `# heading`.
 */
export function heroTitle(data: Record<string, unknown>): string | undefined {
  const hero = data.hero;
  if (!hero || typeof hero !== 'object') return undefined;
  const { name, title, text } = hero as Record<string, unknown>;
  const found = [name, title, text].find((v) => typeof v === 'string' && v.trim());
  return typeof found === 'string' ? found.replace(/<[^>]*>/g, '').trim() : undefined;
}

/**
 * The title of another tool's page that has neither `title:`, nor a `# heading`, nor a hero: its
 * file name, as MkDocs and Docusaurus title it (`getting-started.md` is "Getting started"; an
 * `index.md` or `README.md`, its folder's name). `file` is its path. Our own articles (with
 * frontmatter of ours) have none: theirs is an error.
 */
export function fileNameTitle(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  let name = parts.at(-1)!.replace(/\.mdx?$/i, '');
  if (/^(index|readme)$/i.test(name)) name = parts.at(-2) ?? '';
  const words = name.replace(/[-_\s]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : undefined;
}
