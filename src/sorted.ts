/**
 * The order terms are sorted in, at build time and at search time alike: by UTF-16 code units, so
 * the same content sorts the same on every machine, whatever its language (`localeCompare` does
 * not). Here, not with the index format's schemas: the CLI's problem reports use it too.
 */
export const compareTerms = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Of `count` items in order, of which a first run holds `holds(i)` (the shards starting at or
 * before a term, the buckets starting at or before an article number), the last that does; 0 when
 * none does.
 */
export function lastHolding(count: number, holds: (i: number) => boolean): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (holds(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
