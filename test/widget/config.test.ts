// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { checkUrl, DEFAULTS, fromScript, resolveConfig } from '../../widget/config.ts';

// jsdom has no CSS.supports; the browser tests cover real colour parsing.
globalThis.CSS ??= { supports: (_: string, value: string) => /^(#[0-9a-f]{3,8}|[a-z]+|rgb\(.*\))$/i.test(value) } as typeof CSS;

function resolve(input: Record<string, unknown>) {
  const errors: string[] = [];
  const config = resolveConfig(input, (message) => errors.push(message));
  return { config, errors };
}

describe('resolveConfig', () => {
  it('uses the defaults, with the page language', () => {
    document.documentElement.lang = 'fr';
    expect(resolve({}).config).toEqual({ ...DEFAULTS, lang: 'fr' });
    document.documentElement.lang = '';
  });

  it('reads data-* attributes from the script tag', () => {
    const script = document.createElement('script');
    script.setAttribute('data-index', 'https://cdn.example.com/help/');
    script.setAttribute('data-launcher', 'false');
    script.setAttribute('data-shortcuts', 'off');
    script.setAttribute('data-deep-link', 'support');
    script.setAttribute('data-z-index', '50');
    const { config, errors } = resolve(fromScript(script));
    expect(errors).toEqual([]);
    expect(config).toMatchObject({ index: 'https://cdn.example.com/help/', launcher: false, shortcuts: [], deepLink: 'support', zIndex: 50 });
  });

  it('accepts a selector as launcher and a list of shortcuts', () => {
    const { config, errors } = resolve({ launcher: '#my-help', shortcuts: 'shift+?, mod+k' });
    expect(errors).toEqual([]);
    expect(config.launcher).toBe('#my-help');
    expect(config.shortcuts).toEqual(['shift+?', 'mod+k']);
  });

  it("reads the page's language as meant when it is written with an underscore, and skips one that is not a tag", () => {
    document.documentElement.lang = 'pt_BR';
    expect(resolve({}).config.lang).toBe('pt-BR');
    document.documentElement.lang = 'en-1a';
    expect(resolve({}).config.lang).toBe(navigator.language);
    document.documentElement.lang = '';
  });

  it("keeps the page's language for a data-lang that is not a language tag, and says so", () => {
    document.documentElement.lang = 'fr';
    // Shaped like a tag, but one Intl refuses (a region is two letters or three digits): every Intl API given it throws.
    const { config, errors } = resolve({ lang: 'en-1a' });
    document.documentElement.lang = '';
    expect(errors).toEqual(['selfserve: data-lang="en-1a" is not a language tag: use a language tag like en or es. Using the default (fr).']);
    expect(config.lang).toBe('fr');
  });

  it.each([
    [{ position: 'top' }, 'selfserve: data-position="top" is not a known position: use bottom-right or bottom-left. Using the default (bottom-right).'],
    [{ theme: 'blue' }, 'selfserve: data-theme="blue" is not a known theme: use light, dark or auto. Using the default (auto).'],
    [{ launcher: '##' }, 'selfserve: data-launcher="##" is not a valid CSS selector: use true, false, or the CSS selector of your own help button (#my-help-link). Using the default (true).'],
    [{ index: 'http://example.com/help/' }, 'selfserve: data-index="http://example.com/help/" is not a usable URL: use the URL of the folder `selfserve build` wrote, like /help/ or https://cdn.example.com/help/ (http: only on localhost). Using the default (/help/).'],
    [{ contact: 'javascript:alert(1)' }, 'selfserve: data-contact="javascript:alert(1)" is not a usable URL: use mailto:support@example.com, an https: URL, or a URL template like https://example.com/contact?q={query}.'],
    [{ shortcuts: 'ctrl+space bar' }, 'selfserve: data-shortcuts="ctrl+space bar" has a key that is not understood: use a comma-separated list like "/,mod+k", or off. Using the default (/,mod+k).'],
    [{ explain: 'table[' }, 'selfserve: data-explain="table[" is not a valid CSS selector: use the CSS selector of the parts of the page to explain, like #statement or .bill table.'],
    [{ colour: 'red' }, 'selfserve: unknown option "colour" (known options: index, launcher, position, accent, theme, zIndex, mount, shortcuts, lang, deepLink, contact, replyTime, analytics, title, launcherLabel, logo, mode, timeout, explain)'],
    [{ timeout: '8 s' }, 'selfserve: data-timeout="8 s" is not a whole number of milliseconds between 100 and 120000: use a number of milliseconds like 8000.'],
  ])('reports %j in one line and keeps the default', (input, message) => {
    const { config, errors } = resolve(input);
    expect(errors).toEqual([message]);
    const key = Object.keys(input)[0] as keyof typeof DEFAULTS;
    if (key in DEFAULTS) expect(config[key]).toEqual(DEFAULTS[key]);
  });
});

describe('checkUrl', () => {
  it.each([
    ['/help/', true],
    ['help/', true],
    ['https://cdn.example.com/help/', true],
    ['http://localhost:8080/help/', true],
    ['http://127.0.0.1/help/', true],
    ['http://example.com/help/', false],
    ['ftp://example.com/help/', false],
    ['javascript:alert(1)', false],
  ])('%s → %s', (url, ok) => {
    expect(checkUrl(url)).toBe(ok);
  });

  it('accepts mailto: only where asked', () => {
    expect(checkUrl('mailto:help@example.com')).toBe(false);
    expect(checkUrl('mailto:help@example.com', ['https:', 'mailto:'])).toBe(true);
  });
});
