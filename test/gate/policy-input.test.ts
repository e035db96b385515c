import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GateInputError, loadPolicyInput, type LoadedPolicy, type PolicyInput } from '../../src/gate';
import { PolicyDocumentError } from '../../src/iam';
import { tempDir, writeJson, writeOutdir, writeStack } from './fixtures/synth-output';

describe('policy input: a policy file, a stack folder or a cdktf.out folder', () => {
  const dir = tempDir();

  test('a stack folder with numbered documents needs the union of its documents', () => {
    // GIVEN a resize stack written as numbered documents of 5 actions each
    const stackDir = writeStack(join(dir, 'numbered'), 'prod', [{ id: 'resize-web1', operation: 'server-resize' }], { numberedBy: 5 });
    // WHEN loaded
    const policy = single(loadPolicyInput(stackDir, { generated: true }));
    // THEN the 15 actions come from three documents, read in number order
    expect(policy.files.map((f) => f.path)).toEqual(['ecs-iam-policy-1.json', 'ecs-iam-policy-2.json', 'ecs-iam-policy-3.json'].map((f) => join(stackDir, f)));
    expect(policy.effective.Statement.flatMap((s) => s.Action)).toHaveLength(15);
    expect(policy.review?.path).toBe(join(stackDir, 'ecs-iam-policy.review.json'));
  });

  test('numbered documents sort by number, not by name', () => {
    const stackDir = join(dir, 'many');
    mkdirSync(stackDir);
    for (const n of [10, 2, 1])
      writeJson(join(stackDir, `ecs-iam-policy-${n}.json`), { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['ecs:servers:start'] }] });
    expect(single(loadPolicyInput(stackDir, { generated: true })).files.map((f) => f.path.slice(stackDir.length + 1))).toEqual([
      'ecs-iam-policy-1.json',
      'ecs-iam-policy-2.json',
      'ecs-iam-policy-10.json',
    ]);
  });

  test.each([
    ['<name>.review.json beside the file first', 'approved.json', ['approved.review.json', 'ecs-iam-policy.review.json'], 'approved.review.json'],
    ['else ecs-iam-policy.review.json beside it', 'approved.json', ['ecs-iam-policy.review.json'], 'ecs-iam-policy.review.json'],
    ['and nothing when there is none', 'approved.json', [], undefined],
  ])('review data is looked up %s', (_, file, present, found) => {
    // GIVEN a policy file and some review files beside it
    const at = tempDir();
    const stackDir = writeStack(join(at, 'src'), 'prod', [{ id: 'stop', operation: 'server-stop' }]);
    writeFileSync(join(at, file), readFileSync(join(stackDir, 'ecs-iam-policy.json')));
    for (const name of present) writeFileSync(join(at, name), readFileSync(join(stackDir, 'ecs-iam-policy.review.json')));
    // WHEN loaded
    const policy = single(loadPolicyInput(join(at, file), { generated: false }));
    // THEN the first candidate present is read, and both candidates are recorded
    expect(policy.review?.path).toBe(found && join(at, found));
    expect(policy.reviewLookedFor).toEqual([join(at, 'approved.review.json'), join(at, 'ecs-iam-policy.review.json')]);
  });

  test("review data is joined per construct: each operation's needs go to every construct that declared it", () => {
    // GIVEN a server group (two operations) and two stops (one shared operation), written as synth writes them
    const stackDir = writeStack(join(dir, 'joined'), 'prod', [
      { id: 'web-group', operation: 'server-group-create' },
      { id: 'web-group', operation: 'server-group-delete' },
      { id: 'stop-web1', operation: 'server-stop' },
      { id: 'stop-web2', operation: 'server-stop' },
    ]);
    // WHEN loaded
    const actions = single(loadPolicyInput(stackDir, { generated: true })).review?.data.actions ?? [];
    const needersOf = (action: string) =>
      actions.find((a) => a.action === action)?.neededBy.map((n) => `${n.constructPath} ${n.construct}: ${n.operation} ${n.api}`);
    // THEN both stops need the stop action, and the group needs its action through both its operations
    expect(needersOf('ecs:servers:stop')).toEqual([
      'prod/stop-web1 ServerStop: server-stop POST /v2.1/{project_id}/servers/{server_id}/action',
      'prod/stop-web2 ServerStop: server-stop POST /v2.1/{project_id}/servers/{server_id}/action',
    ]);
    expect(needersOf('ecs:serverGroups:manage')).toEqual([
      'prod/web-group ServerGroup: server-group-create GET /v2.1/{project_id}/os-server-groups',
      'prod/web-group ServerGroup: server-group-create POST /v2.1/{project_id}/os-server-groups',
      'prod/web-group ServerGroup: server-group-delete DELETE /v2.1/{project_id}/os-server-groups/{server_group_id}',
      'prod/web-group ServerGroup: server-group-delete GET /v2.1/{project_id}/os-server-groups',
      'prod/web-group ServerGroup: server-group-delete GET /v2.1/{project_id}/os-server-groups/{server_group_id}',
    ]);
  });

  test('a cdktf.out folder maps every stack with a policy by id; a stack without one needs nothing', () => {
    const outdir = writeOutdir(join(dir, 'out'), { b: [{ id: 'x', operation: 'server-start' }], a: [{ id: 'y', operation: 'server-stop' }] });
    mkdirSync(join(outdir, 'stacks', 'network'));
    writeJson(join(outdir, 'stacks', 'network', 'cdk.tf.json'), {});
    const input = loadPolicyInput(outdir, { generated: true });
    expect(input.kind === 'outdir' && [...input.stacks.keys()]).toEqual(['a', 'b']);
  });
});

describe('policy input: malformed input gets a clear error naming the file and the problem', () => {
  const dir = tempDir();

  test.each([
    ['not JSON', '{"Version": "1.1",', /not JSON/],
    ['a wrong Version', '{"Version":"1.0","Statement":[]}', /"Version" must be "1.1"/],
    ['no Statement', '{"Version":"1.1"}', /"Statement" is missing or not an array/],
    [
      'an unknown effect',
      '{"Version":"1.1","Statement":[{"Effect":"Permit","Action":["ecs:servers:start"]}]}',
      /Statement\[0\]\.Effect must be "Allow" or "Deny", found "Permit"/,
    ],
    ['a malformed action', '{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["start"]}]}', /malformed action "start"/],
  ])('a policy with %s', (name, text, problem) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(path, text);
    expect(() => loadPolicyInput(path, { generated: false })).toThrow(PolicyDocumentError);
    expect(() => loadPolicyInput(path, { generated: false })).toThrow(problem);
    expect(() => loadPolicyInput(path, { generated: false })).toThrow(path);
  });

  const settings = { stack: 'p', cloud: 'otc', region: 'eu-de', authorization: 'project' };
  const stopNeed = { operation: 'server-stop', kind: 'primary', api: 'POST /x', iamProject: true, enterpriseProject: false };
  const stopper = { path: 'p/s', construct: 'ServerStop', operations: ['server-stop'] };
  const review = (actions: unknown, constructs: unknown) => JSON.stringify({ ...settings, actions, constructs });
  test.each([
    ['not JSON', 'nope', /review\.json: not JSON/],
    [
      'no actions',
      '{"stack":"prod","cloud":"otc","region":"eu-de","authorization":"project","constructs":[]}',
      /review data: "actions" is missing or not an array/,
    ],
    [
      'no constructs',
      '{"stack":"prod","cloud":"otc","region":"eu-de","authorization":"project","actions":[]}',
      /review data: "constructs" is missing or not an array/,
    ],
    [
      'an unknown kind',
      review([{ action: 'ecs:servers:stop', neededBy: [{ ...stopNeed, kind: 'main' }] }], [stopper]),
      /actions\[0\]\.neededBy\[0\]\.kind must be one of "primary", "dependency", "read", found "main"/,
    ],
    [
      'a construct whose operations are not strings',
      review([{ action: 'ecs:servers:stop', neededBy: [stopNeed] }], [{ ...stopper, operations: [7] }]),
      /review data: constructs\[0\]\.operations\[0\] must be a string, found 7/,
    ],
    [
      'a construct without a path',
      review([], [{ construct: 'ServerStop', operations: [] }]),
      /review data: constructs\[0\]\.path must be a string, found nothing/,
    ],
    [
      'a construct listed twice',
      review([{ action: 'ecs:servers:stop', neededBy: [stopNeed] }], [stopper, stopper]),
      /review data: constructs\[1\]\.path "p\/s" is listed more than once/,
    ],
    [
      'a need of an operation no construct declared',
      review([{ action: 'ecs:servers:stop', neededBy: [stopNeed, { ...stopNeed, operation: 'server-lock' }] }], [stopper]),
      /review data: actions\[0\]\.neededBy\[1\]\.operation "server-lock" is declared by no construct in "constructs"/,
    ],
  ])('review data with %s', (name, text, problem) => {
    const stackDir = writeStack(join(dir, `review-${name.replace(/\W+/g, '-')}`), 'prod', [{ id: 'stop', operation: 'server-stop' }]);
    writeFileSync(join(stackDir, 'ecs-iam-policy.review.json'), text);
    expect(() => loadPolicyInput(stackDir, { generated: false })).toThrow(GateInputError);
    expect(() => loadPolicyInput(stackDir, { generated: false })).toThrow(problem);
  });

  test('review data written by the earlier format (a construct in every need) still reads, so a pull request that upgrades the library can compare', () => {
    // GIVEN a base synthesized by the earlier version: every need names its construct, and there is no constructs list
    const stackDir = writeStack(join(dir, 'review-earlier'), 'prod', [{ id: 'stop', operation: 'server-stop' }]);
    writeJson(join(stackDir, 'ecs-iam-policy.review.json'), {
      ...settings,
      actions: [
        {
          action: 'ecs:servers:stop',
          neededBy: [
            { constructPath: 'prod/z', construct: 'ServerStop', ...stopNeed },
            { constructPath: 'prod/a', ...stopNeed },
          ],
        },
      ],
    });
    // WHEN loaded
    const actions = single(loadPolicyInput(stackDir, { generated: false })).review?.data.actions;
    // THEN its needs are the per-construct needs, sorted as the current format's are
    expect(actions).toEqual([
      {
        action: 'ecs:servers:stop',
        neededBy: [
          { constructPath: 'prod/a', ...stopNeed },
          { constructPath: 'prod/z', construct: 'ServerStop', ...stopNeed },
        ],
      },
    ]);
  });

  test('review data in the earlier format is still checked', () => {
    const stackDir = writeStack(join(dir, 'review-earlier-bad'), 'prod', [{ id: 'stop', operation: 'server-stop' }]);
    writeJson(join(stackDir, 'ecs-iam-policy.review.json'), {
      ...settings,
      actions: [
        {
          action: 'ecs:servers:stop',
          neededBy: [
            { constructPath: 'prod/a', ...stopNeed },
            { constructPath: 7, ...stopNeed },
          ],
        },
      ],
    });
    expect(() => loadPolicyInput(stackDir, { generated: false })).toThrow(/review data: actions\[0\]\.neededBy\[1\]\.constructPath must be a string, found 7/);
  });

  test.each([
    ['a missing path', (d: string) => join(d, 'nope.json'), /nope\.json: no such file or folder/],
    ['a folder that holds no policy', (d: string) => d, /is a folder, but neither a cdktf\.out folder \(no stacks\/ inside\) nor a stack folder/],
  ])('%s', (_, pathOf, problem) => {
    const empty = tempDir();
    expect(() => loadPolicyInput(pathOf(empty), { generated: false })).toThrow(GateInputError);
    expect(() => loadPolicyInput(pathOf(empty), { generated: false })).toThrow(problem);
  });

  test.each([
    ['a wildcard', { Effect: 'Allow', Action: ['ecs:servers:start', 'ecs:*:*'] }, /Statement\[0\]\.Action\[1\] "ecs:\*:\*" is not an action of the catalog/],
    ['an action the catalog does not know', { Effect: 'Allow', Action: ['ecs:servers:delete'] }, /"ecs:servers:delete" is not an action of the catalog/],
    ['a Deny', { Effect: 'Deny', Action: ['ecs:servers:start'] }, /Statement\[0\] is not an Allow of named actions/],
    ['a NotAction', { Effect: 'Allow', NotAction: ['ecs:servers:start'] }, /Statement\[0\] is not an Allow of named actions/],
  ])('a generated policy with %s is refused, with a hint about --against', (_, statement, problem) => {
    const path = writeJson(join(dir, 'generated.json'), { Version: '1.1', Statement: [statement] });
    expect(() => loadPolicyInput(path, { generated: true })).toThrow(problem);
    expect(() => loadPolicyInput(path, { generated: true })).toThrow(/goes after --against/);
    // The same document is fine as an existing policy.
    expect(loadPolicyInput(path, { generated: false }).kind).toBe('policy');
  });
});

describe('policy input: documents inside a cdktf.out folder are synth output', () => {
  test('a hand-edited document in a cdktf.out folder is refused even where any policy is allowed', () => {
    // GIVEN a cdktf.out folder whose stack policy was edited to a wildcard
    const outdir = writeOutdir(join(tempDir(), 'out'), { prod: [{ id: 'stop', operation: 'server-stop' }] });
    writeJson(join(outdir, 'stacks', 'prod', 'ecs-iam-policy.json'), { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['ecs:*:*'] }] });
    // THEN reading it fails, naming the file
    expect(() => loadPolicyInput(outdir, { generated: false })).toThrow(GateInputError);
    expect(() => loadPolicyInput(outdir, { generated: false })).toThrow(`${join(outdir, 'stacks', 'prod', 'ecs-iam-policy.json')}:`);
  });
});

function single(input: PolicyInput): LoadedPolicy {
  if (input.kind !== 'policy') throw new Error(`expected a single policy, got a ${input.kind}`);
  return input.policy;
}
