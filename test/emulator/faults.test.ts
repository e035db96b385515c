import type { Emulator, EmulatorOptions, FaultRule } from '../../src/emulator';
import { EmulatorClient, emulatorLauncher, FAST, waitFor } from './helpers/emulator-client';

const RUNNING = { id: 'srv-running', name: 'web-1', flavorRef: 's3.medium.2', imageId: 'img-old', status: 'ACTIVE' } as const;
const STOPPED = { id: 'srv-stopped', name: 'web-2', flavorRef: 's3.medium.2', imageId: 'img-old', status: 'SHUTOFF' } as const;

const launch = emulatorLauncher();
let emulator: Emulator;
let client: EmulatorClient;

async function start(faults: readonly FaultRule[], options: EmulatorOptions = {}): Promise<void> {
  emulator = await launch({ servers: [RUNNING, STOPPED], timings: FAST, faults, ...options });
  client = new EmulatorClient(emulator);
}

const stop = () => client.action(RUNNING.id, { 'os-stop': {} });
const show = () => client.call('GET', client.ecs(`/cloudservers/${RUNNING.id}`));

describe('faults: status answers', () => {
  test('status-429: the next N calls are throttled by the gateway with Retry-After, then the call goes through', async () => {
    // GIVEN two throttled calls on the stop route
    await start([{ route: 'server-action:os-stop', kind: 'status-429', times: 2, retryAfterSeconds: 7 }]);
    // WHEN the stop is called three times
    const first = await stop();
    const second = await stop();
    const third = await stop();
    // THEN two 429s in the gateway format, then the stop is applied once
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('7');
    expect(first.body).toEqual({ error_code: 'APIGW.0308', error_msg: expect.any(String), request_id: first.headers['x-request-id'] });
    expect(second.status).toBe(429);
    expect(third.status).toBe(202);
    expect(emulator.mutations(RUNNING.id)).toBe(1);
    expect(emulator.audit.map((e) => e.fault)).toEqual(['status-429', 'status-429', undefined]);
  });

  test("status-500 answers in the route's own format: Nova computeFault, cloudservers Common.0001", async () => {
    await start([
      { route: 'server-action', kind: 'status-500' },
      { route: 'cloudservers-show', kind: 'status-500' },
    ]);
    const native = await stop();
    expect(native.status).toBe(500);
    expect(native.body.computeFault.code).toBe(500);
    const cloud = await show();
    expect(cloud.status).toBe(500);
    expect(cloud.body.error.code).toBe('Common.0001');
    expect(emulator.mutations()).toBe(0);
  });

  test('status-503 answers serviceUnavailable on native routes', async () => {
    await start([{ route: '*', kind: 'status-503' }]);
    const reply = await stop();
    expect(reply.status).toBe(503);
    expect(reply.body.serviceUnavailable.code).toBe(503);
    expect((await stop()).status).toBe(202);
  });

  test('delay holds the call, then it proceeds normally', async () => {
    await start([{ route: 'cloudservers-show', kind: 'delay', delayMs: 30 }]);
    const reply = await show();
    expect(reply.status).toBe(200);
    expect(emulator.audit.at(-1)).toMatchObject({ fault: 'delay', status: 200 });
  });
});

describe('faults: dropped connections', () => {
  test('drop-before-mutation: the connection dies and nothing was applied', async () => {
    await start([{ route: 'server-action:os-stop', kind: 'drop-before-mutation' }]);
    await expect(stop()).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(emulator.server(RUNNING.id)).toMatchObject({ status: 'ACTIVE', taskState: null });
    expect(emulator.mutations(RUNNING.id)).toBe(0);
    expect(emulator.audit.at(-1)).toMatchObject({ fault: 'drop-before-mutation', status: null, mutationApplied: false });
    // a retry succeeds and applies the stop once
    expect((await stop()).status).toBe(202);
    expect(emulator.mutations(RUNNING.id)).toBe(1);
  });

  test('drop-after-mutation: the stop is applied, the answer is lost, and a blind retry is refused by state', async () => {
    await start([{ route: 'server-action:os-stop', kind: 'drop-after-mutation' }]);
    await expect(stop()).rejects.toThrow(/socket hang up|ECONNRESET/);
    // THEN the mutation happened exactly once even though the client saw no answer
    expect(emulator.mutations(RUNNING.id)).toBe(1);
    expect(emulator.audit.at(-1)).toMatchObject({ fault: 'drop-after-mutation', status: null, mutationApplied: true });
    const stopped = await waitFor(
      () => emulator.server(RUNNING.id)!,
      (s) => s.taskState === null,
    );
    expect(stopped.status).toBe('SHUTOFF');
    // a client that retries without reading the state gets Nova's conflict, not a second stop
    expect((await stop()).status).toBe(409);
    expect(emulator.mutations(RUNNING.id)).toBe(1);
  });

  test('drop-after-mutation on a job route: a blind retry creates a second job, and the count shows it', async () => {
    await start([{ route: 'cloudservers-changeos', kind: 'drop-after-mutation' }]);
    const path = client.ecs(`/cloudservers/${STOPPED.id}/changeos`, 'v2');
    await expect(client.call('POST', path, { 'os-change': { imageid: 'img-new', keyname: 'kp' } })).rejects.toThrow();
    expect(emulator.jobs()).toHaveLength(1);
    await waitFor(
      () => emulator.jobs()[0],
      (j) => j.status === 'SUCCESS',
    );
    expect((await client.call('POST', path, { 'os-change': { imageid: 'img-new', keyname: 'kp' } })).status).toBe(200);
    expect(emulator.mutations(STOPPED.id)).toBe(2);
  });
});

describe('faults: jobs that fail', () => {
  test('job-fail: the job ends FAIL with a failed sub-job carrying the error code; the image is unchanged', async () => {
    await start([{ route: 'cloudservers-changeos:v2', kind: 'job-fail', errorCode: 'Ecs.1000', failReason: 'image download failed' }]);
    const { body } = await client.call('POST', client.ecs(`/cloudservers/${STOPPED.id}/changeos`, 'v2'), {
      'os-change': { imageid: 'img-new', keyname: 'kp' },
    });
    await waitFor(
      () => emulator.job(body.job_id)!,
      (j) => j.status === 'FAIL',
    );
    const job = await client.call('GET', client.ecs(`/jobs/${body.job_id}`));
    expect(job.body).toMatchObject({
      status: 'FAIL',
      error_code: 'Ecs.1000',
      fail_reason: 'image download failed',
      entities: {
        sub_jobs: [
          { status: 'FAIL', error_code: 'Ecs.1000', fail_reason: 'image download failed', entities: { errorcode_message: 'Ecs.1000: image download failed' } },
        ],
      },
    });
    expect(emulator.server(STOPPED.id)).toMatchObject({ status: 'SHUTOFF', imageId: 'img-old', taskState: null });
    expect(emulator.audit.find((e) => e.route === 'cloudservers-changeos:v2')?.fault).toBe('job-fail');
  });

  test("job-fail without a code uses the job type's: Ecs.0207 for a resize; the flavor is unchanged", async () => {
    await start([{ route: '*', kind: 'job-fail' }]);
    const { body } = await client.call('POST', client.ecs(`/cloudservers/${STOPPED.id}/resize`), { resize: { flavorRef: 's3.large.2' } });
    const job = await waitFor(
      () => emulator.job(body.job_id)!,
      (j) => j.status === 'FAIL',
    );
    expect(job.subJobs[0]).toMatchObject({ status: 'FAIL', errorCode: 'Ecs.0207', failReason: 'injected fault' });
    expect(emulator.server(STOPPED.id)?.flavorRef).toBe('s3.medium.2');
  });

  test('a job-fail rule is not taken by calls that create no job', async () => {
    await start([{ route: '*', kind: 'job-fail' }]);
    expect((await stop()).status).toBe(202);
    const { body } = await client.call('POST', client.ecs(`/cloudservers/${STOPPED.id}/reinstallos`, 'v1'), {
      'os-reinstall': { adminpass: 'Str0ng!Passw0rd' },
    });
    expect(
      (
        await waitFor(
          () => emulator.job(body.job_id)!,
          (j) => j.status === 'FAIL',
        )
      ).status,
    ).toBe('FAIL');
  });
});

describe('faults: selection, order and validation', () => {
  test('a rule for one action does not hit another; rules are consumed in order', async () => {
    await start([
      { route: 'server-action:os-start', kind: 'status-500' },
      { route: 'server-action', kind: 'status-503' },
      { route: 'server-action', kind: 'status-429' },
    ]);
    expect((await stop()).status).toBe(503);
    expect((await stop()).status).toBe(429);
    expect((await stop()).status).toBe(202);
    expect((await client.action(STOPPED.id, { 'os-start': {} })).status).toBe(500);
  });

  test('faults hit only calls that pass authentication and IAM', async () => {
    await start([{ route: '*', kind: 'status-500' }], {
      policy: { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['ecs:cloudServers:showServer'] }] },
    });
    expect((await stop()).status).toBe(403);
    expect((await show()).status).toBe(500);
  });

  test('addFaults and clearFaults change the rules at run time', async () => {
    await start([]);
    emulator.addFaults([{ route: 'cloudservers-show', kind: 'status-503', times: 5 }]);
    expect((await show()).status).toBe(503);
    emulator.clearFaults();
    expect((await show()).status).toBe(200);
  });

  test('a rule naming no route, an unknown kind, or job-fail on a route without jobs is refused', async () => {
    await start([]);
    expect(() => emulator.addFaults([{ route: 'server-acton', kind: 'status-500' }])).toThrow(/selects no route/);
    expect(() => emulator.addFaults([{ route: '*', kind: 'explode' as FaultRule['kind'] }])).toThrow(/unknown kind/);
    expect(() => emulator.addFaults([{ route: 'server-action', kind: 'job-fail' }])).toThrow(/creates jobs/);
    expect(() => emulator.addFaults([{ route: 'cloudservers-batch', kind: 'status-500', serverId: 'srv-1' }])).toThrow(/serverId .* needs kind job-fail/);
    expect(() => emulator.addFaults([{ route: 'cloudservers-batch', kind: 'job-fail', serverId: '' }])).toThrow(/serverId must be a non-empty string/);
    expect(() => emulator.addFaults([{ kind: 'delay', delayMs: -1 }])).toThrow(/delayMs/);
  });
});
