import fc from 'fast-check';
import { groupIndex } from '../../src/cloud/group-index';
import { planWaves } from '../../src/cloud/wave-plan';

/** Servers `a1, a2, …` in group `a`, `b1, …` in group `b`; a server named `x…` is in no group. */
const groupOfName = (id: string) => (id.startsWith('x') ? undefined : id[0]);
const servers = (group: string, n: number) => Array.from({ length: n }, (_, i) => `${group}${i + 1}`);
const waveOf = (waves: string[][]) => new Map(waves.flatMap((w, i) => w.map((id) => [id, i] as const)));

describe('planWaves with maxPerGroup: no wave holds more than that many members of one group', () => {
  test('GIVEN two groups of three, waves of 4, one member per group WHEN planned THEN three waves, one member of each group', () => {
    // GIVEN two anti-affinity groups, listed group after group
    const ids = [...servers('a', 3), ...servers('b', 3)];
    // WHEN the waves are planned with room for 4 servers but 1 member per group
    const waves = planWaves(ids, { sizes: [4], groupOf: groupOfName, maxPerGroup: 1 });
    // THEN each wave takes one member of each group
    expect(waves).toEqual([
      ['a1', 'b1'],
      ['a2', 'b2'],
      ['a3', 'b3'],
    ]);
  });

  test('GIVEN a ramp 1, 3 WHEN planned THEN the canary wave holds one server and the later ones three, within the group limit', () => {
    const ids = [...servers('a', 4), ...servers('b', 4), ...servers('x', 2)];
    expect(planWaves(ids, { sizes: [1, 3], groupOf: groupOfName, maxPerGroup: 2 })).toEqual([
      ['a1'],
      ['a2', 'a3', 'b1'],
      ['a4', 'b2', 'b3'],
      ['b4', 'x1', 'x2'],
    ]);
  });

  test('GIVEN servers appended after the others WHEN planned again THEN no server planned before moves', () => {
    // GIVEN a fleet of two groups, then a third group and a fourth member of the first group appended at the end
    const before = [...servers('a', 3), ...servers('b', 2)];
    const after = [...before, ...servers('c', 2), 'a4'];
    const plan = (ids: string[]) => planWaves(ids, { sizes: [2], groupOf: groupOfName, maxPerGroup: 1 });
    // THEN every earlier server keeps its wave; the appended ones fill room left in earlier waves or open new ones
    const was = waveOf(plan(before));
    const now = waveOf(plan(after));
    for (const id of before) expect(now.get(id)).toBe(was.get(id));
    expect(plan(after)).toEqual([
      ['a1', 'b1'],
      ['a2', 'b2'],
      ['a3', 'c1'],
      ['c2', 'a4'],
    ]);
  });
});

describe('groupIndex: the group each server counts in', () => {
  test('GIVEN members in any case WHEN looked up THEN found case-insensitively; a server in no group has none', () => {
    const groupOf = groupIndex([
      { id: 'g-a', members: ['AA-1', 'aa-2'] },
      { id: 'g-b', members: ['bb-1'] },
    ]);
    expect([groupOf('aa-1'), groupOf('AA-2'), groupOf('bb-1'), groupOf('cc-1')]).toEqual(['g-a', 'g-a', 'g-b', undefined]);
  });

  test('GIVEN two groups sharing a server WHEN planned THEN they count as one group, so neither has two members down', () => {
    // GIVEN groups a = {s1, s2} and b = {s2, s3}, and c = {s4}
    const groupOf = groupIndex([
      { id: 'a', members: ['s1', 's2'] },
      { id: 'b', members: ['s2', 's3'] },
      { id: 'c', members: ['s4'] },
    ]);
    expect(['s1', 's2', 's3', 's4'].map(groupOf)).toEqual(['a', 'a', 'a', 'c']);
    // WHEN the waves are planned one member per group
    const waves = planWaves(['s1', 's2', 's3', 's4'], { sizes: [4], groupOf, maxPerGroup: 1 });
    // THEN s1, s2 and s3 are in three different waves
    expect(waves).toEqual([['s1', 's4'], ['s2'], ['s3']]);
  });
});

describe('planWaves with maxPerGroup: properties', () => {
  // Servers with distinct ids, each in one of five groups or none.
  const fleet = fc
    .uniqueArray(fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(undefined, 'g1', 'g2', 'g3', 'g4', 'g5')), {
      selector: ([n]) => n,
      maxLength: 120,
    })
    .map((rows) => rows.map(([n, group]) => ({ id: `s${n}`, group })));
  const options = fc.record({ sizes: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 }), maxPerGroup: fc.integer({ min: 1, max: 4 }) });
  const plan = (fleetServers: { id: string; group?: string }[], o: { sizes: number[]; maxPerGroup: number }) => {
    const groupOf = new Map(fleetServers.map((s) => [s.id, s.group]));
    return planWaves(
      fleetServers.map((s) => s.id),
      { ...o, groupOf: (id) => groupOf.get(id) },
    );
  };

  test('every server is in exactly one wave; no wave exceeds its size or the group limit; no wave is empty', () => {
    fc.assert(
      fc.property(fleet, options, (fleetServers, o) => {
        const waves = plan(fleetServers, o);
        expect(waves.flat().sort()).toEqual(fleetServers.map((s) => s.id).sort());
        const groupOf = new Map(fleetServers.map((s) => [s.id, s.group]));
        waves.forEach((wave, i) => {
          expect(wave.length).toBeGreaterThan(0);
          expect(wave.length).toBeLessThanOrEqual(o.sizes[Math.min(i, o.sizes.length - 1)]);
          for (const group of ['g1', 'g2', 'g3', 'g4', 'g5']) expect(wave.filter((id) => groupOf.get(id) === group).length).toBeLessThanOrEqual(o.maxPerGroup);
        });
      }),
    );
  });

  test('appending servers never moves a server planned before them, and the plan is deterministic', () => {
    fc.assert(
      fc.property(fleet, options, fc.integer({ min: 0, max: 120 }), (fleetServers, o, cut) => {
        const prefix = fleetServers.slice(0, Math.min(cut, fleetServers.length));
        const full = waveOf(plan(fleetServers, o));
        const before = waveOf(plan(prefix, o));
        for (const s of prefix) expect(full.get(s.id)).toBe(before.get(s.id));
        expect(plan(fleetServers, o)).toEqual(plan(fleetServers, o));
      }),
    );
  });

  test('first fit: a server waits for a later wave only when no earlier wave had room for it', () => {
    fc.assert(
      fc.property(fleet, options, (fleetServers, o) => {
        const waves = plan(fleetServers, o);
        const at = waveOf(waves);
        const groupOf = new Map(fleetServers.map((s) => [s.id, s.group]));
        fleetServers.forEach((server, position) => {
          const earlier = new Set(fleetServers.slice(0, position).map((s) => s.id));
          for (let w = 0; w < at.get(server.id)!; w += 1) {
            const members = waves[w].filter((m) => earlier.has(m));
            const full = members.length >= o.sizes[Math.min(w, o.sizes.length - 1)];
            const groupFull = server.group !== undefined && members.filter((m) => groupOf.get(m) === server.group).length >= o.maxPerGroup;
            expect(full || groupFull).toBe(true);
          }
        });
      }),
    );
  });
});
