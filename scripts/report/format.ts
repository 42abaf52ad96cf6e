import type { Counted, Report } from './analyze.ts';

const day = (iso?: string) => (iso ? iso.slice(0, 10) : '');
const list = (items: Counted[], empty: string) =>
  items.length ? items.map(({ key, count }) => `  ${String(count).padStart(5)}  ${key}`) : [`  ${empty}`];
const inline = (items: Counted[]) => items.map(({ key, count }) => `${key} (${count})`).join(', ');

/** The report as plain text for a terminal. */
export function formatText(report: Report): string {
  const lines = [
    `Selfserve report: ${report.events} events, ${report.searches} searches, ${report.contacts} messages to support${report.from ? ` (${day(report.from)} to ${day(report.to)})` : ''}`,
    '',
    'Top searches',
    ...list(report.topSearches, 'none'),
    '',
    'Searches with no results: content gaps to fill',
    ...list(report.noResults, 'none'),
    '',
    'Articles marked "not helpful"',
  ];
  if (!report.unhelpful.length) lines.push('  none');
  for (const article of report.unhelpful) {
    lines.push(`  ${String(article.count).padStart(5)}  ${article.slug}`);
    lines.push(`         why: ${inline(article.reasons)}`);
    if (article.queries.length) lines.push(`         after searching: ${inline(article.queries)}`);
  }
  lines.push('', 'Searches before people contacted support', ...list(report.beforeContact, 'none'));
  return lines.join('\n') + '\n';
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function bars(items: Counted[], empty: string): string {
  if (!items.length) return `<p class="empty">${empty}</p>`;
  const max = Math.max(...items.map((i) => i.count));
  return `<table>${items
    .map(({ key, count }) => `<tr><th scope="row">${escape(key)}</th><td><span class="bar" style="width:${Math.max(2, Math.round((count / max) * 100))}%"></span></td><td class="n">${count}</td></tr>`)
    .join('')}</table>`;
}

/** The report as one self-contained HTML page (no external assets). */
export function formatHtml(report: Report): string {
  const unhelpful = report.unhelpful.length
    ? `<table>${report.unhelpful
        .map(
          (a) => `<tr><th scope="row">${escape(a.slug)}</th><td class="n">${a.count}</td><td>${escape(a.reasons.map((r) => `${r.key} (${r.count})`).join(', '))}${a.queries.length ? `<br><small>after searching ${escape(a.queries.map((q) => `“${q.key}” (${q.count})`).join(', '))}</small>` : ''}</td></tr>`,
        )
        .join('')}</table>`
    : '<p class="empty">None: no article was marked "not helpful".</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Selfserve report</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; color: #1d2129; max-width: 860px; margin: 32px auto; padding: 0 20px; }
h1 { font-size: 24px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #d7dbe2; padding-bottom: 4px; }
table { width: 100%; border-collapse: collapse; } th, td { text-align: left; padding: 6px 8px; vertical-align: top; border-bottom: 1px solid #eef0f4; }
th { font-weight: 500; width: 40%; } td.n { width: 4em; text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; height: 12px; background: #1a56db; border-radius: 3px; } .empty { color: #5c6370; }
.gaps .bar { background: #c5221f; } small { color: #5c6370; }
</style></head><body>
<h1>Selfserve report</h1>
<p>${report.events} events, ${report.searches} searches, ${report.contacts} messages to support${report.from ? `, ${day(report.from)} to ${day(report.to)}` : ''}.</p>
<h2>Top searches</h2>${bars(report.topSearches, 'No searches yet.')}
<h2>Searches with no results: content gaps to fill</h2><div class="gaps">${bars(report.noResults, 'None: every search found something.')}</div>
<h2>Articles marked “not helpful”</h2>${unhelpful}
<h2>Searches before people contacted support</h2>${bars(report.beforeContact, 'No messages to support.')}
</body></html>
`;
}
