import type { Emulator, PolicyDocument } from '../../src/emulator';
import { EmulatorClient, emulatorLauncher, FAST } from './helpers/emulator-client';

const SERVER = { id: 'srv-1', name: 'web-1', flavorRef: 's3.medium.2', imageId: 'img', status: 'ACTIVE' } as const;
// A policy that would allow every show-server call: a misrouted path would get through it.
const SHOW_ONLY: PolicyDocument = {
  Version: '1.1',
  Statement: [{ Effect: 'Allow', Action: ['ecs:cloudServers:showServer', 'ecs:servers:*', 'ecs:*:use', 'vpc:*:get'] }],
};

const launch = emulatorLauncher();
let emulator: Emulator;
let client: EmulatorClient;

beforeEach(async () => {
  emulator = await launch({ servers: [SERVER], timings: FAST, policy: SHOW_ONLY });
  client = new EmulatorClient(emulator);
});

describe('paths the emulator does not serve: 404 that says so, never a misrouted "show server"', () => {
  test.each([
    ['GET', '/cloudservers/flavors', 'v1'],
    ['GET', '/cloudservers/resize_flavors', 'v1'],
    ['GET', '/cloudservers/limits', 'v1'],
    ['POST', '/cloudservers/delete', 'v1'],
    ['GET', '/servers/detail', 'v2.1'],
  ])('%s …%s', async (method, path, version) => {
    // WHEN a signed call reaches a path the emulator does not emulate
    const full = version === 'v2.1' ? client.nova(path) : client.ecs(path, version);
    const reply = await client.call(method, full, method === 'POST' ? { servers: [{ id: SERVER.id }] } : undefined);
    // THEN 404 in the gateway format, naming the request
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({
      error_code: 'APIGW.0101',
      error_msg: `The API does not exist or has not been published in the environment: the emulator does not serve ${method} ${full}`,
      request_id: reply.headers['x-request-id'],
    });
    // AND no IAM action was checked against it
    expect(emulator.audit.at(-1)).toMatchObject({ decision: 'not-evaluated', requiredActions: [], status: 404, mutationApplied: false });
    expect(emulator.audit.at(-1)?.route).toBeUndefined();
  });

  test('a real server id still reads as show server', async () => {
    const reply = await client.call('GET', client.ecs(`/cloudservers/${SERVER.id}`));
    expect(reply.status).toBe(200);
    expect(emulator.audit.at(-1)).toMatchObject({ route: 'cloudservers-show', action: 'ecs:cloudServers:showServer' });
  });
});
