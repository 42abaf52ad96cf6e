/** Web Storage that never throws (private modes, disabled storage, full quota): it just forgets. */
export interface SafeStorage {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

export function safeStorage(kind: 'localStorage' | 'sessionStorage'): SafeStorage {
  const storage = (): Storage | undefined => {
    try {
      return window[kind];
    } catch {
      return undefined;
    }
  };
  return {
    get<T>(key: string) {
      try {
        const text = storage()?.getItem(key);
        return text ? (JSON.parse(text) as T) : undefined;
      } catch {
        return undefined;
      }
    },
    set(key, value) {
      try {
        storage()?.setItem(key, JSON.stringify(value));
      } catch {
        // Storage is full or disabled: the draft lives in memory only.
      }
    },
    remove(key) {
      try {
        storage()?.removeItem(key);
      } catch {
        // Nothing to do.
      }
    },
  };
}

/** A random id, for idempotency keys and the per-tab analytics id. */
export function randomId(): string {
  // randomUUID needs a secure context; getRandomValues works everywhere.
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b: number) => b.toString(16).padStart(2, '0')).join('');
}
