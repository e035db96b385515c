import { createHash } from 'node:crypto';

/** Lower-case hex SHA-256 of the exact body bytes sent (empty body → hash of the empty string). */
export function payloadHash(body: string | Uint8Array | undefined): string {
  return createHash('sha256')
    .update(body ?? '')
    .digest('hex');
}
