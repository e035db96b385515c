import { DEFAULT_RETRY_OPTIONS } from '../../../src/runtime';
import { backoffMs, parseRetryAfter, resolveRetryOptions } from '../../../src/runtime/client/retry';

describe('retry options: documented defaults', () => {
  test('the defaults retry reads on 408/429/5xx and mutations only on answers that prove nothing was applied', () => {
    const options = resolveRetryOptions();
    expect(options.limit).toBe(4);
    expect(options.statusCodes).toEqual([408, 429, 500, 502, 503, 504]);
    expect(options.mutationStatusCodes).toEqual([408, 429, 503]);
    expect(options.maxRetryAfter).toBe(60_000);
    expect([1, 2, 3, 4].map(options.delay)).toEqual([300, 600, 1200, 2400]);
  });

  test('an undefined option keeps its default', () => {
    expect(resolveRetryOptions({ limit: undefined, maxRetryAfter: 5 })).toEqual({ ...DEFAULT_RETRY_OPTIONS, maxRetryAfter: 5 });
  });
});

describe('backoff: exponential with equal jitter', () => {
  test.each([
    [1, 0, 150],
    [1, 1, 300],
    [3, 0, 600],
    [3, 0.5, 900],
  ])('attempt %d, random %d → %d ms', (attempt, random, expected) => {
    expect(backoffMs(DEFAULT_RETRY_OPTIONS, attempt, () => random)).toBe(expected);
  });
});

describe('Retry-After: seconds or an HTTP date', () => {
  const now = Date.parse('2024-01-01T00:00:00Z');
  test.each([
    ['3', 3000],
    ['0', 0],
    [' 1.5 ', 1500],
    ['Mon, 01 Jan 2024 00:00:10 GMT', 10_000],
    ['Sun, 31 Dec 2023 23:00:00 GMT', 0],
    [undefined, undefined],
    ['', undefined],
    ['soon', undefined],
  ])('%p → %p ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
