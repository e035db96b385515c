/**
 * The supporting reads: read-only calls the apply-time CLI makes that are not permission rows (status reads while
 * waiting, job queries). Plain data.
 *
 * Rule: only read-only calls (verbs get, list or show), each with the reason the CLI needs it.
 */

/** A supporting read the apply-time CLI makes that is not one of the seed rows. */
export interface SupportingRead {
  readonly id: SupportingReadId;
  readonly method: 'GET';
  readonly path: string;
  /**
   * The IAM action it requires.
   * @default - none: the API is in no permission table and needs only a project-scoped credential
   */
  readonly action?: string;
  /** Why the CLI makes this call. */
  readonly reason: string;
  readonly iamProject: boolean;
  readonly enterpriseProject: boolean;
}

export type SupportingReadId = 'show-server' | 'show-job';

export const SUPPORTING_READS: Readonly<Record<SupportingReadId, SupportingRead>> = {
  // The cloudservers detail API rather than native GET /v2.1/.../servers/{id}: it has no dependencies
  // (native ecs:servers:get pulls in ten, some of them not read-only), always returns `locked`, and
  // supports enterprise projects, so cloudservers operations stay enterprise-project compatible.
  'show-server': {
    id: 'show-server',
    method: 'GET',
    path: '/v1/{project_id}/cloudservers/{server_id}',
    action: 'ecs:cloudServers:showServer',
    reason:
      'reads status, OS-EXT-STS:task_state, flavor and lock state: before the call (to skip work that is already done, ' +
      'or refuse early with a clear message) and while waiting for the end state',
    iamProject: true,
    enterpriseProject: true,
  },
  // In no OTC or Huawei permission table (ecs-api.md §2.2): any project-scoped credential may query a job.
  'show-job': {
    id: 'show-job',
    method: 'GET',
    path: '/v1/{project_id}/jobs/{job_id}',
    reason: 'polls the asynchronous job until SUCCESS or FAIL and reads failed sub-jobs',
    iamProject: true,
    enterpriseProject: true,
  },
};
