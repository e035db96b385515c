/** The fleet steps' command-line form: what the construct writes, the CLI reads back exactly; anything else is refused. */
import fc from 'fast-check';
import { encodeFleetSteps, type FleetStep, parseFleetSteps } from '../../src/cloud/fleet-steps';

const uuid = fc.uuid();
const flavor = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/);
const power = fc.constantFrom('SOFT' as const, 'HARD' as const);
const step: fc.Arbitrary<FleetStep> = fc.oneof(
  power.map((type) => ({ kind: 'stop' as const, type })),
  fc.constant({ kind: 'start' as const }),
  power.map((type) => ({ kind: 'reboot' as const, type })),
  flavor.map((flavorRef) => ({ kind: 'resize' as const, flavorRef })),
  fc.tuple(fc.constantFrom('change-os-v1' as const, 'change-os-v2' as const), uuid).map(([kind, imageId]) => ({ kind, imageId })),
  fc.constantFrom({ kind: 'reinstall-os-v1' as const }, { kind: 'reinstall-os-v2' as const }),
);

test('property: every list of steps reads back exactly as written', () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 16 }), (steps) => {
      expect(parseFleetSteps(encodeFleetSteps(steps))).toEqual({ steps });
    }),
  );
});

test('property: any text either reads back to the same text or is refused, naming the part', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (text) => {
      const parsed = parseFleetSteps(text);
      if ('steps' in parsed) expect(encodeFleetSteps(parsed.steps)).toBe(text);
      else expect(parsed.problems.length).toBeGreaterThan(0);
    }),
    { numRuns: 500 },
  );
});

test.each(['', 'stop', 'start:now', 'resize:', 'resize:a b', 'change-os-v2:not-a-uuid', 'reboot:soft', `${'start,'.repeat(16)}start`])('refuses %j', (text) => {
  expect(parseFleetSteps(text)).toHaveProperty('problems');
});
