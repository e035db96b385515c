/**
 * The API gateway's authentication: an `X-Auth-Token`, or an SDK-HMAC-SHA256 signature verified on the
 * exact bytes and headers received (ecs-api.md §5). Failures become 401 `APIGW.0301` messages that never
 * contain a key, token or signature.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import {
  computeSignature,
  CONTENT_SHA256_HEADER,
  DATE_HEADER,
  MAX_CLOCK_SKEW_MS,
  parseAuthorization,
  parseQuery,
  parseSdkDate,
  payloadHash,
} from '../../signing';
import type { EmulatorCredential } from '../emulator-options';
import type { TokenStore } from './token-store';

/** The request as received. */
export interface ReceivedRequest {
  readonly method: string;
  /** The raw path, without the query. */
  readonly path: string;
  /** The raw query, without `?`. */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export type Authentication =
  | { readonly ok: true; readonly method: 'aksk' | 'token' }
  | { readonly ok: false; readonly method: 'aksk' | 'token' | 'none'; readonly reason: string };

const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export function authenticate(request: ReceivedRequest, credentials: readonly EmulatorCredential[], tokens: TokenStore, now: Date): Authentication {
  const token = header(request.headers, 'x-auth-token');
  if (token !== undefined) {
    return tokens.isValid(token, now) ? { ok: true, method: 'token' } : { ok: false, method: 'token', reason: 'the token is invalid or expired' };
  }
  const authorization = header(request.headers, 'authorization');
  if (authorization === undefined) return { ok: false, method: 'none', reason: 'no X-Auth-Token and no Authorization header' };
  const reason = signatureProblem(request, authorization, credentials, now);
  return reason ? { ok: false, method: 'aksk', reason } : { ok: true, method: 'aksk' };
}

function signatureProblem(request: ReceivedRequest, authorization: string, credentials: readonly EmulatorCredential[], now: Date): string | undefined {
  const parsed = parseAuthorization(authorization);
  if (!parsed) return 'the Authorization header is not "SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…"';
  const credential = credentials.find((c) => c.accessKey === parsed.accessKey);
  if (!credential) return 'the access key does not exist';
  const signed = parsed.signedHeaders.map((h) => h.toLowerCase());
  for (const required of ['host', DATE_HEADER.toLowerCase()]) {
    if (!signed.includes(required)) return `the signed headers must include ${required}`;
  }
  // Null-prototype, like the request's headers: a signed name such as `__proto__` is only ever a header name.
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const name of signed) {
    if (name === 'host') continue;
    const value = header(request.headers, name);
    if (value === undefined) return `the signed header ${name} is missing from the request`;
    headers[name] = value;
  }
  const host = header(request.headers, 'host');
  if (host === undefined) return 'the request has no Host header';
  const date = parseSdkDate(headers[DATE_HEADER.toLowerCase()]);
  if (!date) return `${DATE_HEADER} must be YYYYMMDDTHHMMSSZ`;
  if (Math.abs(date.getTime() - now.getTime()) > MAX_CLOCK_SKEW_MS) return `${DATE_HEADER} is more than 15 minutes away from the server time`;
  const declaredHash = headers[CONTENT_SHA256_HEADER.toLowerCase()];
  if (declaredHash !== undefined && declaredHash !== UNSIGNED_PAYLOAD && declaredHash !== payloadHash(request.body)) {
    return `the body does not match ${CONTENT_SHA256_HEADER}`;
  }
  const expected = computeSignature(
    { method: request.method, host, path: request.path, query: parseQuery(request.query), headers, body: request.body },
    credential.secretKey,
  ).signature;
  if (!sameText(expected, parsed.signature)) return 'verify aksk signature fail';
  // Temporary credentials must come with their security token; permanent ones must not carry one.
  const securityToken = header(request.headers, 'x-security-token');
  if (credential.securityToken !== undefined ? securityToken !== credential.securityToken : securityToken !== undefined) {
    return 'the security token is missing, invalid, or sent with a permanent access key';
  }
  return undefined;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * One header as text; repeated headers are joined the way Node joins them. Only the request's own headers count,
 * never a property inherited from `Object.prototype` (`constructor`, `toString`, `__proto__`).
 */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const key = name.toLowerCase();
  if (!Object.hasOwn(headers, key)) return undefined;
  const value = headers[key];
  return Array.isArray(value) ? value.join(', ') : value;
}
