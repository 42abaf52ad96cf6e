/**
 * Limits on `pages:` globs. Every page of the host site tests every glob while the widget loads,
 * so a glob is kept short and simple: a long run of wildcards (`/**?**?**?…Z`) is how a matcher
 * is made to backtrack for seconds.
 */
const MAX_LENGTH = 200;
const MAX_WILDCARDS = 8;

/** Why a `pages:` glob is refused, or undefined when it is fine. */
export function globProblem(glob: string): string | undefined {
  const example = 'like /account/bill/* or /help/**';
  if (glob.length > MAX_LENGTH) return `\`pages\` glob is ${glob.length} characters long: keep it under ${MAX_LENGTH}, ${example}`;
  if (/\*{3,}/.test(glob)) return `\`pages\` glob "${glob}" has \`***\`: use * (one segment) or ** (any depth), ${example}`;
  const wildcards = (glob.match(/\*\*|\*|\?/g) ?? []).length;
  if (wildcards > MAX_WILDCARDS) return `\`pages\` glob "${glob}" has ${wildcards} wildcards: at most ${MAX_WILDCARDS}, so every page of the site can test it quickly; ${example}`;
  if (glob.split('/').some((segment) => (segment.match(/\*\*/g) ?? []).length > 1)) {
    return `\`pages\` glob "${glob}" has two ** in one path segment: one ** already matches any depth; ${example}`;
  }
  return undefined;
}
