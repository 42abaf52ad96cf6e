import { Document, type YAMLSeq } from 'yaml';
import type { AliasSuggestion, Analysis, TermSuggestion } from './analyze.ts';
import type { ContentLookup } from './content-lookup.ts';

export interface SuggestOptions {
  /** Checks the proposals against the help center: titles, and wordings it already matches dropped. */
  lookup?: ContentLookup;
  /** Most suggestions of each kind. */
  limit: number;
  /** Fewest visitors behind a suggestion: one visitor's detour is a weak sign. Default: 1. */
  minVisitors?: number;
}

/** A frontmatter line, quoted where YAML needs it: `aliases: [weird charge, "code: 7"]`. */
export function frontmatterLine(key: string, value: unknown, flow = true): string {
  const doc = new Document({ [key]: value });
  if (flow) (doc.get(key, true) as YAMLSeq).flow = true;
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0 }).trimEnd();
}

/** The aliases and terms to propose, ranked by visitors, checked against the content when given. */
export async function suggest(analysis: Analysis, { lookup, limit, minVisitors = 1 }: SuggestOptions): Promise<{ aliases: AliasSuggestion[]; terms: TermSuggestion[] }> {
  const aliases: AliasSuggestion[] = [];
  for (const candidate of analysis.aliases) {
    if (aliases.length >= limit) break;
    if (candidate.visitors < minVisitors) continue;
    const facts = await lookup?.article(candidate.slug, candidate.locale);
    // The article is gone, or the help center already finds it for this wording: nothing to add.
    if (lookup && (!facts || (await lookup.matches(candidate.wording, candidate.slug, candidate.locale)))) continue;
    const current = facts?.aliases ?? [];
    aliases.push({ ...candidate, title: facts?.title, file: facts?.relPath, line: frontmatterLine('aliases', [...current, candidate.wording]) });
  }
  const terms: TermSuggestion[] = [];
  for (const candidate of analysis.terms) {
    if (terms.length >= limit) break;
    if (candidate.visitors < minVisitors) continue;
    if (lookup && (await lookup.finds(candidate.term))) continue;
    terms.push({ ...candidate, line: frontmatterLine('terms', { [candidate.term]: `What ${candidate.term} means, in one sentence` }, false) });
  }
  return { aliases, terms };
}
