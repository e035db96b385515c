import type { Emulator, EmulatorOptions, PolicyDocument } from '../../src/emulator';
import { EmulatorClient, emulatorLauncher, FAST } from './helpers/emulator-client';

const uuid = (n: number) => `5e1ec700-0000-4000-8000-${String(n).padStart(12, '0')}`;
// Twelve servers: every third is tagged role=web, every second env=prod; 4..7 are in enterprise project "ep-1".
const SERVERS = Array.from({ length: 12 }, (_, i) => ({
  id: uuid(i + 1),
  name: `srv-${i + 1}`,
  flavorRef: 's3.medium.2',
  imageId: 'img',
  status: 'ACTIVE' as const,
  tags: { ...(i % 3 === 0 ? { role: 'web' } : { role: 'db' }), ...(i % 2 === 0 ? { env: 'prod' } : {}) },
  ...(i >= 3 && i <= 6 ? { enterpriseProjectId: 'ep-1' } : {}),
}));
const WEB = SERVERS.filter((s) => s.tags.role === 'web').map((s) => s.id);
const WEB_PROD = SERVERS.filter((s) => s.tags.role === 'web' && s.tags.env === 'prod').map((s) => s.id);

const launch = emulatorLauncher();
let emulator: Emulator;
let client: EmulatorClient;

async function start(options: EmulatorOptions = {}): Promise<void> {
  emulator = await launch({ servers: SERVERS, timings: FAST, ...options });
  client = new EmulatorClient(emulator);
}

const allow = (...actions: string[]): PolicyDocument => ({ Version: '1.1', Statement: [{ Effect: 'Allow', Action: actions }] });
const tagQuery = (body: unknown, family = 'servers') => client.call('POST', client.ecs(`/${family}/resource_instances/action`), body);
const list = (query: string) => client.call('GET', client.ecs(`/cloudservers/detail${query}`));
const idsOf = (resources: { resource_id: string }[]) => resources.map((r) => r.resource_id);

describe('tag query (POST …/servers/resource_instances/action and …/cloudservers/…)', () => {
  test.each(['servers', 'cloudservers'])('on /%s/: the servers carrying every tag, the values of one key OR-ed', async (family) => {
    await start();
    // WHEN the servers tagged role=web and env=prod are asked for
    const both = await tagQuery(
      {
        action: 'filter',
        tags: [
          { key: 'role', values: ['web'] },
          { key: 'env', values: ['prod'] },
        ],
      },
      family,
    );
    // THEN exactly those, in creation order, with their tags and names, and the count
    expect(both.status).toBe(200);
    expect(idsOf(both.body.resources)).toEqual(WEB_PROD);
    expect(both.body.total_count).toBe(WEB_PROD.length);
    expect(both.body.resources[0]).toEqual({
      resource_id: WEB_PROD[0],
      resource_detail: null,
      tags: [
        { key: 'role', value: 'web' },
        { key: 'env', value: 'prod' },
      ],
      resource_name: 'srv-1',
    });
    // AND two values of one key match either; a key without values matches any value
    const either = await tagQuery({ action: 'filter', tags: [{ key: 'role', values: ['web', 'db'] }] }, family);
    expect(either.body.total_count).toBe(12);
    const anyEnv = await tagQuery({ action: 'filter', tags: [{ key: 'env' }] }, family);
    expect(anyEnv.body.total_count).toBe(6);
  });

  test('pages by offset and limit (strings), total_count counts every match; count answers only the count', async () => {
    await start();
    const page = (offset: string) => tagQuery({ action: 'filter', limit: '3', offset, tags: [{ key: 'role', values: ['db'] }] });
    const pages = await Promise.all(['0', '3', '6', '9'].map(page));
    expect(pages.map((p) => p.body.total_count)).toEqual([8, 8, 8, 8]);
    expect(pages.flatMap((p) => idsOf(p.body.resources))).toEqual(SERVERS.filter((s) => s.tags.role === 'db').map((s) => s.id));
    expect(pages[3].body.resources).toEqual([]);
    const count = await tagQuery({ action: 'count', tags: [{ key: 'role', values: ['web'] }] });
    expect(count.body).toEqual({ total_count: WEB.length });
  });

  test.each([
    [{ tags: [{ key: 'role' }] }, 'action must be filter or count'],
    [{ action: 'filter', limit: 10 }, 'limit must be a string'],
    [{ action: 'filter', limit: '1001' }, 'limit must be a string'],
    [{ action: 'filter', offset: '-1' }, 'offset must be a string'],
    [{ action: 'filter', tags: [] }, 'tags must be a non-empty list'],
    [{ action: 'filter', tags: [{ key: 'a' }, { key: 'a' }] }, 'is given twice'],
    [{ action: 'filter', tags: [{ key: 'a', values: ['x', 'x'] }] }, 'must be distinct strings'],
    [{ action: 'filter', matches: [{ key: 'resource_name', value: 'srv-1' }] }, 'does not serve the body field "matches"'],
  ])('refuses %j with Ecs.0005', async (body, message) => {
    await start();
    const reply = await tagQuery(body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('Ecs.0005');
    expect(reply.body.error.message).toContain(message);
  });

  test('IAM: /servers/ needs ecs:servers:getTags, /cloudservers/ ecs:cloudServers:list', async () => {
    await start({ policy: allow('ecs:cloudServers:list') });
    const body = { action: 'filter', tags: [{ key: 'role', values: ['web'] }] };
    const denied = await tagQuery(body, 'servers');
    expect(denied.status).toBe(403);
    expect(denied.body.error).toEqual({ code: 'Pdp.0001', message: 'Policy does not allow ecs:servers:getTags to be performed.' });
    expect((await tagQuery(body, 'cloudservers')).status).toBe(200);
    expect(emulator.audit.map((a) => [a.route, a.decision])).toEqual([
      ['servers-tag-query', 'denied'],
      ['cloudservers-tag-query', 'allowed'],
    ]);
  });
});

describe('server list (GET …/cloudservers/detail)', () => {
  test('filters by enterprise project and by one key=value tag; shows tags and the enterprise project', async () => {
    await start();
    // WHEN the servers of enterprise project ep-1 are listed
    const inProject = await list('?enterprise_project_id=ep-1&limit=1000');
    // THEN servers 4..7, with their tags as key=value strings
    expect(inProject.status).toBe(200);
    expect(inProject.body.count).toBe(4);
    expect(inProject.body.servers.map((s: { id: string }) => s.id)).toEqual([uuid(4), uuid(5), uuid(6), uuid(7)]);
    expect(inProject.body.servers[0]).toMatchObject({ id: uuid(4), tags: ['role=web'], enterprise_project_id: 'ep-1', status: 'ACTIVE' });
    // AND a tag filter keeps the servers holding it; the default project is "0"; all_granted_eps lists every server
    expect((await list('?tags=role%3Dweb&limit=100')).body.count).toBe(WEB.length);
    expect((await list('?enterprise_project_id=0&limit=100')).body.count).toBe(8);
    expect((await list('?enterprise_project_id=all_granted_eps&limit=100')).body.count).toBe(12);
  });

  test('offset is a page number: 0 and 1 both give the first page; the default page holds 25', async () => {
    await start();
    const first = await list('?limit=5&offset=0');
    expect((await list('?limit=5&offset=1')).body).toEqual(first.body);
    const third = await list('?limit=5&offset=3');
    expect(third.body.servers.map((s: { id: string }) => s.id)).toEqual([uuid(11), uuid(12)]);
    expect((await list('')).body.servers).toHaveLength(12);
  });

  test.each([
    ['?limit=0', 'limit must be an integer'],
    ['?limit=1001', 'limit must be an integer'],
    ['?offset=x', 'offset must be an integer'],
    ['?limit=5&limit=6', 'limit is given twice'],
    ['?marker=abc', 'does not serve the query parameter "marker"'],
  ])('refuses %s with Ecs.0005', async (query, message) => {
    await start();
    const reply = await list(query);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('Ecs.0005');
    expect(reply.body.error.message).toContain(message);
  });

  test('IAM: the list needs ecs:cloudServers:list', async () => {
    await start({ policy: allow('ecs:cloudServers:showServer') });
    const denied = await list('');
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('Pdp.0001');
    expect(emulator.audit.at(-1)).toMatchObject({ route: 'cloudservers-list', missingAction: 'ecs:cloudServers:list' });
  });

  test('seed tags are checked as the tag APIs store them', async () => {
    await expect(launch({ servers: [{ ...SERVERS[0], tags: { ['k'.repeat(128)]: 'v' } }] })).rejects.toThrow('key of 1 to 127');
  });
});
