/**
 * Waiting for many cloudservers jobs in one poll loop (`GET /v1/{project_id}/jobs/{job_id}`): batch jobs, one
 * sub-job per server, and per-server jobs. Jobs submitted together take about as long as each other, so while
 * the oldest unfinished job still runs, only it is polled; once it has ended, every other unfinished job is
 * polled in the same round. That keeps the job reads near one per job, whatever the poll interval.
 */
import type { CommandContext } from '../command';
import { InvalidResponseError } from '../errors/invalid-response-error';
import { readPath } from './catalog-paths';
import { asRecord, asString } from './json';
import { serverIdKey } from '../../validation';
import type { ServerState } from './server-state';
import { sleepOrTimeOut } from './wait';
import { failedSubJob, subJobsOf } from './wait-for-job';

/** A job to follow and the servers it acts on (one for a per-server job). */
export interface FleetJob {
  readonly jobId: string;
  readonly serverIds: readonly string[];
}

/**
 * How one server's part of a job ended. `state` is the server as read after a race with another task, when the
 * step was decided on it rather than on the job.
 */
export type ServerOutcome =
  | { readonly ok: true; readonly state?: ServerState }
  | { readonly ok: false; readonly jobId: string; readonly errorCode?: string; readonly reason: string };

/** What a poll round saw: servers whose part ended, and servers still under way. */
export interface JobRound {
  readonly ended: ReadonlyMap<string, ServerOutcome>;
  readonly running: number;
}

/** Runs `tasks` with at most `limit` in flight; results in input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Requests in flight at once: reads, job queries and per-server mutations. */
export const FLEET_CONCURRENCY = 32;

/**
 * Polls the jobs until every one has ended; resolves to each server's outcome.
 * @param onRound called after each round that learned something, for the progress line
 */
export async function waitForJobs(context: CommandContext, jobs: readonly FleetJob[], onRound: (round: JobRound) => void): Promise<Map<string, ServerOutcome>> {
  const outcomes = new Map<string, ServerOutcome>();
  const unfinished = [...jobs];
  const total = jobs.reduce((n, j) => n + j.serverIds.length, 0);
  const awaited = `${jobs.length} job(s) to end (SUCCESS or FAIL)`;
  while (unfinished.length > 0) {
    await sleepOrTimeOut(context, awaited, `${total - outcomes.size} of ${total} servers under way`);
    // Probe the oldest job; when it has ended, the others are likely to have ended too.
    const probe = await readJob(context, unfinished[0]);
    const polled = probe.ended ? [unfinished[0], ...unfinished.slice(1)] : [unfinished[0]];
    const reads = probe.ended ? [probe, ...(await mapBounded(unfinished.slice(1), FLEET_CONCURRENCY, (job) => readJob(context, job)))] : [probe];
    const endedNow = new Map<string, ServerOutcome>();
    reads.forEach((read, i) => {
      if (!read.ended) return;
      unfinished.splice(unfinished.indexOf(polled[i]), 1);
      for (const [serverId, outcome] of read.outcomes) endedNow.set(serverId, outcome);
    });
    for (const [serverId, outcome] of endedNow) outcomes.set(serverId, outcome);
    onRound({ ended: outcomes, running: total - outcomes.size });
  }
  return outcomes;
}

interface JobRead {
  readonly ended: boolean;
  readonly outcomes: Map<string, ServerOutcome>;
}

/** One job query. An ended job gives every server an outcome: its sub-job's, else the job's own. */
async function readJob(context: CommandContext, job: FleetJob): Promise<JobRead> {
  const { client } = context;
  const path = readPath('show-job', { project_id: client.projectId, job_id: job.jobId });
  const response = await client.request({ method: 'GET', path });
  const body = asRecord(response.body);
  const status = asString(body?.status);
  if (!body || !status) throw new InvalidResponseError({ method: 'GET', path }, { status: response.status, message: 'the body has no job status' });
  const outcomes = new Map<string, ServerOutcome>();
  if (status !== 'SUCCESS' && status !== 'FAIL') return { ended: false, outcomes };
  // Keyed as the cloud compares server IDs: it may answer in another case than the request's.
  const subJobs = new Map<string, Record<string, unknown>>();
  for (const sub of subJobsOf(body)) {
    const serverId = failedSubJob(sub).serverId;
    if (serverId) subJobs.set(serverIdKey(serverId), sub);
  }
  for (const serverId of job.serverIds) {
    const sub = subJobs.get(serverIdKey(serverId));
    // The documentation promises no all-or-nothing: a server's own sub-job decides; without one, the job does.
    const subStatus = asString(sub?.status);
    const ok = subStatus ? subStatus === 'SUCCESS' : status === 'SUCCESS';
    const failed = sub ? failedSubJob(sub) : undefined;
    outcomes.set(
      serverId,
      ok
        ? { ok: true }
        : {
            ok: false,
            jobId: failed?.jobId ?? job.jobId,
            errorCode: failed?.errorCode ?? asString(body.error_code),
            reason: failed?.reason ?? asString(body.fail_reason) ?? 'no reason given',
          },
    );
  }
  return { ended: true, outcomes };
}
