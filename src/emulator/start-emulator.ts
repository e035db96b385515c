/**
 * `startEmulator`: an in-memory OTC / Huawei Cloud ECS API on 127.0.0.1, faithful to the wire contract in
 * ecs-api.md: the seed routes, the batch and cloudservers group routes of fleet-apis.md, server details, jobs
 * and tokens; the server state machine; AK/SK and token authentication; optional IAM enforcement; deterministic
 * faults; an audit log of every request.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type PolicyDocument, validatePolicyDocument } from '../iam';
import { enforceablePolicy } from './private/enforceable-policy';
import type { AuditEntry } from './audit-entry';
import { resolveTimings } from './emulator-timings';
import {
  DEFAULT_CREDENTIALS,
  DEFAULT_FLAVORS,
  DEFAULT_PROJECT_ID,
  DEFAULT_USERS,
  type EmulatorCredential,
  type EmulatorOptions,
  type SeedServer,
  type SeedServerGroup,
} from './emulator-options';
import { type FaultRule, validateFaultRules } from './fault-rule';
import { createRequestListener } from './private/request-listener';
import type { EmulatedCloud } from './route-table';
import { type ServerTag, snapshotOf } from './private/server-record';
import { TokenStore } from './private/token-store';
import { type JobRecord, World } from './private/world';
import type { JobSnapshot, ServerGroupSnapshot, ServerSnapshot } from './snapshots';

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly projectId: string;
  /** The accepted AK/SK pairs. */
  readonly credentials: readonly EmulatorCredential[];
  /** Every request so far, oldest first (a live array). */
  readonly audit: readonly AuditEntry[];
  /** Whether a policy is enforced right now. */
  readonly enforcing: boolean;
  /** One server, or `undefined` when it does not exist. */
  server(id: string): ServerSnapshot | undefined;
  servers(): ServerSnapshot[];
  serverGroups(): ServerGroupSnapshot[];
  jobs(): JobSnapshot[];
  /** One job, or `undefined`. */
  job(id: string): JobSnapshot | undefined;
  /** Applied mutations for a server id or a server-group name; without a key, all of them. */
  mutations(key?: string): number;
  clearAudit(): void;
  /** Enforces a policy from now on; `undefined` turns enforcement off. */
  setPolicy(policy: PolicyDocument | undefined): void;
  addFaults(rules: readonly FaultRule[]): void;
  clearFaults(): void;
  /** Stops listening, cancels pending transitions and drops open connections. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const projectId = options.projectId ?? DEFAULT_PROJECT_ID;
  const credentials = options.credentials ?? DEFAULT_CREDENTIALS;
  const world = new World({
    projectId,
    projectName: options.projectName ?? 'eu-de',
    timings: resolveTimings(options.timings),
    clock: options.clock ?? (() => new Date()),
  });
  seed(world, options.servers ?? [], options.serverGroups ?? [], options.flavors);
  validateFaultRules(options.faults ?? []);
  world.faults.add(options.faults ?? []);
  let policy =
    options.policy === undefined
      ? undefined
      : enforceablePolicy(validatePolicyDocument(options.policy, 'the emulator policy option'), 'the emulator policy option');
  const audit: AuditEntry[] = [];
  const server = createServer(
    createRequestListener({
      world,
      credentials,
      users: options.users ?? DEFAULT_USERS,
      tokens: new TokenStore(options.tokens ?? []),
      policy: () => policy,
      cloud: checkCloud(options.cloud),
      audit,
      onAudit: options.onAudit,
    }),
  );
  const port = await listen(server, options.port ?? 0);
  world.url = `http://127.0.0.1:${port}`;

  return {
    url: world.url,
    port,
    projectId,
    credentials,
    audit,
    get enforcing() {
      return policy !== undefined;
    },
    server: (id) => {
      const record = world.servers.get(id);
      return record && snapshotOf(record);
    },
    servers: () => [...world.servers.values()].map(snapshotOf),
    serverGroups: () => [...world.groups.values()].map((g) => ({ id: g.id, name: g.name, policies: [...g.policies], members: [...g.members] })),
    jobs: () => [...world.jobs.values()].map(jobSnapshot),
    job: (id) => {
      const record = world.jobs.get(id);
      return record && jobSnapshot(record);
    },
    mutations: (key) => world.mutations(key),
    clearAudit: () => {
      audit.length = 0;
    },
    setPolicy: (doc) => {
      policy = doc === undefined ? undefined : enforceablePolicy(validatePolicyDocument(doc, 'setPolicy'), 'setPolicy');
    },
    addFaults: (rules) => {
      validateFaultRules(rules);
      world.faults.add(rules);
    },
    clearFaults: () => world.faults.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        world.scheduler.cancelAll();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function seed(world: World, servers: readonly SeedServer[], groups: readonly SeedServerGroup[], flavors: readonly string[] | undefined): void {
  const now = world.now();
  for (const s of servers) {
    if (world.servers.has(s.id)) throw new Error(`Seed server id ${s.id} appears twice`);
    if (s.status !== 'ACTIVE' && s.status !== 'SHUTOFF')
      throw new Error(`Seed server ${s.id}: status must be ACTIVE or SHUTOFF, found ${JSON.stringify(s.status)}`);
    for (const key of ['id', 'name', 'flavorRef', 'imageId'] as const) {
      if (typeof s[key] !== 'string' || s[key] === '') throw new Error(`Seed server ${JSON.stringify(s.id)}: ${key} must be a non-empty string`);
    }
    const running = s.status === 'ACTIVE';
    world.servers.set(s.id, {
      id: s.id,
      name: s.name,
      vmState: running ? 'active' : 'stopped',
      taskState: null,
      powerState: running ? 1 : 4,
      flavorRef: s.flavorRef,
      imageId: s.imageId,
      locked: s.locked ?? false,
      tags: seedTags(s),
      enterpriseProjectId: s.enterpriseProjectId ?? DEFAULT_ENTERPRISE_PROJECT_ID,
      addresses: s.addresses ? [...s.addresses] : [defaultAddress(world.servers.size + 1)],
      created: now,
      updated: now,
    });
  }
  for (const g of groups) {
    if (g.policies.length !== 1 || g.policies[0] !== 'anti-affinity')
      throw new Error(`Seed server group ${g.name}: only ["anti-affinity"] exists on OTC and Huawei Cloud`);
    const id = g.id ?? world.ids.uuid('server-group', '5bbcc3c4');
    world.groups.set(id, { id, name: g.name, policies: ['anti-affinity'], members: [...(g.members ?? [])] });
  }
  for (const f of flavors ?? [...DEFAULT_FLAVORS, ...servers.map((s) => s.flavorRef)]) world.flavors.add(f);
}

/** The default enterprise project's id on Huawei Cloud. */
const DEFAULT_ENTERPRISE_PROJECT_ID = '0';

/** A seed server's tags, checked as the tag APIs would store them ("A key contains a maximum of 127 Unicode characters"; a value 255). */
function seedTags(s: SeedServer): ServerTag[] {
  if (s.enterpriseProjectId !== undefined && (typeof s.enterpriseProjectId !== 'string' || s.enterpriseProjectId === ''))
    throw new Error(`Seed server ${JSON.stringify(s.id)}: enterpriseProjectId must be a non-empty string`);
  if (s.tags === undefined) return [];
  if (typeof s.tags !== 'object' || s.tags === null || Array.isArray(s.tags)) throw new Error(`Seed server ${JSON.stringify(s.id)}: tags must be an object`);
  return Object.entries(s.tags).map(([key, value]) => {
    if (key === '' || [...key].length > 127 || typeof value !== 'string' || [...value].length > 255)
      throw new Error(`Seed server ${JSON.stringify(s.id)}: tag ${JSON.stringify(key)} must have a key of 1 to 127 and a value of at most 255 characters`);
    return { key, value };
  });
}

/** The n-th seed server's private address: 10.0.0.1, 10.0.0.2, … */
function defaultAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

function jobSnapshot(job: JobRecord): JobSnapshot {
  return {
    jobId: job.jobId,
    jobType: job.jobType,
    serverIds: [...job.serverIds],
    status: job.status,
    subJobs: job.subJobs.map((s) => ({
      jobId: s.jobId,
      jobType: s.jobType,
      serverId: s.serverId,
      status: s.status,
      errorCode: s.errorCode,
      failReason: s.failReason,
    })),
    errorCode: job.errorCode,
    failReason: job.failReason,
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: this is a test emulator with printed test credentials.
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function checkCloud(cloud: unknown): EmulatedCloud {
  if (cloud === undefined || cloud === 'otc' || cloud === 'huaweicloud') return cloud ?? 'otc';
  throw new Error(`the emulator cloud option is ${JSON.stringify(cloud)}: use 'otc' or 'huaweicloud'`);
}
