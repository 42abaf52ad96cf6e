import { createHash } from 'node:crypto';

/** A Subresource Integrity value for a file. */
export const integrityOf = (data: Buffer) => `sha384-${createHash('sha384').update(data).digest('base64')}`;
