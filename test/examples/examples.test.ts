import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { EcsEnvironment, ServerGroup, ServerResize, ServerStart, ServerStop } from '../../src';
import { MaintenanceWindowStack } from '../../examples/maintenance-window/stack';
import { OsChangeStack } from '../../examples/os-change/stack';
import { ServerGroupStack } from '../../examples/server-group/stack';
import { newApp, policyActions, stackFiles } from '../helpers/synth';

const README = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

describe('examples', () => {
  test.each([
    ['server-group', ServerGroupStack, 1],
    ['maintenance-window', MaintenanceWindowStack, 21],
    ['os-change', OsChangeStack, 6],
  ] as const)('%s synthesizes its plan, policy and review', (id, Stack, actionCount) => {
    const app = newApp();
    new Stack(app, id);
    app.synth();
    expect(Object.keys(stackFiles(app, id))).toEqual(expect.arrayContaining(['cdk.tf.json', 'ecs-iam-policy.json', 'ecs-iam-policy.md']));
    expect(policyActions(app, id)).toHaveLength(actionCount);
  });

  test('the README quick-start example produces exactly the policy and review data pasted in the README', () => {
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
    const excerpt = JSON.parse(/<!-- review-data:prod -->\n```json\n([\s\S]*?)```/.exec(README)?.[1] ?? 'null');
    const review = JSON.parse(stackFiles(app, 'prod')['ecs-iam-policy.review.json']);
    expect(excerpt.actions.length).toBeGreaterThan(0);
    expect(excerpt).toEqual({ ...review, actions: review.actions.filter((a: { action: string }) => excerpt.actions.some((e: { action: string }) => e.action === a.action)) });
    // AND the provisioner it shows is the one synthesized for resize-web1
    const shown = JSON.parse(`{${/<!-- plan:resize-web1 -->\n```json\n([\s\S]*?)```/.exec(README)?.[1]}}`);
    const plan = JSON.parse(stackFiles(app, 'prod')['cdk.tf.json']);
    expect(shown).toEqual(plan.resource.null_resource['resize-web1'].provisioner[0]);
  });
});

test('the README construct reference lists, for every operation, exactly the catalog\'s actions', () => {
  const { CATALOG, requiredActionsOf } = jest.requireActual('../../src/permissions') as typeof import('../../src/permissions');
  for (const entry of Object.values(CATALOG)) {
    const row = `| ${entry.construct} | \`${entry.id}\` | ${entry.when} | ${requiredActionsOf(entry.id).map((a) => `\`${a}\``).join(' ')} |`;
    expect(README).toContain(row);
  }
});
