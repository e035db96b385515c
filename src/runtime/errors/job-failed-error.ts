import { ExitCode } from '../exit-code';
import { EcsLifecycleError, type EcsLifecycleErrorOptions } from './ecs-lifecycle-error';

/** A failed sub-job, as the job query reports it. */
export interface FailedSubJob {
  readonly jobId?: string;
  readonly jobType?: string;
  /** The server the sub-job acted on (`entities.server_id`), for batch jobs. */
  readonly serverId?: string;
  readonly errorCode?: string;
  readonly reason?: string;
}

/** What a failed cloudservers job reported. */
export interface FailedJob {
  readonly jobId: string;
  readonly jobType?: string;
  readonly errorCode?: string;
  readonly reason?: string;
  readonly failedSubJobs: readonly FailedSubJob[];
}

/** An asynchronous cloudservers job ended in FAIL. */
export class JobFailedError extends EcsLifecycleError {
  override readonly name = 'JobFailedError';
  readonly exitCode = ExitCode.FAILED;

  constructor(
    readonly job: FailedJob,
    options?: EcsLifecycleErrorOptions,
  ) {
    super(describeJob(job), options);
  }
}

function describeJob(job: FailedJob): string {
  const head = `job ${job.jobId}${job.jobType ? ` (${job.jobType})` : ''} ended in FAIL${describeCause(job)}`;
  const subs = job.failedSubJobs.map(
    (s) => `; sub-job ${s.jobId ?? '?'}${s.jobType ? ` (${s.jobType})` : ''} failed${s.serverId ? ` for server ${s.serverId}` : ''}${describeCause(s)}`,
  );
  return head + subs.join('');
}

function describeCause(c: { readonly errorCode?: string; readonly reason?: string }): string {
  const parts = [c.errorCode, c.reason ? JSON.stringify(c.reason) : undefined].filter(Boolean);
  return parts.length ? `: ${parts.join(' ')}` : '';
}
