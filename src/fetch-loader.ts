import { SelfserveIndexError } from './errors.ts';

/** Reads one file of an index, by its path relative to the index folder. */
export interface IndexLoader {
  /**
   * Resolves to the file's text; rejects with a `SelfserveIndexError`. A file larger than
   * `maxBytes` is refused: a tampered or misconfigured host must not make the page parse megabytes.
   */
  load(path: string, options?: { maxBytes?: number }): Promise<string>;
  /** Where a file is, for messages: a URL or a file path. */
  locate(path: string): string;
}

// The manifest names one root per language and nothing else: this is far beyond any real one. Every
// other file has its size limit in the manifest or the root.
const MAX_MANIFEST_BYTES = 256 * 1024;

/**
 * A loader that fetches files relative to a base URL. `timeout` bounds each file from the request
 * to its last byte, in milliseconds: a server that sends its headers and then trickles the body
 * must not keep the page waiting either.
 */
export function fetchLoader(base: string | URL, fetchImpl: typeof fetch = globalThis.fetch, timeout = 8000): IndexLoader {
  // Relative to the document, as HTML resolves URLs (a <base href> counts).
  const page = typeof document !== 'undefined' ? document.baseURI : typeof location !== 'undefined' ? location.href : undefined;
  let root = new URL(base, page);
  if (!root.pathname.endsWith('/') && !root.pathname.endsWith('.json')) root = new URL(`${root.pathname}/${root.search}`, root);
  const locate = (path: string) => new URL(path, root).href;
  return {
    locate,
    async load(path, { maxBytes } = {}) {
      const url = locate(path);
      const controller = new AbortController();
      const late = () => new SelfserveIndexError('network', url, `${url} did not arrive within ${timeout / 1000} s (a slow or stalled server?)`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      // One deadline for the headers and the body alike.
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(late());
        }, timeout);
      });
      try {
        let response: Response;
        try {
          response = await Promise.race([fetchImpl(url, { signal: controller.signal }), deadline]);
        } catch (cause) {
          if (controller.signal.aborted) throw late();
          throw new SelfserveIndexError('network', url, `could not fetch ${url} (offline or blocked?)`, { cause });
        }
        if (response.status === 404) throw new SelfserveIndexError('missing', url, `${url} was not found (404): check the index URL and that the whole build output was uploaded`);
        if (!response.ok) throw new SelfserveIndexError('network', url, `${url} answered ${response.status} ${response.statusText}`.trim());
        // Hosts that answer every unknown path with their home page ("SPA fallback").
        if (/text\/html/i.test(response.headers.get('content-type') ?? '')) {
          throw new SelfserveIndexError('missing', url, `${url} returned an HTML page, not an index file: is the index uploaded at this URL?`);
        }
        const limit = maxBytes ?? MAX_MANIFEST_BYTES;
        const tooBig = () => new SelfserveIndexError('corrupt', url, `${url} is larger than the ${limit} bytes the index expects: rebuild the index and upload all of it`);
        if (Number(response.headers.get('content-length') ?? 0) > limit && !response.headers.get('content-encoding')) throw tooBig();
        let text: string;
        try {
          text = await Promise.race([response.text(), deadline]);
        } catch (cause) {
          if (controller.signal.aborted) throw late();
          throw new SelfserveIndexError('network', url, `${url} broke off while loading (offline?)`, { cause });
        }
        if (text.length > limit) throw tooBig();
        return text;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
