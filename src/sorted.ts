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
