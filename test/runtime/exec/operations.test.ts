import type { ExecArguments } from '../../../src/cloud/exec-arguments';
import type { Emulator, EmulatorOptions } from '../../../src/emulator';
import { OPERATION_IDS, type OperationId } from '../../../src/permissions/operation';
import { requiredActionsOf, requirementsOf } from '../../../src/permissions/requirements';
import { ADMIN_PASSWORD_VARIABLE, allowOnly, emulatorOptions, execCli, GROUP, SERVER, withEmulator } from '../helpers/exec-cli';

const OTHER = '99999999-2222-4333-8444-555555555555';
const USER_DATA = Buffer.from('#cloud-config\nruncmd: [echo hello]\n').toString('base64');
const STOPPED: EmulatorOptions = {
  servers: [{ id: SERVER, name: 'web-1', flavorRef: 's3.medium.2', imageId: 'aaaaaaaa-0000-4000-8000-000000000001', status: 'SHUTOFF' }],
};
const LOCKED: EmulatorOptions = {
  servers: [{ id: SERVER, name: 'web-1', flavorRef: 's3.medium.2', imageId: 'aaaaaaaa-0000-4000-8000-000000000001', status: 'ACTIVE', locked: true }],
};

interface Case {
  readonly operation: OperationId;
  readonly seed?: EmulatorOptions;
  readonly args: Partial<ExecArguments>;
  /** The end state, checked after the first run and after the re-run. */
  readonly check: (emulator: Emulator) => void;
  /** Mutations of the first run (a native resize is two: resize and confirmResize). */
  readonly mutations: number;
  /** Whether a re-run changes nothing: false for the operations that are a new action every time. */
  readonly idempotent: boolean;
  /** What a re-run says. */
  readonly already?: RegExp;
}

const server = (e: Emulator) => e.server(SERVER)!;

const CASES: readonly Case[] = [
  {
    operation: 'server-group-create',
    args: { name: GROUP, policy: 'anti-affinity' },
    mutations: 1,
    idempotent: true,
    already: /already exists/,
    check: (e) => expect(e.serverGroups().map((g) => [g.name, g.policies])).toEqual([[GROUP, ['anti-affinity']]]),
  },
  {
    operation: 'server-group-delete',
    seed: { serverGroups: [{ name: GROUP, policies: ['anti-affinity'] }] },
    args: { name: GROUP },
    mutations: 1,
    idempotent: true,
    already: /is already gone/,
    check: (e) => expect(e.serverGroups()).toEqual([]),
  },
  {
    operation: 'server-start',
    seed: STOPPED,
    args: { serverId: SERVER },
    mutations: 1,
    idempotent: true,
    already: /already ACTIVE/,
    check: (e) => expect(server(e)).toMatchObject({ status: 'ACTIVE', taskState: null }),
  },
  {
    operation: 'server-stop',
    args: { serverId: SERVER, stopType: 'HARD' },
    mutations: 1,
    idempotent: true,
    already: /already SHUTOFF/,
    check: (e) => expect(server(e)).toMatchObject({ status: 'SHUTOFF', taskState: null }),
  },
  {
    operation: 'server-reboot',
    args: { serverId: SERVER, rebootType: 'SOFT' },
    mutations: 1,
    idempotent: false,
    check: (e) => expect(server(e)).toMatchObject({ status: 'ACTIVE', taskState: null }),
  },
  {
    operation: 'server-lock',
    args: { serverId: SERVER },
    mutations: 1,
    idempotent: true,
    already: /already locked/,
    check: (e) => expect(server(e)).toMatchObject({ locked: true, status: 'ACTIVE' }),
  },
  {
    operation: 'server-unlock',
    seed: LOCKED,
    args: { serverId: SERVER },
    mutations: 1,
    idempotent: true,
    already: /already unlocked/,
    check: (e) => expect(server(e)).toMatchObject({ locked: false, status: 'ACTIVE' }),
  },
  {
    operation: 'server-resize',
    args: { serverId: SERVER, flavorRef: 's3.large.2' },
    mutations: 2,
    idempotent: true,
    already: /already has flavor s3\.large\.2/,
    check: (e) => expect(server(e)).toMatchObject({ flavorRef: 's3.large.2', status: 'ACTIVE', taskState: null }),
  },
  {
    operation: 'server-resize-cloudservers',
    seed: STOPPED,
    args: { serverId: SERVER, flavorRef: 'c3.large.2' },
    mutations: 1,
    idempotent: true,
    already: /already has flavor c3\.large\.2/,
    check: (e) => expect(server(e)).toMatchObject({ flavorRef: 'c3.large.2', status: 'SHUTOFF', taskState: null }),
  },
  {
    // v1 (no Cloud-Init) with only an admin password: the emulator refuses a v1 change without keyname or adminpass.
    operation: 'server-change-os-v1',
    seed: STOPPED,
    args: { serverId: SERVER, imageId: 'bbbbbbbb-0000-4000-8000-000000000002', adminPasswordEnv: ADMIN_PASSWORD_VARIABLE },
    mutations: 1,
    idempotent: true,
    already: /already runs image bbbbbbbb-0000-4000-8000-000000000002/,
    check: (e) => expect(server(e)).toMatchObject({ imageId: 'bbbbbbbb-0000-4000-8000-000000000002', status: 'SHUTOFF', taskState: null }),
  },
  {
    operation: 'server-change-os-v2',
    seed: STOPPED,
    args: { serverId: SERVER, imageId: 'bbbbbbbb-0000-4000-8000-000000000002', keyName: 'ops-key', userData: USER_DATA },
    mutations: 1,
    idempotent: true,
    already: /already runs image bbbbbbbb-0000-4000-8000-000000000002/,
    check: (e) => expect(server(e)).toMatchObject({ imageId: 'bbbbbbbb-0000-4000-8000-000000000002', keyName: 'ops-key', status: 'SHUTOFF' }),
  },
  {
    operation: 'server-reinstall-os-v1',
    seed: STOPPED,
    args: { serverId: SERVER, adminPasswordEnv: ADMIN_PASSWORD_VARIABLE },
    mutations: 1,
    idempotent: false,
    check: (e) => expect(server(e)).toMatchObject({ imageId: 'aaaaaaaa-0000-4000-8000-000000000001', status: 'SHUTOFF', taskState: null }),
  },
  {
    operation: 'server-reinstall-os-v2',
    seed: STOPPED,
    args: { serverId: SERVER, keyName: 'ops-key', userId: '7e25b1da389f4697a79df3a0e5bd494e', userData: USER_DATA },
    mutations: 1,
    idempotent: false,
    check: (e) => expect(server(e)).toMatchObject({ imageId: 'aaaaaaaa-0000-4000-8000-000000000001', keyName: 'ops-key', status: 'SHUTOFF' }),
  },
  {
    operation: 'server-start-cloudservers',
    seed: STOPPED,
    args: { serverId: SERVER },
    mutations: 1,
    idempotent: true,
    already: /already ACTIVE/,
    check: (e) => expect(server(e)).toMatchObject({ status: 'ACTIVE', taskState: null }),
  },
  {
    operation: 'server-stop-cloudservers',
    args: { serverId: SERVER, stopType: 'HARD' },
    mutations: 1,
    idempotent: true,
    already: /already SHUTOFF/,
    check: (e) => expect(server(e)).toMatchObject({ status: 'SHUTOFF', taskState: null }),
  },
  {
    operation: 'server-reboot-cloudservers',
    args: { serverId: SERVER, rebootType: 'SOFT' },
    mutations: 1,
    idempotent: false,
    check: (e) => expect(server(e)).toMatchObject({ status: 'ACTIVE', taskState: null }),
  },
  {
    operation: 'server-group-create-cloudservers',
    args: { name: GROUP, policy: 'anti-affinity' },
    mutations: 1,
    idempotent: true,
    already: /already exists/,
    check: (e) => expect(e.serverGroups().map((g) => [g.name, g.policies])).toEqual([[GROUP, ['anti-affinity']]]),
  },
  {
    operation: 'server-group-delete-cloudservers',
    seed: { serverGroups: [{ name: GROUP, policies: ['anti-affinity'] }] },
    args: { name: GROUP },
    mutations: 1,
    idempotent: true,
    already: /is already gone/,
    check: (e) => expect(e.serverGroups()).toEqual([]),
  },
  {
    // One member to remove (running: removing needs no stopped server) and one to add (stopped): two mutations.
    operation: 'server-group-members',
    seed: {
      servers: [...STOPPED.servers!, { id: OTHER, name: 'web-2', flavorRef: 's3.medium.2', imageId: 'img-old', status: 'ACTIVE' }],
      serverGroups: [{ name: GROUP, policies: ['anti-affinity'], members: [OTHER] }],
    },
    args: { name: GROUP, serverIds: SERVER },
    mutations: 2,
    idempotent: true,
    already: new RegExp(`already has exactly members ${SERVER}`),
    check: (e) => expect(e.serverGroups().map((g) => [g.name, g.members])).toEqual([[GROUP, [SERVER]]]),
  },
  {
    operation: 'fleet-wave',
    args: { serverIds: SERVER, steps: 'stop:SOFT,resize:s3.large.2,start', wave: '1/1' },
    mutations: 3,
    idempotent: true,
    already: /the server is already at the end of stop SOFT → resize s3.large.2 → start/,
    check: (e) => expect(server(e)).toMatchObject({ status: 'ACTIVE', flavorRef: 's3.large.2', taskState: null }),
  },
  {
    // The tag query, the group list (for the per-group limit), then the wave: the policy synth derives covers them all.
    operation: 'fleet-select',
    seed: {
      servers: [
        { id: SERVER, name: 'web-1', flavorRef: 's3.medium.2', imageId: 'aaaaaaaa-0000-4000-8000-000000000001', status: 'ACTIVE', tags: { role: 'web' } },
      ],
    },
    args: { select: 'tags:role=web', steps: 'stop:SOFT,resize:s3.large.2,start', maxUnavailablePerGroup: '1' },
    mutations: 3,
    idempotent: true,
    already: /all 1 server \(servers tagged "role=web"\) in 1 wave at the end of stop SOFT → resize s3.large.2 → start/,
    check: (e) => expect(server(e)).toMatchObject({ status: 'ACTIVE', flavorRef: 's3.large.2', taskState: null }),
  },
];

test('every operation of the catalog has a case', () => {
  expect(CASES.map((c) => c.operation).sort()).toEqual([...OPERATION_IDS].sort());
});

describe.each(CASES)('exec $operation: reaches its end state under exactly the policy synth derives', (c) => {
  test.concurrent('success, then a re-run', async () => {
    await withEmulator(emulatorOptions({ ...c.seed, policy: allowOnly(requiredActionsOf(c.operation)) }), async (emulator) => {
      // A selected fleet names no server: its mutations are counted over all servers.
      const key = c.args.serverId ?? c.args.name ?? c.args.serverIds;
      // WHEN the operation runs
      const first = await execCli(emulator, c.operation, c.args);
      // THEN it succeeds, reports the change, reaches the end state and made exactly its mutations
      expect(first).toMatchObject({ code: 0, stdout: '' });
      expect(first.stderr).toMatch(new RegExp(`^\\[${c.operation} prod/${c.operation}\\] done: .* \\(\\d+\\.\\ds\\)$`, 'm'));
      c.check(emulator);
      expect(emulator.mutations(key)).toBe(c.mutations);
      // AND every call was allowed, needed only actions the catalog declares, and mutated only through its primary API
      expectCallsWithinCatalog(emulator, c.operation, true);

      // WHEN it runs again
      emulator.clearAudit();
      const again = await execCli(emulator, c.operation, c.args);
      // THEN an idempotent operation changes nothing and says so; the others act again
      expect(again.code).toBe(0);
      c.check(emulator);
      if (c.idempotent) {
        expect(again.stderr).toMatch(new RegExp(`${c.already!.source}; nothing to do`));
        expect(emulator.mutations(key)).toBe(c.mutations);
      } else {
        expect(again.stderr).toMatch(/done: /);
        expect(emulator.mutations(key)).toBe(2 * c.mutations);
      }
      expectCallsWithinCatalog(emulator, c.operation, !c.idempotent);
    });
  });
});

test.concurrent('progress: one line per state change, with status/task_state and elapsed time', async () => {
  await withEmulator(emulatorOptions(), async (emulator) => {
    const run = await execCli(emulator, 'server-stop', { serverId: SERVER, stopType: 'SOFT' });
    const lines = run.stderr
      .trim()
      .split('\n')
      .map((l) => l.replace(/ \(\d+\.\ds\)$/, ''));
    expect(lines).toEqual([
      `[server-stop prod/server-stop] server ${SERVER} ACTIVE`,
      `[server-stop prod/server-stop] server ${SERVER} ACTIVE/powering-off`,
      `[server-stop prod/server-stop] server ${SERVER} SHUTOFF`,
      `[server-stop prod/server-stop] done: server ${SERVER} SHUTOFF`,
    ]);
  });
});

test.concurrent('a resize halted before its confirmation is confirmed by the next run', async () => {
  await withEmulator(emulatorOptions(), async (emulator) => {
    // GIVEN a run that resized the server but whose confirmation kept failing (HTTP 500 on every attempt)
    emulator.addFaults([{ route: 'server-action:confirmResize', kind: 'status-500', times: 3 }]);
    const halted = await execCli(emulator, 'server-resize', { serverId: SERVER, flavorRef: 's3.large.2' });
    expect(halted.code).toBe(1);
    expect(emulator.server(SERVER)).toMatchObject({ status: 'VERIFY_RESIZE', flavorRef: 's3.large.2' });
    // WHEN the operation runs again
    const resumed = await execCli(emulator, 'server-resize', { serverId: SERVER, flavorRef: 's3.large.2' });
    // THEN it confirms that resize instead of starting another: one resize, one confirmation
    expect(resumed.code).toBe(0);
    expect(emulator.server(SERVER)).toMatchObject({ flavorRef: 's3.large.2', status: 'ACTIVE', taskState: null });
    expect(emulator.mutations(SERVER)).toBe(2);
  });
});

function expectCallsWithinCatalog(emulator: Emulator, operation: OperationId, mutated: boolean): void {
  const allowed = new Set(requiredActionsOf(operation));
  const primary = new Set(
    requirementsOf(operation)
      .filter((r) => r.kind === 'primary')
      .map((r) => r.action),
  );
  expect(emulator.audit.filter((e) => e.decision !== 'allowed')).toEqual([]);
  expect(emulator.audit.flatMap((e) => e.requiredActions).filter((a) => !allowed.has(a))).toEqual([]);
  const mutations = emulator.audit.filter((e) => e.mutationApplied);
  expect(mutations.every((e) => e.action !== undefined && primary.has(e.action))).toBe(true);
  expect(mutations.length > 0).toBe(mutated);
}
