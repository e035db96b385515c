import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFails, checkPolicy, loadPolicyInput, type PolicyCheck, type PolicyInput } from '../../src/gate';
import { POLICY_LIMITS, type PolicyDocument } from '../../src/iam';
import { KNOWN_ACTIONS } from '../../src/permissions';
import { allow, allowAllBut, deny, doc, loaded } from './fixtures/documents';
import { tempDir, writeJson, writeOutdir, writeStack } from './fixtures/synth-output';

// A stack that stops a server (ecs:servers:stop, ecs:servers:list, ecs:cloudServers:showServer)
// and resizes it through the cloudservers API (ecs:cloudServers:resize).
const dir = tempDir();
const generated = loadPolicyInput(
  writeStack(join(dir, 'prod'), 'prod', [
    { id: 'stop-web1', operation: 'server-stop' },
    { id: 'resize-web1', operation: 'server-resize-cloudservers' },
  ]),
  { generated: true },
);
const NEED = ['ecs:cloudServers:resize', 'ecs:cloudServers:showServer', 'ecs:servers:list', 'ecs:servers:stop'];

describe('policy check: an existing policy passes when it allows every needed action', () => {
  test.each<[string, PolicyDocument, string[]]>([
    ['the exact actions', doc(allow(...NEED)), []],
    ['ecs:*:*', doc(allow('ecs:*:*')), []],
    ['*', doc(allow('*')), []],
    ['ecs:servers:* alone', doc(allow('ecs:servers:*')), ['ecs:cloudServers:resize', 'ecs:cloudServers:showServer']],
    ['ecs:servers:* and ecs:cloudServers:*', doc(allow('ecs:servers:*'), allow('ecs:cloudServers:*')), []],
    ['ecs:*:get* and ecs:*:list*', doc(allow('ecs:*:get*', 'ecs:*:list*')), ['ecs:cloudServers:resize', 'ecs:cloudServers:showServer', 'ecs:servers:stop']],
    ['wildcards in other letter case', doc(allow('ecs:SERVERS:*', 'ecs:CloudServers:*')), []],
    ['a service in upper case matches nothing', doc(allow('ecs:cloudServers:*', 'ecs:servers:list', 'ECS:servers:stop')), ['ecs:servers:stop']],
    ['NotAction excluding what is not needed', doc(allowAllBut('ecs:servers:delete')), []],
    ['NotAction excluding a needed action', doc(allowAllBut('ecs:servers:st*')), ['ecs:servers:stop']],
    ['an empty policy', doc(), NEED],
  ])('%s: missing %j', (_, existing, missing) => {
    expect(missingOf(checkPolicy(generated, [loaded(existing, 'existing.json')]))).toEqual(missing);
  });
});

describe('policy check: an explicit Deny wins over any Allow', () => {
  test.each<[string, PolicyDocument, string[]]>([
    ['Deny of one action after ecs:*:*', doc(allow('ecs:*:*'), deny('ecs:servers:stop')), ['ecs:servers:stop']],
    ['Deny of one action before ecs:*:*', doc(deny('ecs:servers:stop'), allow('ecs:*:*')), ['ecs:servers:stop']],
    ['Deny of ecs:servers:* over named Allows', doc(allow(...NEED), deny('ecs:servers:*')), ['ecs:servers:list', 'ecs:servers:stop']],
    ['Deny of ecs:*:get* (matches none of the need)', doc(allow('ecs:*:*'), deny('ecs:*:get*')), []],
    ['Deny in other letter case', doc(allow('ecs:*:*'), deny('ecs:CLOUDSERVERS:Resize')), ['ecs:cloudServers:resize']],
    [
      'NotAction Deny of all but the servers actions',
      doc(allow('ecs:*:*'), { Effect: 'Deny', NotAction: ['ecs:servers:*'] }),
      ['ecs:cloudServers:resize', 'ecs:cloudServers:showServer'],
    ],
  ])('%s: missing %j', (_, existing, missing) => {
    expect(missingOf(checkPolicy(generated, [loaded(existing, 'existing.json')]))).toEqual(missing);
  });

  test('a denied action names the Deny statement and its file; an unallowed one says nothing allows it', () => {
    // GIVEN two existing policies granted together, the Deny in the second
    const check = checkPolicy(generated, [loaded(doc(allow('ecs:servers:*')), 'a.json'), loaded(doc(allow('ecs:*:*'), deny('ecs:servers:st*')), 'b.json')]);
    // THEN each decision points into the file that made it
    expect(check.results.map((r) => [r.action, r.decision, r.by && `${r.by.source} Statement[${r.by.statement}] ${r.by.pattern}`])).toEqual([
      ['ecs:cloudServers:resize', 'allow', 'b.json Statement[0] ecs:*:*'],
      ['ecs:cloudServers:showServer', 'allow', 'b.json Statement[0] ecs:*:*'],
      ['ecs:servers:list', 'allow', 'a.json Statement[0] ecs:servers:*'],
      ['ecs:servers:stop', 'explicit-deny', 'b.json Statement[1] ecs:servers:st*'],
    ]);
    expect(checkFails(check)).toBe(true);
  });

  test('each missing action lists the constructs that need it', () => {
    const check = checkPolicy(generated, [loaded(doc(allow('ecs:cloudServers:*')), 'existing.json')]);
    const list = check.results.find((r) => r.action === 'ecs:servers:list');
    expect(list).toMatchObject({ decision: 'implicit-deny', by: undefined });
    expect(list?.neededBy).toEqual([
      {
        constructPath: 'prod/stop-web1',
        construct: 'ServerStop',
        operation: 'server-stop',
        kind: 'dependency',
        dependencyOf: 'ecs:servers:stop',
        api: 'POST /v2.1/{project_id}/servers/{server_id}/action',
        iamProject: true,
        enterpriseProject: false,
      },
    ]);
  });
});

describe('policy check: a cdktf.out folder needs the union of its stacks', () => {
  test("every stack's actions are needed, with the constructs of every stack", () => {
    // GIVEN two stacks that both need ecs:servers:list
    const outdir = loadPolicyInput(
      writeOutdir(join(dir, 'out'), {
        a: [{ id: 'start', operation: 'server-start' }],
        b: [{ id: 'lock', operation: 'server-lock' }],
      }),
      { generated: true },
    );
    // WHEN checked against a policy for the first stack only
    const check = checkPolicy(outdir, [loaded(doc(allow('ecs:servers:start', 'ecs:servers:list', 'ecs:cloudServers:showServer')))]);
    // THEN the second stack's action is missing, and the shared one names both stacks' constructs
    expect(missingOf(check)).toEqual(['ecs:servers:lock']);
    expect(check.results.find((r) => r.action === 'ecs:servers:list')?.neededBy?.map((n) => n.constructPath)).toEqual(['a/start', 'b/lock']);
  });
});

describe('policy check: --report-excess lists grants beyond the need', () => {
  test('a wildcard lists the needed actions it matches and the catalog actions nobody needs', () => {
    const check = checkPolicy(generated, [loaded(doc(allow('ecs:servers:*')), 'existing.json')], { reportExcess: true });
    expect(check.excess).toEqual([
      {
        at: { source: 'existing.json', statement: 0, pattern: 'ecs:servers:*' },
        needed: ['ecs:servers:list', 'ecs:servers:stop'],
        unneeded: ['ecs:servers:getTags', 'ecs:servers:lock', 'ecs:servers:reboot', 'ecs:servers:resize', 'ecs:servers:start', 'ecs:servers:unlock'],
        open: true,
        advice: 'replace it with the 2 needed actions it matches',
      },
    ]);
  });

  test.each<[string, PolicyDocument, string[]]>([
    ['the exact need', doc(allow(...NEED)), []],
    ['an unneeded named action', doc(allow(...NEED, 'ecs:servers:delete')), ['ecs:servers:delete: remove it: nothing needs it']],
    [
      'a wildcard that matches only needed catalog actions',
      doc(allow('ecs:cloudServers:*', 'ecs:servers:list', 'ecs:servers:stop')),
      ['ecs:cloudServers:*: replace it with the 2 needed actions it matches'],
    ],
    ['a wildcard that matches none of the need', doc(allow(...NEED, 'vpc:*:*')), ['vpc:*:*: remove it: it matches none of the needed actions']],
    ['NotAction', doc(allowAllBut('vpc:*:*')), ['NotAction[vpc:*:*]: replace it with the 4 needed actions it matches']],
    ['Deny statements are never excess', doc(allow(...NEED), deny('ecs:*:*')), []],
  ])('%s', (_, existing, grants) => {
    const check = checkPolicy(generated, [loaded(existing, 'existing.json')], { reportExcess: true });
    expect(check.excess?.map((g) => `${g.at.pattern}: ${g.advice}`)).toEqual(grants);
  });

  test('a wildcard matching only needed catalog actions is still open to actions the catalog does not know', () => {
    const check = checkPolicy(generated, [loaded(doc(allow('ecs:cloudServers:*')))], { reportExcess: true });
    // The catalog's cloudservers actions beyond the need are the only known ones it adds.
    const needed = ['ecs:cloudServers:resize', 'ecs:cloudServers:showServer'];
    const unneeded = KNOWN_ACTIONS.filter((a) => a.startsWith('ecs:cloudServers:') && !needed.includes(a));
    expect(unneeded).toEqual(expect.arrayContaining(['ecs:cloudServers:changeOS', 'ecs:cloudServers:rebuild', 'ecs:cloudServers:stop']));
    expect(check.excess?.[0]).toMatchObject({ unneeded, open: true });
  });

  test('without --report-excess there is no excess report', () => {
    expect(checkPolicy(generated, [loaded(doc(allow('*')))]).excess).toBeUndefined();
  });
});

describe('policy check: documents breaking an IAM limit are warned about, at the exact boundary', () => {
  test.each<[string, () => PolicyDocument | string, boolean]>([
    ['100 actions in a statement', () => doc(allow(...actions(100))), false],
    ['101 actions in a statement', () => doc(allow(...actions(101))), true],
    ['8 statements', () => doc(...actions(8).map((a) => allow(a))), false],
    ['9 statements', () => doc(...actions(9).map((a) => allow(a))), true],
    ['a file of 6,144 characters', () => padded(POLICY_LIMITS.maxCharacters), false],
    ['a file of 6,145 characters', () => padded(POLICY_LIMITS.maxCharacters + 1), true],
  ])('an existing policy of %s warns: %s', (name, build, warns) => {
    // GIVEN an existing policy file built to the boundary
    const content = build();
    const path = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    if (typeof content === 'string') writeFileSync(path, content);
    else writeJson(path, content);
    const existing = loadPolicyInput(path, { generated: false }) as Extract<PolicyInput, { kind: 'policy' }>;
    // WHEN checked
    const check = checkPolicy(generated, [existing.policy]);
    // THEN a warning names the file and the limit exactly when the limit is broken
    expect(check.warnings).toHaveLength(warns ? 1 : 0);
    if (warns) expect(check.warnings[0]).toMatch(new RegExp(`^${escapeRegExp(path)}: IAM\\.10(21|28|33): `));
  });
});

function missingOf(check: PolicyCheck): string[] {
  return check.results.filter((r) => r.decision !== 'allow').map((r) => r.action);
}

function actions(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `ecs:servers:action${i}`);
}

// A policy file's text, pretty-printed and padded with trailing whitespace to an exact length.
function padded(length: number): string {
  return `${JSON.stringify(doc(allow(...NEED)), null, 2)}\n`.padEnd(length, ' ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
