/**
 * Lists of servers (a fleet's `serverIds`, a group's `members`, `--server-ids`), checked by the same rules at synth
 * and at apply: at most one batch call's worth, and no server twice, compared as the cloud compares server IDs.
 */

/** The most servers one batch call takes (fleet-apis.md); a list argument holds at most that many. */
export const MAX_BATCH_SERVERS = 1000;

/** A server ID as the cloud compares it: without regard to case (it is a UUID). */
export function serverIdKey(id: string): string {
  return id.toLowerCase();
}

/** Whether two server IDs name the same server. */
export function sameServer(a: string, b: string): boolean {
  return serverIdKey(a) === serverIdKey(b);
}

/** The first element whose key repeats an earlier one's: its index and the earlier one's. */
export interface RepeatedServer {
  readonly index: number;
  readonly first: number;
}

/**
 * The first server listed twice, or undefined.
 * @param keys each element's key: `serverIdKey` of an ID (at synth, a token's key is what it resolves to)
 */
export function repeatedServer(keys: readonly string[]): RepeatedServer | undefined {
  const seen = new Map<string, number>();
  for (const [index, key] of keys.entries()) {
    const first = seen.get(key);
    if (first !== undefined) return { index, first };
    seen.set(key, index);
  }
  return undefined;
}

/** Whether a list of `count` servers fits in one list argument. */
export function fitsOneBatch(count: number): boolean {
  return count >= 1 && count <= MAX_BATCH_SERVERS;
}
