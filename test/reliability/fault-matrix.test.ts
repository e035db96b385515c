/**
 * Every mutating operation × every fault kind, through the real CLI against the emulator: the final state
 * is what a clean run produces, or the error is clear; and no mutation is ever applied twice.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { ExecArguments, execArgv } from '../../src/cloud';
import { Emulator, FaultKind, FaultRule, SeedServer, SeedServerGroup, startEmulator } from '../../src/emulator';
import { OperationId } from '../../src/permissions';
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
  { operation: 'server-group-delete', route: 'server-groups-delete', groups: [{ name: 'web', policies: ['anti-affinity'] }], args: { name: 'web' }, key: 'web' },
  { operation: 'server-start', route: 'server-action:os-start', server: { status: 'SHUTOFF' }, args: {}, key: SERVER },
  { operation: 'server-stop', route: 'server-action:os-stop', args: { stopType: 'SOFT' }, key: SERVER },
  { operation: 'server-reboot', route: 'server-action:reboot', args: { rebootType: 'HARD' }, key: SERVER },
  { operation: 'server-lock', route: 'server-action:lock', args: {}, key: SERVER },
  { operation: 'server-unlock', route: 'server-action:unlock', server: { locked: true }, args: {}, key: SERVER },
  { operation: 'server-resize', route: 'server-action:resize', args: { flavorRef: 's3.large.2' }, key: SERVER },
  { operation: 'server-resize-cloudservers', route: 'cloudservers-resize', server: { status: 'SHUTOFF' }, args: { flavorRef: 's3.large.2' }, key: SERVER },
  { operation: 'server-change-os-v1', route: 'cloudservers-changeos:v1', server: { status: 'SHUTOFF' }, args: { imageId: NEW_IMAGE, keyName: 'kp' }, key: SERVER },
  { operation: 'server-change-os-v2', route: 'cloudservers-changeos:v2', server: { status: 'SHUTOFF' }, args: { imageId: NEW_IMAGE, keyName: 'kp' }, key: SERVER },
  { operation: 'server-reinstall-os-v1', route: 'cloudservers-reinstallos:v1', server: { status: 'SHUTOFF' }, args: { keyName: 'kp', userId: '7e25b1da389f4697a79df3a0e5bd494e' }, key: SERVER },
  { operation: 'server-reinstall-os-v2', route: 'cloudservers-reinstallos:v2', server: { status: 'SHUTOFF' }, args: { keyName: 'kp', userId: '7e25b1da389f4697a79df3a0e5bd494e' }, key: SERVER },
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
    servers: [server], serverGroups: c.groups, timings: FAST, faults: fault ? [{ ...fault, route: c.route } as FaultRule] : [],
  });
  try {
    const args: ExecArguments = { constructPath: `matrix/${c.operation}`, cloud: 'otc', region: 'eu-de', projectId: emulator.projectId,
      endpoint: emulator.url, pollInterval: '0.02', timeout: '2', ...(c.key === SERVER ? { serverId: SERVER } : {}), ...c.args };
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
  return { server: s && { status: s.status, flavorRef: s.flavorRef, imageId: s.imageId, locked: s.locked }, groups: emulator.serverGroups().map((g) => g.name) };
}

function exec(emulator: Emulator, argv: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'exec', ...argv], {
      env: { ...process.env, OS_ACCESS_KEY: emulator.credentials[0].accessKey, OS_SECRET_KEY: emulator.credentials[0].secretKey },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  }));
  return results;
}

const isJobRoute = (route: string) => route.startsWith('cloudservers-');

describe('fault matrix: every mutating operation × every fault kind', () => {
  test('the final state is a clean run\'s, or the error is clear; every mutation is applied at most once', async () => {
    // GIVEN each operation's clean run as the reference
    const baselines = await pool(CASES.map((c) => () => runCase(c)), 4);
    baselines.forEach((b, i) => expect({ operation: CASES[i].operation, code: b.code, stderr: b.stderr.slice(-300) })
      .toEqual({ operation: CASES[i].operation, code: 0, stderr: expect.any(String) }));

    // WHEN each fault hits each operation's mutating call
    const cells = CASES.flatMap((c, i) => FAULTS.filter((f) => f.kind !== 'job-fail' || isJobRoute(c.route)).map((f) => ({ c, f, baseline: baselines[i] })));
    const outcomes = await pool(cells.map(({ c, f }) => () => runCase(c, f.rule)), 4);

    // THEN
    const counts = { recovered: 0, clearError: 0, duplicated: 0, wrong: 0 };
    const rows: string[] = [];
    cells.forEach(({ c, f, baseline }, i) => {
      const o = outcomes[i];
      const duplicated = o.mutations > baseline.mutations;
      const recovered = o.code === 0 && JSON.stringify(o.state) === JSON.stringify(baseline.state) && o.mutations === baseline.mutations;
      const lastLine = o.stderr.trim().split('\n').pop() ?? '';
      const clear = o.code !== 0 && o.stderr.includes(c.operation) && !/^\s+at /.test(lastLine);
      if (duplicated) counts.duplicated += 1;
      else if (recovered) counts.recovered += 1;
      else if (clear) counts.clearError += 1;
      else counts.wrong += 1;
      rows.push(`${c.operation.padEnd(28)} ${f.kind.padEnd(22)} ${duplicated ? 'DUPLICATED' : recovered ? 'recovered' : clear ? 'clear error' : 'WRONG'}`
        + ` (exit ${o.code}, mutations ${o.mutations}/${baseline.mutations})${recovered || clear ? '' : `\n    ${o.stderr.trim().split('\n').slice(-3).join('\n    ')}`}`);
      // job FAIL is an error by nature: the operation must fail, clearly
      if (f.kind === 'job-fail') expect({ cell: rows[rows.length - 1], clear }).toEqual({ cell: rows[rows.length - 1], clear: true });
    });
    console.log(`${rows.join('\n')}\nfault matrix: ${cells.length} cells, ${counts.recovered} recovered, ${counts.clearError} clear errors, `
      + `${counts.duplicated} duplicated, ${counts.wrong} wrong`);
    expect(counts.duplicated).toBe(0);
    expect(counts.wrong).toBe(0);
    // 83 CLI runs: a generous budget for a loaded machine (no timing is asserted).
  }, 240_000);
});
