import { describe, expect, it } from 'vitest';
import { LoadOnce } from '../../src/load-once.ts';

describe('LoadOnce', () => {
  it('loads a key once: a second call shares the first load, and the value is kept', async () => {
    const cache = new LoadOnce<string, number>();
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    expect(await cache.get('k', load)).toBe(1);
    expect(cache.loaded('k')).toBe(1);
  });

  it('says a value is loaded only once it has arrived', async () => {
    const cache = new LoadOnce<string, string>();
    let arrive!: (value: string) => void;
    const pending = cache.get('k', () => new Promise((resolve) => (arrive = resolve)));
    expect(cache.loaded('k')).toBeUndefined();
    arrive('v');
    await pending;
    expect(cache.loaded('k')).toBe('v');
  });

  it('forgets a failed load, so the next call tries again', async () => {
    const cache = new LoadOnce<string, string>();
    await expect(cache.get('k', () => Promise.reject(new Error('offline')))).rejects.toThrow('offline');
    expect(cache.loaded('k')).toBeUndefined();
    expect(await cache.get('k', async () => 'back')).toBe('back');
  });
});
