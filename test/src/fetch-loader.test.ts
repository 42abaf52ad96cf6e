import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchLoader } from '../../src/fetch-loader.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** A response whose body sends one byte, then nothing, like a server trickling a byte every few seconds. */
function trickling(): Response {
  const body = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new Uint8Array([123])) });
  return new Response(body, { headers: { 'content-type': 'application/json' } });
}

describe('fetchLoader', () => {
  it('gives up on a body that never finishes, once the whole-file deadline passes', async () => {
    vi.useFakeTimers();
    const loader = fetchLoader('https://help.example/help/', async () => trickling(), 5000);
    const loading = loader.load('manifest.json');
    const outcome = expect(loading).rejects.toThrow(/help\/manifest\.json did not arrive within 5 s/);
    await vi.advanceTimersByTimeAsync(5000);
    await outcome;
  });

  it('gives up on a server that never answers', async () => {
    vi.useFakeTimers();
    const silent = (_: unknown, init?: RequestInit) => new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const loader = fetchLoader('https://help.example/help/', silent as typeof fetch, 8000);
    const outcome = expect(loader.load('manifest.json')).rejects.toMatchObject({ code: 'network', message: expect.stringMatching(/did not arrive within 8 s/) });
    await vi.advanceTimersByTimeAsync(8000);
    await outcome;
  });

  it('loads a file that arrives in time', async () => {
    const loader = fetchLoader('https://help.example/help/', async () => new Response('{"a":1}', { headers: { 'content-type': 'application/json' } }), 5000);
    expect(await loader.load('manifest.json')).toBe('{"a":1}');
  });
});
