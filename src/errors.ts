/** Why an index could not be opened. */
export type IndexErrorCode =
  /** A file is not there (404, or no such file). */
  | 'missing'
  /** A file is there but is not what the manifest promised (bad JSON, wrong shape). */
  | 'corrupt'
  /** The index was built by an incompatible version of Selfserve. */
  | 'incompatible'
  /** The file could not be fetched (offline, server error, timeout). */
  | 'network';

/** Thrown by `openIndex` and article loading, naming the file at fault and how to fix it. */
export class SelfserveIndexError extends Error {
  override name = 'SelfserveIndexError';
  constructor(
    readonly code: IndexErrorCode,
    /** The file at fault, as a URL or path. */
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`selfserve: ${message}`, options);
  }
}
