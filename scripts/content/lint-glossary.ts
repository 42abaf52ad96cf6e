import type { Compiled } from '../build/compile.ts';
import type { Diagnostics } from '../diagnostics.ts';
import { isCode } from '../../src/terms.ts';

/** About what a popover on a phone shows without scrolling (docs/explain.md). */
export const MAX_DEFINITION = 200;

/** The line of `term:` under `terms:` in an article's frontmatter. */
function lineOfTerm(source: string, term: string): number {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => line.startsWith('terms:'));
  const i = lines.findIndex((line, n) => n > start && /^\s/.test(line) && line.trim().replace(/^["']|["']$/g, '').startsWith(term) && line.includes(':'));
  return i === -1 ? Math.max(1, start + 1) : i + 1;
}

/**
 * The checks `selfserve check` makes on defined terms (frontmatter `terms:`), which pages show in
 * place: a definition too long for a popover, and a term defined twice in a language with different
 * definitions (pages show only the first). Terms match as pages match them: codes exactly, words in
 * any case.
 */
export function lintGlossary({ articles }: Compiled, diagnostics: Diagnostics): void {
  const defined = new Map<string, { definition: string; file: string }>();
  for (const article of articles) {
    for (const [term, definition] of Object.entries(article.frontmatter.terms ?? {})) {
      const line = lineOfTerm(article.source, term);
      if (definition.length > MAX_DEFINITION) {
        diagnostics.warning(article.file, line, 1, `the definition of "${term}" is ${definition.length} characters, too long for the popover that explains it on pages: keep it under about ${MAX_DEFINITION} and put the rest in the article`);
      }
      const key = `${article.locale}:${isCode(term) ? term : term.toLowerCase()}`;
      const other = defined.get(key);
      if (!other) defined.set(key, { definition, file: article.relPath });
      else if (other.definition !== definition) {
        diagnostics.warning(article.file, line, 1, `"${term}" is also defined in ${other.file}, differently: pages explain it with the first definition only; keep one, or make them the same`);
      }
    }
  }
}
