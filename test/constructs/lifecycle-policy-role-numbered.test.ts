import { type App, TerraformStack } from 'cdktf';
import { ServerLock, ServerStart, ServerStop, SynthError } from '../../src';
import { LifecyclePolicyRole } from '../../src/role';
import { newApp, newStack, SERVER_1, stackFiles } from '../helpers/synth';

// The real catalog fits in one document; narrowed limits (2 actions per statement, 1 statement per
// document) make a small stack need several numbered documents, as large fleets will.
jest.mock('../../src/iam/policy-document', () => {
  const actual = jest.requireActual('../../src/iam/policy-document');
  return { ...actual, POLICY_LIMITS: { ...actual.POLICY_LIMITS, maxActionsPerStatement: 2, maxStatements: 1 } };
});

function admin(app: App): TerraformStack {
  return new TerraformStack(app, 'admin');
}

test('GIVEN a policy in numbered documents WHEN deployed THEN role n carries ecs-iam-policy-n.json, byte for byte in statements', () => {
  const app = newApp();
  const lifecycle = newStack(app, 'fleet', { policyDocuments: 'numbered' });
  new ServerStop(lifecycle, 'stop', { serverId: SERVER_1 });
  new ServerStart(lifecycle, 'start', { serverId: SERVER_1 });
  const role = new LifecyclePolicyRole(admin(app), 'ecs-policy', { stacks: [lifecycle] });
  app.synth();

  const files = stackFiles(app, 'fleet');
  const numbered = Object.keys(files).filter((f) => /^ecs-iam-policy-\d+\.json$/.test(f));
  expect(numbered).toEqual(['ecs-iam-policy-1.json', 'ecs-iam-policy-2.json']);
  expect(role.roles.map((r) => r.file)).toEqual(numbered);
  const roles = JSON.parse(stackFiles(app, 'admin')['cdk.tf.json']).resource.opentelekomcloud_identity_role_v3;
  role.roles.forEach(({ role: r, file }, i) => {
    const synthesized = roles[r.friendlyUniqueId];
    expect(synthesized.display_name).toBe(`ecs-lifecycle-fleet-${i + 1}`);
    const carried = synthesized.statement.map((s: { effect: string; action: string[] }) => ({ Effect: s.effect, Action: s.action }));
    expect(JSON.stringify(carried)).toBe(JSON.stringify(JSON.parse(files[file]).Statement));
  });
  expect(files['ecs-iam-policy.md']).toContain('- `ecs-iam-policy-2.json` is deployed by role `ecs-lifecycle-fleet-2`');
});

test('a role declared before the lifecycle stack outgrew its documents is refused at synth, saying where to declare it', () => {
  const app = newApp();
  const lifecycle = newStack(app, 'fleet', { policyDocuments: 'numbered' });
  new ServerStop(lifecycle, 'stop', { serverId: SERVER_1 });
  new LifecyclePolicyRole(admin(app), 'ecs-policy', { stacks: [lifecycle] }); // 3 actions: 2 documents
  new ServerStart(lifecycle, 'start', { serverId: SERVER_1 });
  new ServerLock(lifecycle, 'lock', { serverId: SERVER_1 }); // 5 actions: 3 documents
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SynthError);
  expect((error as Error).message).toContain(
    "[admin/ecs-policy] LifecyclePolicyRole at 'admin/ecs-policy' was declared when the policy of stack 'fleet' needed 2",
  );
  expect((error as Error).message).toContain('now needs 3. Fix: declare the LifecyclePolicyRole after every lifecycle construct of that stack.');
});

test('a stack whose policy does not fit one document is reported once, by the stack, and not again for the role', () => {
  const app = newApp();
  const lifecycle = newStack(app, 'single');
  new ServerStop(lifecycle, 'stop', { serverId: SERVER_1 });
  const role = new LifecyclePolicyRole(admin(app), 'ecs-policy', { stacks: [lifecycle] });
  expect(role.node.metadata.filter((m) => m.type === '@cdktf/error')).toEqual([]);
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SynthError);
  expect((error as Error).message).toMatch(/^Synth found 1 error;.*\n {2}\[single\] Stack 'single': the IAM policy does not fit in one OTC custom policy/);
});
