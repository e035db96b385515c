import * as fs from 'node:fs';
import * as path from 'node:path';
import { IdentityRoleV3 } from '@cdktf/provider-opentelekomcloud/lib/identity-role-v3';
import { OpentelekomcloudProvider } from '@cdktf/provider-opentelekomcloud/lib/provider';
import { type App, TerraformStack, Testing } from 'cdktf';
import { ServerGroup, ServerLock, ServerStart, ServerStop, SynthError } from '../../src';
import { LifecyclePolicyRole, type PolicyRoleGrantee } from '../../src/role';
import { allFiles, newApp, newStack, PROJECT_ID, SERVER_1, SERVER_2, stackFiles } from '../helpers/synth';

const GROUP_ID = 'fedcba9876543210fedcba9876543210';
const JSII = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../node_modules/@cdktf/provider-opentelekomcloud/.jsii'), 'utf8')) as {
  types: Record<string, { properties?: { name: string; optional?: boolean }[] }>;
};

type Resources = Record<string, Record<string, Record<string, unknown>>>;

// No provider construct: the role brings its provider's requirement (and works the same with the bindings' provider).
function adminStack(app: App, id = 'admin'): TerraformStack {
  return new TerraformStack(app, id);
}

function resourcesOf(app: App, stackId: string): Resources {
  return JSON.parse(stackFiles(app, stackId)['cdk.tf.json']).resource as Resources;
}

function synthError(run: () => void): SynthError {
  try {
    run();
  } catch (e) {
    if (e instanceof SynthError) return e;
    throw e;
  }
  throw new Error('expected a SynthError');
}

/** The error a refused role carries: it joins the tree as a placeholder with nothing under it, and synth reports the error with every other. */
function roleRefusal(declare: () => LifecyclePolicyRole): SynthError {
  const role = declare();
  const errors = role.node.metadata.filter((m) => m.type === '@cdktf/error').map((m) => String(m.data));
  expect(errors).toHaveLength(1);
  expect(role.node.children).toEqual([]);
  expect(role.roles).toEqual([]);
  return new SynthError(role.node.path, errors[0]);
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const META = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'count', 'for_each', 'connection', 'provisioner']);

/** The attributes `value` may and must have by the bindings' jsii struct `type` (the provider schema as the bindings know it). */
function schemaProblems(type: string, value: Record<string, unknown>, where: string): string[] {
  const properties = JSII.types[`@cdktf/provider-opentelekomcloud.${type}`]?.properties;
  if (!properties) return [`${where}: no jsii type ${type}`];
  const known = new Map(properties.map((p) => [snake(p.name), p]));
  const problems = Object.keys(value)
    .filter((k) => !META.has(k) && !known.has(k))
    .map((k) => `${where}: unknown attribute ${k}`);
  for (const [key, p] of known) if (!p.optional && value[key] === undefined) problems.push(`${where}: required attribute ${key} missing`);
  return problems;
}

describe('LifecyclePolicyRole: one role per policy document, from the same data', () => {
  test('GIVEN a lifecycle stack WHEN the app synthesizes THEN the role carries the statements of ecs-iam-policy.json byte for byte', () => {
    const app = newApp();
    const lifecycle = newStack(app, 'maintenance');
    new ServerStop(lifecycle, 'stop', { serverId: SERVER_1 });
    new ServerStart(lifecycle, 'start', { serverId: SERVER_1 });
    new LifecyclePolicyRole(adminStack(app), 'ecs-policy', { stacks: [lifecycle] });
    app.synth();

    const roles = resourcesOf(app, 'admin').opentelekomcloud_identity_role_v3;
    expect(Object.keys(roles)).toHaveLength(1);
    const role = Object.values(roles)[0];
    expect(role).toMatchObject({
      display_name: 'ecs-lifecycle-maintenance',
      display_layer: 'project',
      description: "cdktf-ecs-lifecycle: ecs-iam-policy.json of stack 'maintenance'",
    });
    const file = JSON.parse(stackFiles(app, 'maintenance')['ecs-iam-policy.json']);
    const carried = (role.statement as { effect: string; action: string[] }[]).map((s) => ({ Effect: s.effect, Action: s.action }));
    expect(JSON.stringify(carried)).toBe(JSON.stringify(file.Statement));
  });

  test('the role is declared before the lifecycle stack and its constructs, and still carries every action (read when the app synthesizes)', () => {
    // GIVEN the admin stack first in the app, and constructs added to the lifecycle stack after the role
    const app = newApp();
    const admin = adminStack(app);
    const lifecycle = newStack(app, 'late');
    new LifecyclePolicyRole(admin, 'ecs-policy', { stacks: [lifecycle] });
    new ServerStop(lifecycle, 'stop', { serverId: SERVER_1 });
    new ServerLock(lifecycle, 'lock', { serverId: SERVER_2 });
    // WHEN synthesized, twice (as a pipeline and a developer would)
    app.synth();
    const first = stackFiles(app, 'admin')['cdk.tf.json'];
    app.synth();
    // THEN the role holds every action the file holds, and the output is stable
    const role = Object.values(resourcesOf(app, 'admin').opentelekomcloud_identity_role_v3)[0];
    const file = JSON.parse(stackFiles(app, 'late')['ecs-iam-policy.json']);
    expect((role.statement as { action: string[] }[])[0].action).toEqual(file.Statement[0].Action);
    expect(file.Statement[0].Action).toEqual(expect.arrayContaining(['ecs:servers:stop', 'ecs:servers:lock']));
    expect(stackFiles(app, 'admin')['cdk.tf.json']).toBe(first);
  });

  test('numbered documents map to numbered roles, and the review file names the role that carries each document', () => {
    const app = newApp();
    const a = newStack(app, 'a', { policyDocuments: 'numbered' });
    new ServerStop(a, 'stop', { serverId: SERVER_1 });
    const b = newStack(app, 'b');
    new ServerStart(b, 'start', { serverId: SERVER_2 });
    const role = new LifecyclePolicyRole(adminStack(app), 'ecs-policy', { stacks: [a, b], displayNamePrefix: 'ops' });
    app.synth();

    expect(role.roles.map((r) => [r.stack.node.id, r.file, r.role.node.path])).toEqual([
      ['a', 'ecs-iam-policy-1.json', 'admin/ecs-policy/a-1'],
      ['b', 'ecs-iam-policy.json', 'admin/ecs-policy/b'],
    ]);
    const names = Object.values(resourcesOf(app, 'admin').opentelekomcloud_identity_role_v3)
      .map((r) => r.display_name)
      .sort();
    expect(names).toEqual(['ops-a-1', 'ops-b']);
    expect(stackFiles(app, 'a')['ecs-iam-policy.md']).toContain(
      '- `ecs-iam-policy-1.json` is deployed by role `ops-a-1` (`admin/ecs-policy/a-1`, not attached by the app).',
    );
    expect(stackFiles(app, 'b')['ecs-iam-policy.md']).toContain('- `ecs-iam-policy.json` is deployed by role `ops-b` (`admin/ecs-policy/b`');
  });

  test('without a role, the review file says the policy is attached by hand', () => {
    const app = newApp();
    new ServerStop(newStack(app), 'stop', { serverId: SERVER_1 });
    app.synth();
    expect(stackFiles(app, 'prod')['ecs-iam-policy.md']).toContain(
      '- `ecs-iam-policy.json` is deployed by no LifecyclePolicyRole in this app: attach it by hand.',
    );
  });
});

describe('LifecyclePolicyRole: attachment', () => {
  test('to a user group: one role assignment per role, on the project the lifecycle stack manages', () => {
    const app = newApp();
    const lifecycle = newStack(app, 'maintenance');
    new ServerStop(lifecycle, 'stop', { serverId: SERVER_1 });
    new LifecyclePolicyRole(adminStack(app), 'ecs-policy', { stacks: [lifecycle], grantTo: { kind: 'group', groupId: GROUP_ID } });
    app.synth();
    const resources = resourcesOf(app, 'admin');
    const [roleAddress] = Object.keys(resources.opentelekomcloud_identity_role_v3);
    expect(Object.values(resources.opentelekomcloud_identity_role_assignment_v3)).toEqual([
      expect.objectContaining({
        group_id: GROUP_ID,
        project_id: PROJECT_ID,
        role_id: `\${opentelekomcloud_identity_role_v3.${roleAddress}.id}`,
      }),
    ]);
  });

  test("to an agency: the agency names the roles on the region's project, through references (so the roles come first)", () => {
    const app = newApp();
    const lifecycle = newStack(app, 'maintenance');
    new ServerStop(lifecycle, 'stop', { serverId: SERVER_1 });
    new LifecyclePolicyRole(adminStack(app), 'ecs-policy', {
      stacks: [lifecycle],
      grantTo: { kind: 'agency', name: 'ecs-pipeline', delegatedDomainName: 'OTC-EU-DE-00000000001000000001' },
    });
    app.synth();
    const resources = resourcesOf(app, 'admin');
    const [roleAddress] = Object.keys(resources.opentelekomcloud_identity_role_v3);
    expect(Object.values(resources.opentelekomcloud_identity_agency_v3)).toEqual([
      expect.objectContaining({
        name: 'ecs-pipeline',
        delegated_domain_name: 'OTC-EU-DE-00000000001000000001',
        project_role: [{ project: 'eu-de', roles: [`\${opentelekomcloud_identity_role_v3.${roleAddress}.display_name}`] }],
      }),
    ]);
    expect(resources.opentelekomcloud_identity_role_v3[roleAddress].display_name).toBe('ecs-lifecycle-maintenance');
  });

  test("the synthesized resources match the provider schema the bindings carry (jsii types), and the bindings' own rendering", () => {
    // GIVEN roles with both kinds of attachment
    const app = newApp();
    const lifecycle = newStack(app, 'maintenance');
    new ServerStop(lifecycle, 'stop', { serverId: SERVER_1 });
    const admin = adminStack(app);
    new LifecyclePolicyRole(admin, 'group', { stacks: [lifecycle], grantTo: { kind: 'group', groupId: GROUP_ID } });
    new LifecyclePolicyRole(admin, 'agency', { stacks: [lifecycle], grantTo: { kind: 'agency', name: 'ecs', delegatedDomainName: 'OTC-EU-DE-1' } });
    app.synth();
    const resources = resourcesOf(app, 'admin');
    // THEN every attribute and block is one the provider schema has, with every required one present
    const problems: string[] = [];
    for (const [address, role] of Object.entries(resources.opentelekomcloud_identity_role_v3)) {
      problems.push(...schemaProblems('identityRoleV3.IdentityRoleV3Config', role, address));
      (role.statement as Record<string, unknown>[]).forEach((s, i) =>
        problems.push(...schemaProblems('identityRoleV3.IdentityRoleV3Statement', s, `${address}.statement[${i}]`)),
      );
    }
    for (const [address, a] of Object.entries(resources.opentelekomcloud_identity_role_assignment_v3)) {
      problems.push(...schemaProblems('identityRoleAssignmentV3.IdentityRoleAssignmentV3Config', a, address));
    }
    for (const [address, a] of Object.entries(resources.opentelekomcloud_identity_agency_v3)) {
      problems.push(...schemaProblems('identityAgencyV3.IdentityAgencyV3Config', a, address));
      (a.project_role as Record<string, unknown>[]).forEach((r, i) =>
        problems.push(...schemaProblems('identityAgencyV3.IdentityAgencyV3ProjectRole', r, `${address}.project_role[${i}]`)),
      );
    }
    expect(problems).toEqual([]);
    // AND the statements are what the bindings themselves render from typed statements
    const role = Object.values(resources.opentelekomcloud_identity_role_v3)[0];
    const statements = role.statement as { effect: string; action: string[] }[];
    const typed = new TerraformStack(Testing.app(), 'typed');
    new OpentelekomcloudProvider(typed, 'otc', {});
    new IdentityRoleV3(typed, 'role', {
      displayName: 'x',
      description: 'x',
      displayLayer: 'project',
      statement: statements.map((s) => ({ effect: s.effect, action: s.action })),
    });
    expect(JSON.parse(Testing.synth(typed)).resource.opentelekomcloud_identity_role_v3.role.statement).toEqual(statements);
  });
});

describe('LifecyclePolicyRole on Huawei Cloud: one huaweicloud_identity_role per document, assigned on the project', () => {
  test('GIVEN a Huawei Cloud lifecycle stack WHEN the app synthesizes THEN the role is a project-level custom policy holding the file exactly', () => {
    const app = newApp();
    const lifecycle = newStack(app, 'hwc', { cloud: 'huaweicloud', region: 'eu-west-101' });
    new ServerStop(lifecycle, 'stop', { serverId: SERVER_1 });
    new ServerGroup(lifecycle, 'group', { name: 'web', api: 'cloudservers', members: [SERVER_1] });
    const role = new LifecyclePolicyRole(adminStack(app), 'ecs-policy', { stacks: [lifecycle], grantTo: { kind: 'group', groupId: GROUP_ID } });
    app.synth();

    const plan = JSON.parse(stackFiles(app, 'admin')['cdk.tf.json']);
    const [[address, synthesized]] = Object.entries(plan.resource.huaweicloud_identity_role as Record<string, Record<string, unknown>>);
    const file = stackFiles(app, 'hwc')['ecs-iam-policy.json'];
    const { '//': _, ...attributes } = synthesized;
    expect(attributes).toEqual({
      description: "cdktf-ecs-lifecycle: ecs-iam-policy.json of stack 'hwc'",
      name: 'ecs-lifecycle-hwc',
      policy: file,
      type: 'XA',
    });
    // AND the file, and so the role, carries Huawei Cloud's own action names
    expect(JSON.parse(file).Statement[0].Action).toEqual(expect.arrayContaining(['ecs:cloudServers:addServerGroupMember', 'ecs:cloudServers:showServerGroup']));
    expect(file).not.toContain('"ecs:cloudServers:create"');
    // AND it is assigned to the group on the stack's project, after it exists
    expect(Object.values(plan.resource.huaweicloud_identity_role_assignment)).toEqual([
      expect.objectContaining({ group_id: GROUP_ID, project_id: PROJECT_ID, role_id: `\${huaweicloud_identity_role.${address}.id}` }),
    ]);
    // AND the provider requirement is Huawei's, and nothing of OTC's is written
    expect(plan.terraform.required_providers).toEqual({ huaweicloud: { source: 'huaweicloud/huaweicloud', version: '~> 1.68' } });
    expect(plan.provider).toBeUndefined();
    expect(JSON.stringify(plan)).not.toContain('opentelekomcloud');
    expect(role.cloud).toBe('huaweicloud');
    expect(stackFiles(app, 'hwc')['ecs-iam-policy.md']).toContain(
      '- `ecs-iam-policy.json` is deployed by role `ecs-lifecycle-hwc` (`admin/ecs-policy/hwc`, assigned to a user group on project',
    );
  });

  test('a mixed app deploys each cloud from its own construct, in one admin stack or two', () => {
    const app = newApp();
    const otc = newStack(app, 'otc-stack');
    new ServerStop(otc, 'stop', { serverId: SERVER_1 });
    const huawei = newStack(app, 'hwc', { cloud: 'huaweicloud', region: 'eu-west-101', policyDocuments: 'numbered' });
    new ServerStop(huawei, 'stop', { serverId: SERVER_1 });
    const admin = adminStack(app);
    new LifecyclePolicyRole(admin, 'otc-policy', { stacks: [otc] });
    new LifecyclePolicyRole(admin, 'huawei-policy', { stacks: [huawei] });
    app.synth();
    const plan = JSON.parse(stackFiles(app, 'admin')['cdk.tf.json']);
    expect(Object.keys(plan.resource).sort()).toEqual(['huaweicloud_identity_role', 'opentelekomcloud_identity_role_v3']);
    expect(Object.keys(plan.terraform.required_providers).sort()).toEqual(['huaweicloud', 'opentelekomcloud']);
    const [hwRole] = Object.values(plan.resource.huaweicloud_identity_role) as { name: string; policy: string }[];
    expect(hwRole.name).toBe('ecs-lifecycle-hwc-1');
    expect(hwRole.policy).toBe(stackFiles(app, 'hwc')['ecs-iam-policy-1.json']);
  });
});

describe('LifecyclePolicyRole: refusals, naming the construct path', () => {
  test.each([
    ['otc', {}],
    ['huaweicloud', { cloud: 'huaweicloud', region: 'eu-west-101' }],
  ] as const)(
    'a policy the file cannot hold is reported once on %s, by its stack, and not again for the role (enterprise-project authorization of a native lock)',
    (_cloud, environment) => {
      // GIVEN a lifecycle stack whose file synth refuses
      const app = newApp();
      const lifecycle = newStack(app, 'locks', { authorization: 'enterprise-project', ...environment });
      new ServerLock(lifecycle, 'lock', { serverId: SERVER_1 });
      // WHEN the role is declared THEN it carries no error of its own (the stack's error is the one to fix)
      const role = new LifecyclePolicyRole(adminStack(app), 'ecs-policy', { stacks: [lifecycle] });
      expect(role.node.metadata.filter((m) => m.type === '@cdktf/error')).toEqual([]);
      expect(role.roles).toEqual([]);
      // AND synth fails with the stack's error alone, writing nothing
      const error = synthError(() => app.synth());
      expect(error.message).toMatch(/^Synth found 1 error;/);
      expect(error.message).toContain("[locks] Stack 'locks' uses authorization 'enterprise-project'");
      expect(allFiles(app.outdir)).toEqual([]);
    },
  );

  test('the same when the offending construct is added after the role: one error at synth, before anything is written', () => {
    const app = newApp();
    const lifecycle = newStack(app, 'locks', { authorization: 'enterprise-project' });
    new LifecyclePolicyRole(adminStack(app), 'ecs-policy', { stacks: [lifecycle] });
    new ServerLock(lifecycle, 'lock', { serverId: SERVER_1 });
    const error = synthError(() => app.synth());
    expect(error.message).toMatch(/^Synth found 1 error;/);
    expect(error.message).toContain("[locks] Stack 'locks' uses authorization 'enterprise-project'");
    expect(allFiles(app.outdir)).toEqual([]);
  });

  test('a role whose lifecycle stack has an error is not written, though its own stack has none (its policy would be incomplete)', () => {
    const app = newApp();
    // The admin stack is declared first, so it is the one synthesized first.
    const admin = adminStack(app);
    const lifecycle = newStack(app, 'maintenance');
    new ServerStop(lifecycle, 'stop', { serverId: SERVER_1 });
    new ServerStart(lifecycle, 'start', { serverId: 'web1' });
    new LifecyclePolicyRole(admin, 'ecs-policy', { stacks: [lifecycle] });
    const error = synthError(() => app.synth());
    expect(error.message).toMatch(/^Synth found 1 error; nothing was written for the stack 'admin':\n {2}\[maintenance\/start\] ServerStart/);
    expect(allFiles(app.outdir)).toEqual([]);
  });

  test.each([
    ['otc', {}],
    ['huaweicloud', { cloud: 'huaweicloud', region: 'eu-west-101' }],
  ] as const)('an empty policy cannot become a role on %s (IAM.1028: at least one statement)', (_cloud, environment) => {
    const app = newApp();
    const lifecycle = newStack(app, 'idle', environment);
    new LifecyclePolicyRole(adminStack(app), 'ecs-policy', { stacks: [lifecycle] });
    const error = synthError(() => app.synth());
    expect(error.message).toContain("[admin/ecs-policy] LifecyclePolicyRole at 'admin/ecs-policy' cannot deploy the policy of stack 'idle'");
    expect(error.message).toContain('ecs-iam-policy.json is empty: the stack declares no ECS operation');
    expect(allFiles(app.outdir)).toEqual([]);
  });

  test('a construct given stacks of both clouds is refused, naming one stack of each and the fix (one construct per cloud)', () => {
    const app = newApp();
    const otc = newStack(app, 'otc-stack');
    const huawei = newStack(app, 'hwc', { cloud: 'huaweicloud', region: 'eu-west-101' });
    const admin = adminStack(app);
    const error = roleRefusal(() => new LifecyclePolicyRole(admin, 'ecs-policy', { stacks: [otc, huawei] }));
    expect(error.constructPath).toBe('admin/ecs-policy');
    expect(error.message).toContain("'otc-stack' works in Open Telekom Cloud and 'hwc' in Huawei Cloud");
    expect(error.message).toContain('Fix: declare one LifecyclePolicyRole per cloud');
  });

  test('an agency grantee is refused for Huawei Cloud stacks (the construct grants agencies on OTC only)', () => {
    const app = newApp();
    const huawei = newStack(app, 'hwc', { cloud: 'huaweicloud', region: 'eu-west-101' });
    const error = roleRefusal(
      () =>
        new LifecyclePolicyRole(adminStack(app), 'ecs-policy', {
          stacks: [huawei],
          grantTo: { kind: 'agency', name: 'ecs', delegatedDomainName: 'hwc-account' },
        }),
    );
    expect(error.message).toContain("property 'grantTo' is an agency, which the construct grants on Open Telekom Cloud only");
  });

  test.each([
    ['no stacks', { stacks: [] }, "property 'stacks' must be a non-empty array"],
    ['a stack without EcsEnvironment', 'bare', 'has no EcsEnvironment'],
    ['a stack twice', 'twice', 'lists a stack twice'],
    ['a prefix with a template', { displayNamePrefix: '${var.x}' }, 'property \'displayNamePrefix\' is "${var.x}"'],
    ['a malformed group id', { grantTo: { kind: 'group', groupId: 'ops; rm -rf /' } }, "property 'grantTo.groupId'"],
    ['an unknown grantee', { grantTo: { kind: 'user' } }, "property 'grantTo' is"],
  ])('%s is refused', (_, props, message) => {
    const app = newApp();
    const lifecycle = newStack(app, 'maintenance');
    const stacks = props === 'bare' ? [new TerraformStack(app, 'bare')] : props === 'twice' ? [lifecycle, lifecycle] : [lifecycle];
    const given = typeof props === 'string' ? { stacks } : ({ stacks, ...props } as { stacks: TerraformStack[]; grantTo?: PolicyRoleGrantee });
    const admin = adminStack(app);
    // WHEN declared THEN it is refused, naming itself; it joins the tree as a placeholder with nothing under it
    const error = roleRefusal(() => new LifecyclePolicyRole(admin, 'ecs-policy', given));
    expect(error.constructPath).toBe('admin/ecs-policy');
    expect(error.message).toContain(message);
    // AND synth fails with it, writing nothing
    expect(synthError(() => app.synth()).message).toContain(`[admin/ecs-policy] ${error.message}`);
    expect(allFiles(app.outdir)).toEqual([]);
  });

  test('as HCL (cdktf synth --hcl), the role renders its statement blocks', () => {
    const previous = process.env.SYNTH_HCL_OUTPUT;
    process.env.SYNTH_HCL_OUTPUT = 'true';
    try {
      const app = newApp();
      const lifecycle = newStack(app, 'maintenance');
      new ServerStop(lifecycle, 'stop', { serverId: SERVER_1 });
      new LifecyclePolicyRole(adminStack(app), 'ecs-policy', { stacks: [lifecycle] });
      app.synth();
      expect(stackFiles(app, 'admin')['cdk.tf']).toContain(
        'statement {\neffect = "Allow"\naction = [\n"ecs:cloudServers:showServer",\n"ecs:servers:list",\n"ecs:servers:stop",\n]\n}',
      );
    } finally {
      if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
      else process.env.SYNTH_HCL_OUTPUT = previous;
    }
  });

  test('a role name over 128 characters is refused, and nothing joins the tree under the role', () => {
    const app = newApp();
    const lifecycle = newStack(app, 's'.repeat(64));
    const admin = adminStack(app);
    const error = roleRefusal(() => new LifecyclePolicyRole(admin, 'ecs-policy', { stacks: [lifecycle], displayNamePrefix: 'p'.repeat(64) }));
    expect(error.message).toContain("property 'displayNamePrefix' makes the role name 'ppp");
  });

  test('a stack id that would not make a clean role name is refused', () => {
    const app = newApp();
    const lifecycle = newStack(app, "it's-$(prod)");
    const error = roleRefusal(() => new LifecyclePolicyRole(adminStack(app), 'ecs-policy', { stacks: [lifecycle] }));
    expect(error.message).toContain("property 'stacks'");
  });
});
