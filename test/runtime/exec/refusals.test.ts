import type { ExecArguments } from '../../../src/cloud/exec-arguments';
import type { EmulatorOptions } from '../../../src/emulator';
import { OPERATION_DEFINITIONS, type Precondition } from '../../../src/operations';
import type { OperationId } from '../../../src/permissions/operation';
import { emulatorOptions, execCli, GROUP, SERVER, withEmulator } from '../helpers/exec-cli';

const UNKNOWN_SERVER = '99999999-0000-4000-8000-000000000000';
const seedServer = (status: 'ACTIVE' | 'SHUTOFF', locked = false): EmulatorOptions => ({
  servers: [{ id: SERVER, name: 'web-1', flavorRef: 's3.medium.2', imageId: 'aaaaaaaa-0000-4000-8000-000000000001', status, locked }],
});

interface Refusal {
  readonly name: string;
  readonly operation: OperationId;
  readonly seed: EmulatorOptions;
  readonly args: Partial<ExecArguments>;
  /** The whole failure message after `failed for prod/<operation> (<target>): `. */
  readonly message: RegExp;
}

const STOP_FIRST =
  /this operation needs a stopped server \(SHUTOFF\).*\. Fix: the cloud does this only on a stopped server: add a ServerStop before this operation\.$/;
const UNLOCK_FIRST = /^server \S+ is locked\. Fix: the server is locked: add a ServerUnlock before this operation/;

const LOCKED_MUTATIONS: readonly [OperationId, 'ACTIVE' | 'SHUTOFF', Partial<ExecArguments>][] = [
  ['server-start', 'SHUTOFF', {}],
  ['server-stop', 'ACTIVE', { stopType: 'SOFT' }],
  ['server-reboot', 'ACTIVE', { rebootType: 'HARD' }],
  ['server-resize', 'ACTIVE', { flavorRef: 's3.large.2' }],
  ['server-resize-cloudservers', 'SHUTOFF', { flavorRef: 's3.large.2' }],
  ['server-change-os-v1', 'SHUTOFF', { imageId: 'bbbbbbbb-0000-4000-8000-000000000002', keyName: 'k' }],
  ['server-change-os-v2', 'SHUTOFF', { imageId: 'bbbbbbbb-0000-4000-8000-000000000002', keyName: 'k' }],
  ['server-reinstall-os-v1', 'SHUTOFF', { keyName: 'k', userId: '7e25b1da389f4697a79df3a0e5bd494e' }],
  ['server-reinstall-os-v2', 'SHUTOFF', { keyName: 'k', userId: '7e25b1da389f4697a79df3a0e5bd494e' }],
  ['server-start-cloudservers', 'SHUTOFF', {}],
  ['server-stop-cloudservers', 'ACTIVE', { stopType: 'SOFT' }],
  ['server-reboot-cloudservers', 'ACTIVE', { rebootType: 'HARD' }],
];

const NEED_STOPPED: readonly [OperationId, Partial<ExecArguments>][] = [
  ['server-resize-cloudservers', { flavorRef: 's3.large.2' }],
  ['server-change-os-v1', { imageId: 'bbbbbbbb-0000-4000-8000-000000000002', keyName: 'k' }],
  ['server-change-os-v2', { imageId: 'bbbbbbbb-0000-4000-8000-000000000002', keyName: 'k' }],
  ['server-reinstall-os-v1', { keyName: 'k', userId: '7e25b1da389f4697a79df3a0e5bd494e' }],
  ['server-reinstall-os-v2', { keyName: 'k', userId: '7e25b1da389f4697a79df3a0e5bd494e' }],
];

const REFUSALS: readonly Refusal[] = [
  ...LOCKED_MUTATIONS.map(([operation, status, args]) => ({
    name: `a locked ${status} server`,
    operation,
    seed: seedServer(status, true),
    args: { serverId: SERVER, ...args },
    message: UNLOCK_FIRST,
  })),
  ...NEED_STOPPED.map(([operation, args]) => ({
    name: 'a running server',
    operation,
    seed: seedServer('ACTIVE'),
    args: { serverId: SERVER, ...args },
    message: STOP_FIRST,
  })),
  {
    // A wave refuses each locked server on its own, names it, and goes on with the others (test/runtime/exec/fleet-wave.test.ts).
    name: 'a locked ACTIVE server',
    operation: 'fleet-wave',
    seed: seedServer('ACTIVE', true),
    args: { serverIds: SERVER, steps: 'stop:SOFT' },
    message: /^1 of 1 server failed: server \S+ \(stop SOFT\) locked: the server is locked: add a ServerUnlock before this operation/,
  },
  {
    // A selected fleet's waves refuse a locked server as a listed wave does.
    name: 'a locked ACTIVE server',
    operation: 'fleet-select',
    seed: { servers: [{ ...seedServer('ACTIVE', true).servers![0], tags: { role: 'web' } }] },
    args: { select: 'tags:role=web', steps: 'stop:SOFT' },
    message: /^1 of 1 server failed: server \S+ \(stop SOFT\) locked: the server is locked: add a ServerUnlock before this operation/,
  },
  ...(['server-reboot', 'server-reboot-cloudservers'] as const).map((operation) => ({
    name: 'a stopped server',
    operation,
    seed: seedServer('SHUTOFF'),
    args: { serverId: SERVER, rebootType: 'SOFT' },
    message: /needs a running server \(ACTIVE\)\. Fix: a stopped server cannot be rebooted: add a ServerStart before this operation instead\.$/,
  })),
  {
    name: 'a running server to add',
    operation: 'server-group-members',
    seed: { ...seedServer('ACTIVE'), serverGroups: [{ name: GROUP, policies: ['anti-affinity'] }] },
    args: { name: GROUP, serverIds: SERVER },
    message: new RegExp(
      `^server ${SERVER} is ACTIVE; joining a group needs a stopped server \\(SHUTOFF\\) \\(nothing was changed\\)\\. ` +
        'Fix: the cloud adds only a stopped server to a group: declare a ServerStop for the server before the ServerGroup \\(and a ServerStart after it\\)',
    ),
  },
  ...(['server-start', 'server-lock', 'server-change-os-v2'] as const).map((operation) => ({
    name: 'an unknown server',
    operation,
    seed: seedServer('ACTIVE'),
    args: { serverId: UNKNOWN_SERVER, ...(operation === 'server-change-os-v2' ? { imageId: 'bbbbbbbb-0000-4000-8000-000000000002', keyName: 'k' } : {}) },
    message: new RegExp(
      `^GET /v1/[0-9a-f]{32}/cloudservers/${UNKNOWN_SERVER} → HTTP 404 Ecs\\.0114 "The ECS does not exist\\." \\(request id [0-9a-f]+\\)\\. ` +
        `Fix: there is no server ${UNKNOWN_SERVER} in project [0-9a-f]{32} at http://127\\.0\\.0\\.1:\\d+: check --server-id, --project-id and --region\\.$`,
    ),
  })),
  {
    name: 'an unknown flavor (native)',
    operation: 'server-resize',
    seed: seedServer('ACTIVE'),
    args: { serverId: SERVER, flavorRef: 'x9.huge.1' },
    message:
      /^POST \/v2\.1\/\w+\/servers\/\S+\/action → HTTP 400 badRequest "Invalid flavorRef provided\." \(request id \w+\)\. Fix: check --flavor-ref: GET \/v1\/\w+\/cloudservers\/resize_flavors\?instance_uuid=\S+ lists the flavors this server can take\.$/,
  },
  {
    name: 'an unknown flavor (cloudservers)',
    operation: 'server-resize-cloudservers',
    seed: seedServer('SHUTOFF'),
    args: { serverId: SERVER, flavorRef: 'x9.huge.1' },
    message: /^POST \/v1\/\w+\/cloudservers\/\S+\/resize → HTTP 400 Ecs\.0029 "The flavor does not exist\." \(request id \w+\)\. Fix: check --flavor-ref: /,
  },
  {
    name: 'a name shared by two groups',
    operation: 'server-group-delete',
    seed: {
      serverGroups: [
        { name: GROUP, policies: ['anti-affinity'] },
        { name: GROUP, policies: ['anti-affinity'] },
      ],
    },
    args: { name: GROUP },
    message: new RegExp(
      `^2 server groups are named '${GROUP}' \\(\\S+, \\S+\\)\\. Fix: the construct finds its group by name: delete or rename the extra groups`,
    ),
  },
];

// The refusals tested here are the preconditions the definitions declare: a definition that changes its
// preconditions needs its refusal tested (or removed) here, and the advice derived from it follows.
test.each([
  ['unlocked', [...LOCKED_MUTATIONS.map(([operation]) => operation), 'fleet-wave', 'fleet-select']],
  ['stopped', [...NEED_STOPPED.map(([operation]) => operation), 'server-group-members']],
  ['running', ['server-reboot', 'server-reboot-cloudservers']],
] as const)('the operations refused without a server %s are those whose definitions declare it', (precondition: Precondition, tested) => {
  expect(tested).toEqual(OPERATION_DEFINITIONS.filter((d) => d.preconditions.some((p) => p === precondition)).map((d) => d.id));
});

describe.each(REFUSALS)('exec $operation refuses $name', (r) => {
  test.concurrent('with exit code 1, advice, and no mutation', async () => {
    await withEmulator(emulatorOptions(r.seed), async (emulator) => {
      const before = JSON.stringify(emulator.servers());
      // WHEN the operation runs
      const run = await execCli(emulator, r.operation, r.args);
      // THEN it fails with one message naming the operation, construct path and target, and what to do
      expect(run.code).toBe(1);
      const target =
        r.args.serverId !== undefined
          ? `server ${r.args.serverId}`
          : r.args.name !== undefined
            ? `server group '${r.args.name}'`
            : r.args.select !== undefined
              ? `selection ${r.args.select}`
              : `servers ${r.args.serverIds}`;
      const prefix = `ecs-lifecycle exec ${r.operation} failed for prod/${r.operation} (${target}): `;
      const failure = run.stderr.split('\n').find((line) => line.startsWith(prefix));
      expect(failure?.slice(prefix.length)).toMatch(r.message);
      // AND nothing changed
      expect(emulator.mutations()).toBe(0);
      expect(JSON.stringify(emulator.servers())).toBe(before);
    });
  });
});
