import fc from 'fast-check';
import { planWaves } from '../../src/cloud/wave-plan';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `s${i}`);

test('GIVEN a ramp of a canary, 10 % and 25 % WHEN 40 servers are planned THEN waves of 1, 4, 10, 10, 10 and 5', () => {
  expect(planWaves(ids(40), { sizes: [1, 0.1, 0.25] }).map((w) => w.length)).toEqual([1, 4, 10, 10, 10, 5]);
});

test('GIVEN maxUnavailable 0.25 WHEN 8 servers are planned THEN four waves of two, in order', () => {
  expect(planWaves(ids(8), { sizes: [0.25] })).toEqual([
    ['s0', 's1'],
    ['s2', 's3'],
    ['s4', 's5'],
    ['s6', 's7'],
  ]);
});

test('GIVEN at most one server per group WHEN planned THEN a server over the limit waits for the next wave', () => {
  const group = (id: string) => (id === 's3' ? undefined : `g${Number(id.slice(1)) % 2}`);
  expect(planWaves(ids(5), { sizes: [3], groupOf: group, maxPerGroup: 1 })).toEqual([['s0', 's1', 's3'], ['s2'], ['s4']]);
});

test('GIVEN a size that is neither a count nor a fraction WHEN planned THEN it is refused', () => {
  for (const sizes of [[], [0], [1.5], [-1], [Number.NaN]]) expect(() => planWaves(ids(3), { sizes })).toThrow(RangeError);
});

test('property: every server is in exactly one wave, in order, no wave above its size or empty', () => {
  const size = fc.oneof(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0.001, max: 0.999, noNaN: true }));
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 300 }), fc.array(size, { minLength: 1, maxLength: 5 }), (n, sizes) => {
      const waves = planWaves(ids(n), { sizes });
      expect(waves.flat()).toEqual(ids(n));
      waves.forEach((wave, i) => {
        const s = sizes[Math.min(i, sizes.length - 1)];
        expect(wave.length).toBeGreaterThan(0);
        expect(wave.length).toBeLessThanOrEqual(s < 1 ? Math.max(1, Math.ceil(s * n)) : s);
      });
    }),
  );
});

test('property: with counts, appending servers leaves every full wave as it was', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 100 }),
      fc.integer({ min: 1, max: 20 }),
      fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 4 }),
      (n, more, sizes) => {
        const before = planWaves(ids(n), { sizes });
        const after = planWaves(ids(n + more), { sizes });
        const full = before.filter((w, i) => w.length === sizes[Math.min(i, sizes.length - 1)]);
        expect(after.slice(0, full.length)).toEqual(full);
      },
    ),
  );
});
