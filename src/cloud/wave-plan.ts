/**
 * How a fleet's servers are split into waves: one pure function used at synth (the construct, when the servers are
 * known) and at apply (when they are selected then). Sizes form a ramp, as Ansible's `serial`: each a whole count of
 * servers (1 or more) or a fraction of the fleet (greater than 0, less than 1, rounded up, at least one server), the
 * last size repeated until every server is in a wave. `maxUnavailable: x` is the ramp `[x]`.
 *
 * Waves are cut in the order of the list, so appending servers never moves a server already planned into another
 * wave while the sizes stay the same (counts); a fraction is resolved against the whole fleet, so growing the fleet
 * may resize every wave (docs/fleets.md says how the rollout then still leaves finished servers alone).
 */

/** What shapes the waves. */
export interface WavePlanOptions {
  /** The ramp: each a count (whole, 1 or more) or a fraction of the fleet in (0, 1); the last size is repeated. */
  readonly sizes: readonly number[];
  /** The group (e.g. availability zone or tag value) of a server, or undefined when it belongs to none. */
  readonly groupOf?: (serverId: string) => string | undefined;
  /** At most this many servers of one group in a wave (servers of no group are not limited). */
  readonly maxPerGroup?: number;
}

/** Whether `size` is a valid wave size: a whole count from 1, or a fraction strictly between 0 and 1. */
export function isWaveSize(size: unknown): size is number {
  return typeof size === 'number' && Number.isFinite(size) && ((size > 0 && size < 1) || (Number.isInteger(size) && size >= 1));
}

/** The number of servers a size stands for in a fleet of `fleetSize` (a fraction rounded up, at least 1). */
export function resolveWaveSize(size: number, fleetSize: number): number {
  return size < 1 ? Math.max(1, Math.ceil(size * fleetSize)) : size;
}

/**
 * The waves, in order: every server exactly once, in the order given, each wave at most the size of its place in the
 * ramp (and, with `maxPerGroup`, at most that many servers of one group: a server over the limit waits for a later
 * wave, keeping its order among the waiting).
 */
export function planWaves(serverIds: readonly string[], options: WavePlanOptions): string[][] {
  const { sizes, groupOf, maxPerGroup } = options;
  if (sizes.length === 0 || !sizes.every(isWaveSize))
    throw new RangeError(`wave sizes must be counts from 1 or fractions in (0, 1), got ${JSON.stringify(sizes)}`);
  if (maxPerGroup !== undefined && !(Number.isInteger(maxPerGroup) && maxPerGroup >= 1))
    throw new RangeError(`maxPerGroup must be a whole number from 1, got ${JSON.stringify(maxPerGroup)}`);
  const waves: string[][] = [];
  let waiting = [...serverIds];
  while (waiting.length > 0) {
    const size = resolveWaveSize(sizes[Math.min(waves.length, sizes.length - 1)], serverIds.length);
    const wave: string[] = [];
    const later: string[] = [];
    const perGroup = new Map<string, number>();
    for (const id of waiting) {
      const group = maxPerGroup === undefined ? undefined : groupOf?.(id);
      const taken = group === undefined ? 0 : (perGroup.get(group) ?? 0);
      if (wave.length >= size || (group !== undefined && taken >= maxPerGroup!)) {
        later.push(id);
        continue;
      }
      wave.push(id);
      if (group !== undefined) perGroup.set(group, taken + 1);
    }
    waves.push(wave);
    waiting = later;
  }
  return waves;
}
