/**
 * The batch API (`POST /v1/{project_id}/cloudservers/action`: `os-start`, `os-stop`, `reboot`) and its job. The
 * documentation promises no all-or-nothing, so every sub-job is read, SUCCESS or FAIL, and each failed one is
 * reported with its server, error code and reason.
 */
import type { PermissionRowId } from '../../permissions/permission-rows';
import type { CommandContext } from '../command';
import { type FailedSubJob, JobFailedError } from '../errors/job-failed-error';
import { rowPath } from './catalog-paths';
import { asRecord, asString } from './json';
import { type AppliedCheck, sendMutation } from './send-mutation';
import { failedSubJob, subJobsOf, waitForJob } from './wait-for-job';

/** The body key of each batch row. */
const BATCH_KEYS = { 'batch-start': 'os-start', 'batch-stop': 'os-stop', 'batch-reboot': 'reboot' } as const;

/** A batch action on some servers. */
export interface BatchRequest {
  readonly row: keyof typeof BATCH_KEYS & PermissionRowId;
  readonly serverIds: readonly string[];
  /** SOFT or HARD, for stop and reboot. @default - none (start takes none; stop defaults to SOFT in the cloud) */
  readonly type?: 'SOFT' | 'HARD';
}

/**
 * Sends the batch action and waits for its job. Resolves to the job id (undefined when the response was lost and the
 * state showed the request applied) once the job and every sub-job succeeded; throws a JobFailedError naming every
 * failed sub-job's server when any failed (whatever the job's own status).
 * @param check tells whether a request whose response was lost was applied
 */
export async function runBatchAction(context: CommandContext, request: BatchRequest, check: AppliedCheck): Promise<string | undefined> {
  const { client, progress } = context;
  const key = BATCH_KEYS[request.row];
  const body = { [key]: { ...(request.type ? { type: request.type } : {}), servers: request.serverIds.map((id) => ({ id })) } };
  const response = await sendMutation(context, { method: 'POST', path: rowPath(request.row, { project_id: client.projectId }), body }, check);
  const jobId = asString(asRecord(response?.body)?.job_id);
  if (!jobId) {
    progress.line('the job id was lost with the response; following the server state instead');
    return undefined;
  }
  progress.line(`job ${jobId} accepted`);
  const job = await waitForJob(context, jobId);
  const failed: FailedSubJob[] = subJobsOf(job)
    .filter((s) => s.status === 'FAIL')
    .map(failedSubJob);
  if (failed.length > 0) {
    throw new JobFailedError({ jobId, jobType: asString(job.job_type), failedSubJobs: failed });
  }
  return jobId;
}
