/**
 * Waiting for a cloudservers job (`GET /v1/{project_id}/jobs/{job_id}`, the catalog's `show-job` read) until
 * SUCCESS or FAIL; a FAIL reports every failed sub-job with its error code and reason.
 */
import type { CommandContext } from '../command';
import { InvalidResponseError } from '../errors/invalid-response-error';
import { type FailedSubJob, JobFailedError } from '../errors/job-failed-error';
import { readPath } from './catalog-paths';
import { asRecord, asString } from './json';
import { pollOrTimeOut, sleepOrTimeOut } from './wait';

/** Polls the job until it ends; resolves to the job's body on SUCCESS, throws a JobFailedError on FAIL. */
export async function waitForJob(context: CommandContext, jobId: string): Promise<Record<string, unknown>> {
  const { client, progress } = context;
  const path = readPath('show-job', { project_id: client.projectId, job_id: jobId });
  const awaited = `job ${jobId} to end (SUCCESS or FAIL)`;
  let lastSeen: string | undefined;
  for (;;) {
    const response = await pollOrTimeOut(context, awaited, lastSeen, () => client.request({ method: 'GET', path }));
    const job = asRecord(response.body);
    const status = asString(job?.status);
    if (!job || !status) throw new InvalidResponseError({ method: 'GET', path }, { status: response.status, message: 'the body has no job status' });
    progress.state(`job ${jobId}`, status);
    lastSeen = status;
    if (status === 'SUCCESS') return job;
    if (status === 'FAIL') {
      throw new JobFailedError({
        jobId,
        jobType: asString(job.job_type),
        errorCode: asString(job.error_code),
        reason: asString(job.fail_reason),
        failedSubJobs: subJobsOf(job)
          .filter((s) => s.status === 'FAIL')
          .map(failedSubJob),
      });
    }
    // INIT, RUNNING, PENDING_PAYMENT: not ended yet.
    await sleepOrTimeOut(context, awaited, status);
  }
}

/** The job's sub-jobs (`entities.sub_jobs`), each an object. */
export function subJobsOf(job: Record<string, unknown>): Record<string, unknown>[] {
  const subJobs = asRecord(job.entities)?.sub_jobs;
  return Array.isArray(subJobs) ? subJobs.map(asRecord).filter((s): s is Record<string, unknown> => s !== undefined) : [];
}

/** A failed sub-job as reported: its server, error code and reason. */
export function failedSubJob(sub: Record<string, unknown>): FailedSubJob {
  const entities = asRecord(sub.entities);
  return {
    jobId: asString(sub.job_id),
    jobType: asString(sub.job_type),
    serverId: asString(entities?.server_id),
    errorCode: asString(sub.error_code),
    // entities.errorcode_message carries the cause when fail_reason is empty (ecs-api.md §2.2).
    reason: asString(sub.fail_reason) ?? asString(entities?.errorcode_message),
  };
}
