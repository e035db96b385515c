import type { ExecArguments } from '../../../src/cloud/exec-arguments';
import type { Emulator, EmulatorOptions, FaultRule } from '../../../src/emulator';
import type { OperationId } from '../../../src/permissions/operation';
import { ACCESS_KEY_ENV, emulatorOptions, execCli, GROUP, SERVER, withEmulator } from '../helpers/exec-cli';

const STOPPED: EmulatorOptions = {
  servers: [{ id: SERVER, name: 'web-1', flavorRef: 's3.medium.2', imageId: 'aaaaaaaa-0000-4000-8000-000000000001', status: 'SHUTOFF' }],
};
const WITH_GROUP: EmulatorOptions = { serverGroups: [{ name: GROUP, policies: ['anti-affinity'] }] };

interface Target {
  readonly operation: OperationId;
  readonly seed?: EmulatorOptions;
  readonly args: Partial<ExecArguments>;
  /** The route of its mutation. */
  readonly mutation: string;
  /** Mutations of a clean run. */
  readonly mutations: number;
  readonly key: string;
  readonly done: (emulator: Emulator) => boolean;
}

const STOP: Target = {
  operation: 'server-stop',
  args: { serverId: SERVER, stopType: 'SOFT' },
  mutation: 'server-action:os-stop',
  mutations: 1,
  key: SERVER,
  done: (e) => e.server(SERVER)!.status === 'SHUTOFF',
};
const CHANGE_OS: Target = {
  operation: 'server-change-os-v2',
  seed: STOPPED,
  args: { serverId: SERVER, imageId: 'bbbbbbbb-0000-4000-8000-000000000002', keyName: 'k' },
  mutation: 'cloudservers-changeos:v2',
  mutations: 1,
  key: SERVER,
  done: (e) => e.server(SERVER)!.imageId === 'bbbbbbbb-0000-4000-8000-000000000002' && e.server(SERVER)!.taskState === null,
};
const RESIZE_CS: Target = {
  operation: 'server-resize-cloudservers',
  seed: STOPPED,
  args: { serverId: SERVER, flavorRef: 's3.large.2' },
  mutation: 'cloudservers-resize',
  mutations: 1,
  key: SERVER,
  done: (e) => e.server(SERVER)!.flavorRef === 's3.large.2',
};
const REINSTALL: Target = {
  operation: 'server-reinstall-os-v1',
  seed: STOPPED,
  args: { serverId: SERVER, keyName: 'k', userId: '7e25b1da389f4697a79df3a0e5bd494e' },
  mutation: 'cloudservers-reinstallos:v1',
  mutations: 1,
  key: SERVER,
  done: (e) => e.server(SERVER)!.keyName === 'k' && e.server(SERVER)!.taskState === null,
};
const RESIZE: Target = {
  operation: 'server-resize',
  args: { serverId: SERVER, flavorRef: 's3.large.2' },
  mutation: 'server-action:resize',
  mutations: 2,
  key: SERVER,
  done: (e) => e.server(SERVER)!.flavorRef === 's3.large.2' && e.server(SERVER)!.status === 'ACTIVE',
};
const REBOOT: Target = {
  operation: 'server-reboot',
  args: { serverId: SERVER, rebootType: 'HARD' },
  mutation: 'server-action:reboot',
  mutations: 1,
  key: SERVER,
  done: (e) => e.server(SERVER)!.status === 'ACTIVE' && e.server(SERVER)!.taskState === null,
};
const LOCK: Target = {
  operation: 'server-lock',
  args: { serverId: SERVER },
  mutation: 'server-action:lock',
  mutations: 1,
  key: SERVER,
  done: (e) => e.server(SERVER)!.locked,
};
const GROUP_CREATE: Target = {
  operation: 'server-group-create',
  args: { name: GROUP, policy: 'anti-affinity' },
  mutation: 'server-groups-create',
  mutations: 1,
  key: GROUP,
  done: (e) => e.serverGroups().length === 1,
};
const GROUP_DELETE: Target = {
  operation: 'server-group-delete',
  seed: WITH_GROUP,
  args: { name: GROUP },
  mutation: 'server-groups-delete',
  mutations: 1,
  key: GROUP,
  done: (e) => e.serverGroups().length === 0,
};

// Faults the CLI recovers from: it still reaches the end state with exactly the mutations of a clean run.
const RECOVERED: readonly [string, Target, (t: Target) => FaultRule, RegExp][] = [
  [
    '429 with Retry-After on a read',
    STOP,
    () => ({ route: 'cloudservers-show', kind: 'status-429', retryAfterSeconds: 1 }),
    /GET \/v1\/\w+\/cloudservers\/\S+ → HTTP 429 APIGW\.0308; retry 1 of 4 in 1\.0s \(Retry-After\)/,
  ],
  [
    '429 on the mutation (the gateway refused it)',
    STOP,
    (t) => ({ route: t.mutation, kind: 'status-429', retryAfterSeconds: 0 }),
    /POST \/v2\.1\/\w+\/servers\/\S+\/action → HTTP 429 APIGW\.0308; retry 1 of 4 in 0\.0s \(Retry-After\)/,
  ],
  ['503 on the mutation', GROUP_CREATE, (t) => ({ route: t.mutation, kind: 'status-503', times: 2 }), /HTTP 503 serviceUnavailable; retry 2 of 4/],
  ['500 on a read', CHANGE_OS, () => ({ route: 'job-show', kind: 'status-500' }), /GET \/v1\/\w+\/jobs\/\w+ → HTTP 500 Common\.0001; retry 1 of 4/],
  ...[STOP, RESIZE, GROUP_DELETE].map((t): [string, Target, (t: Target) => FaultRule, RegExp] => [
    `500 on the mutation of ${t.operation} (re-read, then re-sent)`,
    t,
    (x) => ({ route: x.mutation, kind: 'status-500' }),
    /HTTP 500 .*; re-reading the state before deciding whether to send it again.*\n.*the (POST|DELETE) was not applied; sending it again/,
  ]),
  ['a slow read within the timeout', LOCK, () => ({ route: 'cloudservers-show', kind: 'delay', delayMs: 200 }), /done: /],
  ...[STOP, REBOOT, LOCK, RESIZE_CS, GROUP_CREATE, GROUP_DELETE].map((t): [string, Target, (t: Target) => FaultRule, RegExp] => [
    `a drop before ${t.operation}'s mutation (re-read, then re-sent)`,
    t,
    (x) => ({ route: x.mutation, kind: 'drop-before-mutation' }),
    /no response \(ECONNRESET, the request may have reached the cloud\); re-reading .*\n.*was not applied; sending it again/,
  ]),
  ...[STOP, REBOOT, LOCK, RESIZE, CHANGE_OS, REINSTALL, RESIZE_CS, GROUP_CREATE, GROUP_DELETE].map((t): [string, Target, (t: Target) => FaultRule, RegExp] => [
    `a drop after ${t.operation}'s mutation (re-read, not re-sent)`,
    t,
    (x) => ({ route: x.mutation, kind: 'drop-after-mutation' }),
    /no response \(ECONNRESET, the request may have reached the cloud\); re-reading .*\n.*was applied; not sending it again/,
  ]),
];

describe.each(RECOVERED)('exec recovers from %s', (_name, target, fault, progress) => {
  test.concurrent('and reaches the end state with exactly one application of each mutation', async () => {
    await withEmulator(emulatorOptions({ ...target.seed, faults: [fault(target)] }), async (emulator) => {
      // A request lost before a job API saw it is sent again once the resend window passed: a short one here.
      const run = await execCli(emulator, target.operation, target.args, { env: { ...ACCESS_KEY_ENV, ECS_LIFECYCLE_RESEND_WINDOW: '0.5' } });
      expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0, stderr: expect.stringMatching(progress) });
      expect(target.done(emulator)).toBe(true);
      expect(emulator.mutations(target.key)).toBe(target.mutations);
      expect(emulator.audit.some((e) => e.fault !== undefined)).toBe(true);
    });
  });
});

describe('exec reports a failed job with its failed sub-jobs', () => {
  test.concurrent.each([
    ['server-change-os-v2', CHANGE_OS, undefined, 'changeOS', /sub-job \w+ \(changeOS\) failed for server [\w-]+: Ecs\.1000 "injected fault"/],
    [
      'server-resize-cloudservers',
      RESIZE_CS,
      'Ecs.0207',
      'resizeServer',
      /sub-job \w+ \(resizeServer\) failed for server [\w-]+: Ecs\.0207 "no capacity for s3\.large\.2"/,
    ],
  ] as const)('%s', async (_name, target, errorCode, jobType, subJob) => {
    const fault: FaultRule = { route: target.mutation, kind: 'job-fail', ...(errorCode ? { errorCode, failReason: 'no capacity for s3.large.2' } : {}) };
    await withEmulator(emulatorOptions({ ...target.seed, faults: [fault] }), async (emulator) => {
      // WHEN the job fails
      const run = await execCli(emulator, target.operation, target.args);
      // THEN the exit code is 1 and the message names the job, its type, and each failed sub-job's code and reason
      expect(run.code).toBe(1);
      const failure = run.stderr.trim().split('\n').pop()!;
      expect(failure).toMatch(
        new RegExp(
          `^ecs-lifecycle exec ${target.operation} failed for prod/${target.operation} \\(server ${SERVER}\\): job \\w+ \\(${jobType}\\) ended in FAIL: `,
        ),
      );
      expect(failure).toMatch(subJob);
      expect(failure).toMatch(/\. Fix: fix the cause the failed sub-jobs report/);
      expect(emulator.mutations(SERVER)).toBe(1);
    });
  });
});

describe('exec times out with exit code 4 and the last state seen', () => {
  test.concurrent('a server slower than --timeout', async () => {
    await withEmulator(emulatorOptions({ timings: { stop: 60_000 } }), async (emulator) => {
      const run = await execCli(emulator, 'server-stop', { serverId: SERVER, stopType: 'SOFT', timeout: '1.5' });
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(
        new RegExp(
          `failed for prod/server-stop \\(server ${SERVER}\\): timed out after 1\\.5 s waiting for server ${SERVER} ` +
            'to be SHUTOFF with no task state; last seen: ACTIVE/powering-off\\. Fix: the operation may still finish',
        ),
      );
    });
  });

  test.concurrent('a response delayed beyond --timeout', async () => {
    await withEmulator(emulatorOptions({ faults: [{ route: 'cloudservers-show', kind: 'delay', delayMs: 3000 }] }), async (emulator) => {
      const run = await execCli(emulator, 'server-start', { serverId: SERVER, timeout: '0.5' });
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/: timed out after 0\.5 s waiting for a response to GET \/v1\/\w+\/cloudservers\/\S+\. Fix: /);
      expect(emulator.mutations()).toBe(0);
    });
  });

  test.concurrent('a job slower than ECS_LIFECYCLE_TIMEOUT (no --timeout flag)', async () => {
    await withEmulator(emulatorOptions({ ...STOPPED, timings: { jobQueued: 60_000 } }), async (emulator) => {
      const run = await execCli(
        emulator,
        'server-change-os-v2',
        { serverId: SERVER, imageId: 'bbbbbbbb-0000-4000-8000-000000000002', keyName: 'k', timeout: undefined },
        {
          env: { ...ACCESS_KEY_ENV, ECS_LIFECYCLE_TIMEOUT: '1.5' },
        },
      );
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/timed out after 1\.5 s waiting for job \w+ to end \(SUCCESS or FAIL\); last seen: INIT/);
    });
  });

  test.concurrent('a deadline that passes during a status read reports the wait and the last state seen, not the read', async () => {
    // GIVEN a slow stop, and the third status read (after the pre-check and the first wait read) held beyond the timeout
    const faults: FaultRule[] = [
      { route: 'cloudservers-show', kind: 'delay', delayMs: 0, times: 2 },
      { route: 'cloudservers-show', kind: 'delay', delayMs: 10_000 },
    ];
    await withEmulator(emulatorOptions({ timings: { stop: 60_000 }, faults }), async (emulator) => {
      // WHEN the stop times out
      const run = await execCli(emulator, 'server-stop', { serverId: SERVER, stopType: 'SOFT', timeout: '1.5' });
      // THEN the message is about the wait, with what was seen before the read that was cut short
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(
        new RegExp(`timed out after 1\\.5 s waiting for server ${SERVER} to be SHUTOFF with no task state; last seen: ACTIVE/powering-off\\.`),
      );
      expect(emulator.mutations()).toBe(1);
    });
  });

  test.concurrent('the flag wins over ECS_LIFECYCLE_TIMEOUT', async () => {
    await withEmulator(emulatorOptions(), async (emulator) => {
      const run = await execCli(
        emulator,
        'server-stop',
        { serverId: SERVER, stopType: 'SOFT', timeout: '20' },
        {
          env: { ...ACCESS_KEY_ENV, ECS_LIFECYCLE_TIMEOUT: '0.001' },
        },
      );
      expect(run.code).toBe(0);
    });
  });
});
