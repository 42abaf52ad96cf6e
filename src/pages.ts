/**
 * Matches a URL path against a `pages:` glob from an article's frontmatter.
 * `*` matches within one path segment, `**` across segments, `?` one character; a trailing `/` is
 * optional. So `/account/bill/*` matches `/account/bill/2026-10`, and `/help/**` any page under /help/.
 *
 * Globs come from the index, which a tampered host controls, and run on every page during the idle
 * preload. Compiled to a regular expression (as picomatch and minimatch do), `/**?**?…Z` backtracks
 * exponentially and stalls the page for seconds. So the glob runs as a set of positions advanced
 * one path character at a time: at most glob × path steps, whatever the glob.
 */
export function pageMatches(glob: string, pathname: string): boolean {
  return run(compile(glob), trimSlash(pathname));
}

/** One step of a glob: a literal character, or a wildcard. */
type Step = string | typeof ONE | typeof SEGMENT | typeof ANY;
const ONE = 1; // `?`
const SEGMENT = 2; // `*`
const ANY = 3; // `**` (and `**/`)

const trimSlash = (path: string) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

const cache = new Map<string, Step[]>();

function compile(glob: string): Step[] {
  let steps = cache.get(glob);
  if (steps) return steps;
  steps = [];
  const source = trimSlash(glob);
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '?') steps.push(ONE);
    else if (c !== '*') steps.push(c);
    else if (source[i + 1] !== '*') steps.push(SEGMENT);
    else {
      i += source[i + 2] === '/' ? 2 : 1;
      steps.push(ANY);
    }
  }
  cache.set(glob, steps);
  return steps;
}

function run(steps: Step[], path: string): boolean {
  const m = steps.length;
  let active = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  // A star may match nothing: reaching it reaches what follows it too.
  const close = (set: Uint8Array) => {
    for (let j = 0; j < m; j++) if (set[j] && (steps[j] === SEGMENT || steps[j] === ANY)) set[j + 1] = 1;
  };
  active[0] = 1;
  close(active);
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    next.fill(0);
    let any = false;
    for (let j = 0; j < m; j++) {
      if (!active[j]) continue;
      const step = steps[j];
      if (step === ANY || (step === SEGMENT && c !== '/')) next[j] = 1;
      else if (step === c || (step === ONE && c !== '/')) next[j + 1] = 1;
      else continue;
      any = true;
    }
    if (!any) return false;
    close(next);
    [active, next] = [next, active];
  }
  return active[m] === 1;
}
