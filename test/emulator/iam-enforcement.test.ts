import type { Emulator, PolicyDocument } from '../../src/emulator';
import { EmulatorClient, emulatorLauncher, FROZEN } from './helpers/emulator-client';

const RUNNING = { id: 'srv-1', name: 'web-1', flavorRef: 's3.medium.2', imageId: 'img', status: 'ACTIVE' } as const;
const STOPPED = { id: 'srv-2', name: 'web-2', flavorRef: 's3.medium.2', imageId: 'img', status: 'SHUTOFF' } as const;
const RESIZE_DEPENDENCIES = [
  'ecs:servers:list',
  'ecs:flavors:get',
  'ims:images:get',
  'evs:volumes:list',
  'evs:volumes:create',
  'evs:volumes:get',
  'evs:volumes:attach',
  'evs:volumes:detach',
  'evs:volumes:manage',
  'vpc:ports:get',
  'vpc:ports:update',
  'vpc:ports:create',
  'vpc:ports:delete',
];

const allow = (...actions: string[]): PolicyDocument => ({ Version: '1.1', Statement: [{ Effect: 'Allow', Action: actions }] });

const launch = emulatorLauncher();
let emulator: Emulator;
let client: EmulatorClient;

async function start(policy: PolicyDocument | undefined): Promise<void> {
  emulator = await launch({ servers: [RUNNING, STOPPED], timings: FROZEN, policy });
  client = new EmulatorClient(emulator);
}

describe('IAM enforcement: each route requires its action and, strictly, its dependencies', () => {
  test('the action with its dependency is allowed, and the audit says so', async () => {
    await start(allow('ecs:servers:stop', 'ecs:servers:list'));
    const reply = await client.action(RUNNING.id, { 'os-stop': {} });
    expect(reply.status).toBe(202);
    expect(emulator.audit.at(-1)).toMatchObject({
      route: 'server-action:os-stop',
      action: 'ecs:servers:stop',
      requiredActions: ['ecs:servers:stop', 'ecs:servers:list'],
      decision: 'allowed',
      status: 202,
      mutationApplied: true,
    });
  });

  test('a missing action → native 403 forbidden naming it; nothing changes', async () => {
    // GIVEN a policy that allows only the dependency
    await start(allow('ecs:servers:list'));
    // WHEN the stop is called
    const reply = await client.action(RUNNING.id, { 'os-stop': {} });
    // THEN 403 in Nova's format, naming the action
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({ forbidden: { code: 403, message: 'Policy does not allow ecs:servers:stop to be performed.' } });
    expect(emulator.server(RUNNING.id)?.taskState).toBeNull();
    expect(emulator.audit.at(-1)).toMatchObject({ decision: 'denied', missingAction: 'ecs:servers:stop', status: 403, mutationApplied: false });
  });

  test('a missing dependency → 403 naming the dependency', async () => {
    await start(allow('ecs:servers:start'));
    const reply = await client.action(STOPPED.id, { 'os-start': {} });
    expect(reply.status).toBe(403);
    expect(reply.body.forbidden.message).toBe('Policy does not allow ecs:servers:list to be performed.');
    expect(emulator.mutations()).toBe(0);
  });

  test('the native resize needs all 13 dependencies: the first one missing is named', async () => {
    await start(allow('ecs:servers:resize', ...RESIZE_DEPENDENCIES.filter((a) => a !== 'vpc:ports:update')));
    const reply = await client.action(RUNNING.id, { resize: { flavorRef: 's3.large.2' } });
    expect(reply.body.forbidden.message).toBe('Policy does not allow vpc:ports:update to be performed.');
    await start(allow('ecs:servers:resize', ...RESIZE_DEPENDENCIES));
    expect((await client.action(RUNNING.id, { resize: { flavorRef: 's3.large.2' } })).status).toBe(202);
  });

  test('a cloudservers route → 403 Pdp.0001 in the cloudservers format', async () => {
    await start(allow('ecs:cloudServers:showServer'));
    const reply = await client.call('POST', client.ecs(`/cloudservers/${STOPPED.id}/resize`), { resize: { flavorRef: 's3.large.2' } });
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({ error: { code: 'Pdp.0001', message: 'Policy does not allow ecs:cloudServers:resize to be performed.' } });
  });

  test('server groups need ecs:serverGroups:manage for all four calls', async () => {
    await start(allow('ecs:servers:list'));
    const list = await client.call('GET', client.nova('/os-server-groups'));
    expect(list.body.forbidden.message).toBe('Policy does not allow ecs:serverGroups:manage to be performed.');
    emulator.setPolicy(allow('ecs:serverGroups:manage'));
    expect((await client.call('GET', client.nova('/os-server-groups'))).status).toBe(200);
  });

  test('the job query needs no action; the cloudservers show needs showServer', async () => {
    await start(allow('ecs:cloudServers:changeOS'));
    const job = await client.call('POST', client.ecs(`/cloudservers/${STOPPED.id}/changeos`, 'v2'), { 'os-change': { imageid: 'img-new', keyname: 'kp' } });
    expect(job.status).toBe(200);
    expect((await client.call('GET', client.ecs(`/jobs/${job.body.job_id}`))).status).toBe(200);
    expect(emulator.audit.at(-1)).toMatchObject({ route: 'job-show', requiredActions: [], decision: 'allowed' });
    expect((await client.call('GET', client.ecs(`/cloudservers/${STOPPED.id}`))).status).toBe(403);
  });

  test('the native show needs ecs:servers:get and its ten dependencies', async () => {
    await start(allow('ecs:servers:get'));
    const reply = await client.call('GET', client.nova(`/servers/${RUNNING.id}`));
    expect(reply.body.forbidden.message).toBe('Policy does not allow ecs:serverVolumes:use to be performed.');
  });
});

describe('IAM enforcement: wildcards and Deny, as the cloud evaluates them', () => {
  test('ecs:servers:* covers the action and its dependency', async () => {
    await start(allow('ecs:servers:*'));
    expect((await client.action(RUNNING.id, { reboot: { type: 'SOFT' } })).status).toBe(202);
    expect(emulator.audit.at(-1)?.decision).toBe('allowed');
  });

  test('ecs:*:get* and ecs:*:list* cover reads, not writes', async () => {
    await start(allow('ecs:*:get*', 'ecs:*:list*'));
    // stop needs ecs:servers:stop: not a get or list
    expect((await client.action(RUNNING.id, { 'os-stop': {} })).body.forbidden.message).toContain('ecs:servers:stop');
    emulator.setPolicy(allow('ecs:*:get*', 'ecs:*:list*', 'ecs:*:stop'));
    expect((await client.action(RUNNING.id, { 'os-stop': {} })).status).toBe(202);
  });

  test('resource type and action match case-insensitively', async () => {
    await start(allow('ecs:CLOUDSERVERS:SHOWSERVER'));
    expect((await client.call('GET', client.ecs(`/cloudservers/${RUNNING.id}`))).status).toBe(200);
  });

  test('an explicit Deny wins over a wildcard Allow', async () => {
    await start({
      Version: '1.1',
      Statement: [
        { Effect: 'Allow', Action: ['ecs:*:*'] },
        { Effect: 'Deny', Action: ['ecs:servers:lock'] },
      ],
    });
    expect((await client.action(RUNNING.id, { lock: null })).body.forbidden.message).toBe('Policy does not allow ecs:servers:lock to be performed.');
    expect((await client.action(RUNNING.id, { unlock: null })).status).toBe(202);
  });

  test('without a policy nothing is enforced, and the audit says not-enforced', async () => {
    await start(undefined);
    expect(emulator.enforcing).toBe(false);
    expect((await client.action(RUNNING.id, { lock: null })).status).toBe(202);
    expect(emulator.audit.at(-1)?.decision).toBe('not-enforced');
  });

  test('a statement the emulator cannot evaluate (Condition, Resource) is refused at start and by setPolicy; Resource "*" is enforced', async () => {
    // A Deny under a never-true Condition used to deny everything, an Allow under one to allow everything.
    const deny = { Effect: 'Deny' as const, Action: ['ecs:*:*'], Condition: { StringEquals: { 'g:UserName': ['nobody'] } } };
    await expect(launch({ policy: { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['ecs:*:*'] }, deny] } })).rejects.toThrow(
      /Statement\[1\] has a Condition, which the emulator cannot evaluate/,
    );
    await start(undefined);
    expect(() => emulator.setPolicy({ Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['ecs:*:*'], Resource: ['ecs:*:*:instance:x'] }] })).toThrow(
      /Statement\[0\] has a Resource other than "\*"/,
    );
    expect(emulator.enforcing).toBe(false);
    emulator.setPolicy({ Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['ecs:servers:lock', 'ecs:servers:list'], Resource: ['*'] }] });
    expect((await client.action(RUNNING.id, { lock: null })).status).toBe(202);
    expect((await client.action(RUNNING.id, { 'os-stop': {} })).status).toBe(403);
  });

  test('a malformed policy is refused at start and by setPolicy, never silently ignored', async () => {
    await expect(launch({ policy: { Version: '1.0', Statement: [] } as unknown as PolicyDocument })).rejects.toThrow(/Version/);
    await start(undefined);
    expect(() => emulator.setPolicy({ Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['not an action'] }] })).toThrow(/malformed action/);
    expect(emulator.enforcing).toBe(false);
  });
});
