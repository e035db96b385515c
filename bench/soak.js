#!/usr/bin/env node
/**
 * `npm run soak`: the real CLI (`node lib/cli.js exec …`, one process per operation) against the emulator, run as a
 * process of its own, for a bounded number of operations chosen at random from a fixed seed, half of them with a
 * fault injected on the operation's mutation or reads (throttling, 500/503, a slow read, a connection dropped
 * before or after the mutation was applied). Only faults the CLI is meant to recover from are injected, so every
 * operation must exit 0.
 *
 * After each operation the emulator's mutation count for the server (or server group) is compared with what the
 * operation should have applied given the state before it: fewer is a lost mutation, more a duplicated one. The
 * end state is checked too. At the end it prints the totals, the emulator's peak RSS, and whether any process
 * crashed, and exits 1 unless there were 0 lost, 0 duplicated, 0 failed, 0 wrong end states and 0 crashes.
 *
 * SOAK_OPERATIONS (default 2000), SOAK_SEED (default 20261202), SOAK_FAULT_RATE (default 0.5), SOAK_LANES (default 3:
 * lanes run side by side, each with an emulator process of its own).
 * Not part of `npm test`; test/reliability/soak.test.ts runs it with a handful of operations.
 */
require('../scripts/unsupported-node');
const { execFile, fork } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'lib/cli.js');

const FLAVORS = ['s3.medium.2', 's3.large.2'];
const IMAGES = ['img-a', 'img-b'];
const SERVERS = ['5a0c0000-0000-4000-8000-000000000001', '5a0c0000-0000-4000-8000-000000000002'];
const GROUP = 'soak-group';

if (process.argv[2] === '--emulator') {
  runEmulator();
} else {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`soak: ${error.stack ?? error}\n`);
      process.exitCode = 1;
    },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The emulator process: serves the CLI over HTTP and answers the soak's questions over IPC.

function runEmulator() {
  const { startEmulator } = require(path.join(ROOT, 'lib/emulator'));
  const { servers } = JSON.parse(process.argv[3]);
  const timings = { start: 20, stop: 20, reboot: 20, resize: 30, revertResize: 20, jobQueued: 10, jobRunning: 20 };
  startEmulator({ servers, timings }).then((emulator) => {
    const methods = {
      addFaults: (rules) => emulator.addFaults(rules),
      clearFaults: () => emulator.clearFaults(),
      mutations: (key) => emulator.mutations(key),
      server: (id) => emulator.server(id),
      groupNames: () => emulator.serverGroups().map((g) => g.name),
      // The peak resident set size of this process so far, in bytes (maxRSS is in KiB).
      memory: () => ({ peakRss: process.resourceUsage().maxRSS * 1024, rss: process.memoryUsage().rss, auditEntries: emulator.audit.length }),
      clearAudit: () => emulator.clearAudit(),
    };
    process.on('message', ({ id, method, args }) => {
      try {
        process.send({ id, result: methods[method](...args) });
      } catch (error) {
        process.send({ id, error: String(error) });
      }
    });
    process.on('disconnect', () => emulator.close().then(() => process.exit(0)));
    process.send({ ready: true, url: emulator.url, projectId: emulator.projectId, credentials: emulator.credentials[0] });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The soak.

async function main() {
  const total = Number(process.env.SOAK_OPERATIONS ?? 2000);
  const seed = Number(process.env.SOAK_SEED ?? 20261202);
  const faultRate = Number(process.env.SOAK_FAULT_RATE ?? 0.5);
  const laneCount = Number(process.env.SOAK_LANES ?? 3);
  if (!Number.isInteger(total) || total < 1) throw new Error(`SOAK_OPERATIONS must be a positive integer, found ${process.env.SOAK_OPERATIONS}`);
  if (!Number.isInteger(laneCount) || laneCount < 1) throw new Error(`SOAK_LANES must be a positive integer, found ${process.env.SOAK_LANES}`);
  const tally = {
    operations: 0,
    faulted: 0,
    faultsByKind: {},
    exitCodes: {},
    expectedMutations: 0,
    appliedMutations: 0,
    lost: 0,
    duplicated: 0,
    failed: 0,
    wrongEndStates: 0,
    crashedClis: 0,
    problems: [],
  };
  const started = Date.now();
  // Lanes run side by side, each against an emulator process of its own, so that the faults one lane injects
  // (they select routes, not servers) are met only by that lane's operations.
  const lanes = Array.from({ length: Math.min(laneCount, total) }, (_, lane) => ({
    lane,
    operations: Math.floor(total / laneCount) + (lane < total % laneCount ? 1 : 0),
    random: mulberry32(seed + lane),
  }));
  const results = await Promise.all(lanes.map((lane) => runLane(lane, faultRate, tally, total)));
  const pass =
    tally.lost === 0 &&
    tally.duplicated === 0 &&
    tally.failed === 0 &&
    tally.wrongEndStates === 0 &&
    tally.crashedClis === 0 &&
    results.every((r) => !r.emulatorCrashed);
  const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  const lines = [
    `soak: ${tally.operations} operations (seed ${seed}, ${lanes.length} lanes), a fault injected in ${tally.faulted}: ` +
      Object.entries(tally.faultsByKind)
        .sort()
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    `  exit codes:        ${Object.entries(tally.exitCodes)
      .map(([k, v]) => `${k} × ${v}`)
      .join(', ')}`,
    `  mutations:         ${tally.expectedMutations} expected, ${tally.appliedMutations} applied; lost ${tally.lost}, duplicated ${tally.duplicated}`,
    `  wrong end states:  ${tally.wrongEndStates}`,
    `  crashes:           CLI ${tally.crashedClis}, emulator ${results.filter((r) => r.emulatorCrashed).length}`,
    `  emulator peak RSS: ${results.map((r) => `${mib(r.memory.peakRss)} after ${r.operations} operations`).join('; ')}`,
    `  wall time:         ${((Date.now() - started) / 1000).toFixed(0)} s`,
    ...tally.problems.slice(0, 20).map((p) => `  problem: ${p}`),
    pass ? 'soak: PASS' : 'soak: FAIL',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return pass ? 0 : 1;
}

/** One lane: its own emulator process, its operations one after another. */
async function runLane({ lane, operations, random }, faultRate, tally, total) {
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const seeds = SERVERS.map((id, i) => ({ id, name: `soak-${i + 1}`, flavorRef: FLAVORS[0], imageId: IMAGES[0], status: 'ACTIVE' }));
  const emulator = await startEmulatorProcess(seeds);
  const { execArgv } = require(path.join(ROOT, 'lib/cloud'));
  // A job request dropped before the emulator saw it is sent again after the resend window: its queue holds a job for
  // tens of milliseconds, so a second is ample (the cloud's default of 120 s would outlast the 60 s timeout).
  const env = {
    PATH: process.env.PATH ?? '',
    ...(process.env.ECS_LIFECYCLE_UNSUPPORTED_NODE ? { ECS_LIFECYCLE_UNSUPPORTED_NODE: '1' } : {}),
    OS_ACCESS_KEY: emulator.credentials.accessKey,
    OS_SECRET_KEY: emulator.credentials.secretKey,
    ECS_LIFECYCLE_RESEND_WINDOW: '1',
  };
  for (let i = 1; i <= operations; i += 1) {
    const serverId = pick(SERVERS);
    const before = await emulator.call('server', serverId);
    const groupExists = (await emulator.call('groupNames')).includes(GROUP);
    const op = chooseOperation(pick, before, groupExists);
    const key = op.operation.startsWith('server-group') ? GROUP : serverId;
    const fault = random() < faultRate ? pick(faultsFor(op)) : undefined;
    // A fault the last operation did not meet (it never called that route) is not left for the next one.
    await emulator.call('clearFaults');
    if (fault) {
      await emulator.call('addFaults', [fault]);
      tally.faulted += 1;
      tally.faultsByKind[fault.kind] = (tally.faultsByKind[fault.kind] ?? 0) + 1;
    }
    const mutationsBefore = await emulator.call('mutations', key);
    const argv = execArgv(op.operation, {
      constructPath: `soak/${lane}/${i}`,
      cloud: 'otc',
      region: 'eu-de',
      projectId: emulator.projectId,
      endpoint: emulator.url,
      pollInterval: '0.01',
      timeout: '60',
      ...op.args,
      ...(key === GROUP ? {} : { serverId }),
    });
    const run = await runCli(argv, env);
    tally.operations += 1;
    const done = tally.operations;
    tally.exitCodes[run.code ?? run.signal] = (tally.exitCodes[run.code ?? run.signal] ?? 0) + 1;
    const applied = (await emulator.call('mutations', key)) - mutationsBefore;
    tally.expectedMutations += op.mutations;
    tally.appliedMutations += applied;
    const where = `lane ${lane} #${i} ${op.operation} ${JSON.stringify(op.args)}${fault ? ` with ${JSON.stringify(fault)}` : ''}`;
    if (run.signal !== null || ![0, 1, 2, 3, 4].includes(run.code) || /: unexpected /.test(run.stderr)) {
      tally.crashedClis += 1;
      tally.problems.push(`${where}: the CLI crashed (code ${run.code}, signal ${run.signal}): ${run.stderr.trim().split('\n').pop()}`);
    } else if (run.code !== 0) {
      tally.failed += 1;
      tally.problems.push(`${where}: exit ${run.code}: ${run.stderr.trim().split('\n').pop()}`);
    }
    if (applied < op.mutations) tally.lost += op.mutations - applied;
    if (applied > op.mutations) tally.duplicated += applied - op.mutations;
    if (applied !== op.mutations) tally.problems.push(`${where}: ${applied} mutation(s) applied, ${op.mutations} expected`);
    const after = key === GROUP ? (await emulator.call('groupNames')).includes(GROUP) : await emulator.call('server', serverId);
    if (run.code === 0 && !op.reached(after)) {
      tally.wrongEndStates += 1;
      tally.problems.push(`${where}: exit 0 but the end state is ${JSON.stringify(after)}`);
    }
    // The audit log grows with every request by design; it is not what this run measures.
    await emulator.call('clearAudit');
    if (done % 100 === 0) process.stderr.write(`soak: ${done}/${total} operations\n`);
  }
  const memory = await emulator.call('memory');
  return { operations, memory, emulatorCrashed: await emulator.stop() };
}

/**
 * An operation that is valid in the state `before`, with the mutations it should apply from there and the end
 * state it must leave. Operations the CLI refuses by design (a reboot of a stopped server, anything on a locked
 * one) are not chosen: this run is about recovery, not refusals.
 */
function chooseOperation(pick, before, groupExists) {
  const stopped = before.status === 'SHUTOFF';
  const settledIn = (status) => (s) => s.status === status && s.taskState === null;
  if (before.locked) {
    return { operation: 'server-unlock', args: {}, mutations: 1, reached: (s) => !s.locked && s.taskState === null };
  }
  const choices = [
    () => ({ operation: 'server-stop', args: { stopType: pick(['SOFT', 'HARD']) }, mutations: stopped ? 0 : 1, reached: settledIn('SHUTOFF') }),
    () => ({ operation: 'server-start', args: {}, mutations: stopped ? 1 : 0, reached: settledIn('ACTIVE') }),
    () => ({ operation: 'server-lock', args: {}, mutations: 1, reached: (s) => s.locked && s.taskState === null }),
    () => {
      const flavorRef = pick(FLAVORS);
      return {
        operation: 'server-resize',
        args: { flavorRef },
        mutations: flavorRef === before.flavorRef ? 0 : 2,
        reached: (s) => s.flavorRef === flavorRef && s.taskState === null,
      };
    },
    () => ({
      operation: 'server-group-create',
      args: { name: GROUP, policy: 'anti-affinity' },
      mutations: groupExists ? 0 : 1,
      reached: (exists) => exists === true,
    }),
    () => ({ operation: 'server-group-delete', args: { name: GROUP }, mutations: groupExists ? 1 : 0, reached: (exists) => exists === false }),
    ...(stopped
      ? [
          () => {
            const flavorRef = pick(FLAVORS);
            return {
              operation: 'server-resize-cloudservers',
              args: { flavorRef },
              mutations: flavorRef === before.flavorRef ? 0 : 1,
              reached: (s) => s.flavorRef === flavorRef && s.taskState === null,
            };
          },
          () => {
            const imageId = pick(IMAGES);
            const operation = pick(['server-change-os-v1', 'server-change-os-v2']);
            return {
              operation,
              args: { imageId, keyName: 'soak-key' },
              mutations: imageId === before.imageId ? 0 : 1,
              reached: (s) => s.imageId === imageId && s.taskState === null,
            };
          },
          () => ({
            operation: pick(['server-reinstall-os-v1', 'server-reinstall-os-v2']),
            args: { keyName: 'soak-key', userId: 'soak-user' },
            mutations: 1,
            reached: settledIn('SHUTOFF'),
          }),
        ]
      : [() => ({ operation: 'server-reboot', args: { rebootType: pick(['SOFT', 'HARD']) }, mutations: 1, reached: settledIn('ACTIVE') })]),
  ];
  return pick(choices)();
}

/** The routes an operation calls, and faults on them that the CLI recovers from. */
function faultsFor(op) {
  const mutationRoute = {
    'server-stop': 'server-action:os-stop',
    'server-start': 'server-action:os-start',
    'server-lock': 'server-action:lock',
    'server-unlock': 'server-action:unlock',
    'server-reboot': 'server-action:reboot',
    'server-resize': 'server-action:resize',
    'server-resize-cloudservers': 'cloudservers-resize',
    'server-change-os-v1': 'cloudservers-changeos:v1',
    'server-change-os-v2': 'cloudservers-changeos:v2',
    'server-reinstall-os-v1': 'cloudservers-reinstallos:v1',
    'server-reinstall-os-v2': 'cloudservers-reinstallos:v2',
    'server-group-create': 'server-groups-create',
    'server-group-delete': 'server-groups-delete',
  }[op.operation];
  const readRoute = op.operation.startsWith('server-group') ? 'server-groups-list' : 'cloudservers-show';
  const faults = [
    { route: mutationRoute, kind: 'status-429', retryAfterSeconds: 0 },
    { route: mutationRoute, kind: 'status-503' },
    { route: mutationRoute, kind: 'status-500' },
    { route: mutationRoute, kind: 'drop-before-mutation' },
    { route: mutationRoute, kind: 'drop-after-mutation' },
    { route: readRoute, kind: 'status-500' },
    { route: readRoute, kind: 'status-503' },
    { route: readRoute, kind: 'status-429', retryAfterSeconds: 0 },
    { route: readRoute, kind: 'delay', delayMs: 200 },
  ];
  if (op.operation.includes('-os-') || op.operation === 'server-resize-cloudservers') faults.push({ route: 'job-show', kind: 'status-500' });
  return faults;
}

function runCli(argv, env) {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'exec', ...argv], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, signal: error?.signal ?? null, stdout, stderr });
    });
  });
}

/** Forks the emulator process; `call(method, ...args)` asks it over IPC; `stop()` resolves to whether it had crashed. */
function startEmulatorProcess(servers) {
  const child = fork(__filename, ['--emulator', JSON.stringify({ servers })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let crashed = false;
  let exited = false;
  const pending = new Map();
  let nextId = 0;
  child.on('exit', (code, signal) => {
    exited = true;
    crashed = code !== 0 || signal !== null;
    for (const { reject } of pending.values()) reject(new Error(`the emulator process exited (code ${code}, signal ${signal})`));
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (message) => {
      if (message.ready) {
        resolve({
          ...message,
          call: (method, ...args) =>
            new Promise((res, rej) => {
              const id = (nextId += 1);
              pending.set(id, { resolve: res, reject: rej });
              child.send({ id, method, args });
            }),
          stop: () =>
            new Promise((res) => {
              if (exited) return res(crashed);
              child.once('exit', () => res(crashed));
              child.disconnect();
            }),
        });
        return;
      }
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) call.reject(new Error(message.error));
      else call.resolve(message.result);
    });
  });
}

/** A small seeded PRNG (mulberry32): the same seed gives the same operations and faults. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
