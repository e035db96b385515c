/**
 * When and how the client repeats a request.
 *
 * Reads (and token requests, which change nothing) are retried on the status codes below and on network errors.
 * A mutation is retried only when the cloud's answer proves it was not applied: a connection that was never
 * opened, or a `mutationStatusCodes` response (408: the request did not arrive in full; 429: the gateway
 * throttled it before the service saw it; 503: the service refused it). After a dropped connection, a
 * client-side timeout or a 500/502/504, a mutation may or may not have been applied, so the client does not
 * repeat it: the command re-reads the state and decides. 401 and 403 are never retried: the cloud locks an
 * access key for 5 minutes after 5 failed authentications in a row.
 */
export interface RetryOptions {
  /**
   * How many times a request is repeated after the first attempt.
   * @default 4
   */
  readonly limit?: number;
  /**
   * Status codes after which a read is repeated.
   * @default [408, 429, 500, 502, 503, 504]
   */
  readonly statusCodes?: readonly number[];
  /**
   * Status codes after which a mutation is repeated: answers that prove it was not applied.
   * @default [408, 429, 503]
   */
  readonly mutationStatusCodes?: readonly number[];
  /**
   * Milliseconds to wait before retry number `attempt` (1-based), before jitter.
   * @default (attempt) => 0.3 * 2 ** (attempt - 1) * 1000
   */
  readonly delay?: (attempt: number) => number;
  /**
   * The longest `Retry-After` honoured, in milliseconds. A longer one ends the retries with the error.
   * @default 60_000
   */
  readonly maxRetryAfter?: number;
}

/** The options with every default filled in. */
export type ResolvedRetryOptions = Required<RetryOptions>;

export const DEFAULT_RETRY_OPTIONS: ResolvedRetryOptions = {
  limit: 4,
  statusCodes: [408, 429, 500, 502, 503, 504],
  mutationStatusCodes: [408, 429, 503],
  delay: (attempt) => 0.3 * 2 ** (attempt - 1) * 1000,
  maxRetryAfter: 60_000,
};

/** Fills in the defaults. */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return { ...DEFAULT_RETRY_OPTIONS, ...definedOnly(options) };
}

/**
 * The wait before the next attempt: the backoff with "equal jitter" (half fixed, half random), so that many
 * provisioners throttled together do not retry in lock step.
 */
export function backoffMs(options: ResolvedRetryOptions, attempt: number, random: () => number = Math.random): number {
  const base = options.delay(attempt);
  return base / 2 + random() * (base / 2);
}

/**
 * Parses a `Retry-After` header (delay seconds or an HTTP date) into milliseconds from `now`.
 * @returns undefined when the header is absent or unreadable
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
