import { counted } from '../diagnostics.ts';
import type { AliasSuggestion, Counted, ReadElsewhere, ReadFromContact, Report, TermSuggestion } from './analyze.ts';

const day = (iso?: string) => (iso ? iso.slice(0, 10) : '');
/** "20 events, 6 searches, 1 message to support". */
const totals = (report: Report) => `${counted(report.events, 'event')}, ${counted(report.searches, 'search', 'searches')}, ${counted(report.contacts, 'message')} to support`;
const list = (items: Counted[], empty: string) =>
  items.length ? items.map(({ key, count }) => `  ${String(count).padStart(5)}  ${key}`) : [`  ${empty}`];
const inline = (items: Counted[]) => items.map(({ key, count }) => `${key} (${count})`).join(', ');

/** The report as plain text for a terminal. */
export function formatText(report: Report): string {
  const lines = [
    `Selfserve report: ${totals(report)}${report.from ? ` (${day(report.from)} to ${day(report.to)})` : ''}`,
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
  lines.push('', 'Articles read from the contact form, while writing to support');
  if (!report.readFromContact.length) lines.push('  none');
  for (const article of report.readFromContact) {
    lines.push(`  ${String(article.read).padStart(5)}  ${article.slug}`, `         ${sentAnyway(article)}`);
  }
  lines.push('', 'Articles read in another language after nothing matched: translations to write');
  if (!report.readElsewhere.length) lines.push('  none');
  for (const article of report.readElsewhere) lines.push(`  ${String(article.read).padStart(5)}  ${article.slug}`, `         ${readElsewhereWhy(article)}`);
  lines.push('', ...suggestedFixesText(report.suggestions));
  // Control characters in a forged query must not drive the writer's terminal.
  return lines.join('\n').replace(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/g, '\ufffd') + '\n';
}

const sentAnyway = ({ read, sentAnyway }: ReadFromContact) => (sentAnyway ? `${sentAnyway} of ${read} sent their message all the same` : `no message followed`);
const visitors = (n: number) => counted(n, 'visitor');
const readElsewhereWhy = (a: ReadElsewhere) => `searched in ${a.searchedIn}, found nothing, read it in ${a.readIn}; they searched ${inline(a.queries)}`;
const aliasWhy = (a: AliasSuggestion) =>
  `${visitors(a.visitors)} searched “${[a.wording, ...a.variants].join('”, “')}”, did not find what they needed, then read it after searching “${a.foundWith.join('”, “')}”${a.helpful ? ` (${a.helpful} said it helped)` : ''}`;
const termWhy = (t: TermSuggestion) => `${visitors(t.visitors)} searched for it and found nothing`;

function suggestedFixesText({ aliases, terms }: Report['suggestions']): string[] {
  const lines = ['Suggested fixes: paste these lines into the frontmatter'];
  if (!aliases.length && !terms.length) return [...lines, '  none'];
  for (const a of aliases) {
    lines.push(`  ${a.file ?? a.slug}${a.title ? ` (“${a.title}”)` : ''}: add the alias “${a.wording}”`, `         ${aliasWhy(a)}`, ...a.line.split('\n').map((l) => `         ${l}`));
  }
  for (const t of terms) {
    lines.push(`  Define ${t.term} in the article that explains it`, `         ${termWhy(t)}`, ...t.line.split('\n').map((l) => `         ${l}`));
  }
  return lines;
}

const escape = (s: string | number) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function bars(items: Counted[], empty: string): string {
  if (!items.length) return `<p class="empty">${empty}</p>`;
  const max = Math.max(...items.map((i) => i.count));
  return `<table>${items
    .map(({ key, count }) => `<tr><th scope="row">${escape(key)}</th><td><span class="bar" style="width:${Math.max(2, Math.round((count / max) * 100))}%"></span></td><td class="n">${escape(count)}</td></tr>`)
    .join('')}</table>`;
}

/** The report as one self-contained HTML page (no external assets). */
export function formatHtml(report: Report): string {
  const unhelpful = report.unhelpful.length
    ? `<table>${report.unhelpful
        .map(
          (a) => `<tr><th scope="row">${escape(a.slug)}</th><td class="n">${escape(a.count)}</td><td>${escape(a.reasons.map((r) => `${r.key} (${r.count})`).join(', '))}${a.queries.length ? `<br><small>after searching ${escape(a.queries.map((q) => `“${q.key}” (${q.count})`).join(', '))}</small>` : ''}</td></tr>`,
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
pre { background: #f4f5f7; padding: 8px 10px; border-radius: 4px; overflow-x: auto; margin: 6px 0 0; } li { margin-bottom: 14px; }
</style></head><body>
<h1>Selfserve report</h1>
<p>${escape(totals(report))}${report.from ? `, ${escape(day(report.from))} to ${escape(day(report.to))}` : ''}.${report.skipped === 1 ? ' 1 line was not a valid event and was skipped.' : report.skipped ? ` ${escape(report.skipped)} lines were not valid events and were skipped.` : ''}</p>
<h2>Top searches</h2>${bars(report.topSearches, 'No searches yet.')}
<h2>Searches with no results: content gaps to fill</h2><div class="gaps">${bars(report.noResults, 'None: every search found something.')}</div>
<h2>Articles marked “not helpful”</h2>${unhelpful}
<h2>Searches before people contacted support</h2>${bars(report.beforeContact, 'No messages to support.')}
<h2>Articles read from the contact form, while writing to support</h2>${readFromContactHtml(report.readFromContact)}
<h2>Articles read in another language after nothing matched: translations to write</h2>${readElsewhereHtml(report.readElsewhere)}
<h2>Suggested fixes</h2>${suggestedFixesHtml(report.suggestions)}
</body></html>
`;
}

function readFromContactHtml(articles: ReadFromContact[]): string {
  if (!articles.length) return '<p class="empty">None: no one opened an article the contact form offered.</p>';
  return `<table>${articles.map((a) => `<tr><th scope="row">${escape(a.slug)}</th><td class="n">${escape(a.read)}</td><td>${escape(sentAnyway(a))}</td></tr>`).join('')}</table>`;
}

function readElsewhereHtml(articles: ReadElsewhere[]): string {
  if (!articles.length) return '<p class="empty">None: no one had to read an article in another language.</p>';
  return `<table>${articles.map((a) => `<tr><th scope="row">${escape(a.slug)}</th><td class="n">${escape(a.read)}</td><td>${escape(readElsewhereWhy(a))}</td></tr>`).join('')}</table>`;
}

function suggestedFixesHtml({ aliases, terms }: Report['suggestions']): string {
  if (!aliases.length && !terms.length) return '<p class="empty">None: no visitor had to reword a search to find an article, and no code went unanswered.</p>';
  const items = [
    ...aliases.map(
      (a) => `<li><strong>${escape(a.file ?? a.slug)}</strong>${a.title ? ` (“${escape(a.title)}”)` : ''}: add the alias “${escape(a.wording)}”<br><small>${escape(aliasWhy(a))}</small><pre>${escape(a.line)}</pre></li>`,
    ),
    ...terms.map((t) => `<li>Define <strong>${escape(t.term)}</strong> in the article that explains it<br><small>${escape(termWhy(t))}</small><pre>${escape(t.line)}</pre></li>`),
  ];
  return `<p>Lines ready to paste into the articles' frontmatter.</p><ul>${items.join('')}</ul>`;
}
