import { rfc3986Encode } from './canonical-uri';

/** One query parameter; repeated names appear as repeated pairs. */
export type QueryPair = readonly [name: string, value: string];

/** Canonical query string: pairs sorted by encoded name (then value), `k=v` joined by `&`. */
export function canonicalQuery(pairs: readonly QueryPair[]): string {
  return pairs
    .map(([k, v]) => [rfc3986Encode(k), rfc3986Encode(v)] as const)
    .sort(([ak, av], [bk, bv]) => compare(ak, bk) || compare(av, bv))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Parses a raw query string (without `?`) into pairs, decoding `+` as a space like the gateway. */
export function parseQuery(raw: string): QueryPair[] {
  if (!raw) return [];
  return raw
    .split('&')
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      return [decode(name), decode(value)] as const;
    });
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
