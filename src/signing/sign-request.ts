/**
 * SDK-HMAC-SHA256 signing of one request, composed from the pure steps beside this file.
 * Spec: Huawei Cloud "API Request Signing Guide"; checked against its published vector.
 */
import { canonicalHeaders } from './canonical-headers';
import { canonicalQuery, type QueryPair } from './canonical-query';
import { canonicalUri } from './canonical-uri';
import { ALGORITHM, CONTENT_SHA256_HEADER, DATE_HEADER } from './constants';
import { payloadHash } from './payload-hash';
import { canonicalRequest, signature, stringToSign } from './string-to-sign';

/** What is signed: the request exactly as it will be sent. */
export interface SignableRequest {
  readonly method: string;
  /** Host, with the port when it is not the scheme's default (as in the Host header). */
  readonly host: string;
  /** URL path, without the query. */
  readonly path: string;
  readonly query: readonly QueryPair[];
  /** Headers to sign besides `host`; must include `X-Sdk-Date`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes sent. */
  readonly body?: string | Uint8Array;
}

/** The parts of a signature, for the Authorization header and for verification. */
export interface SignatureParts {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signedHeaders: string;
  readonly signature: string;
}

/** Computes the signature of a request with the given secret key. */
export function computeSignature(request: SignableRequest, secretKey: string): SignatureParts {
  const sdkDate = headerValue(request.headers, DATE_HEADER);
  if (!sdkDate) throw new Error(`A signed request needs the ${DATE_HEADER} header`);
  const headers = canonicalHeaders({ ...withoutHost(request.headers), host: request.host });
  const bodyHash = headerValue(request.headers, CONTENT_SHA256_HEADER) ?? payloadHash(request.body);
  const canonical = canonicalRequest({
    method: request.method,
    canonicalUri: canonicalUri(request.path),
    canonicalQuery: canonicalQuery(request.query),
    canonicalHeaders: headers.canonical,
    signedHeaders: headers.signedHeaders,
    payloadHash: bodyHash,
  });
  const toSign = stringToSign(sdkDate, canonical);
  return { canonicalRequest: canonical, stringToSign: toSign, signedHeaders: headers.signedHeaders, signature: signature(secretKey, toSign) };
}

/** The Authorization header value for a request signed with an access key / secret key pair. */
export function authorizationHeader(request: SignableRequest, accessKey: string, secretKey: string): string {
  const parts = computeSignature(request, secretKey);
  return `${ALGORITHM} Access=${accessKey}, SignedHeaders=${parts.signedHeaders}, Signature=${parts.signature}`;
}

/** The parsed form of an `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` header. */
export interface ParsedAuthorization {
  readonly accessKey: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** Parses an Authorization header; returns undefined when it is not in the SDK-HMAC-SHA256 form. */
export function parseAuthorization(value: string | undefined): ParsedAuthorization | undefined {
  if (!value || !value.startsWith(`${ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKey = fields.get('Access');
  const signedHeaders = fields.get('SignedHeaders');
  const sig = fields.get('Signature');
  if (!accessKey || !signedHeaders || !sig) return undefined;
  return { accessKey, signedHeaders: signedHeaders.split(';'), signature: sig };
}

/** Formats a date as the `X-Sdk-Date` value: UTC `YYYYMMDDTHHMMSSZ`. */
export function sdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Parses an `X-Sdk-Date` value; returns undefined when malformed. */
export function parseSdkDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

function withoutHost(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'host'));
}
