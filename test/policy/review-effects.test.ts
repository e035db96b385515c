/** The review shows effects as well as permissions: risk tiers, narrower choices, the scope, and the preview policy. */
import { ServerChangeOs, ServerFleetMaintenance, ServerGroup, ServerResize, ServerStop } from '../../src';
import { requiredActionsOf } from '../../src/permissions';
import { newApp, newStack, SERVER_1, SERVER_2, stackFiles } from '../helpers/synth';

function synthesized(build: (stack: ReturnType<typeof newStack>) => void) {
  const app = newApp();
  build(newStack(app));
  app.synth();
  const files = stackFiles(app, 'prod');
  return { md: files['ecs-iam-policy.md'], review: JSON.parse(files['ecs-iam-policy.review.json']), preview: JSON.parse(files['ecs-iam-preview-policy.json']) };
}

describe('review: effects', () => {
  test('GIVEN a native resize and a change of OS THEN each action carries its risk tier: read, lifecycle mutation, destructive or outside ECS', () => {
    const { review, md } = synthesized((stack) => {
      new ServerStop(stack, 'stop', { serverId: SERVER_1 });
      new ServerResize(stack, 'resize', { serverId: SERVER_1, flavorRef: 's3.large.2' });
      new ServerChangeOs(stack, 'os', {
        serverId: SERVER_2,
        imageId: 'e215580f-73ad-429d-b6f2-5433947433b0',
        keyName: 'kp',
        userId: '7e25b1da389f4697a79df3a0e5bd494e',
      });
    });
    const risk = Object.fromEntries(review.actions.map((a: { action: string; risk: string }) => [a.action, a.risk]));
    expect(risk).toMatchObject({
      'ecs:cloudServers:showServer': 'read',
      'ecs:servers:list': 'read',
      'ecs:servers:stop': 'lifecycle mutation',
      'ecs:servers:resize': 'lifecycle mutation',
      'ecs:cloudServers:changeOS': 'destructive',
      'vpc:ports:delete': 'outside ECS',
      'evs:volumes:attach': 'outside ECS',
    });
    expect(md).toContain('### `ecs:cloudServers:changeOS` (destructive)');
  });

  test('GIVEN a native resize THEN the review says, where it is chosen, that the cloudservers resize needs 2 actions instead of 15, naming those outside ECS', () => {
    const { review, md } = synthesized((stack) => {
      new ServerStop(stack, 'stop', { serverId: SERVER_1 });
      new ServerResize(stack, 'resize', { serverId: SERVER_1, flavorRef: 's3.large.2' });
    });
    const native = requiredActionsOf('server-resize');
    const cloudservers = requiredActionsOf('server-resize-cloudservers');
    expect([native.length, cloudservers.length]).toEqual([15, 2]);
    const resize = review.alternatives.find((a: { operation: string }) => a.operation === 'server-resize');
    expect(resize).toMatchObject({
      actions: 15,
      alternative: { operation: 'server-resize-cloudservers', setting: "api: 'cloudservers'", actions: 2 },
      constructs: 1,
    });
    expect(resize.outsideEcs).toContain('vpc:ports:delete');
    expect(md).toMatch(/\*\*Narrower choice:\*\* `server-resize` \(1 construct\) needs 15 actions, 11 of them outside ECS \([^)]*`vpc:ports:delete`/);
    expect(md).toContain("| `prod/resize` | ServerResize | `server-resize` (narrower: `api: 'cloudservers'`, 2 actions instead of 15) | 15 |");
  });

  test('the review states the scope in one sentence, in both files', () => {
    const { review, md } = synthesized((stack) => new ServerStop(stack, 'stop', { serverId: SERVER_1 }));
    expect(review.scope).toBe(
      'These actions apply to every server of the project (or, under enterprise-project authorization, of the enterprise project), ' +
        'not only to the servers in this plan: ECS actions carry no resource scope here.',
    );
    expect(md).toContain(`**Scope:** ${review.scope}`);
  });
});

describe('ecs-iam-preview-policy.json', () => {
  test('holds exactly the reads the preview of the stack makes: the server read, and the group list of each group API used', () => {
    const { preview } = synthesized((stack) => {
      new ServerStop(stack, 'stop', { serverId: SERVER_1 });
      new ServerGroup(stack, 'web', { name: 'web' });
      new ServerGroup(stack, 'db', { name: 'db', api: 'cloudservers', members: [SERVER_2] });
      new ServerFleetMaintenance(stack, 'fleet', { serverIds: [SERVER_2], steps: [{ action: 'reboot' }] });
    });
    expect(preview).toEqual({
      Version: '1.1',
      Statement: [{ Effect: 'Allow', Action: ['ecs:cloudServers:list', 'ecs:cloudServers:showServer', 'ecs:serverGroups:manage'] }],
    });
  });

  test('a stack of server operations only needs the server read', () => {
    const { preview } = synthesized((stack) => {
      new ServerStop(stack, 'stop', { serverId: SERVER_1 });
      new ServerResize(stack, 'resize', { serverId: SERVER_1, flavorRef: 's3.large.2' });
    });
    expect(preview.Statement).toEqual([{ Effect: 'Allow', Action: ['ecs:cloudServers:showServer'] }]);
  });
});
