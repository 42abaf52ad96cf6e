import { registerLanguages } from '../../src/text/languages.ts';
import { otherLanguages } from '../../src/text/languages/other.ts';

/**
 * Registers every language's rules for the build, which indexes them all. A call, not a bare
 * `import '…/all-languages.ts'`: the package declares its source free of side effects, so the
 * compiled CLI would drop such an import, and with it Spanish stemming.
 */
export function registerAllLanguages(): void {
  registerLanguages(otherLanguages);
}
