/** ServerFleetMaintenance at synth: waves and their order, the policy of its steps, the review entry, refusals. */
import { type TerraformStack, TerraformVariable, Testing } from 'cdktf';
import fc from 'fast-check';
import { ServerFleetMaintenance, type ServerFleetMaintenanceProps, ServerLock, ServerStart, ServerStop } from '../../src';
import { IMAGE_ID, newApp, newStack, policyActions, refusalOf, stackFiles } from '../helpers/synth';

const id = (i: number) => `1a2b3c4d-0000-4000-8000-${String(i).padStart(12, '0')}`;
const ids = (n: number) => Array.from({ length: n }, (_, i) => id(i + 1));
const USER = '7e25b1da389f4697a79df3a0e5bd494e';
const MAINTENANCE: ServerFleetMaintenanceProps['steps'] = [{ action: 'stop' }, { action: 'resize', flavorRef: 's3.large.2' }, { action: 'start' }];

interface PlannedResource {
  readonly depends_on?: string[];
  readonly provisioner: { 'local-exec': { command: string; interpreter?: string[] } }[];
  readonly triggers: Record<string, string>;
}

function resources(stack: TerraformStack): Record<string, PlannedResource> {
  return JSON.parse(Testing.synth(stack)).resource.null_resource;
}

/** The words of the provisioner's command line (a shell command, or an interpreter argv followed by its command). */
function argvOf(r: PlannedResource): string[] {
  const { command, interpreter } = r.provisioner[0]['local-exec'];
  return interpreter ? [...interpreter, command] : command.split(' ');
}

/** The value after a flag on the wave's command line. */
const flagValue = (r: PlannedResource, flag: string) => {
  const argv = argvOf(r);
  return argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined;
};
/** The addresses of the fleet's wave resources, in order. */
const waveAddresses = (planned: Record<string, PlannedResource>) =>
  Object.keys(planned)
    .filter((k) => k.startsWith('fleet_wave'))
    .sort()
    .map((k) => `null_resource.${k}`);

describe('ServerFleetMaintenance: waves', () => {
  test('GIVEN 7 servers and maxUnavailable 3 THEN three wave resources of 3, 3 and 1 servers, each depending on the one before', () => {
    const stack = newStack();
    const before = new ServerStop(stack, 'unrelated', { serverId: id(99) });
    const fleet = new ServerFleetMaintenance(stack, 'fleet', { serverIds: ids(7), maxUnavailable: 3, steps: MAINTENANCE, dependsOn: [before] });
    const planned = resources(stack);
    const waves = Object.keys(planned)
      .filter((k) => k.startsWith('fleet_wave'))
      .sort();
    expect(waves.map((k) => JSON.parse(flagValue(planned[k], '--server-ids')!))).toEqual([ids(7).slice(0, 3), ids(7).slice(3, 6), ids(7).slice(6)]);
    expect(waves.map((k) => planned[k].depends_on)).toEqual([['null_resource.unrelated'], [`null_resource.${waves[0]}`], [`null_resource.${waves[1]}`]]);
    expect(waves.map((k) => flagValue(planned[k], '--wave'))).toEqual(['1/3', '2/3', '3/3']);
    expect(argvOf(planned[waves[0]])).toContain('fleet-wave');
    expect(flagValue(planned[waves[0]], '--construct-path')).toBe('prod/fleet');
    expect(flagValue(planned[waves[0]], '--steps')).toBe('stop:SOFT,resize:s3.large.2,start');
    // The wave label is not part of the identity: adding a wave later does not re-run the ones before.
    expect(planned[waves[0]].triggers).not.toHaveProperty('wave');
    expect({ waveSize: fleet.waveSize, waves: fleet.waves.length }).toEqual({ waveSize: 3, waves: 3 });
  });

  test.each([
    [0.25, 10, 3, 4],
    [0.1, 100, 10, 10],
    [1, 5, 1, 5],
    [50, 20, 20, 1],
    [undefined, 20, 20, 1],
  ])('maxUnavailable %p of %p servers: waves of %p, %p waves', (maxUnavailable, n, size, count) => {
    const fleet = new ServerFleetMaintenance(newStack(), 'fleet', { serverIds: ids(n), maxUnavailable, steps: MAINTENANCE });
    expect({ size: fleet.waveSize, count: fleet.waves.length }).toEqual({ size, count });
  });

  test('GIVEN the fleet in dependsOn THEN the dependent waits for the last wave', () => {
    const stack = newStack();
    const fleet = new ServerFleetMaintenance(stack, 'fleet', { serverIds: ids(4), maxUnavailable: 2, steps: MAINTENANCE });
    new ServerStop(stack, 'after', { serverId: id(50), dependsOn: [fleet] });
    const planned = resources(stack);
    expect(planned.after.depends_on).toEqual([waveAddresses(planned)[1]]);
  });

  test('GIVEN operations on a server before and after the fleet THEN they are ordered around the wave that holds it', () => {
    const stack = newStack();
    new ServerStop(stack, 'stop-5', { serverId: id(5) });
    new ServerFleetMaintenance(stack, 'fleet', {
      serverIds: ids(6),
      maxUnavailable: 2,
      steps: [{ action: 'resize', flavorRef: 's3.large.2' }, { action: 'start' }],
    });
    new ServerStop(stack, 'stop-again-5', { serverId: id(5) });
    const planned = resources(stack);
    const waves = waveAddresses(planned);
    // wave 3 holds servers 5 and 6: after the stop of server 5 and wave 2
    expect(planned[waves[2].split('.')[1]].depends_on).toEqual([waves[1], 'null_resource.stop-5']);
    expect(planned['stop-again-5'].depends_on).toEqual([waves[2]]);
  });

  test('GIVEN server ids from tokens THEN they reach the command line as Terraform references', () => {
    const stack = newStack();
    const variable = new TerraformVariable(stack, 'web_id', { type: 'string' });
    new ServerFleetMaintenance(stack, 'fleet', { serverIds: [id(1), variable.stringValue], steps: [{ action: 'reboot', rebootType: 'HARD' }] });
    const [wave] = Object.values(resources(stack));
    expect(flagValue(wave, '--server-ids')).toBe(`\${jsonencode(["${id(1)}", tostring(var.web_id)])}`);
  });

  test('two synths are byte-identical', () => {
    const synth = () => {
      const app = newApp();
      new ServerFleetMaintenance(newStack(app), 'fleet', { serverIds: ids(30), maxUnavailable: 0.2, steps: MAINTENANCE });
      app.synth();
      return stackFiles(app, 'prod');
    };
    expect(synth()).toEqual(synth());
  });
});

/** Every resource of the stack, by type: the waves (null_resource) and the member records (terraform_data). */
function allResources(stack: TerraformStack): Record<string, Record<string, PlannedResource>> {
  return JSON.parse(Testing.synth(stack)).resource;
}

describe('ServerFleetMaintenance: what runs a wave again', () => {
  test('GIVEN steps whose end the cloud shows (stop, resize, start) WHEN synthesized THEN no member record is written; each wave and report is keyed by its server list, without --joined', () => {
    const stack = newStack();
    new ServerFleetMaintenance(stack, 'fleet', { serverIds: ids(5), maxUnavailable: 2, maxFailures: 1, steps: MAINTENANCE });
    const planned = allResources(stack);
    expect(planned.terraform_data).toBeUndefined();
    expect(Object.keys(planned.null_resource)).toEqual([
      'fleet_wave-1',
      'fleet_wave-1-report',
      'fleet_wave-2',
      'fleet_wave-2-report',
      'fleet_wave-3',
      'fleet_wave-3-report',
    ]);
    for (const resource of Object.values(planned.null_resource)) {
      expect(Object.keys(resource.triggers).sort()).toEqual(['cloud', 'operation', 'project_id', 'region', 'server_ids', 'steps']);
      expect(resource.triggers.server_ids).toBe(flagValue(resource, '--server-ids'));
      expect(flagValue(resource, '--joined')).toBeUndefined();
    }
    expect(JSON.parse(planned.null_resource['fleet_wave-3'].triggers.server_ids)).toEqual([id(5)]);
  });

  test.each([
    ['a reboot', [{ action: 'reboot' }]],
    ['a reinstall between power steps', [{ action: 'stop' }, { action: 'reinstall-os', keyName: 'kp', userId: USER }, { action: 'start' }]],
  ] as const)(
    'GIVEN %s (an end the cloud does not show) WHEN synthesized THEN every server has a member record, and each wave is keyed by its records and passes --joined',
    (_name, steps) => {
      const stack = newStack();
      new ServerFleetMaintenance(stack, 'fleet', { serverIds: ids(3), maxUnavailable: 2, steps: steps as ServerFleetMaintenanceProps['steps'] });
      const planned = allResources(stack);
      expect(Object.keys(planned.terraform_data)).toEqual(ids(3).map((serverId) => `fleet_server-${serverId}`));
      const wave = planned.null_resource['fleet_wave-1'];
      expect(wave.triggers).not.toHaveProperty('server_ids');
      expect(wave.triggers.new_members).toBe(`\${substr(join(",", [terraform_data.fleet_server-${id(1)}.id, terraform_data.fleet_server-${id(2)}.id]), 0, 0)}`);
      expect(flagValue(wave, '--joined')).toBe(`\${jsonencode([terraform_data.fleet_server-${id(1)}.output, terraform_data.fleet_server-${id(2)}.output])}`);
    },
  );

  test("GIVEN terraform_data resources WHEN a ServerStop takes a member record's address THEN synth refuses it after a reboot fleet; after a fleet whose end shows (no record, no claim) it is free", () => {
    const synth = (steps: ServerFleetMaintenanceProps['steps']) => () => {
      const app = newApp();
      const stack = newStack(app, 'prod', { resourceType: 'terraform_data' });
      new ServerFleetMaintenance(stack, 'fleet', { serverIds: [id(1)], steps });
      new ServerStop(stack, `fleet_server-${id(1)}`, { serverId: id(9) });
      app.synth();
      return JSON.parse(stackFiles(app, 'prod')['cdk.tf.json']).resource;
    };
    expect(synth([{ action: 'reboot' }])).toThrow(/terraform_data\.fleet_server-.*prod\/fleet\/server-1/s);
    expect(Object.keys(synth(MAINTENANCE)().terraform_data).sort()).toEqual([`fleet_server-${id(1)}`, 'fleet_wave-1']);
  });
});

describe('ServerFleetMaintenance: policy and review', () => {
  test.each([
    ['stop, resize, start', MAINTENANCE, ['ecs:cloudServers:resize', 'ecs:cloudServers:showServer', 'ecs:cloudServers:start', 'ecs:cloudServers:stop']],
    ['reboot', [{ action: 'reboot' }], ['ecs:cloudServers:reboot', 'ecs:cloudServers:showServer']],
    [
      'stop, change OS, reinstall OS, start',
      [
        { action: 'stop', stopType: 'HARD' },
        { action: 'change-os', imageId: IMAGE_ID, keyName: 'kp', userId: USER },
        { action: 'reinstall-os', keyName: 'kp', userId: USER },
        { action: 'start' },
      ],
      ['ecs:cloudServers:changeOS', 'ecs:cloudServers:rebuild', 'ecs:cloudServers:showServer', 'ecs:cloudServers:start', 'ecs:cloudServers:stop'],
    ],
  ] as [string, ServerFleetMaintenanceProps['steps'], string[]][])('steps %s: exactly the actions of the steps', (_name, steps, expected) => {
    const app = newApp();
    const fleet = new ServerFleetMaintenance(newStack(app), 'fleet', { serverIds: ids(3), steps });
    app.synth();
    expect(fleet.requiredActions).toEqual(expected);
    expect(policyActions(app, 'prod')).toEqual(expected);
  });

  test('the review lists the fleet once, with its server count, however many waves', () => {
    const app = newApp();
    const stack = newStack(app);
    new ServerFleetMaintenance(stack, 'fleet', { serverIds: ids(250), maxUnavailable: 25, steps: MAINTENANCE });
    new ServerStop(stack, 'single', { serverId: id(900) });
    app.synth();
    const files = stackFiles(app, 'prod');
    const review = JSON.parse(files['ecs-iam-policy.review.json']);
    expect(review.constructs).toEqual([
      { path: 'prod/fleet', construct: 'ServerFleetMaintenance', operations: ['fleet-wave'], servers: 250 },
      { path: 'prod/single', construct: 'ServerStop', operations: ['server-stop'] },
    ]);
    expect(files['ecs-iam-policy.md']).toContain('| `prod/fleet` | ServerFleetMaintenance (250 servers) | `fleet-wave` | 4 |');
    expect(files['ecs-iam-policy.md']).toContain(
      '<b>fleet-wave</b><br/>stop SOFT → resize s3.large.2 → start<br/>+ ecs:cloudServers:resize<br/>+ ecs:cloudServers:showServer<br/>+ ecs:cloudServers:start<br/>+ ecs:cloudServers:stop',
    );
  });

  test('under enterprise-project authorization a fleet synthesizes: batch and cloudservers APIs support enterprise projects', () => {
    const app = newApp();
    new ServerFleetMaintenance(newStack(app, 'prod', { authorization: 'enterprise-project' }), 'fleet', { serverIds: ids(2), steps: MAINTENANCE });
    expect(() => app.synth()).not.toThrow();
  });
});

describe('ServerFleetMaintenance: refusals name the construct path and the fix, and leave nothing behind', () => {
  const refusals: [string, Partial<ServerFleetMaintenanceProps>, RegExp][] = [
    ['no servers', { serverIds: [] }, /property 'serverIds' must be a non-empty array/],
    [
      'a server id that is not a UUID',
      { serverIds: [id(1), 'web-1; rm -rf /'] },
      /property 'serverIds\[1\]' is "web-1; rm -rf \/", which is not an ECS server ID/,
    ],
    ['a repeated server', { serverIds: [id(1), id(2), id(1)] }, /property 'serverIds\[2\]' names the same server as serverIds\[0\]/],
    ['maxUnavailable 0', { maxUnavailable: 0 }, /property 'maxUnavailable' is 0/],
    ['maxFailures 1.5', { maxFailures: 1.5 }, /property 'maxFailures' is 1.5/],
    ['a health check with no command', { healthCheck: { command: [] } }, /property 'healthCheck.command' is \[\]/],
    ['a health check through a shell string', { healthCheck: { command: 'curl x' as never } }, /property 'healthCheck.command' is "curl x"/],
    ['a health check timeout of 0', { healthCheck: { command: ['true'], timeoutSeconds: 0 } }, /property 'healthCheck.timeoutSeconds' is 0/],
    ['bakeSeconds -1', { bakeSeconds: -1 }, /property 'bakeSeconds' is -1/],
    ['pauseAfterWave 0', { pauseAfterWave: 0 }, /property 'pauseAfterWave' is 0/],
    ['onFailure reboot', { onFailure: 'reboot' as never }, /property 'onFailure' is "reboot"/],
    ['waveTimeoutSeconds 1e9', { waveTimeoutSeconds: 1e9 }, /property 'waveTimeoutSeconds' is 1000000000/],
    ['waves together with maxUnavailable', { waves: [1, 0.5], maxUnavailable: 2 }, /property 'waves' is set together with maxUnavailable/],
    ['a wave size of 0', { waves: [1, 0] }, /property 'waves\[1\]' is 0/],
    ['no wave sizes', { waves: [] }, /property 'waves' must list 1 to 100 wave sizes/],
    ['maxUnavailable 2.5', { maxUnavailable: 2.5 }, /property 'maxUnavailable' is 2.5/],
    ['a wave larger than one batch call', { serverIds: ids(1001), maxUnavailable: 1001 }, /property 'maxUnavailable' is 1001.*at most 1000 servers per wave/],
    ['1,001 servers in the default single wave', { serverIds: ids(1001) }, /property 'maxUnavailable' is unset, so one wave would take all 1001 servers/],
    ['no steps', { steps: [] }, /property 'steps' must list 1 to 16 steps/],
    ['an unknown step', { steps: [{ action: 'format' } as never] }, /property 'steps\[0\].action' is "format"/],
    [
      'a resize after a start',
      { steps: [{ action: 'start' }, { action: 'resize', flavorRef: 's3.large.2' }] },
      /property 'steps\[1\]' needs a stopped server, but the step before leaves it running/,
    ],
    ['a soft reboot after a stop', { steps: [{ action: 'stop' }, { action: 'reboot' }] }, /property 'steps\[1\]' needs a running server/],
    ['a flavor with a space', { steps: [{ action: 'stop' }, { action: 'resize', flavorRef: 's3 large' }] }, /property 'steps\[1\].flavorRef'/],
    ['an OS step nobody can log in to', { steps: [{ action: 'stop' }, { action: 'change-os', imageId: IMAGE_ID }] }, /nobody could log in/],
    [
      'two OS steps with different logins',
      {
        steps: [
          { action: 'stop' },
          { action: 'change-os', imageId: IMAGE_ID, keyName: 'a' },
          { action: 'reinstall-os', keyName: 'b', userId: '7e25b1da389f4697a79df3a0e5bd494e' },
        ],
      },
      /property 'steps\[2\]' logs in differently/,
    ],
  ];

  test.each(refusals)('%s', (_name, props, message) => {
    const stack = newStack();
    const error = refusalOf(stack, () => new ServerFleetMaintenance(stack, 'fleet', { serverIds: ids(3), steps: MAINTENANCE, ...props }));
    expect(error).toMatch(/^ServerFleetMaintenance( steps\[\d\])? at 'prod\/fleet'/);
    expect(error).toMatch(message);
    expect(error).toContain('Fix:');
    // The refused fleet is a placeholder: nothing under it, nothing in the plan.
    expect(stack.node.findChild('fleet').node.children).toEqual([]);
    expect(JSON.parse(Testing.synth(stack)).resource).toBeUndefined();
  });

  test.each([
    ['1fleet', /gives the Terraform name '1fleet_wave-1', which must start with a letter or _/],
    ['fl\u001beet', /control characters/],
    ['fle\u0301et', /not in Unicode NFC/],
  ])('GIVEN a fleet id %j WHEN synthesized THEN it is refused at synth, not at terraform init', (fleetId, message) => {
    const stack = newStack();
    expect(refusalOf(stack, () => new ServerFleetMaintenance(stack, fleetId, { serverIds: ids(2), steps: MAINTENANCE }))).toMatch(message);
    expect(stack.node.children.filter((c) => c.node.id === fleetId).flatMap((c) => c.node.children)).toEqual([]);
  });

  test("GIVEN a fleet WHEN a ServerStop takes a wave's address THEN the stop is refused, not merged into the wave", () => {
    const app = newApp();
    const stack = newStack(app);
    new ServerFleetMaintenance(stack, 'fleet', { serverIds: ids(2), maxUnavailable: 1, steps: MAINTENANCE });
    // The stop records its refusal, and synth fails with it (synth-problems.ts).
    new ServerStop(stack, 'fleet_wave-1', { serverId: id(9) });
    expect(() => app.synth()).toThrow(/null_resource\.fleet_wave-1.*prod\/fleet\/wave-1/s);
  });

  test("GIVEN a ServerStop holding '<fleet>_wave-1' first WHEN the fleet is declared THEN its first wave takes another address", () => {
    const stack = newStack();
    new ServerStop(stack, 'fleet_wave-1', { serverId: id(9) });
    new ServerFleetMaintenance(stack, 'fleet', { serverIds: ids(2), maxUnavailable: 1, steps: MAINTENANCE });
    expect(Object.keys(resources(stack)).sort()).toEqual(['fleet_wave-1', expect.stringMatching(/^fleet_wave-1-[0-9a-f]{12}$/), 'fleet_wave-2']);
  });

  test('GIVEN the rollout controls WHEN synthesized THEN each wave carries their flags, a report follows the last wave per wave, and the fleet exposes them', () => {
    const stack = newStack();
    const fleet = new ServerFleetMaintenance(stack, 'web', {
      serverIds: ids(10),
      maxUnavailable: 0.5,
      maxFailures: 0.25,
      healthCheck: { command: ['./check.sh', '$(reboot)'], intervalSeconds: 2 },
      bakeSeconds: 30,
      onFailure: 'restore-power',
      waveTimeoutSeconds: 600,
      steps: MAINTENANCE,
    });
    const planned = resources(stack);
    expect(Object.keys(planned).sort()).toEqual(['web_wave-1', 'web_wave-1-report', 'web_wave-2', 'web_wave-2-report']);

    const wave = planned['web_wave-1'];
    expect(JSON.parse(flagValue(wave, '--health-check')!)).toEqual(['./check.sh', '$(reboot)']);
    expect([flagValue(wave, '--health-interval'), flagValue(wave, '--health-timeout'), flagValue(wave, '--bake')]).toEqual(['2', undefined, '30']);
    expect([flagValue(wave, '--max-failures'), flagValue(wave, '--rollout'), flagValue(wave, '--on-failure'), flagValue(wave, '--timeout')]).toEqual([
      '2',
      '${plantimestamp()}',
      'restore-power',
      '600',
    ]);
    expect(flagValue(planned['web_wave-1-report'], '--phase')).toBe('report');
    expect(planned['web_wave-1-report'].depends_on).toEqual(['null_resource.web_wave-2']);
    // How the rollout runs is not what it does: changing a health check or a bake re-runs nothing.
    expect(Object.keys(wave.triggers).sort()).toEqual(['cloud', 'operation', 'project_id', 'region', 'server_ids', 'steps']);
    expect(fleet.healthCheck).toEqual({ command: ['./check.sh', '$(reboot)'], timeoutSeconds: 300, intervalSeconds: 2 });
    expect(fleet.maxFailures).toBe(2);
    // Depending on the fleet waits for the whole rollout, reports included.
    new ServerStop(stack, 'after', { serverId: id(99), dependsOn: [fleet] });
    expect(resources(stack).after.depends_on).toEqual(['null_resource.web_wave-2-report']);
  });

  test('GIVEN pauseAfterWave 2 of 4 WHEN synthesized THEN only waves 1 and 2 are planned, the second saying where the rollout pauses', () => {
    const stack = newStack();
    const fleet = new ServerFleetMaintenance(stack, 'web', { serverIds: ids(8), maxUnavailable: 2, pauseAfterWave: 2, steps: MAINTENANCE });
    const planned = resources(stack);
    expect(Object.keys(planned)).toEqual(['web_wave-1', 'web_wave-2']);
    expect([flagValue(planned['web_wave-1'], '--pause-after'), flagValue(planned['web_wave-2'], '--pause-after')]).toEqual([undefined, '2']);
    expect(flagValue(planned['web_wave-2'], '--wave')).toBe('2/4');
    // Where the rollout pauses is not what the wave does: raising the pause later runs the next waves, not this one again.
    expect(Object.keys(planned['web_wave-2'].triggers).sort()).toEqual(['cloud', 'operation', 'project_id', 'region', 'server_ids', 'steps']);
    expect({ pauseAfterWave: fleet.pauseAfterWave, planned: fleet.plannedWaves.length, waves: fleet.waves.length }).toEqual({
      pauseAfterWave: 2,
      planned: 4,
      waves: 2,
    });
  });

  test('GIVEN a canary ramp WHEN synthesized THEN waves of 1, then 10 %, then 25 %, at readable addresses', () => {
    const stack = newStack();
    const fleet = new ServerFleetMaintenance(stack, 'web', { serverIds: ids(40), waves: [1, 0.1, 0.25], steps: MAINTENANCE });
    expect(fleet.plannedWaves.map((w) => w.length)).toEqual([1, 4, 10, 10, 10, 5]);
    expect(Object.keys(resources(stack))).toEqual(['web_wave-1', 'web_wave-2', 'web_wave-3', 'web_wave-4', 'web_wave-5', 'web_wave-6']);
    expect(fleet.waveSize).toBe(10);
  });

  test('a fleet that needs stopped servers, after a ServerStart on one of them, is refused naming both', () => {
    const stack = newStack();
    new ServerStart(stack, 'start-2', { serverId: id(2) });
    expect(
      refusalOf(stack, () => new ServerFleetMaintenance(stack, 'fleet', { serverIds: ids(3), steps: [{ action: 'resize', flavorRef: 's3.large.2' }] })),
    ).toMatch(
      /ServerFleetMaintenance at 'prod\/fleet' needs a stopped server, but server 1a2b3c4d-0000-4000-8000-000000000002 was last started by 'prod\/start-2'/,
    );
  });

  test('a fleet after a ServerLock on one of its servers is refused', () => {
    const stack = newStack();
    new ServerLock(stack, 'lock-3', { serverId: id(3) });
    expect(refusalOf(stack, () => new ServerFleetMaintenance(stack, 'fleet', { serverIds: ids(3), steps: MAINTENANCE }))).toMatch(
      /runs after ServerLock 'prod\/lock-3'/,
    );
  });

  test('property: any server id that is not a UUID (and not a token) is refused at synth; a UUID is planned as given', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (value) => {
        const stack = newStack();
        const uuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(value);
        const refused = refusalOf(stack, () => new ServerFleetMaintenance(stack, 'fleet', { serverIds: [id(1), value], steps: [{ action: 'stop' }] }));
        return (refused !== undefined) === !(uuid && value !== id(1));
      }),
      { numRuns: 200 },
    );
  });
});
