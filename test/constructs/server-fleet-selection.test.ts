/** ServerFleetMaintenance built from groups (waves with a per-group limit at synth) and selected at apply (one resource, reviewed by its selector). */
import { type TerraformStack, TerraformVariable, Testing } from 'cdktf';
import fc from 'fast-check';
import { ServerFleetMaintenance, type ServerFleetMaintenanceProps, ServerGroup, ServerStop } from '../../src';
import { parseSelector } from '../../src/cloud/server-selection';
import type { IConstruct } from 'constructs';
import { newApp, newStack, policyActions, stackFiles } from '../helpers/synth';

const id = (i: number) => `1a2b3c4d-0000-4000-8000-${String(i).padStart(12, '0')}`;
const GROUP_ID = '5bbcc3c4-1fc8-4b2f-a8d9-1b8a2f54e0d1';
const EP = '9a1c7a0e-4b5d-4c8e-8f2a-0b1c2d3e4f50';
const STOP_START: ServerFleetMaintenanceProps['steps'] = [{ action: 'stop' }, { action: 'start' }];

interface PlannedResource {
  readonly depends_on?: string[];
  readonly provisioner: { 'local-exec': { command: string; interpreter?: string[] } }[];
  readonly triggers: Record<string, string>;
}

const resources = (stack: TerraformStack): Record<string, PlannedResource> => JSON.parse(Testing.synth(stack)).resource.null_resource;
const argvOf = (r: PlannedResource) => {
  const { command, interpreter } = r.provisioner[0]['local-exec'];
  return interpreter ? [...interpreter, command] : command.split(' ');
};
const flagValue = (r: PlannedResource, flag: string) => {
  const argv = argvOf(r);
  return argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined;
};
const wavesOf = (planned: Record<string, PlannedResource>, prefix: string) =>
  Object.keys(planned)
    .filter((k) => k.startsWith(prefix))
    .sort()
    .map((k) => planned[k]);
/** The error a refused construct carries (it joins the tree as a placeholder; synth reports it with every other). */
const refusal = (declare: () => IConstruct): string => {
  const refused = declare();
  const errors = refused.node.metadata.filter((m) => m.type === '@cdktf/error').map((m) => String(m.data));
  if (errors.length !== 1) throw new Error(`expected one error on ${refused.node.path}, got ${errors.length}`);
  return errors[0];
};

describe('ServerFleetMaintenance groups: no wave holds more than maxUnavailablePerGroup members of one group', () => {
  test('GIVEN two anti-affinity groups of three WHEN the fleet is built from them with maxUnavailable 4 THEN three waves, one member of each group per wave', () => {
    // GIVEN
    const stack = newStack();
    const web = new ServerGroup(stack, 'web', { name: 'web', api: 'cloudservers', members: [id(1), id(2), id(3)] });
    const api = new ServerGroup(stack, 'api', { name: 'api', api: 'cloudservers', members: [id(4), id(5), id(6)] });
    // WHEN
    const fleet = new ServerFleetMaintenance(stack, 'fleet', { groups: [web, api], maxUnavailable: 4, steps: STOP_START });
    // THEN
    const waves = wavesOf(resources(stack), 'fleet_wave');
    expect(waves.map((w) => JSON.parse(flagValue(w, '--server-ids')!) as string[])).toEqual([
      [id(1), id(4)],
      [id(2), id(5)],
      [id(3), id(6)],
    ]);
    expect(fleet.serverIds).toEqual([id(1), id(2), id(3), id(4), id(5), id(6)]);
    expect(fleet.waveSize).toBe(2);
    // AND the first wave runs after the groups' membership changes (the servers' earlier operations)
    expect(waves[0].depends_on!.length).toBe(2);
  });

  test('GIVEN maxUnavailablePerGroup 2 and no maxUnavailable THEN two members of a group per wave', () => {
    const stack = newStack();
    const web = new ServerGroup(stack, 'web', { name: 'web', api: 'cloudservers', members: [id(1), id(2), id(3)] });
    new ServerFleetMaintenance(stack, 'fleet', { groups: [web], maxUnavailablePerGroup: 2, steps: STOP_START });
    expect(wavesOf(resources(stack), 'fleet_wave').map((w) => JSON.parse(flagValue(w, '--server-ids')!) as string[])).toEqual([[id(1), id(2)], [id(3)]]);
  });

  test('property: whatever the groups and sizes, no wave of the plan holds more than the limit of one group', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        (sizes, maxUnavailable, perGroup) => {
          const stack = newStack(newApp());
          let next = 1;
          const groups = sizes.map(
            (n, g) => new ServerGroup(stack, `g${g}`, { name: `g${g}`, api: 'cloudservers', members: Array.from({ length: n }, () => id(next++)) }),
          );
          new ServerFleetMaintenance(stack, 'fleet', { groups, maxUnavailable, maxUnavailablePerGroup: perGroup, steps: STOP_START });
          const waves = wavesOf(resources(stack), 'fleet_wave').map((w) => JSON.parse(flagValue(w, '--server-ids')!) as string[]);
          expect(waves.flat().sort()).toEqual(groups.flatMap((g) => [...g.members!]).sort());
          for (const wave of waves) {
            expect(wave.length).toBeLessThanOrEqual(maxUnavailable);
            for (const g of groups) expect(wave.filter((s) => g.members!.includes(s)).length).toBeLessThanOrEqual(perGroup);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  test.each([
    [{ groups: [] }, "property 'groups' must be a non-empty list of ServerGroup constructs"],
    [{ serverIds: [id(1)], maxUnavailablePerGroup: 1 }, 'a fleet of serverIds knows no groups, so the limit could not be kept'],
    [{ serverIds: [id(1)], select: { tags: { a: 'b' } } }, "property 'select' is set together with serverIds"],
    [{}, "property 'serverIds' is missing: the fleet has no servers"],
  ])('refuses %j at synth, naming it', (props, message) => {
    const stack = newStack();
    expect(refusal(() => new ServerFleetMaintenance(stack, 'fleet', { steps: STOP_START, ...(props as object) }))).toContain(message);
  });

  test('refuses a group without members and maxUnavailablePerGroup 0, naming them', () => {
    const stack = newStack();
    const bare = new ServerGroup(stack, 'bare', { name: 'bare' });
    const web = new ServerGroup(stack, 'web', { name: 'web', api: 'cloudservers', members: [id(1)] });
    expect(refusal(() => new ServerFleetMaintenance(stack, 'a', { groups: [bare], steps: STOP_START }))).toContain(
      "property 'groups[0]' is not a ServerGroup with members",
    );
    expect(refusal(() => new ServerFleetMaintenance(stack, 'b', { groups: [web], maxUnavailablePerGroup: 0, steps: STOP_START }))).toContain(
      "property 'maxUnavailablePerGroup' is 0",
    );
  });
});

describe('ServerFleetMaintenance select: one resource that selects at apply, reviewed by its selector', () => {
  test('GIVEN a tag selection WHEN synthesized THEN one fleet-select resource, the policy holds the tag query, the group list and the steps, and the review names the selector', () => {
    const app = newApp();
    const stack = newStack(app);
    const fleet = new ServerFleetMaintenance(stack, 'web-fleet', {
      select: { tags: { role: 'web', env: 'prod' }, minServers: 30 },
      maxUnavailable: 0.1,
      steps: STOP_START,
    });
    const planned = resources(stack);
    expect(Object.keys(planned)).toHaveLength(1);
    expect(Object.keys(planned)[0]).toMatch(/^web-fleet_selection/);
    const run = Object.values(planned)[0];
    expect(argvOf(run)).toContain('fleet-select');
    expect(flagValue(run, '--select')).toBe('tags:role=web,env=prod');
    expect(flagValue(run, '--wave-sizes')).toBe('0.1');
    expect(flagValue(run, '--min-servers')).toBe('30');
    expect(flagValue(run, '--max-unavailable-per-group')).toBe('1');
    expect(run.triggers).toMatchObject({ operation: 'fleet-select', select: 'tags:role=web,env=prod', steps: 'stop:SOFT,start' });
    expect(fleet.selector).toBe('servers tagged "role=web" and "env=prod"');
    expect(fleet.serverIds).toEqual([]);
    app.synth();
    // The policy: OTC's tag query, the group list (for the per-group limit), the steps and the server read.
    expect(policyActions(app, 'prod')).toEqual([
      'ecs:cloudServers:list',
      'ecs:cloudServers:showServer',
      'ecs:cloudServers:start',
      'ecs:cloudServers:stop',
      'ecs:servers:getTags',
    ]);
    const files = stackFiles(app, 'prod');
    expect(files['ecs-iam-policy.md']).toContain('| `prod/web-fleet` | ServerFleetMaintenance (selects at apply: servers tagged "role=web" and "env=prod") |');
    const review = JSON.parse(files['ecs-iam-policy.review.json']);
    expect(review.constructs).toEqual([
      { path: 'prod/web-fleet', construct: 'ServerFleetMaintenance', operations: ['fleet-select'], selector: 'servers tagged "role=web" and "env=prod"' },
    ]);
  });

  test('GIVEN a waves ramp THEN the selected fleet passes it as --wave-sizes, resolved against the selection at apply', () => {
    const stack = newStack();
    new ServerFleetMaintenance(stack, 'fleet', { select: { tags: { role: 'web' } }, waves: [1, 0.1, 0.25], steps: STOP_START });
    expect(flagValue(Object.values(resources(stack))[0], '--wave-sizes')).toBe('1,0.1,0.25');
    expect(refusal(() => new ServerFleetMaintenance(newStack(), 'f', { select: { tags: { role: 'web' } }, waves: [1, 2000], steps: STOP_START }))).toContain(
      "property 'waves' is [1,2000]",
    );
  });

  test('GIVEN groups and a ramp THEN the canary wave holds one server, and no later wave two members of a group', () => {
    const stack = newStack();
    const web = new ServerGroup(stack, 'web', { name: 'web', api: 'cloudservers', members: [id(1), id(2), id(3)] });
    const api = new ServerGroup(stack, 'api', { name: 'api', api: 'cloudservers', members: [id(4), id(5), id(6)] });
    const fleet = new ServerFleetMaintenance(stack, 'fleet', { groups: [web, api], waves: [1, 3], steps: STOP_START });
    expect(fleet.plannedWaves).toEqual([[id(1)], [id(2), id(4)], [id(3), id(5)], [id(6)]]);
  });

  test('GIVEN a health check and a bake time THEN the selected fleet runs them after each wave (the same flags as a listed wave)', () => {
    const stack = newStack();
    new ServerFleetMaintenance(stack, 'fleet', {
      select: { tags: { role: 'web' } },
      steps: STOP_START,
      healthCheck: { command: ['./check.sh', '--port', '443'], timeoutSeconds: 60 },
      bakeSeconds: 30,
      onFailure: 'restore-power',
    });
    const run = Object.values(resources(stack))[0];
    expect(flagValue(run, '--health-check')).toBe('["./check.sh","--port","443"]');
    expect(flagValue(run, '--health-timeout')).toBe('60');
    expect(flagValue(run, '--bake')).toBe('30');
    expect(flagValue(run, '--on-failure')).toBe('restore-power');
  });

  test.each([
    [{ maxFailures: 2 }, 'maxFailures'],
    [{ pauseAfterWave: 1 }, 'pauseAfterWave'],
    [{ waveTimeoutSeconds: 600 }, 'waveTimeoutSeconds'],
  ])('GIVEN %j on a selected fleet THEN synth refuses it, naming it: its waves run in one resource', (props, property) => {
    const message = refusal(() => new ServerFleetMaintenance(newStack(), 'fleet', { select: { tags: { role: 'web' } }, steps: STOP_START, ...props }));
    expect(message).toContain(`property '${property}' is set on a fleet that selects its servers at apply`);
  });

  test('GIVEN a group selection THEN the policy holds the group read (ecs:cloudServers:get) and no list or tag action', () => {
    const app = newApp();
    const stack = newStack(app);
    new ServerFleetMaintenance(stack, 'fleet', { select: { serverGroupId: GROUP_ID }, steps: [{ action: 'reboot' }] });
    const run = Object.values(resources(stack))[0];
    expect(flagValue(run, '--select')).toBe(`group:${GROUP_ID}`);
    expect(flagValue(run, '--wave-sizes')).toBeUndefined();
    app.synth();
    expect(policyActions(app, 'prod')).toEqual(['ecs:cloudServers:get', 'ecs:cloudServers:reboot', 'ecs:cloudServers:showServer']);
  });

  test('GIVEN Huawei Cloud THEN its tag query action (ecs:cloudServers:list), not ecs:servers:getTags', () => {
    const app = newApp();
    const stack = newStack(app, 'prod', { cloud: 'huaweicloud', region: 'eu-west-101' });
    new ServerFleetMaintenance(stack, 'fleet', { select: { tags: { role: 'web' } }, steps: [{ action: 'stop' }] });
    app.synth();
    expect(policyActions(app, 'prod')).toEqual(['ecs:cloudServers:list', 'ecs:cloudServers:showServer', 'ecs:cloudServers:stop']);
  });

  test("GIVEN withinEnterpriseProject THEN the list filtered by the stack's enterprise project, which enterprise-project authorization accepts", () => {
    const app = newApp();
    const stack = newStack(app, 'prod', { enterpriseProjectId: EP, authorization: 'enterprise-project' });
    new ServerFleetMaintenance(stack, 'fleet', { select: { tags: { role: 'web' }, withinEnterpriseProject: true }, steps: [{ action: 'stop' }] });
    const run = Object.values(resources(stack))[0];
    expect(flagValue(run, '--enterprise-project-id')).toBe(EP);
    app.synth();
    expect(policyActions(app, 'prod')).toEqual(['ecs:cloudServers:list', 'ecs:cloudServers:showServer', 'ecs:cloudServers:stop']);
    expect(stackFiles(app, 'prod')['ecs-iam-policy.md']).toContain(`servers tagged "role=web" in enterprise project ${EP}`);
  });

  test("GIVEN enterprise-project authorization and OTC's tag query THEN synth refuses, naming the alternative", () => {
    const app = newApp();
    const stack = newStack(app, 'prod', { authorization: 'enterprise-project' });
    new ServerFleetMaintenance(stack, 'fleet', { select: { tags: { role: 'web' } }, steps: [{ action: 'stop' }] });
    expect(() => app.synth()).toThrow(/fleet-select.*tag selection within the stack's enterprise project/s);
  });

  test('GIVEN a group id from a Terraform variable THEN it reaches the command line as the variable', () => {
    const stack = newStack();
    const group = new TerraformVariable(stack, 'group', { type: 'string' });
    new ServerFleetMaintenance(stack, 'fleet', { select: { serverGroupId: group.stringValue }, steps: [{ action: 'stop' }] });
    expect(flagValue(Object.values(resources(stack))[0], '--select')).toBe('group:${var.group}');
  });

  test.each([
    [{ select: {} }, "property 'select' names neither serverGroupId nor tags"],
    [{ select: { serverGroupId: GROUP_ID, tags: { a: 'b' } } }, "property 'select' names both serverGroupId and tags"],
    [{ select: { serverGroupId: 'web' } }, 'property \'select.serverGroupId\' is "web", which is not a server group ID (a UUID)'],
    [{ select: { tags: {} } }, "property 'select.tags' holds 0 tags"],
    [{ select: { tags: { role: 'a\u0007b' } } }, 'must have at most 255 characters and no control characters'],
    [{ select: { tags: { role: 'web' }, withinEnterpriseProject: true } }, 'the EcsEnvironment names no enterpriseProjectId'],
    [{ select: { serverGroupId: GROUP_ID, withinEnterpriseProject: true } }, 'is set for a group selection'],
    [{ select: { tags: { role: 'web' }, minServers: -1 } }, "property 'select.minServers' is -1"],
    [{ select: { tags: { role: 'web' } }, maxUnavailable: 0.12345678 }, "property 'maxUnavailable' is 0.12345678"],
    [{ select: { tags: { role: 'web' } }, maxUnavailable: 1001 }, "property 'maxUnavailable' is 1001"],
  ])('refuses %j at synth, naming the property', (props, message) => {
    const stack = newStack();
    expect(refusal(() => new ServerFleetMaintenance(stack, 'fleet', { steps: STOP_START, ...(props as object) }))).toContain(message);
  });

  test('property: any literal tags round-trip through the command line to the selector the CLI parses', () => {
    const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/[\u0000-\u001f\u007f-\u009f\ufffd]/.test(s));
    fc.assert(
      fc.property(
        fc.dictionary(
          text,
          fc.string({ maxLength: 40 }).filter((s) => !/[\u0000-\u001f\u007f-\u009f\ufffd]/.test(s)),
          { minKeys: 1, maxKeys: 5 },
        ),
        (tags) => {
          if (Object.keys(tags).some((k) => k === '__proto__')) return;
          const stack = newStack(newApp());
          new ServerFleetMaintenance(stack, 'fleet', { select: { tags }, steps: [{ action: 'stop' }] });
          const word = flagValue(Object.values(resources(stack))[0], '--select')!;
          const parsed = parseSelector(word);
          expect(parsed).toEqual({ selector: { kind: 'tags', tags: Object.entries(tags).map(([key, value]) => ({ key, value })) } });
          // Nothing in the word is Terraform template syntax.
          expect(word).not.toMatch(/[$%]\{/);
        },
      ),
      { numRuns: 50 },
    );
  });

  test('GIVEN a tag with Markdown and table syntax THEN the review names it escaped, on one table row', () => {
    const app = newApp();
    const stack = newStack(app);
    new ServerFleetMaintenance(stack, 'fleet', { select: { tags: { 'a|b': '`x` <img> | # *y*' } }, steps: [{ action: 'stop' }] });
    app.synth();
    const row = stackFiles(app, 'prod')
      ['ecs-iam-policy.md'].split('\n')
      .find((line) => line.startsWith('| `prod/fleet`'))!;
    // Four cells: the row's own pipes are the only unescaped ones.
    expect(row.replace(/\\\|/g, '').split('|').length - 2).toBe(4);
    expect(row).toContain('selects at apply: servers tagged "a\\|b=\\`x\\` \\<img\\> \\| \\# \\*y\\*"');
  });

  test('the selected fleet waits for dependsOn, and others can depend on it', () => {
    const stack = newStack();
    const before = new ServerStop(stack, 'before', { serverId: id(9) });
    const fleet = new ServerFleetMaintenance(stack, 'fleet', { select: { tags: { role: 'web' } }, steps: [{ action: 'stop' }], dependsOn: [before] });
    new ServerStop(stack, 'after', { serverId: id(8), dependsOn: [fleet] });
    const planned = resources(stack);
    const [runKey] = Object.keys(planned).filter((k) => k.startsWith('fleet_selection'));
    expect(planned[runKey].depends_on).toEqual(['null_resource.before']);
    expect(planned.after.depends_on).toEqual([`null_resource.${runKey}`]);
  });
});
