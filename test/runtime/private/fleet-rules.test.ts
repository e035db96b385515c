/** The end-state rule of fleet waves agrees with the construct's choice of member records (`showsCompletion`). */
import fc from 'fast-check';
import { type FleetStep, showsCompletion } from '../../../src/cloud/fleet-steps';
import { isComplete, isObservablyComplete } from '../../../src/runtime/private/fleet-rules';
import type { ServerState } from '../../../src/runtime/private/server-state';

const FLAVOR = 's3.large.2';
const IMAGE = 'e215580f-73ad-429d-b6f2-5433947433b0';
const step: fc.Arbitrary<FleetStep> = fc.constantFrom<FleetStep>(
  { kind: 'stop', type: 'SOFT' },
  { kind: 'start' },
  { kind: 'reboot', type: 'SOFT' },
  { kind: 'resize', flavorRef: FLAVOR },
  { kind: 'change-os-v2', imageId: IMAGE },
  { kind: 'reinstall-os-v2' },
);
const state: fc.Arbitrary<ServerState> = fc.record({
  id: fc.constant('1a2b3c4d-0000-4000-8000-000000000001'),
  status: fc.constantFrom('ACTIVE', 'SHUTOFF'),
  flavorId: fc.constantFrom(FLAVOR, 's3.medium.2'),
  imageId: fc.constantFrom(IMAGE, '0e215580-73ad-429d-b6f2-5433947433b0'),
  locked: fc.constant(false),
  addresses: fc.constant([]),
});

describe('showsCompletion', () => {
  test.each([
    ['stop, resize, start', [{ kind: 'stop', type: 'SOFT' }, { kind: 'resize', flavorRef: FLAVOR }, { kind: 'start' }], true],
    ['stop, start', [{ kind: 'stop', type: 'SOFT' }, { kind: 'start' }], true],
    [
      'reboot, then a resize',
      [
        { kind: 'reboot', type: 'HARD' },
        { kind: 'stop', type: 'SOFT' },
        { kind: 'resize', flavorRef: FLAVOR },
      ],
      true,
    ],
    [
      'change OS',
      [
        { kind: 'stop', type: 'SOFT' },
        { kind: 'change-os-v2', imageId: IMAGE },
      ],
      true,
    ],
    ['reboot', [{ kind: 'reboot', type: 'SOFT' }], false],
    ['stop, reinstall, start', [{ kind: 'stop', type: 'SOFT' }, { kind: 'reinstall-os-v1' }, { kind: 'start' }], false],
  ] as const)('GIVEN %s THEN it is %s', (_name, steps, shows) => {
    expect(showsCompletion(steps as readonly FleetStep[])).toBe(shows);
  });

  test('property: steps whose end shows are complete exactly when the cloud shows their end; others never are before they ran', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 6 }), state, (steps, server) => {
        expect(isComplete(steps, server)).toBe(showsCompletion(steps) ? isObservablyComplete(steps, server) : false);
      }),
    );
  });
});
