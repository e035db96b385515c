/**
 * Every mutating operation × every fault kind, through the real CLI against the emulator: the final state
 * is what a clean run produces, or the error is clear; and no mutation is ever applied twice.
 * One test per cell; the cells of an operation share its clean run (`beforeAll`).
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { type ExecArguments, execArgv } from '../../src/cloud';
import { type Emulator, type FaultKind, type FaultRule, type SeedServer, type SeedServerGroup, startEmulator } from '../../src/emulator';
import { OPERATION_IDS, type OperationId } from '../../src/permissions';
import { FAST } from '../helpers/timings';

const CLI = path.resolve(__dirname, '../../lib/cli.js');
const SERVER = '1a2b3c4d-0000-4000-8000-0000000000c1';
const IMAGE = 'e215580f-73ad-429d-b6f2-5433947433b0';
const NEW_IMAGE = 'a1a1a1a1-73ad-429d-b6f2-5433947433b0';

interface Case {
  readonly operation: OperationId;
  readonly route: string;
  readonly server?: Partial<SeedServer>;
  readonly groups?: SeedServerGroup[];
  readonly args: Partial<ExecArguments>;
  /** The mutation counter key: the server id, or the group name. */
  readonly key: string;
}

const CASES: Case[] = [
  { operation: 'server-group-create', route: 'server-groups-create', args: { name: 'web', policy: 'anti-affinity' }, key: 'web' },
  {
    operation: 'server-group-delete',
    route: 'server-groups-delete',
    groups: [{ name: 'web', policies: ['anti-affinity'] }],
    args: { name: 'web' },
    key: 'web',
  },
  { operation: 'server-start', route: 'server-action:os-start', server: { status: 'SHUTOFF' }, args: {}, key: SERVER },
  { operation: 'server-stop', route: 'server-action:os-stop', args: { stopType: 'SOFT' }, key: SERVER },
  { operation: 'server-reboot', route: 'server-action:reboot', args: { rebootType: 'HARD' }, key: SERVER },
  { operation: 'server-lock', route: 'server-action:lock', args: {}, key: SERVER },
  { operation: 'server-unlock', route: 'server-action:unlock', server: { locked: true }, args: {}, key: SERVER },
  { operation: 'server-resize', route: 'server-action:resize', args: { flavorRef: 's3.large.2' }, key: SERVER },
  { operation: 'server-resize-cloudservers', route: 'cloudservers-resize', server: { status: 'SHUTOFF' }, args: { flavorRef: 's3.large.2' }, key: SERVER },
  {
    operation: 'server-change-os-v1',
    route: 'cloudservers-changeos:v1',
    server: { status: 'SHUTOFF' },
    args: { imageId: NEW_IMAGE, keyName: 'kp' },
    key: SERVER,
  },
  {
    operation: 'server-change-os-v2',
    route: 'cloudservers-changeos:v2',
    server: { status: 'SHUTOFF' },
    args: { imageId: NEW_IMAGE, keyName: 'kp' },
    key: SERVER,
  },
  {
    operation: 'server-reinstall-os-v1',
    route: 'cloudservers-reinstallos:v1',
    server: { status: 'SHUTOFF' },
    args: { keyName: 'kp', userId: '7e25b1da389f4697a79df3a0e5bd494e' },
    key: SERVER,
  },
  {
    operation: 'server-reinstall-os-v2',
    route: 'cloudservers-reinstallos:v2',
    server: { status: 'SHUTOFF' },
    args: { keyName: 'kp', userId: '7e25b1da389f4697a79df3a0e5bd494e' },
    key: SERVER,
  },
  { operation: 'server-start-cloudservers', route: 'cloudservers-batch:os-start', server: { status: 'SHUTOFF' }, args: {}, key: SERVER },
  { operation: 'server-stop-cloudservers', route: 'cloudservers-batch:os-stop', args: { stopType: 'SOFT' }, key: SERVER },
  { operation: 'server-reboot-cloudservers', route: 'cloudservers-batch:reboot', args: { rebootType: 'HARD' }, key: SERVER },
  { operation: 'server-group-create-cloudservers', route: 'cloudservers-groups-create', args: { name: 'web', policy: 'anti-affinity' }, key: 'web' },
  {
    operation: 'server-group-delete-cloudservers',
    route: 'cloudservers-groups-delete',
    groups: [{ name: 'web', policies: ['anti-affinity'] }],
    args: { name: 'web' },
    key: 'web',
  },
  {
    operation: 'server-group-members',
    route: 'cloudservers-groups-action:add_member',
    server: { status: 'SHUTOFF' },
    groups: [{ name: 'web', policies: ['anti-affinity'] }],
    args: { name: 'web', serverIds: SERVER },
    key: 'web',
  },
  // The batch call of a fleet wave (its per-server job calls are those of the rows above; test/runtime/exec/fleet-wave.test.ts covers them in a wave).
  { operation: 'fleet-wave', route: 'cloudservers-batch:os-stop', args: { serverIds: SERVER, steps: 'stop:SOFT' }, key: SERVER },
  // A selected fleet's wave: the selection (a read) is followed by the same batch call.
  {
    operation: 'fleet-select',
    route: 'cloudservers-batch:os-stop',
    server: { tags: { role: 'web' } },
    args: { select: 'tags:role=web', steps: 'stop:SOFT' },
    key: SERVER,
  },
];

const FAULTS: { kind: FaultKind; rule: Omit<FaultRule, 'route'> }[] = [
  { kind: 'status-429', rule: { kind: 'status-429', retryAfterSeconds: 1 } },
  { kind: 'status-500', rule: { kind: 'status-500' } },
  { kind: 'status-503', rule: { kind: 'status-503' } },
  { kind: 'delay', rule: { kind: 'delay', delayMs: 4000 } },
  { kind: 'drop-before-mutation', rule: { kind: 'drop-before-mutation' } },
  { kind: 'drop-after-mutation', rule: { kind: 'drop-after-mutation' } },
  { kind: 'job-fail', rule: { kind: 'job-fail' } },
];

interface Outcome {
  readonly code: number;
  readonly stderr: string;
  readonly mutations: number;
  readonly state: unknown;
}

async function runCase(c: Case, fault?: Omit<FaultRule, 'route'>): Promise<Outcome> {
  const server: SeedServer = { id: SERVER, name: 'c1', flavorRef: 's3.medium.2', imageId: IMAGE, status: 'ACTIVE', ...c.server };
  const emulator = await startEmulator({
    servers: [server],
    serverGroups: c.groups,
    timings: FAST,
    faults: fault ? [{ ...fault, route: c.route } as FaultRule] : [],
  });
  try {
    const args: ExecArguments = {
      constructPath: `matrix/${c.operation}`,
      cloud: 'otc',
      region: 'eu-de',
      projectId: emulator.projectId,
      endpoint: emulator.url,
      pollInterval: '0.02',
      timeout: '2',
      ...(c.key === SERVER && !c.args.serverIds && !c.args.select ? { serverId: SERVER } : {}),
      ...c.args,
    };
    const { code, stderr } = await exec(emulator, execArgv(c.operation, args));
    // Let a delayed or dropped request finish on the emulator's side before counting.
    await new Promise((r) => setTimeout(r, 150));
    return { code, stderr, mutations: emulator.mutations(c.key), state: stateOf(emulator) };
  } finally {
    await emulator.close();
  }
}

function stateOf(emulator: Emulator): unknown {
  const s = emulator.server(SERVER);
  return {
    server: s && { status: s.status, flavorRef: s.flavorRef, imageId: s.imageId, locked: s.locked },
    groups: emulator.serverGroups().map((g) => [g.name, g.members]),
  };
}

function exec(emulator: Emulator, argv: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'exec', ...argv], {
      env: { ...process.env, OS_ACCESS_KEY: emulator.credentials[0].accessKey, OS_SECRET_KEY: emulator.credentials[0].secretKey },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

const isJobRoute = (route: string) => /^cloudservers-(batch|resize|changeos|reinstallos)/.test(route);

/** How a cell ended: the clean run's state (recovered) or a clear error; never a duplicated mutation. */
type Verdict = 'recovered' | 'clear error' | 'DUPLICATED' | 'WRONG';

function verdictOf(c: Case, baseline: Outcome, o: Outcome): Verdict {
  if (o.mutations > baseline.mutations) return 'DUPLICATED';
  if (o.code === 0 && JSON.stringify(o.state) === JSON.stringify(baseline.state) && o.mutations === baseline.mutations) return 'recovered';
  const lastLine = o.stderr.trim().split('\n').pop() ?? '';
  return o.code !== 0 && o.stderr.includes(c.operation) && !/^\s+at /.test(lastLine) ? 'clear error' : 'WRONG';
}

// One test per cell (each one CLI run, bounded by its 2 s --timeout), so that no test comes near the timeout even
// on a loaded machine. Which cells recover and which end in a clear error depends on timing; both are correct.
const verdicts: Verdict[] = [];

describe.each(CASES)("fault matrix: $operation (each fault ends in the clean run's state or a clear error, and applies the mutation at most once)", (c) => {
  let baseline: Outcome;

  beforeAll(async () => {
    // GIVEN the operation's clean run as the reference
    baseline = await runCase(c);
    expect({ code: baseline.code, stderr: baseline.stderr.slice(-300) }).toEqual({ code: 0, stderr: expect.any(String) });
  });

  test.each(FAULTS.filter((f) => f.kind !== 'job-fail' || isJobRoute(c.route)))('$kind', async (f) => {
    // WHEN the fault hits the operation's mutating call
    const o = await runCase(c, f.rule);
    // THEN
    const verdict = verdictOf(c, baseline, o);
    verdicts.push(verdict);
    const cell = `${verdict} (exit ${o.code}, mutations ${o.mutations}/${baseline.mutations})`;
    const detail = verdict === 'recovered' || verdict === 'clear error' ? '' : o.stderr.trim().split('\n').slice(-3).join('\n');
    // job FAIL is an error by nature: the operation must fail, clearly
    const expected = f.kind === 'job-fail' ? ['clear error'] : ['recovered', 'clear error'];
    expect({ cell, detail, ok: expected.includes(verdict) }).toEqual({ cell, detail, ok: true });
  });
});

test('the matrix has a row for every operation', () => {
  expect(CASES.map((c) => c.operation)).toEqual(OPERATION_IDS);
});

afterAll(() => {
  const count = (v: Verdict) => verdicts.filter((x) => x === v).length;
  console.log(
    `fault matrix: ${verdicts.length} cells, ${count('recovered')} recovered, ${count('clear error')} clear errors, ` +
      `${count('DUPLICATED')} duplicated, ${count('WRONG')} wrong`,
  );
});
