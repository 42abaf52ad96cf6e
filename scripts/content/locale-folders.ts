const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** Is a folder name a language tag (`es`, `pt-BR`, `zh-cn`)? */
function isLanguageTag(name: string): boolean {
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(name)) return false;
  try {
    return Boolean(languageNames.of(name));
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
  const byFolder = new Map<string, string[]>();
  for (const rel of relPaths) {
    const slash = rel.indexOf('/');
    if (slash === -1) continue;
    const folder = rel.slice(0, slash);
    if (!byFolder.has(folder)) byFolder.set(folder, []);
    byFolder.get(folder)!.push(rel.slice(slash + 1).replace(/\.mdx?$/i, ''));
  }
  const all = new Set(relPaths.map((rel) => rel.replace(/\.mdx?$/i, '')));
  const folders = new Set<string>();
  for (const [folder, files] of byFolder) {
    if (!isLanguageTag(folder)) continue;
    const primary = folder.split('-')[0];
    const translated = () => files.some((file) => all.has(file) || [...byFolder.keys()].some((other) => other !== folder && all.has(`${other}/${file}`)));
    if (primary.length === 2 || translated()) folders.add(folder);
  }
  return folders;
}
