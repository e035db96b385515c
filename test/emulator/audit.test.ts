import type { Emulator } from '../../src/emulator';
import { EmulatorClient, emulatorLauncher, FROZEN, send } from './helpers/emulator-client';

const launch = emulatorLauncher();
let emulator: Emulator;
let client: EmulatorClient;

beforeEach(async () => {
  emulator = await launch({
    servers: [{ id: 'srv-1', name: 'web-1', flavorRef: 's3.medium.2', imageId: 'img', status: 'ACTIVE' }],
    timings: FROZEN,
    policy: { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['ecs:servers:lock', 'ecs:servers:list'] }] },
  });
  client = new EmulatorClient(emulator);
});

describe('audit log: every request, as decided', () => {
  test('records route, actions, decision, status and mutation for each request, in order', async () => {
    // GIVEN an allowed lock, a denied stop, a bad signature and an unknown API
    await client.action('srv-1', { lock: null });
    await client.action('srv-1', { 'os-stop': {} });
    await client.action('srv-1', { unlock: null }, { secretKey: 'wrong' });
    await send(emulator.url, { method: 'GET', path: '/nothing', headers: {} });
    // THEN the audit log holds one entry per request with what was decided
    expect(
      emulator.audit.map(({ sequence, route, auth, action, decision, missingAction, status, mutationApplied }) => ({
        sequence,
        route,
        auth,
        action,
        decision,
        missingAction,
        status,
        mutationApplied,
      })),
    ).toEqual([
      {
        sequence: 1,
        route: 'server-action:lock',
        auth: 'aksk',
        action: 'ecs:servers:lock',
        decision: 'allowed',
        missingAction: undefined,
        status: 202,
        mutationApplied: true,
      },
      {
        sequence: 2,
        route: 'server-action:os-stop',
        auth: 'aksk',
        action: 'ecs:servers:stop',
        decision: 'denied',
        missingAction: 'ecs:servers:stop',
        status: 403,
        mutationApplied: false,
      },
      // the signature failed before the body was read for the action, so the route is not yet known
      {
        sequence: 3,
        route: undefined,
        auth: 'aksk',
        action: undefined,
        decision: 'not-evaluated',
        missingAction: undefined,
        status: 401,
        mutationApplied: false,
      },
      {
        sequence: 4,
        route: undefined,
        auth: 'none',
        action: undefined,
        decision: 'not-evaluated',
        missingAction: undefined,
        status: 404,
        mutationApplied: false,
      },
    ]);
    expect(emulator.audit[0]).toMatchObject({ method: 'POST', path: `/v2.1/${emulator.projectId}/servers/srv-1/action` });
    const arrivals = emulator.audit.map((e) => e.receivedAt);
    expect(arrivals).toEqual([...arrivals].sort((a, b) => a - b));
    expect(Math.abs(arrivals[3] - Date.now())).toBeLessThan(10_000);
    expect(emulator.mutations()).toBe(1);
  });

  test('clearAudit empties the log; numbering goes on', async () => {
    await client.action('srv-1', { lock: null });
    emulator.clearAudit();
    expect(emulator.audit).toHaveLength(0);
    await client.action('srv-1', { lock: null });
    expect(emulator.audit).toHaveLength(1);
    expect(emulator.audit[0].sequence).toBe(2);
    expect(emulator.mutations('srv-1')).toBe(2);
  });
});
