// Made when first asked: making one loads the language names of ICU, 8 ms of every build's start.
let languageNames: Intl.DisplayNames | undefined;

/** The English name of a language (`es` → `Spanish`), if it is one; throws for what is not a tag. */
export const languageName = (tag: string) => (languageNames ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' })).of(tag);

/** Is a folder name a language tag (`es`, `pt-BR`, `zh-cn`)? */
function isLanguageTag(name: string): boolean {
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(name)) return false;
  try {
    return Boolean(languageName(name));
  } catch {
    return false;
  }
}

/**
 * The top-level folders of a content folder that hold a language's articles (`es/`, `zh-cn/`).
 * A two-letter name is a language. A three-letter one is ambiguous (`new/`, `pro/`, `run/` and
 * `src/` are also language codes), so it counts only when it holds a translation: a file whose
 * path, below the folder, is also the path of a file outside it.
 *
 * @param relPaths every article's path relative to the content folder, `/`-separated
 */
export function localeFolders(relPaths: string[]): Set<string> {
  const tops = new Set<string>();
  for (const rel of relPaths) {
    const slash = rel.indexOf('/');
    if (slash !== -1) tops.add(rel.slice(0, slash));
  }
  const withoutExtension = (rel: string) => rel.replace(/\.mdx?$/i, '');
  // Every path, made only for a three-letter folder: ten thousand of them cost a rebuild otherwise.
  let all: Set<string> | undefined;
  const folders = new Set<string>();
  for (const folder of tops) {
    if (!isLanguageTag(folder)) continue;
    if (folder.split('-')[0].length === 2) {
      folders.add(folder);
      continue;
    }
    all ??= new Set(relPaths.map(withoutExtension));
    const files = relPaths.filter((rel) => rel.startsWith(`${folder}/`)).map((rel) => withoutExtension(rel.slice(folder.length + 1)));
    if (files.some((file) => all!.has(file) || [...tops].some((other) => other !== folder && all!.has(`${other}/${file}`)))) folders.add(folder);
  }
  return folders;
}
