import { createHash, createHmac } from 'node:crypto';
import { ALGORITHM } from './constants';

/** The canonical request: method, URI, query, headers, signed header names and body hash, one per line. */
export function canonicalRequest(parts: {
  readonly method: string;
  readonly canonicalUri: string;
  readonly canonicalQuery: string;
  readonly canonicalHeaders: string;
  readonly signedHeaders: string;
  readonly payloadHash: string;
}): string {
  return [parts.method.toUpperCase(), parts.canonicalUri, parts.canonicalQuery, parts.canonicalHeaders, parts.signedHeaders, parts.payloadHash].join('\n');
}

/** The string to sign: algorithm, request date and the hex SHA-256 of the canonical request. */
export function stringToSign(sdkDate: string, canonical: string): string {
  return `${ALGORITHM}\n${sdkDate}\n${createHash('sha256').update(canonical).digest('hex')}`;
}

/** Hex HMAC-SHA256 of the string to sign, keyed with the secret key itself (no key derivation). */
export function signature(secretKey: string, toSign: string): string {
  return createHmac('sha256', secretKey).update(toSign).digest('hex');
}
