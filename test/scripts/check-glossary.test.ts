import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { article, tempFolder } from '../helpers/content.ts';

const fm = (title: string, terms: string) => `title: ${title}\ndescription: About ${title.toLowerCase()}.\npages: ["/x"]\nterms:\n${terms}`;
const long = `A charge ${'for data used abroad '.repeat(10)}ok.`;

describe('selfserve check on defined terms (issue #14)', () => {
  it('warns about a definition too long for a popover and a term defined twice differently', async () => {
    const dir = await tempFolder({
      'codes.md': article(fm('Codes', `  GPRR: A data transfer charge.\n  MBRA: ${long}\n  Roaming: Using a partner network.`)),
      'more-codes.md': article(fm('More codes', '  GPRR: Another meaning.\n  roaming: Using a partner network.\n  gprr: Not the code GPRR.')),
      'es/codes.md': article(fm('Códigos', '  GPRR: Un cargo por datos.')),
    });
    const { code, stdout } = await runCli(['check', '.'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toBe(`codes.md:7:1: warning: the definition of "MBRA" is ${long.length} characters, too long for the popover that explains it on pages: keep it under about 200 and put the rest in the article
more-codes.md:6:1: warning: "GPRR" is also defined in codes.md, differently: pages explain it with the first definition only; keep one, or make them the same
0 errors, 2 warnings in 3 articles
`);
  });
});
