import * as fs from 'node:fs';
import * as path from 'node:path';
import { type App, TerraformStack } from 'cdktf';
import { EcsEnvironment, ServerGroup, ServerResize, ServerStart, ServerStop } from '../../src';
import { MaintenanceWindowStack } from '../../examples/maintenance-window/stack';
import { MixedAdminStack } from '../../examples/mixed/admin-stack';
import { HUAWEI_OPERATORS_GROUP_ID, MixedHuaweiAdminStack } from '../../examples/mixed/huawei-admin-stack';
import { MixedServersStack } from '../../examples/mixed/servers-stack';
import { EXAMPLE_PROJECT_ID } from '../../examples/example-options';
import { OsChangeStack } from '../../examples/os-change/stack';
import { ServerGroupStack } from '../../examples/server-group/stack';
import { RollingResizeStack, WEB_GROUP_SERVERS } from '../../examples/rolling-resize/stack';
import { statementsOfRole } from '../../src/policy/role-statements';
import { LifecyclePolicyRole } from '../../src/role';
import { DEFAULT_CLI_COMMAND } from '../../src/constructs/private/cli-launcher';

// How docs/constructs.md shows the launcher's code (`node -e <code>`).
const LAUNCHER_SHOWN = "<launcher: runs the installed package's CLI>";
import { newApp, policyActions, stackFiles } from '../helpers/synth';

/** The resources of `types` in a synthesized stack's plan, as pasted in the docs: without their `//` metadata. */
function pastedResources(app: App, stackId: string, types: readonly string[]): Record<string, unknown> {
  const resources = JSON.parse(stackFiles(app, stackId)['cdk.tf.json']).resource as Record<string, Record<string, Record<string, unknown>>>;
  return Object.fromEntries(
    types.map((type) => [type, Object.fromEntries(Object.entries(resources[type]).map(([name, { '//': _, ...attributes }]) => [name, attributes]))]),
  );
}

const README = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const ROLE_PAGE = fs.readFileSync(path.resolve(__dirname, '../../docs/policy-role.md'), 'utf8');
const CONSTRUCTS_PAGE = fs.readFileSync(path.resolve(__dirname, '../../docs/constructs.md'), 'utf8');
const POLICY_ROLE_DOC = fs.readFileSync(path.resolve(__dirname, '../../docs/policy-role.md'), 'utf8');

describe('examples', () => {
  test.each([
    ['server-group', ServerGroupStack, 1],
    ['maintenance-window', MaintenanceWindowStack, 21],
    ['os-change', OsChangeStack, 6],
    ['mixed', MixedServersStack, 17],
    ['rolling-resize', RollingResizeStack, 4],
  ] as const)('%s synthesizes its plan, policy and review', (id, Stack, actionCount) => {
    const app = newApp();
    new Stack(app, id);
    app.synth();
    expect(Object.keys(stackFiles(app, id))).toEqual(expect.arrayContaining(['cdk.tf.json', 'ecs-iam-policy.json', 'ecs-iam-policy.md']));
    expect(policyActions(app, id)).toHaveLength(actionCount);
  });

  test("every example stack's policy, deployed as roles by the admin stack, is its policy files byte for byte in statements", () => {
    // GIVEN the examples app as examples/main.ts builds it: every stack, and the admin stack over the OTC ones
    const app = newApp();
    const stacks = [
      new ServerGroupStack(app, 'server-group'),
      new MaintenanceWindowStack(app, 'maintenance-window'),
      new OsChangeStack(app, 'os-change'),
      new MixedServersStack(app, 'mixed'),
      new RollingResizeStack(app, 'rolling-resize'),
    ];
    const otc = stacks.filter((s) => s.node.id !== 'os-change');
    const admin = new MixedAdminStack(app, 'mixed-admin', otc);
    const huaweiAdmin = new MixedHuaweiAdminStack(app, 'mixed-huawei-admin', [stacks[2]]);
    app.synth();
    // THEN each role's statements, read back from the admin stack's cdk.tf.json, are its file's statements, byte for byte
    const roles = JSON.parse(stackFiles(app, 'mixed-admin')['cdk.tf.json']).resource.opentelekomcloud_identity_role_v3;
    expect(admin.policyRole.roles.map((r) => `${r.stack.node.id}/${r.file}`)).toEqual(otc.map((s) => `${s.node.id}/ecs-iam-policy.json`));
    for (const { stack, file, role } of admin.policyRole.roles) {
      const fileStatements = JSON.stringify(JSON.parse(stackFiles(app, stack.node.id)[file]).Statement);
      expect(JSON.stringify(statementsOfRole(roles[role.friendlyUniqueId].statement))).toBe(fileStatements);
      expect(fileStatements.length).toBeGreaterThan(2);
    }
    // AND the Huawei Cloud stack's policy is its huaweicloud_identity_role, the file exactly, assigned to the operators
    const huawei = JSON.parse(stackFiles(app, 'mixed-huawei-admin')['cdk.tf.json']).resource;
    expect(huaweiAdmin.policyRole.roles.map((r) => `${r.stack.node.id}/${r.file}`)).toEqual(['os-change/ecs-iam-policy.json']);
    expect(huawei.huaweicloud_identity_role[huaweiAdmin.policyRole.roles[0].role.friendlyUniqueId]).toMatchObject({
      name: 'ecs-lifecycle-os-change',
      type: 'XA',
      policy: stackFiles(app, 'os-change')['ecs-iam-policy.json'],
    });
    expect(Object.values(huawei.huaweicloud_identity_role_assignment)).toEqual([
      expect.objectContaining({ group_id: HUAWEI_OPERATORS_GROUP_ID, project_id: EXAMPLE_PROJECT_ID }),
    ]);
  });

  test('the rolling resize runs the group as a canary of one then waves of three, each after the one before, with a report per wave, listed once in the review', () => {
    const app = newApp();
    new RollingResizeStack(app, 'rolling-resize');
    app.synth();
    const files = stackFiles(app, 'rolling-resize');
    const resources = JSON.parse(files['cdk.tf.json']).resource.null_resource;
    const names = Object.keys(resources).filter((n) => !n.endsWith('-report'));
    expect(names).toEqual(['web-resize_wave-1', 'web-resize_wave-2', 'web-resize_wave-3', 'web-resize_wave-4', 'web-resize_wave-5']);
    const flag = (n: string, f: string) => {
      const argv = resources[n].provisioner[0]['local-exec'].interpreter as string[];
      return argv[argv.indexOf(f) + 1];
    };
    expect(names.map((n) => JSON.parse(flag(n, '--server-ids')))).toEqual([
      [WEB_GROUP_SERVERS[0]],
      ...[1, 4, 7, 10].map((i) => WEB_GROUP_SERVERS.slice(i, i + 3)),
    ]);
    expect(names.map((n) => resources[n].depends_on)).toEqual([undefined, ...names.slice(0, 4).map((n) => [`null_resource.${n}`])]);
    expect(JSON.parse(flag(names[0], '--health-check'))).toEqual(['./scripts/check-web.sh', '--path', '/health']);
    expect(flag(names[0], '--bake')).toBe('60');
    expect(Object.keys(resources).filter((n) => n.endsWith('-report'))).toHaveLength(5);
    expect(JSON.parse(files['ecs-iam-policy.review.json']).constructs).toEqual([
      { path: 'rolling-resize/web-resize', construct: 'ServerFleetMaintenance', operations: ['fleet-wave'], servers: 12 },
    ]);
  });

  test("the mixed example acts on the provider's servers through their tokens, in order per server", () => {
    const app = newApp();
    new MixedServersStack(app, 'mixed');
    app.synth();
    const plan = JSON.parse(stackFiles(app, 'mixed')['cdk.tf.json']).resource;
    expect(Object.keys(plan.opentelekomcloud_compute_instance_v2)).toEqual(['app1', 'app2']);
    expect(plan.opentelekomcloud_compute_instance_v2.app1.scheduler_hints).toEqual([{ group: '${opentelekomcloud_compute_servergroup_v2.app-group.id}' }]);
    expect(plan.null_resource['resize-app1'].triggers.server_id).toBe('${opentelekomcloud_compute_instance_v2.app1.id}');
    expect(plan.null_resource['resize-app1'].depends_on).toEqual(['null_resource.stop-app1']);
    expect(plan.null_resource['start-app1'].depends_on).toEqual(['null_resource.resize-app1']);
    expect(stackFiles(app, 'mixed')['ecs-iam-policy.md']).toContain('subgraph chain1["2 servers: 2 known at apply, each in this order"]');
  });

  test("docs/policy-role.md shows the mixed example's review diagram, policy and role exactly as synthesized", () => {
    const app = newApp();
    new MixedAdminStack(app, 'mixed-admin', [new MixedServersStack(app, 'mixed')]);
    app.synth();
    const files = stackFiles(app, 'mixed');
    const diagram = /Its review file opens with the order of operations:\n\n(```mermaid\n[\s\S]*?```\n)/.exec(POLICY_ROLE_DOC)?.[1];
    expect(diagram).toBeDefined();
    expect(files['ecs-iam-policy.md']).toContain(`\n\n${diagram}`);
    expect(/<!-- policy:mixed -->\n```json\n([\s\S]*?)```/.exec(POLICY_ROLE_DOC)?.[1]).toBe(files['ecs-iam-policy.json']);
    const pasted = JSON.parse(/<!-- role:mixed-admin -->\n```json\n([\s\S]*?)```/.exec(POLICY_ROLE_DOC)?.[1] ?? 'null');
    expect(pasted).toEqual(pastedResources(app, 'mixed-admin', ['opentelekomcloud_identity_role_v3', 'opentelekomcloud_identity_role_assignment_v3']));
  });

  test("docs/policy-role.md shows the Huawei Cloud admin stack's role exactly as synthesized, holding its file", () => {
    const app = newApp();
    new MixedHuaweiAdminStack(app, 'mixed-huawei-admin', [new OsChangeStack(app, 'os-change')]);
    app.synth();
    const pasted = JSON.parse(/<!-- role:mixed-huawei-admin -->\n```json\n([\s\S]*?)```/.exec(POLICY_ROLE_DOC)?.[1] ?? 'null');
    expect(pasted).toEqual(pastedResources(app, 'mixed-huawei-admin', ['huaweicloud_identity_role', 'huaweicloud_identity_role_assignment']));
    expect((Object.values(pasted.huaweicloud_identity_role)[0] as { policy: string }).policy).toBe(stackFiles(app, 'os-change')['ecs-iam-policy.json']);
  });

  test("the role page's admin stack deploys the README example's policy as a role that holds it", () => {
    // GIVEN the README's example stack and the role page's admin stack (same ids and values)
    const app = newApp();
    const stack = new TerraformStack(app, 'prod');
    new EcsEnvironment(stack, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: '0123456789abcdef0123456789abcdef' });
    new ServerStop(stack, 'stop-web1', { serverId: '1a2b3c4d-0000-4000-8000-000000000001' });
    const admin = new TerraformStack(app, 'admin');
    new LifecyclePolicyRole(admin, 'ecs-policy', { stacks: [stack], grantTo: { kind: 'group', groupId: 'fedcba9876543210fedcba9876543210' } });
    app.synth();
    // THEN the role page shows that code, and the role carries the stack's file
    expect(ROLE_PAGE).toContain(
      "new LifecyclePolicyRole(admin, 'ecs-policy', { stacks: [stack], grantTo: { kind: 'group', groupId: 'fedcba9876543210fedcba9876543210' } });",
    );
    expect(ROLE_PAGE).toContain("import { LifecyclePolicyRole } from 'cdktf-ecs-lifecycle/role';");
    const role = Object.values(JSON.parse(stackFiles(app, 'admin')['cdk.tf.json']).resource.opentelekomcloud_identity_role_v3)[0] as { statement: [] };
    expect(JSON.stringify(statementsOfRole(role.statement))).toBe(JSON.stringify(JSON.parse(stackFiles(app, 'prod')['ecs-iam-policy.json']).Statement));
  });

  test('the README quick-start example produces exactly the policy in the README, and the review data and plan of docs/constructs.md', () => {
    // GIVEN the stack shown in the README (same ids and values)
    const app = newApp();
    const stack = new TerraformStack(app, 'prod');
    new EcsEnvironment(stack, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: '0123456789abcdef0123456789abcdef' });
    new ServerGroup(stack, 'web-group', { name: 'web', policy: 'anti-affinity' });
    new ServerStop(stack, 'stop-web1', { serverId: '1a2b3c4d-0000-4000-8000-000000000001' });
    new ServerResize(stack, 'resize-web1', { serverId: '1a2b3c4d-0000-4000-8000-000000000001', flavorRef: 's3.large.2' });
    new ServerStart(stack, 'start-web1', { serverId: '1a2b3c4d-0000-4000-8000-000000000001' });
    app.synth();
    // THEN the README's code is that stack, and its policy block is the file, byte for byte
    expect(README).toContain("new ServerResize(stack, 'resize-web1', { serverId: '1a2b3c4d-0000-4000-8000-000000000001', flavorRef: 's3.large.2' });");
    const pasted = /<!-- policy:prod -->\n```json\n([\s\S]*?)```/.exec(README)?.[1];
    expect(pasted).toBe(stackFiles(app, 'prod')['ecs-iam-policy.json']);
    // AND its review data excerpt is the file with only some actions kept, each exactly as synthesized
    const excerpt = JSON.parse(/<!-- review-data:prod -->\n```json\n([\s\S]*?)```/.exec(CONSTRUCTS_PAGE)?.[1] ?? 'null');
    const review = JSON.parse(stackFiles(app, 'prod')['ecs-iam-policy.review.json']);
    expect(excerpt.actions.length).toBeGreaterThan(0);
    expect(excerpt).toEqual({
      ...review,
      actions: review.actions.filter((a: { action: string }) => excerpt.actions.some((e: { action: string }) => e.action === a.action)),
    });
    // AND the provisioner it shows is the one synthesized for resize-web1 (the launcher's code abbreviated)
    const shown = JSON.parse(`{${/<!-- plan:resize-web1 -->\n```json\n([\s\S]*?)```/.exec(CONSTRUCTS_PAGE)?.[1]}}`);
    const synthesized = JSON.parse(stackFiles(app, 'prod')['cdk.tf.json']).resource.null_resource['resize-web1'].provisioner[0];
    expect(synthesized['local-exec'].interpreter[2]).toBe(DEFAULT_CLI_COMMAND[2]);
    synthesized['local-exec'].interpreter[2] = LAUNCHER_SHOWN;
    expect(shown).toEqual(synthesized);
  });
});
