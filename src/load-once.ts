/**
 * Loads each key once and keeps what arrived: a second call for the same key shares the first's
 * promise. A failed load is forgotten, so the next call tries again (a network blip must not stick).
 */
export class LoadOnce<K, V> {
  private readonly loads = new Map<K, Promise<V>>();
  private readonly done = new Map<K, V>();

  /** The value for `key`, loaded with `load` unless it is loaded or on its way. */
  get(key: K, load: () => Promise<V>): Promise<V> {
    let value = this.loads.get(key);
    if (!value) {
      value = load();
      this.loads.set(key, value);
      value.then(
        (loaded) => this.loads.get(key) === value && this.done.set(key, loaded),
        () => this.loads.get(key) === value && this.loads.delete(key),
      );
    }
    return value;
  }

  /** The value for `key` if it has arrived, without loading anything. */
  loaded(key: K): V | undefined {
    return this.done.get(key);
  }
}
