import type { Emulator, EmulatorOptions, PolicyDocument } from '../../src/emulator';
import { EmulatorClient, emulatorLauncher, FAST, FROZEN } from './helpers/emulator-client';

const RUNNING = { id: 'srv-running', name: 'web-1', flavorRef: 's3.medium.2', imageId: 'img', status: 'ACTIVE' } as const;
const STOPPED = { id: 'srv-stopped', name: 'web-2', flavorRef: 's3.medium.2', imageId: 'img', status: 'SHUTOFF' } as const;
const SEEDED = { id: 'seeded-group', name: 'seeded', policies: ['anti-affinity'], members: [RUNNING.id] };

const launch = emulatorLauncher();
const allow = (...actions: string[]): PolicyDocument => ({ Version: '1.1', Statement: [{ Effect: 'Allow', Action: actions }] });
let emulator: Emulator;
let client: EmulatorClient;

async function start(options: EmulatorOptions = {}): Promise<void> {
  emulator = await launch({ servers: [RUNNING, STOPPED], serverGroups: [SEEDED], timings: FAST, ...options });
  client = new EmulatorClient(emulator);
}

const groups = (path = '') => client.ecs(`/cloudservers/os-server-groups${path}`);
const member = (groupId: string, action: string, serverId: string) =>
  client.call('POST', groups(`/${groupId}/action`), { [action]: { instance_uuid: serverId } });
const expectCloudError = (reply: { status: number; body: { error: { code: string; message: string } } }, status: number, code: string, message?: string) => {
  expect(reply.status).toBe(status);
  expect(reply.body.error.code).toBe(code);
  if (message) expect(reply.body.error.message).toContain(message);
};

describe('cloudservers ECS groups: create, list, show, delete', () => {
  test('create answers 200 with the group; list and show find it; delete answers 204', async () => {
    await start();
    // WHEN a group is created through the cloudservers API
    const created = await client.call('POST', groups(), { server_group: { name: 'web', policies: ['anti-affinity'] } });
    // THEN 200 with the documented fields, no project_id
    expect(created.status).toBe(200);
    const group = created.body.server_group;
    expect(group).toEqual({ id: expect.any(String), name: 'web', policies: ['anti-affinity'], members: [], metadata: {} });
    // AND list and show return it
    const list = await client.call('GET', groups());
    expect(list.body).toEqual({ server_groups: [{ ...SEEDED, metadata: {} }, group] });
    expect((await client.call('GET', groups(`/${group.id}`))).body).toEqual({ server_group: group });
    // AND the native API sees the same group
    const native = await client.call('GET', client.nova(`/os-server-groups/${group.id}`));
    expect(native.body.server_group).toEqual(group);
    // WHEN deleted THEN 204 without a body, and it is gone from both views
    const deleted = await client.call('DELETE', groups(`/${group.id}`));
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(emulator.serverGroups().map((g) => g.name)).toEqual(['seeded']);
    expect(emulator.mutations('web')).toBe(2);
  });

  test('list with limit pages through the groups; page_info.next_marker is the last id of the page', async () => {
    await start();
    for (const name of ['a', 'b']) await client.call('POST', groups(), { server_group: { name, policies: ['anti-affinity'] } });
    const first = await client.call('GET', `${groups()}?limit=2`);
    expect(first.body.server_groups.map((g: { name: string }) => g.name)).toEqual(['seeded', 'a']);
    expect(first.body.page_info).toEqual({ next_marker: first.body.server_groups[1].id });
    const second = await client.call('GET', `${groups()}?limit=2&marker=${first.body.page_info.next_marker}`);
    expect(second.body.server_groups.map((g: { name: string }) => g.name)).toEqual(['b']);
    const last = await client.call('GET', `${groups()}?limit=2&marker=${second.body.page_info.next_marker}`);
    expect(last.body).toEqual({ server_groups: [] });
  });

  test.each([
    ['limit=0', 'limit must be an integer from 1 to 1000'],
    ['limit=1001', 'limit must be an integer from 1 to 1000'],
    ['limit=x', 'limit must be an integer'],
    ['marker=seeded-group', 'marker and limit must be used together'],
    ['limit=5&marker=nope', 'marker nope is not an ECS group id'],
  ])('list ?%s → 400 Ecs.0005', async (query, message) => {
    await start();
    expectCloudError(await client.call('GET', `${groups()}?${query}`), 400, 'Ecs.0005', message);
  });

  test.each([
    ['affinity', { server_group: { name: 'x', policies: ['affinity'] } }, 'Only anti-affinity groups are supported'],
    ['no name', { server_group: { policies: ['anti-affinity'] } }, 'field/attribute name'],
    ['no server_group', { name: 'x' }, "'server_group' is a required property"],
  ])('create with %s → 400 Ecs.0005 in the cloudservers format', async (_name, body, message) => {
    await start();
    expectCloudError(await client.call('POST', groups(), body), 400, 'Ecs.0005', message);
    expect(emulator.serverGroups()).toHaveLength(1);
  });

  test("an unknown group → 404 with Nova's itemNotFound passed on as Ecs.1000, on show, delete and member actions", async () => {
    await start();
    for (const reply of [
      await client.call('GET', groups('/ghost')),
      await client.call('DELETE', groups('/ghost')),
      await member('ghost', 'add_member', STOPPED.id),
    ]) {
      expectCloudError(reply, 404, 'Ecs.1000');
      expect(JSON.parse(reply.body.error.message)).toEqual({ itemNotFound: { code: 404, message: 'Server group ghost could not be found.' } });
    }
  });
});

describe('cloudservers ECS groups: members', () => {
  test('add a stopped server: 200 without a body; both views show it; remove takes it out again', async () => {
    await start();
    // WHEN a stopped server is added
    const added = await member(SEEDED.id, 'add_member', STOPPED.id);
    // THEN 200 with no body
    expect(added.status).toBe(200);
    expect(added.text).toBe('');
    // AND the cloudservers and the native view list it
    expect((await client.call('GET', groups(`/${SEEDED.id}`))).body.server_group.members).toEqual([RUNNING.id, STOPPED.id]);
    expect((await client.call('GET', client.nova(`/os-server-groups/${SEEDED.id}`))).body.server_group.members).toEqual([RUNNING.id, STOPPED.id]);
    expect((await client.call('GET', client.nova('/os-server-groups'))).body.server_groups[0].members).toEqual([RUNNING.id, STOPPED.id]);
    // WHEN it is removed THEN it is gone, and a running member can be removed too
    expect((await member(SEEDED.id, 'remove_member', STOPPED.id)).status).toBe(200);
    expect((await member(SEEDED.id, 'remove_member', RUNNING.id)).status).toBe(200);
    expect(emulator.serverGroups()[0].members).toEqual([]);
    expect(emulator.mutations(SEEDED.name)).toBe(3);
  });

  test("adding a running server → 400 with the cloud's own message; nothing changes", async () => {
    await start({ serverGroups: [{ ...SEEDED, members: [] }] });
    const reply = await member(SEEDED.id, 'add_member', RUNNING.id);
    expectCloudError(reply, 400, 'Ecs.1000');
    expect(JSON.parse(reply.body.error.message)).toEqual({
      badRequest: { code: 400, message: `Instance ${RUNNING.id} can not add, cause its state is not STOPPED` },
    });
    expect(emulator.serverGroups()[0].members).toEqual([]);
    expect(emulator.mutations()).toBe(0);
  });

  test('a server that is still stopping is not stopped yet', async () => {
    await start({ timings: FROZEN, serverGroups: [{ ...SEEDED, members: [] }] });
    await client.action(RUNNING.id, { 'os-stop': {} });
    expectCloudError(await member(SEEDED.id, 'add_member', RUNNING.id), 400, 'Ecs.1000', 'its state is not STOPPED');
  });

  test.each([
    ['adding a member twice', 'add_member', RUNNING.id, 400, 'Ecs.1000', 'is already a member'],
    ['removing a server that is not a member', 'remove_member', STOPPED.id, 400, 'Ecs.1000', 'is not a member'],
    ['an unknown server', 'add_member', 'ghost', 404, 'Ecs.0114', 'The ECS does not exist.'],
    ['an empty instance_uuid', 'add_member', '', 400, 'Ecs.0005', 'add_member.instance_uuid must be a non-empty string'],
  ])('%s → %s %s', async (_name, action, serverId, status, code, message) => {
    await start();
    expectCloudError(await member(SEEDED.id, action, serverId), status, code, message);
    expect(emulator.serverGroups()[0].members).toEqual([RUNNING.id]);
  });

  test('an unknown member action → 400 Ecs.0005 before the IAM check', async () => {
    await start();
    expectCloudError(
      await client.call('POST', groups(`/${SEEDED.id}/action`), { move_member: {} }),
      400,
      'Ecs.0005',
      'exactly one of add_member, remove_member',
    );
  });
});

describe('cloudservers ECS groups: IAM, exactly as fleet-apis.md states', () => {
  test.each([
    [
      'create',
      () => client.call('POST', groups(), { server_group: { name: 'x', policies: ['anti-affinity'] } }),
      'cloudservers-groups-create',
      'ecs:cloudServers:create',
    ],
    ['list', () => client.call('GET', groups()), 'cloudservers-groups-list', 'ecs:cloudServers:list'],
    ['show', () => client.call('GET', groups(`/${SEEDED.id}`)), 'cloudservers-groups-show', 'ecs:cloudServers:get'],
    ['delete', () => client.call('DELETE', groups(`/${SEEDED.id}`)), 'cloudservers-groups-delete', 'ecs:cloudServers:delete'],
    ['add member', () => member(SEEDED.id, 'add_member', STOPPED.id), 'cloudservers-groups-action:add_member', 'ecs:cloudServers:create'],
    ['remove member', () => member(SEEDED.id, 'remove_member', RUNNING.id), 'cloudservers-groups-action:remove_member', 'ecs:cloudServers:delete'],
  ])('%s needs %s…', async (_name, call, route, needed) => {
    // GIVEN a policy with the native group action and every other cloudservers group action
    const others = ['ecs:cloudServers:create', 'ecs:cloudServers:delete', 'ecs:cloudServers:list', 'ecs:cloudServers:get'].filter((a) => a !== needed);
    await start({ policy: allow('ecs:serverGroups:manage', ...others) });
    // THEN the call is denied naming its action
    const denied = await call();
    expect(denied.status).toBe(403);
    expect(denied.body.error).toEqual({ code: 'Pdp.0001', message: `Policy does not allow ${needed} to be performed.` });
    expect(emulator.audit.at(-1)).toMatchObject({ route, requiredActions: [needed], decision: 'denied' });
    // AND that action alone is enough
    emulator.setPolicy(allow(needed));
    expect((await call()).status).toBeLessThan(300);
  });
});

describe('cloudservers ECS groups on Huawei Cloud: its own action names', () => {
  test.each([
    [
      'create',
      () => client.call('POST', groups(), { server_group: { name: 'x', policies: ['anti-affinity'] } }),
      'ecs:cloudServers:createServerGroup',
      'ecs:cloudServers:create',
    ],
    ['list', () => client.call('GET', groups()), 'ecs:cloudServers:list', undefined],
    ['show', () => client.call('GET', groups(`/${SEEDED.id}`)), 'ecs:cloudServers:showServerGroup', 'ecs:cloudServers:get'],
    ['delete', () => client.call('DELETE', groups(`/${SEEDED.id}`)), 'ecs:cloudServers:deleteServerGroup', 'ecs:cloudServers:delete'],
    ['add member', () => member(SEEDED.id, 'add_member', STOPPED.id), 'ecs:cloudServers:addServerGroupMember', 'ecs:cloudServers:create'],
    ['remove member', () => member(SEEDED.id, 'remove_member', RUNNING.id), 'ecs:cloudServers:deleteServerGroupMember', 'ecs:cloudServers:delete'],
  ])('%s needs %s; the OTC name %s is refused', async (_name, call, needed, otcName) => {
    // GIVEN the emulator started for a Huawei Cloud stack, with a policy holding OTC's name for the call
    await start({ cloud: 'huaweicloud', policy: allow('ecs:serverGroups:manage', ...(otcName ? [otcName] : [])) });
    if (otcName) {
      // THEN the call is denied naming Huawei's action, as the cloud would refuse a role with OTC's name
      const denied = await call();
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toBe(`Policy does not allow ${needed} to be performed.`);
      expect(emulator.audit.at(-1)).toMatchObject({ action: needed, requiredActions: [needed], decision: 'denied' });
    }
    // AND Huawei's name alone is enough
    emulator.setPolicy(allow(needed));
    expect((await call()).status).toBeLessThan(300);
  });

  test('an unknown cloud option is refused', async () => {
    await expect(launch({ cloud: 'aws' as never })).rejects.toThrow("the emulator cloud option is \"aws\": use 'otc' or 'huaweicloud'");
  });
});
