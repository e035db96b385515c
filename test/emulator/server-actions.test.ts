import type { Emulator, EmulatorOptions, SeedServer } from '../../src/emulator';
import { EmulatorClient, emulatorLauncher, FAST, FROZEN, waitFor } from './helpers/emulator-client';

const RUNNING: SeedServer = { id: 'srv-running', name: 'web-1', flavorRef: 's3.medium.2', imageId: 'img-old', status: 'ACTIVE' };
const STOPPED: SeedServer = { id: 'srv-stopped', name: 'web-2', flavorRef: 's3.medium.2', imageId: 'img-old', status: 'SHUTOFF' };
const LOCKED: SeedServer = { id: 'srv-locked', name: 'web-3', flavorRef: 's3.medium.2', imageId: 'img-old', status: 'ACTIVE', locked: true };

let emulator: Emulator;
let client: EmulatorClient;

const launch = emulatorLauncher();

async function start(options: EmulatorOptions): Promise<void> {
  emulator = await launch({ servers: [RUNNING, STOPPED, LOCKED], ...options });
  client = new EmulatorClient(emulator);
}

const settled = (id: string) =>
  waitFor(
    () => emulator.server(id)!,
    (s) => s.taskState === null,
  );

describe('native server actions: the in-between states the cloud shows', () => {
  beforeEach(() => start({ timings: FROZEN }));

  test('os-stop keeps status ACTIVE with task_state powering-off', async () => {
    // GIVEN a running server WHEN it is stopped
    const reply = await client.action(RUNNING.id, { 'os-stop': {} });
    // THEN the call is accepted and the server is still ACTIVE while powering off
    expect(reply.status).toBe(202);
    expect(emulator.server(RUNNING.id)).toMatchObject({ status: 'ACTIVE', taskState: 'powering-off', vmState: 'active' });
    const shown = await client.call('GET', client.ecs(`/cloudservers/${RUNNING.id}`));
    expect(shown.body.server).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': 'powering-off' });
  });

  test('os-start keeps status SHUTOFF with task_state powering-on', async () => {
    expect((await client.action(STOPPED.id, { 'os-start': {} })).status).toBe(202);
    expect(emulator.server(STOPPED.id)).toMatchObject({ status: 'SHUTOFF', taskState: 'powering-on' });
  });

  test('a soft reboot shows REBOOT, a hard one HARD_REBOOT', async () => {
    await start({ timings: FROZEN, servers: [RUNNING, { ...STOPPED, id: 'second', status: 'ACTIVE' }] });
    expect((await client.action(RUNNING.id, { reboot: { type: 'SOFT' } })).status).toBe(202);
    expect((await client.action('second', { reboot: { type: 'HARD' } })).status).toBe(202);
    expect(emulator.server(RUNNING.id)).toMatchObject({ status: 'REBOOT', taskState: 'rebooting' });
    expect(emulator.server('second')).toMatchObject({ status: 'HARD_REBOOT', taskState: 'rebooting_hard' });
  });

  test('a native resize shows RESIZE with task_state resize_prep', async () => {
    expect((await client.action(RUNNING.id, { resize: { flavorRef: 's3.large.2' } })).status).toBe(202);
    expect(emulator.server(RUNNING.id)).toMatchObject({ status: 'RESIZE', taskState: 'resize_prep' });
  });

  test('an action during a transition gets 409 conflictingRequest naming the task_state', async () => {
    await client.action(RUNNING.id, { 'os-stop': {} });
    const reply = await client.action(RUNNING.id, { reboot: { type: 'HARD' } });
    expect(reply.status).toBe(409);
    expect(reply.body).toEqual({ conflictingRequest: { code: 409, message: `Cannot 'reboot' instance ${RUNNING.id} while it is in task_state powering-off` } });
  });
});

describe('native server actions: transitions complete', () => {
  beforeEach(() => start({ timings: FAST }));

  test('stop SOFT and HARD end SHUTOFF; start ends ACTIVE', async () => {
    expect((await client.action(RUNNING.id, { 'os-stop': { type: 'HARD' } })).status).toBe(202);
    expect(await settled(RUNNING.id)).toMatchObject({ status: 'SHUTOFF', powerState: 4 });
    expect((await client.action(RUNNING.id, { 'os-start': {} })).status).toBe(202);
    expect(await settled(RUNNING.id)).toMatchObject({ status: 'ACTIVE', powerState: 1 });
    expect((await client.action(RUNNING.id, { 'os-stop': null })).status).toBe(202);
    expect(await settled(RUNNING.id)).toMatchObject({ status: 'SHUTOFF' });
    expect(emulator.mutations(RUNNING.id)).toBe(3);
  });

  test('reboot returns to ACTIVE; a hard reboot also starts a stopped server', async () => {
    expect((await client.action(RUNNING.id, { reboot: { type: 'SOFT' } })).status).toBe(202);
    expect(await settled(RUNNING.id)).toMatchObject({ status: 'ACTIVE' });
    expect((await client.action(STOPPED.id, { reboot: { type: 'HARD' } })).status).toBe(202);
    expect(await settled(STOPPED.id)).toMatchObject({ status: 'ACTIVE' });
  });

  test('resize → VERIFY_RESIZE until confirmResize (204), then ACTIVE with the new flavor', async () => {
    // GIVEN a resize to another flavor (given as a URI, which the API accepts)
    expect((await client.action(RUNNING.id, { resize: { flavorRef: 'https://ecs.example/flavors/s3.large.2' } })).status).toBe(202);
    // THEN it waits in VERIFY_RESIZE: vm_state resized, no task, the new flavor
    const verify = await settled(RUNNING.id);
    expect(verify).toMatchObject({ status: 'VERIFY_RESIZE', vmState: 'resized', flavorRef: 's3.large.2', previousFlavorRef: 's3.medium.2' });
    const native = await client.call('GET', client.nova(`/servers/${RUNNING.id}`));
    expect(native.body.server).toMatchObject({ status: 'VERIFY_RESIZE', 'OS-EXT-STS:vm_state': 'resized', 'OS-EXT-STS:task_state': null });
    // WHEN confirmed THEN it is ACTIVE at once
    const confirm = await client.action(RUNNING.id, { confirmResize: null });
    expect(confirm.status).toBe(204);
    expect(emulator.server(RUNNING.id)).toMatchObject({ status: 'ACTIVE', flavorRef: 's3.large.2' });
    expect(emulator.server(RUNNING.id)?.previousFlavorRef).toBeUndefined();
  });

  test('a stopped server returns to SHUTOFF after confirmResize', async () => {
    await client.action(STOPPED.id, { resize: { flavorRef: 's3.large.2' } });
    await settled(STOPPED.id);
    await client.action(STOPPED.id, { confirmResize: null });
    expect(emulator.server(STOPPED.id)).toMatchObject({ status: 'SHUTOFF', flavorRef: 's3.large.2' });
  });

  test('revertResize shows REVERT_RESIZE, then restores the old flavor', async () => {
    await client.action(RUNNING.id, { resize: { flavorRef: 's3.large.2' } });
    await settled(RUNNING.id);
    expect((await client.action(RUNNING.id, { revertResize: null })).status).toBe(202);
    expect(emulator.server(RUNNING.id)?.status).toBe('REVERT_RESIZE');
    expect(await settled(RUNNING.id)).toMatchObject({ status: 'ACTIVE', flavorRef: 's3.medium.2' });
  });

  test('lock refuses every lifecycle action with 409 "is locked"; unlock frees the server', async () => {
    expect((await client.action(RUNNING.id, { lock: null })).status).toBe(202);
    expect(emulator.server(RUNNING.id)?.locked).toBe(true);
    for (const body of [{ 'os-stop': {} }, { reboot: { type: 'SOFT' } }, { resize: { flavorRef: 's3.large.2' } }]) {
      const refused = await client.action(RUNNING.id, body);
      expect(refused.status).toBe(409);
      expect(refused.body).toEqual({ conflictingRequest: { code: 409, message: `Instance ${RUNNING.id} is locked` } });
    }
    expect((await client.action(RUNNING.id, { unlock: null })).status).toBe(202);
    expect((await client.action(RUNNING.id, { 'os-stop': {} })).status).toBe(202);
    // lock, unlock and the stop: the refusals changed nothing
    expect(emulator.mutations(RUNNING.id)).toBe(3);
  });

  test('a server seeded as locked refuses os-stop and counts no mutation', async () => {
    const reply = await client.action(LOCKED.id, { 'os-stop': {} });
    expect(reply.status).toBe(409);
    expect(emulator.mutations(LOCKED.id)).toBe(0);
  });
});

describe('native server actions: refusals', () => {
  beforeEach(() => start({ timings: FAST }));

  test.each([
    ['starting an ACTIVE server', RUNNING.id, { 'os-start': {} }, `Cannot 'start' instance ${RUNNING.id} while it is in vm_state active`],
    ['stopping a SHUTOFF server', STOPPED.id, { 'os-stop': {} }, `Cannot 'stop' instance ${STOPPED.id} while it is in vm_state stopped`],
    ['a soft reboot of a SHUTOFF server', STOPPED.id, { reboot: { type: 'SOFT' } }, `Cannot 'reboot' instance ${STOPPED.id} while it is in vm_state stopped`],
    [
      'confirmResize without VERIFY_RESIZE',
      RUNNING.id,
      { confirmResize: null },
      `Cannot 'confirmResize' instance ${RUNNING.id} while it is in vm_state active`,
    ],
    ['revertResize without VERIFY_RESIZE', RUNNING.id, { revertResize: null }, `Cannot 'revertResize' instance ${RUNNING.id} while it is in vm_state active`],
  ])('%s → 409 conflictingRequest', async (_name, id, body, message) => {
    const reply = await client.action(id, body);
    expect(reply.status).toBe(409);
    expect(reply.body).toEqual({ conflictingRequest: { code: 409, message } });
    expect(emulator.mutations(id)).toBe(0);
  });

  test.each([
    ['reboot without type', { reboot: {} }, "'type' is required"],
    ['reboot with a bad type', { reboot: { type: 'GENTLE' } }, "'type' is required"],
    ['os-stop with a bad type', { 'os-stop': { type: 'NOW' } }, "'type' must be one of"],
    ['resize without flavorRef', { resize: {} }, "'flavorRef' is a required property"],
    ['resize to an unknown flavor', { resize: { flavorRef: 'x9.huge.1' } }, 'Invalid flavorRef provided.'],
    ['resize to the same flavor', { resize: { flavorRef: 's3.medium.2' } }, 'When resizing, instances must change flavor!'],
    [
      "an unknown action (Nova's answer)",
      { hibernate: null },
      'There is no such action: hibernate. Verify the request body and Content-Type header and try again.',
    ],
    ['two actions at once', { lock: null, unlock: null }, 'expected exactly one action'],
    ['lock with a string', { lock: 'yes' }, 'must be null'],
  ])('%s → 400 badRequest', async (_name, body, message) => {
    const reply = await client.action(RUNNING.id, body);
    expect(reply.status).toBe(400);
    expect(reply.body.badRequest.code).toBe(400);
    expect(reply.body.badRequest.message).toContain(message);
  });

  test('malformed JSON and an empty body → 400 badRequest', async () => {
    const malformed = await client.action(RUNNING.id, '{"os-stop":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.badRequest.message).toContain('not JSON');
    const empty = await client.call('POST', client.nova(`/servers/${RUNNING.id}/action`));
    expect(empty.status).toBe(400);
    expect(empty.body.badRequest.message).toBe('The request body cannot be left blank.');
  });

  test('an unknown server → 404 itemNotFound, on the action and the show', async () => {
    const action = await client.action('no-such-server', { 'os-stop': {} });
    expect(action.status).toBe(404);
    expect(action.body).toEqual({ itemNotFound: { code: 404, message: 'Instance no-such-server could not be found.' } });
    expect((await client.call('GET', client.nova('/servers/no-such-server'))).status).toBe(404);
  });

  test('another project id in the URL → 400 badRequest naming both ids', async () => {
    const reply = await client.call('POST', `/v2.1/ffffffffffffffffffffffffffffffff/servers/${RUNNING.id}/action`, { 'os-stop': {} });
    expect(reply.status).toBe(400);
    expect(reply.body.badRequest.message).toContain("URL's project_id 'ffffffffffffffffffffffffffffffff' doesn't match");
  });

  test('the /v2/ prefix is accepted like /v2.1/', async () => {
    const reply = await client.call('POST', `/v2/${emulator.projectId}/servers/${RUNNING.id}/action`, { 'os-stop': {} });
    expect(reply.status).toBe(202);
  });
});

describe('native server show: microversions', () => {
  beforeEach(() => start({ timings: FAST }));

  test('locked appears only from 2.9; the answer names the version served', async () => {
    const path = client.nova(`/servers/${LOCKED.id}`);
    const plain = await client.call('GET', path);
    expect(plain.status).toBe(200);
    expect(plain.body.server).not.toHaveProperty('locked');
    expect(plain.headers['x-openstack-nova-api-version']).toBe('2.1');
    const v29 = await client.call('GET', path, undefined, { headers: { 'X-OpenStack-Nova-API-Version': '2.9' } });
    expect(v29.body.server.locked).toBe(true);
    const modern = await client.call('GET', path, undefined, { headers: { 'OpenStack-API-Version': 'compute latest' } });
    expect(modern.body.server.locked).toBe(true);
    expect(modern.body.server.flavor).toEqual({ original_name: 's3.medium.2' });
    expect(modern.headers['openstack-api-version']).toBe('compute 2.60');
  });

  test('a version OTC does not serve → 406', async () => {
    const reply = await client.call('GET', client.nova(`/servers/${RUNNING.id}`), undefined, { headers: { 'X-OpenStack-Nova-API-Version': '2.99' } });
    expect(reply.status).toBe(406);
    expect(reply.body.computeFault.message).toBe('Version 2.99 is not supported by the API. Minimum is 2.1 and maximum is 2.60.');
  });
});
