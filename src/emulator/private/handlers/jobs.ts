/** `GET /v1/{project_id}/jobs/{job_id}` in the documented shape ([OTC-ECS] querying_job_execution_status.rst). */
import { type HandlerContext, type HandlerResult, reply } from '../handler-context';
import { CLOUD_CODES, cloudCodeError } from '../responses';
import type { JobRecord, SubJobRecord } from '../world';

export function showJob(ctx: HandlerContext): HandlerResult {
  const job = ctx.world.jobs.get(ctx.params.jobId ?? '');
  // An unknown job id is "Common.0011 Failed to query system tasks." with HTTP 400 (error_codes.rst).
  if (!job) return reply(cloudCodeError(400, CLOUD_CODES.jobMissing));
  return reply({ status: 200, body: jobView(job) });
}

function jobView(job: JobRecord): Record<string, unknown> {
  return {
    status: job.status,
    entities: {
      sub_jobs_total: job.subJobs.length,
      sub_jobs: job.subJobs.map(subJobView),
    },
    job_id: job.jobId,
    job_type: job.jobType,
    begin_time: job.begin.toISOString(),
    end_time: job.end?.toISOString() ?? null,
    error_code: job.errorCode,
    fail_reason: job.failReason,
  };
}

function subJobView(sub: SubJobRecord): Record<string, unknown> {
  return {
    status: sub.status,
    // A failed sub-job explains itself in entities.errorcode_message (ecs-api.md §2.2).
    entities: { server_id: sub.serverId, ...(sub.status === 'FAIL' ? { errorcode_message: `${sub.errorCode}: ${sub.failReason}` } : {}) },
    job_id: sub.jobId,
    job_type: sub.jobType,
    begin_time: sub.begin?.toISOString() ?? null,
    end_time: sub.end?.toISOString() ?? null,
    error_code: sub.errorCode,
    fail_reason: sub.failReason,
  };
}
