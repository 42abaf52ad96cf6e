import type { CompiledArticle } from '../build/compile.ts';
import type { Diagnostic } from '../diagnostics.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const list = (items: string[] | undefined) => (items?.length ? items.map((i) => `<code>${escape(i)}</code>`).join(' ') : '<span class="none">none</span>');

const STYLE = `
body { margin: 0; font: 15px/1.5 system-ui, sans-serif; color: #1d2129; background: #f6f8fb; }
header { background: #fff; border-bottom: 1px solid #e3e7ee; padding: 14px 24px; display: flex; gap: 16px; align-items: baseline; }
header a { color: #1a56db; } main { max-width: 1100px; margin: 0 auto; padding: 24px; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid #e3e7ee; border-radius: 10px; }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid #eef0f4; vertical-align: top; font-size: 14px; }
th { color: #5c6370; font-weight: 600; } code { background: #eef2f7; padding: 1px 5px; border-radius: 4px; font-size: 12.5px; }
.none { color: #8a909a; } .grid { display: grid; grid-template-columns: minmax(0, 1fr) 420px; gap: 24px; align-items: start; }
dl { background: #fff; border: 1px solid #e3e7ee; border-radius: 10px; padding: 12px 16px; margin: 0; }
dt { font-weight: 600; color: #5c6370; font-size: 13px; margin-top: 8px; } dd { margin: 2px 0 0; }
#preview { min-height: 300px; }
.warnings { background: #fff8e1; border: 1px solid #f0d58c; border-radius: 10px; padding: 10px 16px; margin: 0 0 20px; }
.warnings h2 { font-size: 15px; margin: 0 0 6px; } .warnings ul { margin: 0; padding-left: 18px; } .warnings li { margin: 2px 0; }
td.warned { color: #8a5a00; }
`;

function page(title: string, body: string, script = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} · Selfserve preview</title><style>${STYLE}</style></head><body>
<header><strong>Selfserve preview</strong><a href="/">All articles</a><span class="none">Edit the files: this page reloads itself.</span></header>
${body}
<script src="/__selfserve/client.js"></script>${script}</body></html>`;
}

/** "3 warnings", "1 warning". */
const warningCount = (n: number) => `${n} warning${n === 1 ? '' : 's'}`;

/** The list of every article, with what search uses, where it is suggested, and how many warnings the build gave it. */
export function indexPage(articles: CompiledArticle[], warnings: Map<string, Diagnostic[]> = new Map()): string {
  const rows = articles
    .map((a) => {
      const warned = warnings.get(a.file)?.length ?? 0;
      return `<tr><td><a href="/article/${escape(a.slug)}#help/${escape(a.slug)}">${escape(a.frontmatter.title)}</a><br><code>${escape(a.slug)}</code></td><td>${escape(a.frontmatter.description ?? '')}</td><td>${list(a.frontmatter.pages)}</td><td>${list(a.frontmatter.aliases)}</td><td>${list(Object.keys(a.frontmatter.terms ?? {}))}</td>${warned ? `<td class="warned">${warningCount(warned)}</td>` : '<td><span class="none">none</span></td>'}</tr>`;
    })
    .join('');
  return page(
    'All articles',
    `<main><h1>${articles.length} articles</h1><table><thead><tr><th>Article</th><th>Description</th><th>Suggested on (pages)</th><th>Aliases</th><th>Terms</th><th>Warnings</th></tr></thead><tbody>${rows}</tbody></table></main>`,
    '<script src="/selfserve.js" data-index="/help/" defer></script>',
  );
}

/** One article as the widget shows it, beside its frontmatter, under the warnings the build gave it. */
export function articlePage(article: CompiledArticle, warnings: Diagnostic[] = []): string {
  const fm = article.frontmatter;
  const terms = Object.entries(fm.terms ?? {}).map(([t, d]) => `<div><code>${escape(t)}</code> ${escape(d)}</div>`).join('') || '<span class="none">none</span>';
  // What the terminal said about this file, where the writer is looking.
  const warned = warnings.length
    ? `<section class="warnings" aria-labelledby="warnings-title"><h2 id="warnings-title">${warningCount(warnings.length)}</h2><ul>${warnings.map((w) => `<li><code>${escape(article.relPath)}:${w.line}:${w.col}</code> ${escape(w.message)}</li>`).join('')}</ul></section>`
    : '';
  return page(
    fm.title,
    `<main><h1>${escape(fm.title)}</h1><p><code>${escape(article.relPath)}</code></p>${warned}<div class="grid"><div id="preview"></div><dl>
<dt>Slug</dt><dd><code>${escape(article.slug)}</code></dd>
<dt>Description</dt><dd>${escape(fm.description ?? '') || '<span class="none">none</span>'}</dd>
<dt>Suggested on these pages</dt><dd>${list(fm.pages)}</dd>
<dt>Aliases (searchable, never shown)</dt><dd>${list(fm.aliases)}</dd>
<dt>Tags</dt><dd>${list(fm.tags)}</dd>
<dt>Terms</dt><dd>${terms}</dd>
<dt>Related</dt><dd>${list(fm.related)}</dd>
<dt>Order · Updated · Locale</dt><dd>${fm.order ?? '–'} · ${escape(fm.updated ?? '–')} · ${escape(fm.locale ?? 'default')}</dd>
</dl></div></main>`,
    // The page's URL ends in #help/<slug>: the widget opens the article from it, and reloads keep it.
    `<script src="/selfserve.js" data-index="/help/" data-mount="#preview" defer></script>`,
  );
}

/** The browser side of the preview: reloads on a good build, shows an overlay on a bad one. */
export const CLIENT = `(() => {
  // An article's page opened without the widget's link to it (typed, bookmarked): shows it still.
  if (location.pathname.startsWith('/article/') && !location.hash) history.replaceState(null, '', '#help/' + decodeURIComponent(location.pathname.slice(9)));
  const source = new EventSource('/__selfserve/events');
  let overlay;
  source.addEventListener('reload', () => location.reload());
  source.addEventListener('problems', (event) => {
    const problems = JSON.parse(event.data);
    overlay?.remove();
    if (!problems.length) return;
    overlay = document.createElement('div');
    overlay.id = 'selfserve-overlay';
    overlay.setAttribute('role', 'alert');
    overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,28,.92);color:#fff;font:14px/1.5 ui-monospace,Menlo,monospace;padding:32px;overflow:auto';
    const title = document.createElement('h2');
    title.textContent = 'The content has errors: the preview shows the last good build';
    title.style.cssText = 'font:600 18px system-ui,sans-serif;margin:0 0 16px;color:#ffb4ab';
    overlay.append(title);
    for (const p of problems) {
      const line = document.createElement('pre');
      line.style.cssText = 'white-space:pre-wrap;margin:0 0 8px';
      line.textContent = p.file + ':' + p.line + ':' + p.col + ': ' + p.severity + ': ' + p.message;
      overlay.append(line);
    }
    document.body.append(overlay);
  });
})();`;

