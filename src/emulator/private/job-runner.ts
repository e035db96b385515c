/**
 * Runs a cloudservers job: INIT for `jobQueued`, then RUNNING with its sub-jobs one after another
 * (`jobRunning` each), then SUCCESS, or FAIL when a `job-fail` fault hit it (ecs-api.md §2.2).
 */
import { FaultRule } from '../fault-rule';
import { ServerRecord } from './server-record';
import { JobRecord, SubJobRecord, World } from './world';

/** One sub-job: what it does to the server when it starts and when it succeeds. */
export interface JobStep {
  readonly jobType: string;
  readonly begin: (server: ServerRecord) => void;
  readonly succeed: (server: ServerRecord) => void;
}

export interface JobSpec {
  readonly jobType: string;
  readonly server: ServerRecord;
  readonly steps: readonly JobStep[];
  /** The `job-fail` fault taken for this job, if any: its last sub-job fails. */
  readonly fault?: FaultRule;
  /** The error code of a failed sub-job when the fault names none. */
  readonly defaultErrorCode: string;
  /** Puts the server back after a failure. */
  readonly restore: (server: ServerRecord) => void;
}

export function startJob(world: World, spec: JobSpec): JobRecord {
  const job: JobRecord = {
    jobId: world.ids.hex32('job', 'ff808082'),
    jobType: spec.jobType,
    serverId: spec.server.id,
    status: 'INIT',
    begin: world.now(),
    subJobs: spec.steps.map((step) => ({ jobId: world.ids.hex32('job', 'ff808082'), jobType: step.jobType, status: 'INIT', errorCode: null, failReason: null })),
    errorCode: null,
    failReason: null,
  };
  world.jobs.set(job.jobId, job);
  const { timings } = world.config;
  world.scheduler.after(timings.jobQueued, () => {
    job.status = 'RUNNING';
    runStep(0);
  });

  const runStep = (index: number): void => {
    const step = spec.steps[index];
    const sub = job.subJobs[index];
    sub.status = 'RUNNING';
    sub.begin = world.now();
    step.begin(spec.server);
    world.scheduler.after(timings.jobRunning, () => {
      const last = index === spec.steps.length - 1;
      if (last && spec.fault) {
        fail(sub, spec.fault.errorCode ?? spec.defaultErrorCode, spec.fault.failReason ?? 'injected fault');
        return;
      }
      finish(sub, 'SUCCESS');
      step.succeed(spec.server);
      if (last) {
        job.status = 'SUCCESS';
        job.end = world.now();
      } else {
        runStep(index + 1);
      }
    });
  };

  const finish = (sub: SubJobRecord, status: 'SUCCESS' | 'FAIL'): void => {
    sub.status = status;
    sub.end = world.now();
  };

  const fail = (sub: SubJobRecord, errorCode: string, failReason: string): void => {
    finish(sub, 'FAIL');
    sub.errorCode = errorCode;
    sub.failReason = failReason;
    spec.restore(spec.server);
    job.status = 'FAIL';
    job.end = world.now();
    job.errorCode = errorCode;
    job.failReason = failReason;
  };

  return job;
}
