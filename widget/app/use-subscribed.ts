import { useEffect, useState } from 'preact/hooks';

/**
 * `read()` of a store that says when it changed, kept current. Read again right after subscribing:
 * effects run after the next paint, and a change made before (the page opens the panel as soon as
 * it is mounted, with the index already loaded) would otherwise not show until the next one.
 */
export function useSubscribed<T>(source: { subscribe(listener: () => void): () => unknown }, read: () => T): T {
  const [value, setValue] = useState(read);
  useEffect(() => {
    const unsubscribe = source.subscribe(() => setValue(read()));
    setValue(read());
    return () => void unsubscribe();
  }, [source]);
  return value;
}
