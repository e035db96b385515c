import { join } from 'node:path';
import { comparePolicies, diffFails, diffInputs, type FailOn, GateUsageError, loadPolicyInput, type PolicyDiff } from '../../src/gate';
import type { PolicyDocument } from '../../src/iam';
import { allow, allowAllBut, deny, doc, loaded } from './fixtures/documents';
import { tempDir, writeOutdir, writeStack } from './fixtures/synth-output';

// Each row: the old and new policy, then every added (+) and removed (-) entry with whether it broadens.
type Row = [string, PolicyDocument, PolicyDocument, string[]];

describe('policy diff: an entry broadens only when the new policy allows something the old did not', () => {
  test.each<Row>([
    ['a new named action', doc(allow('ecs:servers:start')), doc(allow('ecs:servers:start', 'ecs:servers:stop')), ['+ Allow ecs:servers:stop BROADENING']],
    ['a removed action', doc(allow('ecs:servers:start', 'ecs:servers:stop')), doc(allow('ecs:servers:start')), ['- Allow ecs:servers:stop']],
    ['statements regrouped and reordered', doc(allow('ecs:servers:start', 'ecs:servers:stop')), doc(allow('ecs:servers:stop'), allow('ecs:servers:start')), []],
    ['the same action in other letter case', doc(allow('ecs:SERVERS:Start')), doc(allow('ecs:servers:start')), []],
  ])('%s', (_, before, after, expected) => {
    expect(changes(before, after)).toEqual(expected);
  });

  test.each<Row>([
    ['ecs:*:* narrowed to ecs:servers:*', doc(allow('ecs:*:*')), doc(allow('ecs:servers:*')), ['+ Allow ecs:servers:*', '- Allow ecs:*:*']],
    ['ecs:servers:* widened to ecs:*:*', doc(allow('ecs:servers:*')), doc(allow('ecs:*:*')), ['+ Allow ecs:*:* BROADENING', '- Allow ecs:servers:*']],
    ['a named action under an old ecs:*:get*', doc(allow('ecs:*:get*')), doc(allow('ecs:*:get*', 'ecs:flavors:get')), ['+ Allow ecs:flavors:get']],
    [
      'a named action outside an old ecs:*:get*',
      doc(allow('ecs:*:get*')),
      doc(allow('ecs:*:get*', 'ecs:servers:list')),
      ['+ Allow ecs:servers:list BROADENING'],
    ],
    ['a narrower wildcard under ecs:*:get*', doc(allow('ecs:*:get*')), doc(allow('ecs:*:getFlavor*')), ['+ Allow ecs:*:getFlavor*', '- Allow ecs:*:get*']],
    ['ecs:*:get* next to an old ecs:*:list*', doc(allow('ecs:*:list*')), doc(allow('ecs:*:list*', 'ecs:*:get*')), ['+ Allow ecs:*:get* BROADENING']],
    [
      'a wildcard whose actions the old policy named one by one',
      doc(allow('ecs:servers:start', 'ecs:servers:stop')),
      doc(allow('ecs:servers:st*')),
      ['+ Allow ecs:servers:st* BROADENING', '- Allow ecs:servers:start', '- Allow ecs:servers:stop'],
    ],
    [
      'a wildcard in other letter case under an old one',
      doc(allow('ecs:servers:*')),
      doc(allow('ecs:servers:*', 'ecs:SERVERS:ST*')),
      ['+ Allow ecs:SERVERS:ST*'],
    ],
    ['a wildcard of another service', doc(allow('ecs:*:*')), doc(allow('ecs:*:*', 'evs:*:*')), ['+ Allow evs:*:* BROADENING']],
    ['* added', doc(allow('ecs:*:*')), doc(allow('*')), ['+ Allow * BROADENING', '- Allow ecs:*:*']],
    ['* narrowed to ecs:*:*', doc(allow('*')), doc(allow('ecs:*:*')), ['+ Allow ecs:*:*', '- Allow *']],
  ])('wildcards: %s', (_, before, after, expected) => {
    expect(changes(before, after)).toEqual(expected);
  });

  test.each<Row>([
    ['a Deny added', doc(allow('ecs:*:*')), doc(allow('ecs:*:*'), deny('ecs:servers:stop')), ['+ Deny ecs:servers:stop']],
    [
      'a Deny removed while the new policy allows what it denied',
      doc(allow('ecs:*:*'), deny('ecs:servers:stop')),
      doc(allow('ecs:*:*')),
      ['- Deny ecs:servers:stop BROADENING'],
    ],
    [
      'a Deny removed while the new policy does not allow it',
      doc(allow('ecs:servers:start'), deny('ecs:servers:stop')),
      doc(allow('ecs:servers:start')),
      ['- Deny ecs:servers:stop'],
    ],
    [
      'a wildcard Deny removed, a narrower one kept',
      doc(allow('ecs:*:*'), deny('ecs:servers:*')),
      doc(allow('ecs:*:*'), deny('ecs:servers:stop')),
      ['+ Deny ecs:servers:stop', '- Deny ecs:servers:* BROADENING'],
    ],
    [
      'a wildcard Deny removed, a wider one added',
      doc(allow('ecs:*:*'), deny('ecs:servers:st*')),
      doc(allow('ecs:*:*'), deny('ecs:servers:*')),
      ['+ Deny ecs:servers:*', '- Deny ecs:servers:st*'],
    ],
    [
      'a wildcard Deny removed while nothing allowed overlaps it',
      doc(allow('ecs:cloudServers:*'), deny('ecs:servers:*')),
      doc(allow('ecs:cloudServers:*')),
      ['- Deny ecs:servers:*'],
    ],
    [
      'an old Deny inside a new wildcard is dropped',
      doc(allow('ecs:*:*'), deny('ecs:servers:stop')),
      doc(allow('ecs:servers:*')),
      ['+ Allow ecs:servers:* BROADENING', '- Allow ecs:*:*', '- Deny ecs:servers:stop BROADENING'],
    ],
    [
      'an old Deny inside a new wildcard is kept',
      doc(allow('ecs:*:*'), deny('ecs:servers:stop')),
      doc(allow('ecs:servers:*'), deny('ecs:servers:stop')),
      ['+ Allow ecs:servers:*', '- Allow ecs:*:*'],
    ],
    [
      'an old Deny outside a new wildcard',
      doc(allow('ecs:*:*'), deny('ecs:servers:stop')),
      doc(allow('ecs:cloudServers:*')),
      ['+ Allow ecs:cloudServers:*', '- Allow ecs:*:*', '- Deny ecs:servers:stop'],
    ],
    [
      'an action the old policy denied, now named',
      doc(allow('ecs:*:*'), deny('ecs:servers:stop')),
      doc(allow('ecs:*:*', 'ecs:servers:stop')),
      ['+ Allow ecs:servers:stop BROADENING', '- Deny ecs:servers:stop BROADENING'],
    ],
    [
      'an action added that the new policy denies',
      doc(allow('ecs:servers:list'), deny('ecs:servers:*')),
      doc(allow('ecs:servers:list', 'ecs:servers:stop'), deny('ecs:servers:*')),
      ['+ Allow ecs:servers:stop'],
    ],
    [
      'a wildcard added that the new policy denies entirely',
      doc(allow('ecs:servers:list')),
      doc(allow('ecs:servers:list', 'evs:*:*'), deny('evs:*:*')),
      ['+ Allow evs:*:*', '+ Deny evs:*:*'],
    ],
  ])('Deny: %s', (_, before, after, expected) => {
    expect(changes(before, after)).toEqual(expected);
  });

  test.each<Row>([
    [
      'NotAction excluding less',
      doc(allowAllBut('ecs:servers:*')),
      doc(allowAllBut('ecs:servers:stop')),
      ['+ Allow NotAction [ecs:servers:stop] BROADENING', '- Allow NotAction [ecs:servers:*]'],
    ],
    [
      'NotAction excluding more',
      doc(allowAllBut('ecs:servers:stop')),
      doc(allowAllBut('ecs:servers:*')),
      ['+ Allow NotAction [ecs:servers:*]', '- Allow NotAction [ecs:servers:stop]'],
    ],
    [
      'a named action the old NotAction excluded',
      doc(allowAllBut('ecs:servers:*')),
      doc(allowAllBut('ecs:servers:*'), allow('ecs:servers:stop')),
      ['+ Allow ecs:servers:stop BROADENING'],
    ],
    [
      'a wildcard the old NotAction allowed',
      doc(allowAllBut('ecs:servers:*')),
      doc(allow('ecs:cloudServers:*')),
      ['+ Allow ecs:cloudServers:*', '- Allow NotAction [ecs:servers:*]'],
    ],
  ])('NotAction: %s', (_, before, after, expected) => {
    expect(changes(before, after)).toEqual(expected);
  });

  test('every entry says why it does or does not broaden', () => {
    // GIVEN a widened wildcard over a dropped Deny
    const comparison = comparePolicies(loaded(doc(allow('ecs:*:*'), deny('ecs:servers:stop'))), loaded(doc(allow('ecs:servers:*'))));
    // THEN each reason names the statement entry behind the verdict
    expect(comparison.entries.map((e) => `${e.label}: ${e.reason}`)).toEqual([
      'ecs:servers:*: the old policy denied part of it (Deny ecs:servers:stop), the new policy does not',
      'ecs:*:*: no longer allowed as a whole',
      'ecs:servers:stop: the Deny is gone and the new policy allows it (Allow ecs:servers:*)',
    ]);
  });
});

describe('policy diff: --fail-on decides which changes fail the gate', () => {
  const diffs: Record<string, PolicyDiff> = {
    broadening: diffOf(doc(allow('ecs:servers:start')), doc(allow('ecs:servers:start', 'ecs:servers:stop'))),
    narrowing: diffOf(doc(allow('ecs:servers:start', 'ecs:servers:stop')), doc(allow('ecs:servers:start'))),
    unchanged: diffOf(doc(allow('ecs:servers:start')), doc(allow('ecs:SERVERS:start'))),
  };

  test.each<[string, FailOn, boolean]>([
    ['broadening', 'broadening', true],
    ['broadening', 'any', true],
    ['broadening', 'never', false],
    ['narrowing', 'broadening', false],
    ['narrowing', 'any', true],
    ['narrowing', 'never', false],
    ['unchanged', 'broadening', false],
    ['unchanged', 'any', false],
    ['unchanged', 'never', false],
  ])('a %s diff with --fail-on %s fails: %s', (kind, failOn, fails) => {
    expect(diffFails(diffs[kind], failOn)).toBe(fails);
  });
});

describe('policy diff: cdktf.out folders are compared stack by stack', () => {
  const dir = tempDir();
  const before = writeOutdir(join(dir, 'before'), {
    prod: [{ id: 'stop-web1', operation: 'server-stop' }],
    legacy: [{ id: 'lock-web9', operation: 'server-lock' }],
    same: [{ id: 'reboot-web2', operation: 'server-reboot' }],
  });
  const after = writeOutdir(join(dir, 'after'), {
    prod: [
      { id: 'stop-web1', operation: 'server-stop' },
      { id: 'start-web1', operation: 'server-start' },
    ],
    fresh: [{ id: 'group', operation: 'server-group-create' }],
    same: [{ id: 'reboot-web2', operation: 'server-reboot' }],
  });
  const diff = diffInputs(loadPolicyInput(before, { generated: false }), loadPolicyInput(after, { generated: false }));

  test('every stack id of either folder is compared, in sorted order, with its status', () => {
    expect(diff.comparisons.map((c) => `${c.stack}: ${c.status}`)).toEqual(['fresh: new', 'legacy: removed', 'prod: changed', 'same: unchanged']);
  });

  test('a new stack is broadening and a removed stack is a narrowing', () => {
    const byStack = Object.fromEntries(diff.comparisons.map((c) => [c.stack, c.entries.map(changeLine)]));
    expect(byStack.fresh).toEqual(['+ Allow ecs:serverGroups:manage BROADENING']);
    expect(byStack.legacy).toEqual(['- Allow ecs:cloudServers:showServer', '- Allow ecs:servers:list', '- Allow ecs:servers:lock']);
    expect(byStack.prod).toEqual(['+ Allow ecs:servers:start BROADENING']);
    expect(diffFails(diff, 'broadening')).toBe(true);
  });

  test('an added action names the constructs and APIs of the after side; a removed one those of the before side', () => {
    const prod = diff.comparisons.find((c) => c.stack === 'prod');
    expect(prod?.entries[0].neededBy).toEqual([
      {
        constructPath: 'prod/start-web1',
        construct: 'ServerStart',
        operation: 'server-start',
        kind: 'primary',
        api: 'POST /v2.1/{project_id}/servers/{server_id}/action',
        iamProject: true,
        enterpriseProject: false,
      },
    ]);
    const legacy = diff.comparisons.find((c) => c.stack === 'legacy');
    expect(legacy?.entries.find((e) => e.label === 'ecs:servers:list')?.neededBy).toMatchObject([
      { constructPath: 'legacy/lock-web9', kind: 'dependency', dependencyOf: 'ecs:servers:lock' },
    ]);
  });

  test('a new stack that grants nothing is a change, but not a broadening one', () => {
    // GIVEN an after folder that adds only a stack with an empty policy
    const sameOnly = writeOutdir(join(dir, 'same-only'), { same: [{ id: 'reboot-web2', operation: 'server-reboot' }] });
    const withIdle = writeOutdir(join(dir, 'with-idle'), { same: [{ id: 'reboot-web2', operation: 'server-reboot' }], idle: [] });
    const idleDiff = diffInputs(loadPolicyInput(sameOnly, { generated: false }), loadPolicyInput(withIdle, { generated: false }));
    // THEN only --fail-on any fails
    expect(idleDiff.comparisons.map((c) => `${c.stack}: ${c.status}`)).toEqual(['idle: new', 'same: unchanged']);
    expect(diffFails(idleDiff, 'broadening')).toBe(false);
    expect(diffFails(idleDiff, 'any')).toBe(true);
  });

  test('a cdktf.out folder cannot be compared with a single policy', () => {
    const single = writeStack(join(dir, 'single'), 'prod', [{ id: 'stop-web1', operation: 'server-stop' }]);
    expect(() => diffInputs(loadPolicyInput(before, { generated: false }), loadPolicyInput(single, { generated: false }))).toThrow(GateUsageError);
  });

  test('without review data the diff still works and says who needs an action is unknown', () => {
    // GIVEN an after folder written without review data
    const bare = writeOutdir(join(dir, 'bare'), { prod: [{ id: 'resize-web1', operation: 'server-resize' }] }, { review: false });
    const bareDiff = diffInputs(loadPolicyInput(before, { generated: false }), loadPolicyInput(bare, { generated: false }));
    const prod = bareDiff.comparisons.find((c) => c.stack === 'prod');
    // THEN the entries are there, unannotated, with a note naming where review data was looked for
    expect(prod?.entries.some((e) => e.label === 'ecs:servers:resize' && e.broadening && e.neededBy === undefined)).toBe(true);
    expect(prod?.notes).toEqual([
      `who needs the added actions is unknown: no review data beside ${join(bare, 'stacks', 'prod')} ` +
        `(looked for ${join(bare, 'stacks', 'prod', 'ecs-iam-policy.review.json')})`,
    ]);
  });
});

function changes(before: PolicyDocument, after: PolicyDocument): string[] {
  return comparePolicies(loaded(before), loaded(after)).entries.map(changeLine);
}

function changeLine(entry: { change: string; effect: string; label: string; broadening: boolean }): string {
  return `${entry.change === 'added' ? '+' : '-'} ${entry.effect} ${entry.label}${entry.broadening ? ' BROADENING' : ''}`;
}

function diffOf(before: PolicyDocument, after: PolicyDocument): PolicyDiff {
  return { before: 'a', after: 'b', comparisons: [comparePolicies(loaded(before), loaded(after))], warnings: [] };
}
