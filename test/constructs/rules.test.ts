import type { TerraformStack } from 'cdktf';
import { EcsLifecycleRules, ServerFleetMaintenance, ServerReboot, ServerResize, ServerStart, ServerStop, SynthError } from '../../src';
import { newApp, newStack, SERVER_1, SERVER_2, stackFiles } from '../helpers/synth';

const server = (n: number) => `1a2b3c4d-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The warning and error annotations of a stack's constructs, as `[level] path: message`. */
function annotations(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === '@cdktf/warn' || m.type === '@cdktf/error')
        .map((m) => `[${m.type.slice('@cdktf/'.length)}] ${c.node.path}: ${m.data}`),
    );
}

/** A stack with one finding of each rule: a native resize, a HARD stop and reboot, a fleet taking half its servers down. */
function stackWithFindings() {
  const app = newApp();
  const stack = newStack(app);
  new ServerStop(stack, 'stop', { serverId: SERVER_1, stopType: 'HARD' });
  const resize = new ServerResize(stack, 'resize', { serverId: SERVER_1, flavorRef: 's3.large.2' });
  new ServerStart(stack, 'start', { serverId: SERVER_1 });
  new ServerReboot(stack, 'reboot', { serverId: SERVER_1, rebootType: 'HARD' });
  const fleet = new ServerFleetMaintenance(stack, 'fleet', { serverIds: [2, 3, 4, 5].map(server), maxUnavailable: 2, steps: [{ action: 'reboot' }] });
  return { app, stack, resize, fleet };
}

describe('synth rules, cdk-nag style', () => {
  test('each finding is a warning with its rule id, construct path and the way to accept it; synth still writes the stack', () => {
    const { app, stack } = stackWithFindings();
    app.synth();
    expect(annotations(stack)).toEqual([
      expect.stringMatching(/^\[warn\] prod\/stop: ECSL2002: ServerStop with stopType HARD at 'prod\/stop': .*prefer SOFT/),
      expect.stringMatching(/^\[warn\] prod\/resize: ECSL2001: ServerResize at 'prod\/resize': .*vpc:ports:\* and evs:volumes:\*.*api: 'cloudservers'/),
      expect.stringMatching(/^\[warn\] prod\/reboot: ECSL2002: ServerReboot with rebootType HARD/),
      expect.stringMatching(/^\[warn\] prod\/fleet: ECSL2003: ServerFleetMaintenance taking 2 of 4 servers down per wave at 'prod\/fleet'/),
    ]);
    expect(annotations(stack).every((a) => a.endsWith("'<reason>').") && a.includes('EcsLifecycleRules.suppress(construct, '))).toBe(true);
    expect(Object.keys(stackFiles(app, 'prod'))).toContain('ecs-iam-policy.json');
    // A second synth does not repeat them.
    app.synth();
    expect(annotations(stack)).toHaveLength(4);
  });

  test('none for the safe choices: cloudservers resize, SOFT, a fleet of at most 25 % per wave', () => {
    const app = newApp();
    const stack = newStack(app);
    new ServerStop(stack, 'stop', { serverId: SERVER_1 });
    new ServerResize(stack, 'resize', { serverId: SERVER_1, flavorRef: 's3.large.2', api: 'cloudservers' });
    new ServerStart(stack, 'start', { serverId: SERVER_1 });
    new ServerFleetMaintenance(stack, 'fleet', { serverIds: [2, 3, 4, 5].map(server), maxUnavailable: 1, steps: [{ action: 'reboot' }] });
    app.synth();
    expect(annotations(stack)).toEqual([]);
  });

  test('a suppression with a reason silences the rule on the construct and below, and the review file lists it', () => {
    const { app, stack, resize, fleet } = stackWithFindings();
    EcsLifecycleRules.suppress(resize, 'ECSL2001', 'flavor s3.large.2 needs the native API in eu-de');
    EcsLifecycleRules.suppress(stack, 'ECSL2002', 'the guests are stateless and tolerate power cuts');
    EcsLifecycleRules.suppress(fleet, 'ECSL2003', 'two of four is the agreed window');
    app.synth();
    expect(annotations(stack)).toEqual([]);
    const files = stackFiles(app, 'prod');
    expect(JSON.parse(files['ecs-iam-policy.review.json']).suppressions).toEqual([
      { constructPath: 'prod/fleet', ruleId: 'ECSL2003', reason: 'two of four is the agreed window' },
      { constructPath: 'prod/reboot', ruleId: 'ECSL2002', reason: 'the guests are stateless and tolerate power cuts' },
      { constructPath: 'prod/resize', ruleId: 'ECSL2001', reason: 'flavor s3.large.2 needs the native API in eu-de' },
      { constructPath: 'prod/stop', ruleId: 'ECSL2002', reason: 'the guests are stateless and tolerate power cuts' },
    ]);
    expect(files['ecs-iam-policy.md']).toContain(
      '## Suppressed rules\n\n| Construct | Rule | Reason |\n|---|---|---|\n| `prod/fleet` | ECSL2003 | two of four is the agreed window |',
    );
  });

  test('a suppression needs a reason: a short one is an error naming the construct', () => {
    const { app, resize } = stackWithFindings();
    EcsLifecycleRules.suppress(resize, 'ECSL2001', 'ok');
    expect(() => app.synth()).toThrow(/\[prod\/resize\] Rule suppression of ECSL2001 at 'prod\/resize': the reason is required, at least 10 characters/);
  });

  test('a rule raised to an error for a stack fails synth on its findings, with the others still warnings', () => {
    const { app, stack } = stackWithFindings();
    EcsLifecycleRules.raiseToError(stack, 'ECSL2001');
    expect(() => app.synth()).toThrow(SynthError);
    expect(() => app.synth()).toThrow(/Synth found 1 error(.|\n)*\[prod\/resize\] ECSL2001: /);
    expect(annotations(stack).filter((a) => a.startsWith('[warn]'))).toHaveLength(3);
  });

  test('a stack without findings of a rule raised to an error synthesizes', () => {
    const app = newApp();
    const stack = newStack(app);
    new ServerStop(stack, 'stop', { serverId: SERVER_2 });
    EcsLifecycleRules.raiseToError(stack, 'ECSL2002');
    expect(() => app.synth()).not.toThrow();
  });
});
