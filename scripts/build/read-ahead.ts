/**
 * Runs `work` on a list in order with up to `width` items in flight: `next()` resolves to the next
 * item's result while the ones after it are already under way. Reading files one at a time waits
 * on the disk between every two; reading all at once holds every file in memory.
 */
export function readAhead<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): () => Promise<R> {
  const started: Promise<R>[] = [];
  let taken = 0;
  const fill = () => {
    while (started.length < items.length && started.length < taken + width) {
      const promise = work(items[started.length]);
      // Awaited in turn by `next()`; until then a failure must not count as unhandled.
      promise.catch(() => {});
      started.push(promise);
    }
  };
  return () => {
    fill();
    const result = started[taken];
    // Drop the reference so the result can be collected once used.
    delete started[taken];
    taken++;
    fill();
    return result;
  };
}
