import type { Emulator } from '../../src/emulator';
import { EmulatorClient, emulatorLauncher } from './helpers/emulator-client';

const launch = emulatorLauncher();
let emulator: Emulator;
let client: EmulatorClient;

beforeEach(async () => {
  emulator = await launch({ serverGroups: [{ id: 'seeded-group', name: 'seeded', policies: ['anti-affinity'], members: ['srv-1'] }] });
  client = new EmulatorClient(emulator);
});

const create = (body: unknown) => client.call('POST', client.nova('/os-server-groups'), body);

describe('native server groups: create, list, show, delete', () => {
  test('create answers 200 with the group; list and show find it; delete answers 204', async () => {
    // WHEN an anti-affinity group is created
    const created = await create({ server_group: { name: 'db', policies: ['anti-affinity'] } });
    // THEN 200 with the documented shape
    expect(created.status).toBe(200);
    const group = created.body.server_group;
    expect(group).toEqual({ id: expect.any(String), name: 'db', policies: ['anti-affinity'], members: [], metadata: {} });
    // AND list and show return it
    const list = await client.call('GET', client.nova('/os-server-groups'));
    expect(list.body.server_groups.map((g: { name: string }) => g.name)).toEqual(['seeded', 'db']);
    expect(list.body.server_groups[0]).toMatchObject({ members: ['srv-1'], project_id: emulator.projectId });
    const shown = await client.call('GET', client.nova(`/os-server-groups/${group.id}`));
    expect(shown.body.server_group).toEqual(group);
    // WHEN deleted THEN 204 without a body, and it is gone
    const deleted = await client.call('DELETE', client.nova(`/os-server-groups/${group.id}`));
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(emulator.serverGroups().map((g) => g.name)).toEqual(['seeded']);
    // create and delete are counted under the group's name
    expect(emulator.mutations('db')).toBe(2);
  });

  test('microversion 2.13 adds project_id to create and show', async () => {
    const created = await client.call(
      'POST',
      client.nova('/os-server-groups'),
      { server_group: { name: 'db', policies: ['anti-affinity'] } },
      { headers: { 'X-OpenStack-Nova-API-Version': '2.13' } },
    );
    expect(created.body.server_group.project_id).toBe(emulator.projectId);
  });

  test('two creates with one name make two groups: the count shows the duplicate', async () => {
    await create({ server_group: { name: 'twice', policies: ['anti-affinity'] } });
    await create({ server_group: { name: 'twice', policies: ['anti-affinity'] } });
    expect(emulator.serverGroups().filter((g) => g.name === 'twice')).toHaveLength(2);
    expect(emulator.mutations('twice')).toBe(2);
  });
});

describe('native server groups: refusals', () => {
  test.each([
    ['affinity (OTC supports anti-affinity only)', { server_group: { name: 'x', policies: ['affinity'] } }, 'Only anti-affinity groups are supported'],
    ['two policies', { server_group: { name: 'x', policies: ['anti-affinity', 'affinity'] } }, 'exactly one policy'],
    ['no name', { server_group: { policies: ['anti-affinity'] } }, 'field/attribute name'],
    ['a 256-character name', { server_group: { name: 'n'.repeat(256), policies: ['anti-affinity'] } }, 'field/attribute name'],
    ['no server_group', { name: 'x' }, "'server_group' is a required property"],
  ])('%s → 400 badRequest', async (_name, body, message) => {
    const reply = await create(body);
    expect(reply.status).toBe(400);
    expect(reply.body.badRequest.message).toContain(message);
    expect(emulator.mutations()).toBe(0);
  });

  test('malformed JSON → 400 badRequest', async () => {
    expect((await create('{"server_group":')).body.badRequest.code).toBe(400);
  });

  test('an unknown group → 404 itemNotFound on show and delete', async () => {
    for (const method of ['GET', 'DELETE']) {
      const reply = await client.call(method, client.nova('/os-server-groups/missing'));
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual({ itemNotFound: { code: 404, message: 'Server group missing could not be found.' } });
    }
  });

  test('seeding a non-anti-affinity group is refused', async () => {
    await expect(launch({ serverGroups: [{ name: 'x', policies: ['affinity'] }] })).rejects.toThrow(/anti-affinity/);
  });
});
