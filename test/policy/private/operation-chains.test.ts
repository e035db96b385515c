import { ServerGroup, ServerResize, ServerStart, ServerStop } from '../../../src';
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
      '  subgraph chain1["1000 servers, each in this order"]',
      '  subgraph chain2["10 servers, each in this order"]',
      '  subgraph chain3["1 ServerGroup construct, each in this order"]',
    ]);
    expect(diagram).toContain('    chain1_1 --> chain1_2 --> chain1_3\n');
    expect(diagram.length).toBeLessThan(3000);
    // AND each step lists only the actions it adds to the steps before it
    const stop = requiredActionsOf('server-stop');
    const start = requiredActionsOf('server-start').filter((a) => !stop.includes(a) && !requiredActionsOf('server-resize').includes(a));
    expect(diagram).toContain(`chain1_1["<b>server-stop</b><br/>${stop.map((a) => `+ ${a}`).join('<br/>')}"]`);
    expect(diagram).toContain(`chain1_3["<b>server-start</b><br/>${start.map((a) => `+ ${a}`).join('<br/>')}"]`);
    expect(diagram).toContain('chain3_2["<b>server-group-delete</b><br/>no new action"]');
  });

  test('a stack without operations has no diagram', () => {
    const app = newApp();
    newStack(app);
    app.synth();
    expect(stackFiles(app, 'prod')['ecs-iam-policy.md']).not.toContain('```mermaid');
  });
});
