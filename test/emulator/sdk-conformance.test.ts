/**
 * The official Huawei Cloud SDK for ECS as a conformance client: every SDK method that maps to an emulated
 * route is called through `EcsClient`, signed by the SDK's own AK/SK signer, over loopback. Each response must
 * fit the SDK's model exactly (no field the model does not know, nested models too) and the emulator's state
 * must have changed.
 */
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { Logger4jInstance } from '@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger';
import * as ecs from '@huaweicloud/huaweicloud-sdk-ecs';
import type { Emulator } from '../../src/emulator';
import { emulatorLauncher, FAST, waitFor } from './helpers/emulator-client';

// The SDK logs every failed call to stdout; the refusals below are expected.
Logger4jInstance.level = 'off';

const uuid = (n: number) => `1a2b3c4d-0000-4000-8000-${String(n).padStart(12, '0')}`;
const RUNNING = [uuid(1), uuid(2)];
const STOPPED = [uuid(3), uuid(4)];
// Tags and enterprise projects for the selection reads: the running servers and the first stopped one are role=web,
// the stopped ones are in enterprise project ep-1.
const SEEDS = [
  ...RUNNING.map((id) => ({ id, name: `web-${id.slice(-1)}`, flavorRef: 's3.medium.2', imageId: 'img-old', status: 'ACTIVE' as const, tags: { role: 'web' } })),
  ...STOPPED.map((id, i) => ({
    id,
    name: `web-${id.slice(-1)}`,
    flavorRef: 's3.medium.2',
    imageId: 'img-old',
    status: 'SHUTOFF' as const,
    tags: (i === 0 ? { role: 'web', env: 'prod' } : { role: 'db' }) as Record<string, string>,
    enterpriseProjectId: 'ep-1',
  })),
];
const USER_DATA = Buffer.from('#!/bin/sh\necho hello\n').toString('base64');

const launch = emulatorLauncher();
let emulator: Emulator;
let client: ecs.EcsClient;

beforeEach(async () => {
  emulator = await launch({ servers: SEEDS, timings: FAST });
  const { accessKey, secretKey } = emulator.credentials[0];
  const credentials = new BasicCredentials().withAk(accessKey).withSk(secretKey).withProjectId(emulator.projectId);
  client = ecs.EcsClient.newBuilder().withCredential(credentials).withEndpoint(emulator.url).build();
});

// ---- fitting a response into the SDK's model ----

type ModelClass = new () => object;
/** Nested models by wire key: a model for an object, `[model]` for a list of objects. */
type Nested = Readonly<Record<string, ModelClass | readonly [ModelClass]>>;

/**
 * The wire keys a model knows. The SDK's models write each field in a `with…` method
 * (`withJobId(v) { this['job_id'] = v; }`), so calling every one on a fresh instance lists them.
 */
function wireKeys(Model: ModelClass): Set<string> {
  const probe = new Model() as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(Model.prototype)) {
    const member = Object.getOwnPropertyDescriptor(Model.prototype, name)?.value;
    if (name.startsWith('with') && typeof member === 'function') member.call(probe, 'probe');
  }
  return new Set(Object.keys(probe));
}

/** Fits wire data into a model: every key must be one the model knows; nested objects fit their models. */
function fitModel<T extends object>(Model: new () => T, data: unknown, nested: Nested = {}, where = Model.name): T {
  expect({ where, isObject: typeof data === 'object' && data !== null && !Array.isArray(data) }).toEqual({ where, isObject: true });
  const known = wireKeys(Model);
  const record = data as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => key !== 'httpStatusCode' && !known.has(key));
  expect({ where, unknown }).toEqual({ where, unknown: [] });
  const instance = Object.assign(new Model(), record);
  for (const [key, NestedModel] of Object.entries(nested)) {
    const value = record[key];
    if (value === undefined || value === null) continue;
    if (Array.isArray(NestedModel)) {
      expect(Array.isArray(value)).toBe(true);
      (instance as Record<string, unknown>)[key] = (value as unknown[]).map((item, i) => fitModel(NestedModel[0], item, {}, `${where}.${key}[${i}]`));
    } else {
      (instance as Record<string, unknown>)[key] = fitModel(NestedModel as ModelClass, value, {}, `${where}.${key}`);
    }
  }
  return instance;
}

/** The job as the SDK's models read it, once it has ended. */
async function finishedJob(jobId: string | undefined) {
  expect(jobId).toMatch(/^[0-9a-f]{32}$/);
  const raw = await waitFor(
    () => client.showJob(new ecs.ShowJobRequest().withJobId(jobId!)),
    (j) => j.status === 'SUCCESS' || j.status === 'FAIL',
  );
  const job = fitModel(ecs.ShowJobResponse, raw);
  const entities = fitModel(ecs.JobEntities, job.entities, { sub_jobs: [ecs.SubJob] });
  const subJobs = (entities.subJobs ?? []).map((sub) => ({ sub, entities: fitModel(ecs.SubJobEntities, sub.entities) }));
  expect(Object.values(ecs.ShowJobResponseStatusEnum)).toContain(job.status);
  for (const { sub } of subJobs) expect(Object.values(ecs.SubJobStatusEnum)).toContain(sub.status);
  expect(entities.subJobsTotal).toBe(subJobs.length);
  return { job, subJobs };
}

const serverIds = (ids: readonly string[]) => ids.map((id) => new ecs.ServerId().withId(id));

// ---- the calls ----

describe('SDK conformance: batch start, stop and reboot', () => {
  test('batchStopServers: a job with one sub-job per server; both servers SHUTOFF', async () => {
    const body = new ecs.BatchStopServersRequestBody().withOsStop(new ecs.BatchStopServersOption().withServers(serverIds(RUNNING)).withType('SOFT'));
    const reply = fitModel(ecs.BatchStopServersResponse, await client.batchStopServers(new ecs.BatchStopServersRequest().withBody(body)));
    expect(reply.httpStatusCode).toBe(200);
    const { job, subJobs } = await finishedJob(reply.jobId);
    expect(job).toMatchObject({ status: 'SUCCESS', jobType: 'batchStopServers', errorCode: null, failReason: null });
    expect(subJobs.map(({ sub, entities }) => [entities.serverId, sub.jobType, sub.status])).toEqual(RUNNING.map((id) => [id, 'stopServer', 'SUCCESS']));
    expect(RUNNING.map((id) => emulator.server(id)?.status)).toEqual(['SHUTOFF', 'SHUTOFF']);
  });

  test('batchStartServers: both stopped servers ACTIVE', async () => {
    const body = new ecs.BatchStartServersRequestBody().withOsStart(new ecs.BatchStartServersOption().withServers(serverIds(STOPPED)));
    const reply = fitModel(ecs.BatchStartServersResponse, await client.batchStartServers(new ecs.BatchStartServersRequest().withBody(body)));
    expect((await finishedJob(reply.jobId)).job.status).toBe('SUCCESS');
    expect(STOPPED.map((id) => emulator.server(id)?.status)).toEqual(['ACTIVE', 'ACTIVE']);
  });

  test('batchRebootServers: HARD reboot of a running and a stopped server, both ACTIVE', async () => {
    const body = new ecs.BatchRebootServersRequestBody().withReboot(
      new ecs.BatchRebootSeversOption().withServers(serverIds([RUNNING[0], STOPPED[0]])).withType('HARD'),
    );
    const reply = fitModel(ecs.BatchRebootServersResponse, await client.batchRebootServers(new ecs.BatchRebootServersRequest().withBody(body)));
    const { subJobs } = await finishedJob(reply.jobId);
    expect(subJobs.map(({ sub }) => sub.jobType)).toEqual(['rebootServer', 'rebootServer']);
    expect([RUNNING[0], STOPPED[0]].map((id) => emulator.server(id)?.status)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(emulator.mutations(STOPPED[0])).toBe(1);
  });

  test('a partly failed batch: the SDK reads the failed sub-job with its server, code and reason', async () => {
    const body = new ecs.BatchStopServersRequestBody().withOsStop(new ecs.BatchStopServersOption().withServers(serverIds([RUNNING[0], STOPPED[0]])));
    const reply = fitModel(ecs.BatchStopServersResponse, await client.batchStopServers(new ecs.BatchStopServersRequest().withBody(body)));
    const { job, subJobs } = await finishedJob(reply.jobId);
    expect(job.status).toBe('FAIL');
    const failed = subJobs.find(({ sub }) => sub.status === 'FAIL')!;
    expect(failed.entities.serverId).toBe(STOPPED[0]);
    expect(failed.sub.errorCode).toBe('Ecs.0100');
    expect(failed.entities.errorcodeMessage).toContain('Cannot stop server');
  });
});

describe('SDK conformance: cloudservers ECS groups and members', () => {
  test('create, list, show, add and remove a member, delete: each answer fits its model, and both views agree', async () => {
    // create
    const option = new ecs.CreateServerGroupOption().withName('web').withPolicies(['anti-affinity']);
    const createdRaw = await client.createServerGroup(
      new ecs.CreateServerGroupRequest().withBody(new ecs.CreateServerGroupRequestBody().withServerGroup(option)),
    );
    const created = fitModel(ecs.CreateServerGroupResponse, createdRaw, { server_group: ecs.CreateServerGroupResult });
    const groupId = created.serverGroup!.id!;
    expect(created.serverGroup).toMatchObject({ name: 'web', policies: ['anti-affinity'], members: [], metadata: {} });
    expect(emulator.serverGroups().map((g) => g.id)).toEqual([groupId]);

    // list, one page
    const listedRaw = await client.listServerGroups(new ecs.ListServerGroupsRequest().withLimit(10));
    const listed = fitModel(ecs.ListServerGroupsResponse, listedRaw, {
      server_groups: [ecs.ListServerGroupsResult],
      page_info: ecs.ListServerGroupsPageInfoResult,
    });
    expect(listed.serverGroups!.map((g) => g.name)).toEqual(['web']);
    expect(listed.pageInfo!.nextMarker).toBe(groupId);

    // add a stopped server
    const addBody = new ecs.AddServerGroupMemberRequestBody().withAddMember(new ecs.ServerGroupMember().withInstanceUuid(STOPPED[0]));
    const added = fitModel(
      ecs.AddServerGroupMemberResponse,
      await client.addServerGroupMember(new ecs.AddServerGroupMemberRequest().withServerGroupId(groupId).withBody(addBody)),
    );
    expect(added.httpStatusCode).toBe(200);

    // show: the member is there, in the native view too
    const shownRaw = await client.showServerGroup(new ecs.ShowServerGroupRequest().withServerGroupId(groupId));
    const shown = fitModel(ecs.ShowServerGroupResponse, shownRaw, { server_group: ecs.ShowServerGroupResult });
    expect(shown.serverGroup!.members).toEqual([STOPPED[0]]);
    expect(emulator.serverGroups()[0].members).toEqual([STOPPED[0]]);

    // remove it
    const removeBody = new ecs.DeleteServerGroupMemberRequestBody().withRemoveMember(new ecs.ServerGroupMember().withInstanceUuid(STOPPED[0]));
    const removedRaw = await client.deleteServerGroupMember(new ecs.DeleteServerGroupMemberRequest().withServerGroupId(groupId).withBody(removeBody));
    expect(fitModel(ecs.DeleteServerGroupMemberResponse, removedRaw).httpStatusCode).toBe(200);
    expect(emulator.serverGroups()[0].members).toEqual([]);

    // delete the group
    const deleted = fitModel(ecs.DeleteServerGroupResponse, await client.deleteServerGroup(new ecs.DeleteServerGroupRequest().withServerGroupId(groupId)));
    expect(deleted.httpStatusCode).toBe(204);
    expect(emulator.serverGroups()).toEqual([]);
    expect(emulator.audit.map((e) => e.route)).toEqual([
      'cloudservers-groups-create',
      'cloudservers-groups-list',
      'cloudservers-groups-action:add_member',
      'cloudservers-groups-show',
      'cloudservers-groups-action:remove_member',
      'cloudservers-groups-delete',
    ]);
  });

  test("adding a running server: the SDK raises the cloud's 400 Ecs.1000 with the stopped-server reason", async () => {
    const created = await client.createServerGroup(
      new ecs.CreateServerGroupRequest().withBody(
        new ecs.CreateServerGroupRequestBody().withServerGroup(new ecs.CreateServerGroupOption().withName('web').withPolicies(['anti-affinity'])),
      ),
    );
    const groupId = fitModel(ecs.CreateServerGroupResponse, created, { server_group: ecs.CreateServerGroupResult }).serverGroup!.id!;
    const body = new ecs.AddServerGroupMemberRequestBody().withAddMember(new ecs.ServerGroupMember().withInstanceUuid(RUNNING[0]));
    const error = await client.addServerGroupMember(new ecs.AddServerGroupMemberRequest().withServerGroupId(groupId).withBody(body)).then(
      () => undefined,
      (e: unknown) => e as { httpStatusCode?: number; errorCode?: string; errorMsg?: string },
    );
    expect(error).toMatchObject({ httpStatusCode: 400, errorCode: 'Ecs.1000', errorMsg: expect.stringContaining('its state is not STOPPED') });
    expect(emulator.serverGroups()[0].members).toEqual([]);
  });
});

describe('SDK conformance: the selection reads (tag query, server list, group members)', () => {
  test('listServersByTag: the servers carrying every tag, each resource fitting ServerResource', async () => {
    const body = new ecs.ListServersByTagRequestBody()
      .withAction('filter')
      .withLimit('1000')
      .withOffset('0')
      .withTags([new ecs.ServerTags('role', ['web'])]);
    const raw = await client.listServersByTag(new ecs.ListServersByTagRequest().withBody(body));
    const reply = fitModel(ecs.ListServersByTagResponse, raw, { resources: [ecs.ServerResource] });
    expect(reply.totalCount).toBe(3);
    const resources = (raw as unknown as { resources: unknown[] }).resources.map((r) => fitModel(ecs.ServerResource, r, { tags: [ecs.ResourceTag] }));
    expect(resources.map((r) => r.resourceId)).toEqual([...RUNNING, STOPPED[0]]);
    expect(resources[2].tags).toEqual([
      { key: 'role', value: 'web' },
      { key: 'env', value: 'prod' },
    ]);
    expect(emulator.audit.at(-1)).toMatchObject({ route: 'cloudservers-tag-query', auth: 'aksk', status: 200 });
  });

  test('listServersDetails with enterprise_project_id: the servers of that project, each fitting ServerDetail', async () => {
    const raw = await client.listServersDetails(new ecs.ListServersDetailsRequest().withEnterpriseProjectId('ep-1').withLimit(1000).withOffset(1));
    const reply = fitModel(ecs.ListServersDetailsResponse, raw, { servers: [ecs.ServerDetail] });
    expect(reply.count).toBe(2);
    const servers = (raw as unknown as { servers: unknown[] }).servers.map((s) =>
      fitModel(ecs.ServerDetail, s, { flavor: ecs.ServerFlavor, image: ecs.ServerImage }),
    );
    expect(servers.map((s) => [s.id, s.tags, s.enterpriseProjectId])).toEqual([
      [STOPPED[0], ['role=web', 'env=prod'], 'ep-1'],
      [STOPPED[1], ['role=db'], 'ep-1'],
    ]);
  });

  test('showServerGroup: the members of a seeded group, as the selection by group reads them', async () => {
    emulator = await launch({ servers: SEEDS, serverGroups: [{ name: 'web', policies: ['anti-affinity'], members: RUNNING }], timings: FAST });
    const { accessKey, secretKey } = emulator.credentials[0];
    const credentials = new BasicCredentials().withAk(accessKey).withSk(secretKey).withProjectId(emulator.projectId);
    client = ecs.EcsClient.newBuilder().withCredential(credentials).withEndpoint(emulator.url).build();
    const groupId = emulator.serverGroups()[0].id;
    const raw = await client.showServerGroup(new ecs.ShowServerGroupRequest().withServerGroupId(groupId));
    fitModel(ecs.ShowServerGroupResponse, raw, { server_group: ecs.ShowServerGroupResult });
    expect(fitModel(ecs.ShowServerGroupResult, (raw as unknown as { server_group: unknown }).server_group).members).toEqual(RUNNING);
  });
});

describe('SDK conformance: show server, change OS, reinstall OS, resize, show job', () => {
  test('showServer: the cloudservers details fit ServerDetail', async () => {
    const raw = await client.showServer(new ecs.ShowServerRequest().withServerId(RUNNING[0]));
    const reply = fitModel(ecs.ShowServerResponse, raw, { server: ecs.ServerDetail });
    const server = fitModel(ecs.ServerDetail, raw.server, { flavor: ecs.ServerFlavor, image: ecs.ServerImage });
    expect(reply.server).toBeDefined();
    expect(server).toMatchObject({ id: RUNNING[0], status: 'ACTIVE', locked: false });
    expect(server.oSEXTSTSVmState).toBe('active');
    expect(server.oSEXTSTSTaskState).toBe('');
    expect(server.oSEXTSTSPowerState).toBe(1);
    expect(server.tenantId).toBe(emulator.projectId);
    expect(server.flavor!.id).toBe('s3.medium.2');
  });

  test('changeServerOsWithCloudInit (/v2) with user_data: the image changes', async () => {
    const option = new ecs.ChangeServerOsWithCloudInitOption()
      .withImageid('img-new')
      .withKeyname('kp')
      .withMetadata(new ecs.ChangeSeversOsMetadata().withUserData(USER_DATA));
    const raw = await client.changeServerOsWithCloudInit(
      new ecs.ChangeServerOsWithCloudInitRequest().withServerId(STOPPED[0]).withBody(new ecs.ChangeServerOsWithCloudInitRequestBody().withOsChange(option)),
    );
    const { job } = await finishedJob(fitModel(ecs.ChangeServerOsWithCloudInitResponse, raw).jobId);
    expect(job).toMatchObject({ status: 'SUCCESS', jobType: 'changeOS' });
    expect(emulator.server(STOPPED[0])).toMatchObject({ imageId: 'img-new', keyName: 'kp', status: 'SHUTOFF' });
    expect(emulator.audit.find((e) => e.route?.startsWith('cloudservers-changeos'))?.route).toBe('cloudservers-changeos:v2');
  });

  test('changeServerOsWithoutCloudInit (/v1) with an admin password and mode withStopServer: a running server ends ACTIVE on the new image', async () => {
    const option = new ecs.ChangeServerOsWithoutCloudInitOption().withImageid('img-new').withAdminpass('Str0ng!Passw0rd').withMode('withStopServer');
    const raw = await client.changeServerOsWithoutCloudInit(
      new ecs.ChangeServerOsWithoutCloudInitRequest()
        .withServerId(RUNNING[0])
        .withBody(new ecs.ChangeServerOsWithoutCloudInitRequestBody().withOsChange(option)),
    );
    const { subJobs } = await finishedJob(fitModel(ecs.ChangeServerOsWithoutCloudInitResponse, raw).jobId);
    expect(subJobs.map(({ sub }) => [sub.jobType, sub.status])).toEqual([
      ['stopServer', 'SUCCESS'],
      ['changeOS', 'SUCCESS'],
    ]);
    expect(emulator.server(RUNNING[0])).toMatchObject({ imageId: 'img-new', status: 'ACTIVE' });
  });

  test('reinstallServerWithCloudInit (/v2) with user_data and a key pair: the key pair is set', async () => {
    const option = new ecs.ReinstallServerWithCloudInitOption()
      .withKeyname('kp-2')
      .withUserid('user-1')
      .withMetadata(new ecs.ReinstallSeverMetadata().withUserData(USER_DATA));
    const raw = await client.reinstallServerWithCloudInit(
      new ecs.ReinstallServerWithCloudInitRequest()
        .withServerId(STOPPED[1])
        .withBody(new ecs.ReinstallServerWithCloudInitRequestBody().withOsReinstall(option)),
    );
    expect((await finishedJob(fitModel(ecs.ReinstallServerWithCloudInitResponse, raw).jobId)).job.jobType).toBe('reinstallOS');
    expect(emulator.server(STOPPED[1])).toMatchObject({ imageId: 'img-old', keyName: 'kp-2' });
  });

  test('reinstallServerWithoutCloudInit (/v1) with a key pair: the key pair is set', async () => {
    const option = new ecs.ReinstallServerWithoutCloudInitOption().withKeyname('kp-3').withUserid('user-1');
    const raw = await client.reinstallServerWithoutCloudInit(
      new ecs.ReinstallServerWithoutCloudInitRequest()
        .withServerId(STOPPED[1])
        .withBody(new ecs.ReinstallServerWithoutCloudInitRequestBody().withOsReinstall(option)),
    );
    expect((await finishedJob(fitModel(ecs.ReinstallServerWithoutCloudInitResponse, raw).jobId)).job.status).toBe('SUCCESS');
    expect(emulator.server(STOPPED[1])?.keyName).toBe('kp-3');
    expect(emulator.audit.find((e) => e.route?.startsWith('cloudservers-reinstallos'))?.route).toBe('cloudservers-reinstallos:v1');
  });

  test('resizePostPaidServer with mode withStopServer: a running server is stopped, resized and started', async () => {
    const body = new ecs.ResizePostPaidServerRequestBody().withResize(
      new ecs.ResizePostPaidServerOption().withFlavorRef('s3.large.2').withMode('withStopServer'),
    );
    const raw = await client.resizePostPaidServer(new ecs.ResizePostPaidServerRequest().withServerId(RUNNING[1]).withBody(body));
    const { job, subJobs } = await finishedJob(fitModel(ecs.ResizePostPaidServerResponse, raw).jobId);
    expect(job.jobType).toBe('resizeServer');
    expect(subJobs.map(({ sub }) => sub.jobType)).toEqual(['stopServer', 'resizeServer']);
    expect(emulator.server(RUNNING[1])).toMatchObject({ flavorRef: 's3.large.2', status: 'ACTIVE' });
  });

  test('resizePostPaidServer of a stopped server without mode: the flavor changes, the server stays SHUTOFF', async () => {
    const body = new ecs.ResizePostPaidServerRequestBody().withResize(new ecs.ResizePostPaidServerOption().withFlavorRef('c3.large.2'));
    const raw = await client.resizePostPaidServer(new ecs.ResizePostPaidServerRequest().withServerId(STOPPED[0]).withBody(body));
    expect((await finishedJob(fitModel(ecs.ResizePostPaidServerResponse, raw).jobId)).job.status).toBe('SUCCESS');
    expect(emulator.server(STOPPED[0])).toMatchObject({ flavorRef: 'c3.large.2', status: 'SHUTOFF' });
  });

  test("every SDK call was signed by the SDK and accepted by the emulator's signature check", async () => {
    await client.showServer(new ecs.ShowServerRequest().withServerId(RUNNING[0]));
    expect(emulator.audit).toEqual([expect.objectContaining({ auth: 'aksk', status: 200, route: 'cloudservers-show' })]);
  });
});
