import path from 'node:path';
import { compileContent, noArticles } from '../build/compile.ts';
import { lintContent } from '../content/lint.ts';
import { lintGlossary } from '../content/lint-glossary.ts';
import { commonKinds, counted, Diagnostics, formatDiagnostic, shownDiagnostic } from '../diagnostics.ts';

export interface CheckOptions {
  contentDir: string;
  format: 'text' | 'json';
  strict?: boolean;
}

/** `selfserve check`: lints content without writing anything. Resolves to the exit code. */
export async function checkCommand({ contentDir, format, strict }: CheckOptions): Promise<number> {
  const diagnostics = new Diagnostics();
  const root = path.resolve(contentDir);
  // (The command line said a missing folder already, see `requireContentFolder` in cli.ts.)
  const compiled = await compileContent(root, diagnostics, { strict, render: false });
  lintContent(compiled, diagnostics);
  lintGlossary(compiled, diagnostics);
  const articles = compiled.articles.length;
  // As the build would fail on it (unless its files' own errors say why already).
  if (!articles && !diagnostics.errors) diagnostics.error(root, 1, 1, noArticles('this folder'));
  const list = diagnostics.sorted();
  const failed = diagnostics.errors > 0 || (strict && diagnostics.warnings > 0);
  if (format === 'json') {
    const relative = list.map((d) => shownDiagnostic(d));
    console.log(JSON.stringify({ articles, errors: diagnostics.errors, warnings: diagnostics.warnings, diagnostics: relative, notes: diagnostics.notes }));
  } else {
    for (const d of list) console.log(formatDiagnostic(d));
    for (const note of diagnostics.notes) console.log(`note: ${note}`);
    for (const line of commonKinds(list)) console.log(line);
    console.log(`${list.length ? '' : 'No problems found. '}${counted(diagnostics.errors, 'error')}, ${counted(diagnostics.warnings, 'warning')} in ${counted(articles, 'article')}`);
  }
  return failed ? 1 : 0;
}
