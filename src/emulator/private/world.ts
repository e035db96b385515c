/** The emulator's in-memory cloud: servers, server groups, jobs, mutation counts, and the timers that move them. */
import type { EmulatorTimings } from '../emulator-timings';
import { FaultQueue } from './fault-queue';
import { IdGenerator } from './ids';
import { Scheduler } from './scheduler';
import type { ServerRecord } from './server-record';

export interface ServerGroupRecord {
  readonly id: string;
  readonly name: string;
  readonly policies: readonly string[];
  members: string[];
}

export type JobStatus = 'INIT' | 'RUNNING' | 'SUCCESS' | 'FAIL';

export interface SubJobRecord {
  readonly jobId: string;
  readonly jobType: string;
  /** The server the sub-job acts on. */
  readonly serverId: string;
  status: JobStatus;
  begin?: Date;
  end?: Date;
  errorCode: string | null;
  failReason: string | null;
}

export interface JobRecord {
  readonly jobId: string;
  readonly jobType: string;
  /** The servers the job acts on, in request order: one, or the servers of a batch. */
  readonly serverIds: readonly string[];
  status: JobStatus;
  readonly begin: Date;
  end?: Date;
  readonly subJobs: SubJobRecord[];
  errorCode: string | null;
  failReason: string | null;
}

export interface WorldConfig {
  readonly projectId: string;
  readonly projectName: string;
  readonly timings: Required<EmulatorTimings>;
  readonly clock: () => Date;
}

/**
 * Servers by id, found as the cloud finds them: without regard to case (a server ID is a UUID). Each record keeps the
 * id it was created with, which is the one the cloud answers with.
 */
export class ServerMap extends Map<string, ServerRecord> {
  override get(id: string): ServerRecord | undefined {
    return super.get(id.toLowerCase());
  }

  override has(id: string): boolean {
    return super.has(id.toLowerCase());
  }

  override set(id: string, record: ServerRecord): this {
    return super.set(id.toLowerCase(), record);
  }

  override delete(id: string): boolean {
    return super.delete(id.toLowerCase());
  }
}

export class World {
  readonly servers = new ServerMap();
  readonly groups = new Map<string, ServerGroupRecord>();
  readonly jobs = new Map<string, JobRecord>();
  readonly flavors = new Set<string>();
  readonly ids = new IdGenerator();
  readonly scheduler = new Scheduler();
  readonly faults = new FaultQueue();
  /** The base URL, known once the server listens. */
  url = '';
  private readonly mutationCounts = new Map<string, number>();

  constructor(readonly config: WorldConfig) {}

  now(): Date {
    return this.config.clock();
  }

  /** Applies a change to a server and stamps `updated`. */
  update(server: ServerRecord, change: Partial<ServerRecord>): void {
    Object.assign(server, change, { updated: this.now() });
  }

  /** Counts one mutation under each key (a batch changes each of its servers once). */
  countMutation(keys: string | readonly string[]): void {
    for (const key of typeof keys === 'string' ? [keys] : keys) this.mutationCounts.set(key, (this.mutationCounts.get(key) ?? 0) + 1);
  }

  /** Applied mutations for one key (server id, or server-group name), or in total. */
  mutations(key?: string): number {
    if (key !== undefined) return this.mutationCounts.get(key) ?? 0;
    return [...this.mutationCounts.values()].reduce((a, b) => a + b, 0);
  }
}
