/**
 * Waves that never take down more than `maxPerGroup` members of one server group at once: the group constraint of the
 * wave planner, pure, used at synth (a fleet built from ServerGroup constructs) and at apply (a selected fleet).
 *
 * First fit, in the servers' order: each server joins the earliest wave that has room for it, both by the wave's size
 * and by the count of each of its groups in that wave; a server that fits no wave opens the next one. Hence:
 * - Deterministic: the same servers, in the same order, with the same sizes and groups, give the same waves.
 * - Stable when servers are appended: a server's wave depends only on the servers before it, so appending servers never
 *   moves a server planned before them. An appended server joins the earliest wave with room for it, which may be a
 *   wave that already ran (when that wave had room); that wave's list then changes, and it runs again on the next apply.
 * - Never more than `maxPerGroup` members of one group in a wave, whatever the sizes: a group of `m` members needs at
 *   least `ceil(m / maxPerGroup)` waves, and gets them.
 */

/** Options of {@link packWavesByGroup}. */
export interface GroupWaveOptions {
  /** The size of each wave, by index from 0 (a ramp: the last size repeats). Every size is at least 1. */
  readonly sizes: readonly number[];
  /** The groups a server belongs to (ids compared as given): none, one, or several. */
  readonly groupsOf: (serverId: string) => readonly string[];
  /** At most this many members of one group in a wave: a whole number, 1 or more. */
  readonly maxPerGroup: number;
}

/** Splits `serverIds` into waves, first fit in order; see the module comment. */
export function packWavesByGroup(serverIds: readonly string[], options: GroupWaveOptions): string[][] {
  const { sizes, groupsOf, maxPerGroup } = options;
  if (sizes.length === 0 || sizes.some((s) => !Number.isInteger(s) || s < 1))
    throw new Error(`wave sizes must be whole numbers from 1, got ${JSON.stringify(sizes)}`);
  if (!Number.isInteger(maxPerGroup) || maxPerGroup < 1) throw new Error(`maxPerGroup must be a whole number from 1, got ${maxPerGroup}`);
  const sizeOf = (wave: number) => sizes[Math.min(wave, sizes.length - 1)];
  const waves: string[][] = [];
  // Per wave: how many members of each group it holds.
  const counts: Map<string, number>[] = [];
  // The earliest wave that may still have room at all, and per group the earliest wave below the group's limit:
  // both only move forward, which keeps planning near linear.
  let firstOpen = 0;
  const firstForGroup = new Map<string, number>();
  for (const id of serverIds) {
    const groups = [...new Set(groupsOf(id))];
    let wave = Math.max(firstOpen, ...groups.map((g) => firstForGroup.get(g) ?? 0));
    for (;;) {
      if (wave === waves.length) {
        waves.push([]);
        counts.push(new Map());
      }
      const fits = waves[wave].length < sizeOf(wave) && groups.every((g) => (counts[wave].get(g) ?? 0) < maxPerGroup);
      if (fits) break;
      wave += 1;
    }
    waves[wave].push(id);
    for (const g of groups) counts[wave].set(g, (counts[wave].get(g) ?? 0) + 1);
    while (firstOpen < waves.length && waves[firstOpen].length >= sizeOf(firstOpen)) firstOpen += 1;
    for (const g of groups) {
      let next = firstForGroup.get(g) ?? 0;
      while (next < waves.length && (counts[next].get(g) ?? 0) >= maxPerGroup) next += 1;
      firstForGroup.set(g, next);
    }
  }
  return waves;
}
