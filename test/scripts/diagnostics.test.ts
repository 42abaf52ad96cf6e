import { describe, expect, it } from 'vitest';
import { Diagnostics, formatDiagnostic } from '../../scripts/diagnostics.ts';

describe('diagnostics', () => {
  it('sorts by file in code-unit order, the same on every machine whatever its language, then by position', () => {
    const diagnostics = new Diagnostics();
    diagnostics.warning('/c/b.md', 1, 1, 'b');
    diagnostics.warning('/c/é.md', 1, 1, 'é');
    diagnostics.error('/c/a.md', 7, 2, 'a 7:2');
    diagnostics.warning('/c/Z.md', 1, 1, 'Z');
    diagnostics.warning('/c/a.md', 7, 1, 'a 7:1');
    diagnostics.warning('/c/a.md', 3, 9, 'a 3:9');
    // (`localeCompare` puts a before Z, and é before Z in most languages.)
    expect(diagnostics.sorted().map((d) => d.message)).toEqual(['Z', 'a 3:9', 'a 7:1', 'a 7:2', 'b', 'é']);
  });

  it('names a file from the working folder, as compilers do', () => {
    const at = (file: string, cwd: string) => formatDiagnostic({ severity: 'warning', file, line: 3, col: 1, message: 'no `description`' }, cwd);
    expect(at('/site/content/a.md', '/site')).toBe('content/a.md:3:1: warning: no `description`');
    expect(at('/site/content/a.md', '/site/')).toBe('content/a.md:3:1: warning: no `description`');
    expect(at('/a.md', '/')).toBe('a.md:3:1: warning: no `description`');
    // Beside it, and in a folder whose name only starts as the working folder's.
    expect(at('/other/a.md', '/site')).toBe('../other/a.md:3:1: warning: no `description`');
    expect(at('/site2/a.md', '/site')).toBe('../site2/a.md:3:1: warning: no `description`');
  });
});
