import { ServerFleetMaintenance, ServerGroup, ServerResize, ServerStart, ServerStop } from '../../../src';
import { requiredActionsOf } from '../../../src/permissions';
import { newApp, newStack, stackFiles } from '../../helpers/synth';

const serverId = (n: number) => `1a2b3c4d-0000-4000-8000-${String(n).padStart(12, '0')}`;
const diagramOf = (review: string) => /^# .*\n\n```mermaid\n([\s\S]*?)```\n/.exec(review)?.[1] ?? '';

describe('review file: the order of operations as a Mermaid diagram', () => {
  test('GIVEN 1,000 servers stopped, resized and started, and 10 only stopped WHEN synthesized THEN the review opens with one box per chain, not per server', () => {
    const app = newApp();
    const stack = newStack(app);
    new ServerGroup(stack, 'web-group', { name: 'web' });
    for (let n = 0; n < 1000; n++) {
      new ServerStop(stack, `stop-${n}`, { serverId: serverId(n) });
      new ServerResize(stack, `resize-${n}`, { serverId: serverId(n), flavorRef: 's3.large.2' });
      new ServerStart(stack, `start-${n}`, { serverId: serverId(n) });
    }
    for (let n = 1000; n < 1010; n++) new ServerStop(stack, `stop-${n}`, { serverId: serverId(n) });
    app.synth();

    const diagram = diagramOf(stackFiles(app, 'prod')['ecs-iam-policy.md']);
    expect(diagram.split('\n').filter((l) => l.includes('subgraph'))).toEqual([
      `  subgraph chain1["1000 servers: ${serverId(0)}, ${serverId(1)}, ${serverId(2)} and 997 more, each in this order"]`,
      `  subgraph chain2["10 servers: ${serverId(1000)}, ${serverId(1001)}, ${serverId(1002)} and 7 more, each in this order"]`,
      '  subgraph chain3["1 ServerGroup construct, in this order"]',
      '  subgraph chain4["at terraform destroy, apart from apply: 1 ServerGroup construct, in this order"]',
    ]);
    expect(diagram).toContain('    chain1_1 --> chain1_2 --> chain1_3\n');
    expect(diagram.length).toBeLessThan(3000);
    // AND each step lists only the actions it adds to the steps before it
    const stop = requiredActionsOf('server-stop');
    const start = requiredActionsOf('server-start').filter((a) => !stop.includes(a) && !requiredActionsOf('server-resize').includes(a));
    expect(diagram).toContain(`chain1_1["<b>server-stop</b><br/>${stop.map((a) => `+ ${a}`).join('<br/>')}"]`);
    expect(diagram).toContain(`chain1_3["<b>server-start</b><br/>${start.map((a) => `+ ${a}`).join('<br/>')}"]`);
    expect(diagram).toContain('chain4_1["<b>server-group-delete</b><br/>+ ecs:serverGroups:manage"]');
    // AND the review data lists every server of each chain
    const review = JSON.parse(stackFiles(app, 'prod')['ecs-iam-policy.review.json']);
    expect(review.chains.map((c: { when: string; count: number; servers?: string[] }) => [c.when, c.count, c.servers?.length])).toEqual([
      ['create', 1000, 1000],
      ['create', 10, 10],
      ['create', 1, undefined],
      ['destroy', 1, undefined],
    ]);
  });

  test('GIVEN a fleet WHEN synthesized THEN its box shows its steps, its waves and its server count', () => {
    const app = newApp();
    const stack = newStack(app);
    new ServerFleetMaintenance(stack, 'fleet', {
      serverIds: Array.from({ length: 50 }, (_, n) => serverId(n)),
      maxUnavailable: 13,
      steps: [{ action: 'stop' }, { action: 'resize', flavorRef: 's3.large.2' }, { action: 'start' }],
    });
    app.synth();
    const diagram = diagramOf(stackFiles(app, 'prod')['ecs-iam-policy.md']);
    expect(diagram).toContain('  subgraph chain1["ServerFleetMaintenance: 50 servers in 4 waves, one after another, each wave in this order"]');
    expect(diagram).toContain('chain1_1["<b>fleet-wave</b><br/>stop SOFT → resize s3.large.2 → start<br/>+ ');
    const review = JSON.parse(stackFiles(app, 'prod')['ecs-iam-policy.review.json']);
    expect(review.chains[0].fleet).toEqual({ steps: 'stop SOFT → resize s3.large.2 → start', waves: 4, servers: 50 });
  });

  test('GIVEN one server WHEN synthesized THEN its box names it', () => {
    const app = newApp();
    new ServerStop(newStack(app), 'stop', { serverId: serverId(7) });
    app.synth();
    expect(diagramOf(stackFiles(app, 'prod')['ecs-iam-policy.md'])).toContain(`subgraph chain1["server ${serverId(7)}, in this order"]`);
  });

  test('a stack without operations has no diagram', () => {
    const app = newApp();
    newStack(app);
    app.synth();
    expect(stackFiles(app, 'prod')['ecs-iam-policy.md']).not.toContain('```mermaid');
  });
});
