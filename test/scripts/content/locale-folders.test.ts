import { describe, expect, it } from 'vitest';
import { localeFolders } from '../../../scripts/content/locale-folders.ts';

describe('localeFolders', () => {
  it('reads every locale folder of a Starlight-sized docs site as a language', () => {
    const starlight = ['ar', 'ca', 'cs', 'da', 'de', 'es', 'fa', 'fr', 'gl', 'he', 'hi', 'id', 'it', 'ja', 'ko', 'nb', 'pl', 'pt-br', 'ro', 'ru', 'sk', 'sv', 'tr', 'uk', 'vi', 'zh-cn', 'zh-tw'];
    const files = ['getting-started.mdx', ...starlight.map((locale) => `${locale}/getting-started.mdx`)];
    expect([...localeFolders(files)].sort()).toEqual(starlight);
  });

  it('takes three-letter names for languages only when they hold a translation', () => {
    expect(localeFolders(['pay.md', 'fil/pay.md', 'new/feature.md', 'src/setup.md', 'api/index.md'])).toEqual(new Set(['fil']));
  });
});
