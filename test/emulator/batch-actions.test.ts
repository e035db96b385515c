import * as fc from 'fast-check';
import type { Emulator, EmulatorOptions, JobSnapshot, PolicyDocument } from '../../src/emulator';
import { EmulatorClient, emulatorLauncher, FAST, FROZEN, waitFor } from './helpers/emulator-client';

const server = (id: string, status: 'ACTIVE' | 'SHUTOFF', locked = false) =>
  ({ id, name: id, flavorRef: 's3.medium.2', imageId: 'img', status, locked }) as const;
const RUNNING = ['run-1', 'run-2', 'run-3'].map((id) => server(id, 'ACTIVE'));
const STOPPED = ['off-1', 'off-2'].map((id) => server(id, 'SHUTOFF'));
const LOCKED = server('locked-1', 'ACTIVE', true);

const launch = emulatorLauncher();
let emulator: Emulator;
let client: EmulatorClient;

async function start(options: EmulatorOptions = {}): Promise<void> {
  emulator = await launch({ servers: [...RUNNING, ...STOPPED, LOCKED], timings: FAST, ...options });
  client = new EmulatorClient(emulator);
}

const batch = (action: string, option: unknown) => client.call('POST', client.ecs('/cloudservers/action'), { [action]: option });
const servers = (...ids: string[]) => ids.map((id) => ({ id }));
const jobDone = (jobId: string) =>
  waitFor(
    () => emulator.job(jobId)!,
    (j: JobSnapshot) => j.status === 'SUCCESS' || j.status === 'FAIL',
  );

describe('batch actions: one job, one sub-job per server', () => {
  test('os-stop of three running servers: 200 {job_id}, three stopServer sub-jobs, all SHUTOFF', async () => {
    // GIVEN three running servers
    await start();
    // WHEN they are stopped in one batch
    const reply = await batch('os-stop', { type: 'SOFT', servers: servers('run-1', 'run-2', 'run-3') });
    // THEN the answer is a job
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ job_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    // AND the job succeeds with one sub-job per server, in request order
    const job = await jobDone(reply.body.job_id);
    expect(job).toMatchObject({ jobType: 'batchStopServers', status: 'SUCCESS', serverIds: ['run-1', 'run-2', 'run-3'] });
    expect(job.subJobs.map((s) => [s.serverId, s.jobType, s.status])).toEqual([
      ['run-1', 'stopServer', 'SUCCESS'],
      ['run-2', 'stopServer', 'SUCCESS'],
      ['run-3', 'stopServer', 'SUCCESS'],
    ]);
    expect(RUNNING.map((s) => emulator.server(s.id)?.status)).toEqual(['SHUTOFF', 'SHUTOFF', 'SHUTOFF']);
    // AND each server counts one mutation
    expect(RUNNING.map((s) => emulator.mutations(s.id))).toEqual([1, 1, 1]);
  });

  test('the job query shows entities.sub_jobs with each server id, in the documented shape', async () => {
    await start();
    const { body } = await batch('os-start', { servers: servers('off-1', 'off-2') });
    await jobDone(body.job_id);
    const job = await client.call('GET', client.ecs(`/jobs/${body.job_id}`));
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({
      status: 'SUCCESS',
      job_id: body.job_id,
      job_type: 'batchStartServers',
      error_code: null,
      fail_reason: null,
      entities: {
        sub_jobs_total: 2,
        sub_jobs: [
          { status: 'SUCCESS', job_type: 'startServer', entities: { server_id: 'off-1' }, error_code: null, fail_reason: null },
          { status: 'SUCCESS', job_type: 'startServer', entities: { server_id: 'off-2' }, error_code: null, fail_reason: null },
        ],
      },
    });
    expect(job.body.entities.sub_jobs[0].job_id).not.toBe(job.body.entities.sub_jobs[1].job_id);
    expect(STOPPED.map((s) => emulator.server(s.id)?.status)).toEqual(['ACTIVE', 'ACTIVE']);
  });

  test('while it runs: the job is RUNNING and every server shows its task (powering-off still shows ACTIVE)', async () => {
    await start({ timings: { ...FROZEN, jobQueued: 0 } });
    const { body } = await batch('os-stop', { servers: servers('run-1', 'run-2') });
    const running = await waitFor(
      () => emulator.job(body.job_id)!,
      (j) => j.status === 'RUNNING',
    );
    expect(running.subJobs.map((s) => s.status)).toEqual(['RUNNING', 'RUNNING']);
    expect(emulator.server('run-1')).toMatchObject({ status: 'ACTIVE', taskState: 'powering-off' });
    expect(emulator.server('run-2')).toMatchObject({ status: 'ACTIVE', taskState: 'powering-off' });
  });

  test('reboot SOFT of running servers and HARD of a stopped one end ACTIVE', async () => {
    await start();
    const soft = await batch('reboot', { type: 'SOFT', servers: servers('run-1', 'run-2') });
    const hard = await batch('reboot', { type: 'HARD', servers: servers('off-1') });
    expect((await jobDone(soft.body.job_id)).subJobs.map((s) => [s.jobType, s.status])).toEqual([
      ['rebootServer', 'SUCCESS'],
      ['rebootServer', 'SUCCESS'],
    ]);
    expect((await jobDone(hard.body.job_id)).status).toBe('SUCCESS');
    expect(['run-1', 'run-2', 'off-1'].map((id) => emulator.server(id)?.status)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);
  });

  test('a HARD reboot shows HARD_REBOOT while it runs', async () => {
    await start({ timings: { ...FROZEN, jobQueued: 0 } });
    const { body } = await batch('reboot', { type: 'HARD', servers: servers('run-1') });
    await waitFor(
      () => emulator.job(body.job_id)!,
      (j) => j.status === 'RUNNING',
    );
    expect(emulator.server('run-1')).toMatchObject({ status: 'HARD_REBOOT', taskState: 'rebooting_hard' });
  });
});

describe('batch actions: partial failure, one server at a time', () => {
  test('servers whose state does not allow the action fail their own sub-job; the others change; the job says FAIL', async () => {
    // GIVEN a batch stop of a running, a stopped and a locked server
    await start();
    const { body } = await batch('os-stop', { servers: servers('run-1', 'off-1', LOCKED.id) });
    // WHEN the job ends
    const job = await jobDone(body.job_id);
    // THEN only the stopped and the locked server's sub-jobs failed, each with its reason
    expect(job.subJobs.map((s) => [s.serverId, s.status, s.errorCode])).toEqual([
      ['run-1', 'SUCCESS', null],
      ['off-1', 'FAIL', 'Ecs.0100'],
      [LOCKED.id, 'FAIL', 'Ecs.0605'],
    ]);
    expect(job.subJobs[1].failReason).toContain('Cannot stop server off-1 while it is SHUTOFF');
    // AND the job is FAIL with the first failed sub-job's error
    expect(job).toMatchObject({ status: 'FAIL', errorCode: 'Ecs.0100' });
    // AND the running server did stop: a FAIL job does not mean nothing changed
    expect(emulator.server('run-1')?.status).toBe('SHUTOFF');
    expect(emulator.server(LOCKED.id)?.status).toBe('ACTIVE');
    const query = await client.call('GET', client.ecs(`/jobs/${body.job_id}`));
    expect(query.body.entities.sub_jobs[2]).toMatchObject({
      status: 'FAIL',
      error_code: 'Ecs.0605',
      entities: { server_id: LOCKED.id, errorcode_message: 'Ecs.0605: ECS locked.' },
    });
  });

  test('a soft reboot of a stopped server fails its sub-job', async () => {
    await start();
    const { body } = await batch('reboot', { type: 'SOFT', servers: servers('off-1') });
    expect((await jobDone(body.job_id)).subJobs[0]).toMatchObject({ status: 'FAIL', errorCode: 'Ecs.0100' });
    expect(emulator.server('off-1')?.status).toBe('SHUTOFF');
  });

  test("a job-fail fault with serverId fails that server's sub-job only; it stays as it was", async () => {
    // GIVEN a fault that targets run-2 inside any batch stop
    await start({ faults: [{ route: 'cloudservers-batch:os-stop', kind: 'job-fail', serverId: 'run-2', failReason: 'hypervisor busy' }] });
    // WHEN three servers are stopped in one batch
    const { body } = await batch('os-stop', { servers: servers('run-1', 'run-2', 'run-3') });
    const job = await jobDone(body.job_id);
    // THEN run-2 failed with the default stop code and the fault's reason; run-1 and run-3 stopped
    expect(job.subJobs.map((s) => [s.serverId, s.status])).toEqual([
      ['run-1', 'SUCCESS'],
      ['run-2', 'FAIL'],
      ['run-3', 'SUCCESS'],
    ]);
    expect(job.subJobs[1]).toMatchObject({ errorCode: 'Ecs.0611', failReason: 'hypervisor busy' });
    expect(job).toMatchObject({ status: 'FAIL', errorCode: 'Ecs.0611', failReason: 'hypervisor busy' });
    expect(['run-1', 'run-2', 'run-3'].map((id) => emulator.server(id)).map((s) => [s?.status, s?.taskState])).toEqual([
      ['SHUTOFF', null],
      ['ACTIVE', null],
      ['SHUTOFF', null],
    ]);
    expect(emulator.audit.at(-1)?.fault).toBe('job-fail');
    // AND the rule is used up: a second batch stop of run-2 succeeds
    const retry = await batch('os-stop', { servers: servers('run-2') });
    expect((await jobDone(retry.body.job_id)).status).toBe('SUCCESS');
  });

  test('a targeted fault waits for its server: a batch without it is not hit', async () => {
    await start({ faults: [{ route: 'cloudservers-batch', kind: 'job-fail', serverId: 'off-2' }] });
    const first = await batch('os-start', { servers: servers('off-1') });
    expect((await jobDone(first.body.job_id)).status).toBe('SUCCESS');
    const second = await batch('os-start', { servers: servers('off-2') });
    expect((await jobDone(second.body.job_id)).subJobs[0]).toMatchObject({ status: 'FAIL', errorCode: 'Ecs.0226' });
  });

  test("an untargeted job-fail hits one server's sub-job per time: times 2 fails the first two of a batch", async () => {
    await start({ faults: [{ route: 'cloudservers-batch:reboot', kind: 'job-fail', times: 2 }] });
    const { body } = await batch('reboot', { type: 'SOFT', servers: servers('run-1', 'run-2', 'run-3') });
    const job = await jobDone(body.job_id);
    expect(job.subJobs.map((s) => [s.status, s.errorCode])).toEqual([
      ['FAIL', 'Ecs.0227'],
      ['FAIL', 'Ecs.0227'],
      ['SUCCESS', null],
    ]);
  });
});

describe('batch actions: refusals of the whole request', () => {
  const expectCloudError = (reply: { status: number; body: { error: { code: string; message: string } } }, status: number, code: string, message?: string) => {
    expect(reply.status).toBe(status);
    expect(reply.body.error.code).toBe(code);
    if (message) expect(reply.body.error.message).toContain(message);
  };

  test.each([
    ['no servers', 'os-stop', {}, 'servers must be a non-empty list'],
    ['an empty list', 'os-start', { servers: [] }, 'servers must be a non-empty list'],
    ['a server without id', 'os-start', { servers: [{ name: 'x' }] }, 'servers[0].id'],
    ['a server twice', 'os-stop', { servers: servers('run-1', 'run-1') }, 'appears twice'],
    ['a reboot without type', 'reboot', { servers: servers('run-1') }, 'type is mandatory'],
    ['an unknown stop type', 'os-stop', { type: 'GENTLE', servers: servers('run-1') }, 'type must be SOFT or HARD'],
    ['not an object', 'os-stop', ['run-1'], 'must be an object'],
  ])('%s → 400 Ecs.0005, nothing changes', async (_name, action, option, message) => {
    await start();
    expectCloudError(await batch(action, option), 400, 'Ecs.0005', message);
    expect(emulator.jobs()).toEqual([]);
    expect(emulator.mutations()).toBe(0);
  });

  test('more than 1,000 servers → 400 Ecs.0118', async () => {
    await start();
    const many = Array.from({ length: 1001 }, (_, i) => ({ id: `srv-${i}` }));
    expectCloudError(await batch('os-stop', { servers: many }), 400, 'Ecs.0118', 'At most 1000');
  });

  test('an unknown server → 404 Ecs.0114 naming it; no server of the batch changes', async () => {
    await start();
    expectCloudError(await batch('os-stop', { servers: servers('run-1', 'ghost') }), 404, 'Ecs.0114', 'Server ghost does not exist');
    expect(emulator.jobs()).toEqual([]);
    expect(emulator.server('run-1')?.status).toBe('ACTIVE');
  });

  test.each([
    ['an unknown action', { 'os-pause': { servers: servers('run-1') } }, 'found "os-pause"'],
    ['two actions', { 'os-stop': { servers: servers('run-1') }, 'os-start': { servers: servers('off-1') } }, 'found "os-stop", "os-start"'],
    ['an array body', [1], 'not a JSON object'],
  ])('%s → 400 Ecs.0005 before the IAM check, in the cloudservers format', async (_name, body, message) => {
    await start();
    const reply = await client.call('POST', client.ecs('/cloudservers/action'), body);
    expectCloudError(reply, 400, 'Ecs.0005', message);
    expect(emulator.audit.at(-1)).toMatchObject({ decision: 'not-evaluated', status: 400 });
    expect(emulator.audit.at(-1)?.route).toBeUndefined();
  });
});

describe('batch actions: IAM', () => {
  const allow = (...actions: string[]): PolicyDocument => ({ Version: '1.1', Statement: [{ Effect: 'Allow', Action: actions }] });

  test.each([
    ['os-start', { servers: servers('off-1') }, 'ecs:cloudServers:start'],
    ['os-stop', { servers: servers('run-1') }, 'ecs:cloudServers:stop'],
    ['reboot', { type: 'SOFT', servers: servers('run-1') }, 'ecs:cloudServers:reboot'],
  ])('%s needs %s and nothing else', async (action, option, needed) => {
    // GIVEN a policy with every batch action but the one needed
    await start({ policy: allow(...['ecs:cloudServers:start', 'ecs:cloudServers:stop', 'ecs:cloudServers:reboot'].filter((a) => a !== needed)) });
    // THEN the call is denied naming it, in the cloudservers format
    const denied = await batch(action, option);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toEqual({ code: 'Pdp.0001', message: `Policy does not allow ${needed} to be performed.` });
    expect(emulator.audit.at(-1)).toMatchObject({ route: `cloudservers-batch:${action}`, action: needed, requiredActions: [needed], decision: 'denied' });
    // AND with only that action it goes through
    emulator.setPolicy(allow(needed));
    expect((await batch(action, option)).status).toBe(200);
  });
});

describe('batch actions: hostile bodies', () => {
  test('any body gets a job or a 4xx in the cloudservers format; a refusal changes nothing', async () => {
    await start({ timings: FROZEN });
    const ids = [...RUNNING, ...STOPPED, LOCKED].map((s) => s.id);
    const option = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          type: fc.oneof(fc.constantFrom('SOFT', 'HARD'), fc.jsonValue()),
          servers: fc.array(fc.oneof(fc.record({ id: fc.constantFrom(...ids) }), fc.record({ id: fc.string() }), fc.jsonValue()), { maxLength: 4 }),
        },
        { requiredKeys: [] },
      ),
    );
    const body = fc.oneof(
      fc.record({ key: fc.constantFrom('os-start', 'os-stop', 'reboot'), option }).map(({ key, option: value }) => ({ [key]: value })),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (sent) => {
        const jobs = emulator.jobs().length;
        const mutations = emulator.mutations();
        // Serialized here: the helper sends a string as it is.
        const reply = await client.call('POST', client.ecs('/cloudservers/action'), JSON.stringify(sent));
        if (reply.status === 200) {
          expect(emulator.job(reply.body.job_id)).toBeDefined();
        } else {
          expect([400, 404]).toContain(reply.status);
          expect(reply.body.error.code).toMatch(/^(Ecs|Common)\.\d{4}$/);
          expect(emulator.jobs()).toHaveLength(jobs);
          expect(emulator.mutations()).toBe(mutations);
        }
      }),
      { numRuns: 150 },
    );
  });
});
