// Every language's rules, so searches in any of them tokenize as the build did.
import './text/all-languages.ts';
export { openIndex, HelpIndex, pickLocale } from './open-index.ts';
export { fetchLoader } from './fetch-loader.ts';
export type { IndexLoader, IndexSource, OpenIndexOptions, SearchOptions, SearchResult, SearchResponse, SectionHit, Answer } from './open-index.ts';
export { SelfserveIndexError, type IndexErrorCode } from './errors.ts';
export { FORMAT_VERSION, type Manifest, type ArticleMeta, type ArticleContent } from './format.ts';
export type { Frontmatter } from './schema.ts';
export { highlight, excerpt, escapeHtml } from './search/highlight.ts';
export { queryTokens, tokenize, type Token } from './text/tokenize.ts';
export { RANK_RULES, RULE_NAMES, type RankRules, type RuleName } from './search/rules.ts';
