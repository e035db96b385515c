/**
 * Runs a cloudservers job: INIT for `jobQueued`, then RUNNING. A job has one track per server, and the
 * tracks run side by side (a batch has one per server, the other jobs exactly one); a track's sub-jobs run
 * one after another. The job ends SUCCESS when every sub-job succeeded, else FAIL with the error of its
 * first failed sub-job: some servers of a failed batch have changed (ecs-api.md §2.2, fleet-apis.md).
 */
import type { FaultRule } from '../fault-rule';
import type { ServerRecord } from './server-record';
import type { JobRecord, SubJobRecord, World } from './world';

/** Why a sub-job could not start: it fails at once and the server stays as it is. */
export interface StepRefusal {
  readonly errorCode: string;
  readonly failReason: string;
}

/** One sub-job: what it does to the server when it starts and when it succeeds. */
export interface JobStep {
  readonly jobType: string;
  /**
   * How long the sub-job runs.
   * @default - the `jobRunning` timing
   */
  readonly durationMs?: number;
  /** Starts the sub-job, or refuses it when the server's state does not allow it. */
  readonly begin: (server: ServerRecord) => StepRefusal | void;
  readonly succeed: (server: ServerRecord) => void;
}

/** The sub-jobs of one server. */
export interface JobTrack {
  readonly server: ServerRecord;
  readonly steps: readonly JobStep[];
  /** The `job-fail` fault taken for this server, if any: its last sub-job fails. */
  readonly fault?: FaultRule;
  /** The error code of a failed sub-job when the fault names none. */
  readonly defaultErrorCode: string;
  /** Puts the server back after its last sub-job failed. */
  readonly restore: (server: ServerRecord) => void;
}

export interface JobSpec {
  readonly jobType: string;
  /** At least one. */
  readonly tracks: readonly JobTrack[];
}

export function startJob(world: World, spec: JobSpec): JobRecord {
  const job: JobRecord = {
    jobId: world.ids.hex32('job', 'ff808082'),
    jobType: spec.jobType,
    serverIds: spec.tracks.map((track) => track.server.id),
    status: 'INIT',
    begin: world.now(),
    subJobs: [],
    errorCode: null,
    failReason: null,
  };
  const trackSubJobs: SubJobRecord[][] = spec.tracks.map((track) =>
    track.steps.map((step) => ({
      jobId: world.ids.hex32('job', 'ff808082'),
      jobType: step.jobType,
      serverId: track.server.id,
      status: 'INIT',
      errorCode: null,
      failReason: null,
    })),
  );
  job.subJobs.push(...trackSubJobs.flat());
  world.jobs.set(job.jobId, job);
  const { timings } = world.config;
  let runningTracks = spec.tracks.length;

  const trackDone = (): void => {
    runningTracks -= 1;
    if (runningTracks > 0) return;
    const failed = job.subJobs.find((sub) => sub.status === 'FAIL');
    job.status = failed ? 'FAIL' : 'SUCCESS';
    job.end = world.now();
    if (failed) {
      job.errorCode = failed.errorCode;
      job.failReason = failed.failReason;
    }
  };

  const fail = (sub: SubJobRecord, errorCode: string, failReason: string): void => {
    sub.status = 'FAIL';
    sub.end = world.now();
    sub.errorCode = errorCode;
    sub.failReason = failReason;
  };

  const runStep = (track: JobTrack, subs: SubJobRecord[], index: number): void => {
    const step = track.steps[index];
    const sub = subs[index];
    sub.status = 'RUNNING';
    sub.begin = world.now();
    const refusal = step.begin(track.server);
    if (refusal) {
      fail(sub, refusal.errorCode, refusal.failReason);
      for (const later of subs.slice(index + 1)) fail(later, refusal.errorCode, `not run: sub-job ${step.jobType} failed`);
      trackDone();
      return;
    }
    world.scheduler.after(step.durationMs ?? timings.jobRunning, () => {
      const last = index === track.steps.length - 1;
      if (last && track.fault) {
        fail(sub, track.fault.errorCode ?? track.defaultErrorCode, track.fault.failReason ?? 'injected fault');
        track.restore(track.server);
        trackDone();
        return;
      }
      sub.status = 'SUCCESS';
      sub.end = world.now();
      step.succeed(track.server);
      if (last) trackDone();
      else runStep(track, subs, index + 1);
    });
  };

  world.scheduler.after(timings.jobQueued, () => {
    job.status = 'RUNNING';
    spec.tracks.forEach((track, i) => runStep(track, trackSubJobs[i], 0));
  });
  return job;
}
