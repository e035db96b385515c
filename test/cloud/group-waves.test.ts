import fc from 'fast-check';
import { packWavesByGroup } from '../../src/cloud/group-waves';

/** Servers `a1, a2, …` in group `a`, `b1, …` in group `b`; a server named `x…` is in no group. */
const groupsOfName = (id: string) => (id.startsWith('x') ? [] : [id[0]]);
const servers = (group: string, n: number) => Array.from({ length: n }, (_, i) => `${group}${i + 1}`);

describe('packWavesByGroup: no wave holds more than maxPerGroup members of one group', () => {
  test('GIVEN two groups of three, waves of 4, one member per group WHEN planned THEN three waves, one member of each group', () => {
    // GIVEN two anti-affinity groups, listed group after group
    const ids = [...servers('a', 3), ...servers('b', 3)];
    // WHEN the waves are planned with room for 4 servers but 1 member per group
    const waves = packWavesByGroup(ids, { sizes: [4], groupsOf: groupsOfName, maxPerGroup: 1 });
    // THEN each wave takes one member of each group
    expect(waves).toEqual([
      ['a1', 'b1'],
      ['a2', 'b2'],
      ['a3', 'b3'],
    ]);
  });

  test('GIVEN servers in no group WHEN planned THEN they fill the waves in order, as a listed fleet does', () => {
    expect(packWavesByGroup(servers('x', 5), { sizes: [2], groupsOf: groupsOfName, maxPerGroup: 1 })).toEqual([['x1', 'x2'], ['x3', 'x4'], ['x5']]);
  });

  test('GIVEN a ramp 1, 3 WHEN planned THEN the canary wave holds one server and the later ones three, within the group limit', () => {
    const ids = [...servers('a', 4), ...servers('b', 4), ...servers('x', 2)];
    const waves = packWavesByGroup(ids, { sizes: [1, 3], groupsOf: groupsOfName, maxPerGroup: 2 });
    expect(waves).toEqual([['a1'], ['a2', 'a3', 'b1'], ['a4', 'b2', 'b3'], ['b4', 'x1', 'x2']]);
  });

  test('GIVEN a server in two groups WHEN planned THEN it counts in both', () => {
    const groupsOf = (id: string) => (id === 'ab' ? ['a', 'b'] : [id[0]]);
    expect(packWavesByGroup(['ab', 'a1', 'b1', 'c1'], { sizes: [3], groupsOf, maxPerGroup: 1 })).toEqual([
      ['ab', 'c1'],
      ['a1', 'b1'],
    ]);
  });

  test('GIVEN servers appended after the others WHEN planned again THEN no server planned before moves', () => {
    // GIVEN a fleet of two groups, then a third group and a fourth member of the first group appended at the end
    const before = [...servers('a', 3), ...servers('b', 2)];
    const after = [...before, ...servers('c', 2), 'a4'];
    const plan = (ids: string[]) => packWavesByGroup(ids, { sizes: [2], groupsOf: groupsOfName, maxPerGroup: 1 });
    // THEN every earlier server keeps its wave; the appended ones fill room left in earlier waves or open new ones
    const waveOf = (waves: string[][]) => new Map(waves.flatMap((w, i) => w.map((id) => [id, i] as const)));
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

  test('refuses sizes and limits that are not whole numbers from 1', () => {
    expect(() => packWavesByGroup(['a1'], { sizes: [], groupsOf: groupsOfName, maxPerGroup: 1 })).toThrow('wave sizes');
    expect(() => packWavesByGroup(['a1'], { sizes: [0.5], groupsOf: groupsOfName, maxPerGroup: 1 })).toThrow('wave sizes');
    expect(() => packWavesByGroup(['a1'], { sizes: [1], groupsOf: groupsOfName, maxPerGroup: 0 })).toThrow('maxPerGroup');
  });
});

describe('packWavesByGroup: properties', () => {
  // Servers with distinct ids, each in zero to two of five groups.
  const fleet = fc
    .uniqueArray(fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.subarray(['g1', 'g2', 'g3', 'g4', 'g5'], { maxLength: 2 })), {
      selector: ([n]) => n,
      minLength: 0,
      maxLength: 120,
    })
    .map((rows) => rows.map(([n, groups]) => ({ id: `s${n}`, groups })));
  const options = fc.record({ sizes: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 }), maxPerGroup: fc.integer({ min: 1, max: 4 }) });
  const plan = (servers: { id: string; groups: string[] }[], o: { sizes: number[]; maxPerGroup: number }) => {
    const groupsOf = new Map(servers.map((s) => [s.id, s.groups]));
    return packWavesByGroup(
      servers.map((s) => s.id),
      { ...o, groupsOf: (id) => groupsOf.get(id)! },
    );
  };

  test('every server is in exactly one wave; no wave exceeds its size or the group limit; no wave is empty', () => {
    fc.assert(
      fc.property(fleet, options, (servers, o) => {
        const waves = plan(servers, o);
        expect(waves.flat().sort()).toEqual(servers.map((s) => s.id).sort());
        waves.forEach((wave, i) => {
          expect(wave.length).toBeGreaterThan(0);
          expect(wave.length).toBeLessThanOrEqual(o.sizes[Math.min(i, o.sizes.length - 1)]);
          for (const group of ['g1', 'g2', 'g3', 'g4', 'g5']) {
            expect(wave.filter((id) => servers.find((s) => s.id === id)!.groups.includes(group)).length).toBeLessThanOrEqual(o.maxPerGroup);
          }
        });
      }),
    );
  });

  test('appending servers never moves a server planned before them, and the plan is deterministic', () => {
    fc.assert(
      fc.property(fleet, options, fc.integer({ min: 0, max: 120 }), (servers, o, cut) => {
        const prefix = servers.slice(0, Math.min(cut, servers.length));
        const waveOf = (waves: string[][]) => new Map(waves.flatMap((w, i) => w.map((id) => [id, i] as const)));
        const full = waveOf(plan(servers, o));
        const before = waveOf(plan(prefix, o));
        for (const s of prefix) expect(full.get(s.id)).toBe(before.get(s.id));
        expect(plan(servers, o)).toEqual(plan(servers, o));
      }),
    );
  });

  test('first fit: a server opens a new wave only when no earlier wave has room for it', () => {
    fc.assert(
      fc.property(fleet, options, (servers, o) => {
        const waves = plan(servers, o);
        const groupsOf = new Map(servers.map((s) => [s.id, s.groups]));
        waves.forEach((wave, i) => {
          // The first server of each wave after the first could not have joined any earlier wave as it stood then.
          if (i === 0) return;
          const id = wave[0];
          const position = servers.findIndex((s) => s.id === id);
          const earlier = new Set(servers.slice(0, position).map((s) => s.id));
          for (let w = 0; w < i; w += 1) {
            const members = waves[w].filter((m) => earlier.has(m));
            const full = members.length >= o.sizes[Math.min(w, o.sizes.length - 1)];
            const groupFull = groupsOf.get(id)!.some((g) => members.filter((m) => groupsOf.get(m)!.includes(g)).length >= o.maxPerGroup);
            expect(full || groupFull).toBe(true);
          }
        });
      }),
    );
  });
});
