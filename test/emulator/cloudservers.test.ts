import type { Emulator, EmulatorOptions, JobSnapshot } from '../../src/emulator';
import { EmulatorClient, emulatorLauncher, FAST, FROZEN, waitFor } from './helpers/emulator-client';

const RUNNING = { id: 'srv-running', name: 'web-1', flavorRef: 's3.medium.2', imageId: 'img-old', status: 'ACTIVE' } as const;
const STOPPED = { id: 'srv-stopped', name: 'web-2', flavorRef: 's3.medium.2', imageId: 'img-old', status: 'SHUTOFF' } as const;
const LOCKED = { id: 'srv-locked', name: 'web-3', flavorRef: 's3.medium.2', imageId: 'img-old', status: 'SHUTOFF', locked: true } as const;

const launch = emulatorLauncher();
let emulator: Emulator;
let client: EmulatorClient;

async function start(options: EmulatorOptions = {}): Promise<void> {
  emulator = await launch({ servers: [RUNNING, STOPPED, LOCKED], timings: FAST, ...options });
  client = new EmulatorClient(emulator);
}

const changeOs = (id: string, option: unknown, version = 'v2') =>
  client.call('POST', client.ecs(`/cloudservers/${id}/changeos`, version), { 'os-change': option });
const reinstallOs = (id: string, option: unknown, version = 'v2') =>
  client.call('POST', client.ecs(`/cloudservers/${id}/reinstallos`, version), { 'os-reinstall': option });
const resize = (id: string, body: unknown) => client.call('POST', client.ecs(`/cloudservers/${id}/resize`), body);
const jobDone = (jobId: string) =>
  waitFor(
    () => emulator.job(jobId)!,
    (j: JobSnapshot) => j.status === 'SUCCESS' || j.status === 'FAIL',
  );

describe('cloudservers jobs: INIT → RUNNING → SUCCESS with sub-jobs', () => {
  test('a job starts INIT, then runs with the server in task_state rebuilding (status REBUILD)', async () => {
    await start({ timings: { ...FROZEN, jobQueued: 0 } });
    const reply = await changeOs(STOPPED.id, { imageid: 'img-new', keyname: 'kp' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ job_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    // INIT is left at once (jobQueued 0); the sub-job then runs for the frozen time
    const running = await waitFor(
      () => emulator.job(reply.body.job_id)!,
      (j) => j.status === 'RUNNING',
    );
    expect(running.subJobs).toEqual([expect.objectContaining({ jobType: 'changeOS', status: 'RUNNING' })]);
    expect(emulator.server(STOPPED.id)).toMatchObject({ status: 'REBUILD', taskState: 'rebuilding' });
  });

  test('the job query shows INIT while queued', async () => {
    await start({ timings: FROZEN });
    const { body } = await changeOs(STOPPED.id, { imageid: 'img-new', keyname: 'kp' });
    const job = await client.call('GET', client.ecs(`/jobs/${body.job_id}`));
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ job_id: body.job_id, job_type: 'changeOS', status: 'INIT', end_time: null, error_code: null, fail_reason: null });
    expect(job.body.entities).toMatchObject({ sub_jobs_total: 1 });
  });

  test.each(['v1', 'v2'])('changeos %s: SUCCESS, the image changes, the server stays SHUTOFF', async (version) => {
    await start();
    const { body } = await changeOs(STOPPED.id, { imageid: 'img-new', adminpass: 'Str0ng!Passw0rd' }, version);
    await jobDone(body.job_id);
    const job = await client.call('GET', client.ecs(`/jobs/${body.job_id}`));
    expect(job.body).toMatchObject({ status: 'SUCCESS', entities: { sub_jobs: [{ status: 'SUCCESS', entities: { server_id: STOPPED.id } }] } });
    expect(emulator.server(STOPPED.id)).toMatchObject({ status: 'SHUTOFF', imageId: 'img-new' });
    expect(emulator.mutations(STOPPED.id)).toBe(1);
  });

  test.each(['v1', 'v2'])('reinstallos %s: SUCCESS, the image stays, the key pair is set', async (version) => {
    await start();
    const { body } = await reinstallOs(STOPPED.id, { keyname: 'kp-2', userid: 'user-1' }, version);
    expect((await jobDone(body.job_id)).status).toBe('SUCCESS');
    expect(emulator.server(STOPPED.id)).toMatchObject({ status: 'SHUTOFF', imageId: 'img-old', keyName: 'kp-2' });
  });

  test('mode withStopServer changes the OS of a running server: stopServer, then changeOS, then running again', async () => {
    await start();
    const { body } = await changeOs(RUNNING.id, { imageid: 'img-new', keyname: 'kp', mode: 'withStopServer' });
    const job = await jobDone(body.job_id);
    expect(job.subJobs.map((s) => [s.jobType, s.status])).toEqual([
      ['stopServer', 'SUCCESS'],
      ['changeOS', 'SUCCESS'],
    ]);
    expect(emulator.server(RUNNING.id)).toMatchObject({ status: 'ACTIVE', imageId: 'img-new' });
  });

  test('resize with mode withStopServer of a running server: stopServer, then resizeServer, then running again', async () => {
    await start();
    const { body, status } = await resize(RUNNING.id, { resize: { flavorRef: 's3.large.2', mode: 'withStopServer' } });
    expect(status).toBe(200);
    const job = await jobDone(body.job_id);
    expect(job.subJobs.map((s) => [s.jobType, s.status])).toEqual([
      ['stopServer', 'SUCCESS'],
      ['resizeServer', 'SUCCESS'],
    ]);
    expect(emulator.server(RUNNING.id)).toMatchObject({ status: 'ACTIVE', flavorRef: 's3.large.2' });
  });

  test('resize with mode withStopServer of a stopped server: one resizeServer sub-job, still SHUTOFF', async () => {
    await start();
    const { body } = await resize(STOPPED.id, { resize: { flavorRef: 's3.large.2', mode: 'withStopServer' } });
    const job = await jobDone(body.job_id);
    expect(job.subJobs.map((s) => s.jobType)).toEqual(['resizeServer']);
    expect(emulator.server(STOPPED.id)).toMatchObject({ status: 'SHUTOFF', flavorRef: 's3.large.2' });
  });

  test('a failed withStopServer resize leaves the server stopped with its old flavor', async () => {
    await start({ faults: [{ route: 'cloudservers-resize', kind: 'job-fail', serverId: RUNNING.id }] });
    const { body } = await resize(RUNNING.id, { resize: { flavorRef: 's3.large.2', mode: 'withStopServer' } });
    expect((await jobDone(body.job_id)).subJobs.map((s) => s.status)).toEqual(['SUCCESS', 'FAIL']);
    expect(emulator.server(RUNNING.id)).toMatchObject({ status: 'SHUTOFF', flavorRef: 's3.medium.2', taskState: null });
  });

  test('cloudservers resize of a stopped server: SUCCESS with the new flavor, still SHUTOFF', async () => {
    await start();
    const { body, status } = await resize(STOPPED.id, { resize: { flavorRef: 's3.large.2' } });
    expect(status).toBe(200);
    expect(await jobDone(body.job_id)).toMatchObject({ status: 'SUCCESS', jobType: 'resizeServer' });
    expect(emulator.server(STOPPED.id)).toMatchObject({ status: 'SHUTOFF', flavorRef: 's3.large.2' });
  });

  test('resize dry_run answers 202 and changes nothing', async () => {
    await start();
    const reply = await resize(STOPPED.id, { resize: { flavorRef: 's3.large.2' }, dry_run: true });
    expect(reply.status).toBe(202);
    expect(emulator.jobs()).toEqual([]);
    expect(emulator.mutations()).toBe(0);
  });

  test('cloudservers show always carries locked, and "" for no task', async () => {
    await start();
    const shown = await client.call('GET', client.ecs(`/cloudservers/${LOCKED.id}`));
    expect(shown.body.server).toMatchObject({ id: LOCKED.id, status: 'SHUTOFF', locked: true, 'OS-EXT-STS:task_state': '', 'OS-EXT-STS:vm_state': 'stopped' });
  });
});

describe("cloudservers: refusals with the cloud's error codes", () => {
  beforeEach(() => start());

  const expectCloudError = (reply: { status: number; body: { error: { code: string } } }, status: number, code: string) => {
    expect(reply.status).toBe(status);
    expect(reply.body.error.code).toBe(code);
  };

  test('changing the OS of a running server without withStopServer → 400 Ecs.0100', async () => {
    expectCloudError(await changeOs(RUNNING.id, { imageid: 'img-new', keyname: 'kp' }), 400, 'Ecs.0100');
    expectCloudError(await reinstallOs(RUNNING.id, { keyname: 'kp', userid: 'u' }), 400, 'Ecs.0100');
    expect(emulator.mutations()).toBe(0);
  });

  test('resizing a running server → 400 Ecs.0100', async () => {
    expectCloudError(await resize(RUNNING.id, { resize: { flavorRef: 's3.large.2' } }), 400, 'Ecs.0100');
  });

  test('a locked server → 400 Ecs.0605 "ECS locked."', async () => {
    const reply = await changeOs(LOCKED.id, { imageid: 'img-new', keyname: 'kp' });
    expect(reply.body).toEqual({ error: { code: 'Ecs.0605', message: 'ECS locked.' } });
    expectCloudError(await resize(LOCKED.id, { resize: { flavorRef: 's3.large.2' } }), 400, 'Ecs.0605');
  });

  test('a server with a job running → 400 Ecs.0100', async () => {
    await start({ timings: { ...FROZEN, jobQueued: 0 } });
    await changeOs(STOPPED.id, { imageid: 'img-new', keyname: 'kp' });
    await waitFor(
      () => emulator.server(STOPPED.id)!,
      (s) => s.taskState !== null,
    );
    expectCloudError(await reinstallOs(STOPPED.id, { keyname: 'kp', userid: 'u' }), 400, 'Ecs.0100');
  });

  test('resize with an unknown mode → 400 Ecs.0005, even for a stopped server', async () => {
    const reply = await resize(STOPPED.id, { resize: { flavorRef: 's3.large.2', mode: 'withoutStop' } });
    expectCloudError(reply, 400, 'Ecs.0005');
    expect(reply.body).toEqual({ error: { code: 'Ecs.0005', message: expect.stringContaining('resize.mode must be "withStopServer"') } });
    expect(emulator.jobs()).toEqual([]);
  });

  test('resize: unknown flavor Ecs.0029, same flavor Ecs.0810, no flavorRef Ecs.0005', async () => {
    expectCloudError(await resize(STOPPED.id, { resize: { flavorRef: 'x9.huge.1' } }), 400, 'Ecs.0029');
    expectCloudError(await resize(STOPPED.id, { resize: { flavorRef: 's3.medium.2' } }), 400, 'Ecs.0810');
    expectCloudError(await resize(STOPPED.id, { resize: {} }), 400, 'Ecs.0005');
    expectCloudError(await resize(STOPPED.id, { resize: { flavorRef: 's3.large.2' }, dry_run: 'yes' }), 400, 'Ecs.0005');
  });

  test.each([
    ['no imageid', { keyname: 'kp' }, 'imageid is required'],
    ['keyname and adminpass together', { imageid: 'i', keyname: 'kp', adminpass: 'Str0ng!Passw0rd' }, 'must not be set together'],
    ['neither keyname, adminpass nor user_data', { imageid: 'i' }, 'needs keyname, adminpass or metadata.user_data'],
    ['user_data that is not base64', { imageid: 'i', metadata: { user_data: 'not base64!' } }, 'must be base64'],
    ['a mode other than withStopServer', { imageid: 'i', keyname: 'kp', mode: 'force' }, 'mode must be'],
  ])('changeos with %s → 400 Ecs.0005', async (_name, option, message) => {
    const reply = await changeOs(STOPPED.id, option);
    expectCloudError(reply, 400, 'Ecs.0005');
    expect(reply.body.error.message).toContain(message);
  });

  test('changeos /v1 (no Cloud-Init) refuses user_data; /v2 takes it', async () => {
    const userData = Buffer.from('#!/bin/sh\necho hi\n').toString('base64');
    expectCloudError(await changeOs(STOPPED.id, { imageid: 'i', metadata: { user_data: userData } }, 'v1'), 400, 'Ecs.0005');
    expect((await changeOs(STOPPED.id, { imageid: 'i', metadata: { user_data: userData } }, 'v2')).status).toBe(200);
  });

  test('a weak adminpass → 400 Ecs.0011, and the password is not echoed', async () => {
    const reply = await changeOs(STOPPED.id, { imageid: 'i', adminpass: 'weakpass' });
    expectCloudError(reply, 400, 'Ecs.0011');
    expect(reply.text).not.toContain('weakpass');
  });

  test('reinstallos with keyname but no userid → 400 Ecs.0005', async () => {
    expectCloudError(await reinstallOs(STOPPED.id, { keyname: 'kp' }), 400, 'Ecs.0005');
  });

  test('a missing os-change object, malformed JSON, an empty body → 400', async () => {
    expectCloudError(await client.call('POST', client.ecs(`/cloudservers/${STOPPED.id}/changeos`, 'v2'), { other: {} }), 400, 'Ecs.0005');
    expectCloudError(await client.call('POST', client.ecs(`/cloudservers/${STOPPED.id}/changeos`, 'v2'), '{'), 400, 'Ecs.0005');
    expectCloudError(await client.call('POST', client.ecs(`/cloudservers/${STOPPED.id}/resize`)), 400, 'Common.0002');
  });

  test('unknown server → 404 Ecs.0114; unknown job → 400 Common.0011', async () => {
    expectCloudError(await client.call('GET', client.ecs('/cloudservers/missing')), 404, 'Ecs.0114');
    expectCloudError(await changeOs('missing', { imageid: 'i', keyname: 'kp' }), 404, 'Ecs.0114');
    expectCloudError(await client.call('GET', client.ecs('/jobs/ff80808200000000000000000000dead')), 400, 'Common.0011');
  });

  test('another project id in the URL → 400 Ecs.0023', async () => {
    const reply = await client.call('GET', `/v1/ffffffffffffffffffffffffffffffff/cloudservers/${STOPPED.id}`);
    expect(reply.body).toEqual({ error: { code: 'Ecs.0023', message: 'project_id in token mismatches with project_id in url.' } });
  });
});
