/**
 * The permission catalog: which seed API rows each operation calls, plus the read-only calls the
 * apply-time CLI makes around them (status reads while waiting, job queries). Plain data.
 *
 * Rule for `reads`: only read-only calls (verbs get, list or show), each with the reason the CLI needs it.
 */
import { ApiRowId } from './api-rows';
import { OperationId } from './operation';

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
    reason: 'reads status, OS-EXT-STS:task_state, flavor and lock state: before the call (to skip work that is already done, '
      + 'or refuse early with a clear message) and while waiting for the end state',
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

/** One catalog entry. */
export interface OperationEntry {
  readonly id: OperationId;
  /** What the operation does, in one line. */
  readonly summary: string;
  /** The construct class that plans it. */
  readonly construct: string;
  /** When Terraform runs it: at create (apply) or at destroy. */
  readonly when: 'create' | 'destroy';
  /** The seed rows the operation calls. */
  readonly rows: readonly ApiRowId[];
  /** Supporting read-only calls the CLI makes. */
  readonly reads: readonly SupportingReadId[];
  /** Alternative to use under enterprise-project authorization, when one exists. */
  readonly enterpriseProjectAlternative?: string;
}

const SERVER_STATE: readonly SupportingReadId[] = ['show-server'];
const SERVER_STATE_AND_JOB: readonly SupportingReadId[] = ['show-server', 'show-job'];
const NO_EP_ALTERNATIVE = 'none in the seed tables: grant the policy on an IAM project (region) instead';

export const CATALOG: Readonly<Record<OperationId, OperationEntry>> = {
  'server-group-create': {
    id: 'server-group-create', construct: 'ServerGroup', when: 'create',
    summary: 'Create an anti-affinity ECS group, unless one with the same name exists',
    rows: ['nova-list-server-groups', 'nova-create-server-group'], reads: [],
    enterpriseProjectAlternative: NO_EP_ALTERNATIVE,
  },
  'server-group-delete': {
    id: 'server-group-delete', construct: 'ServerGroup', when: 'destroy',
    summary: 'Delete the ECS group found by name, then confirm it is gone; a group already gone is not an error',
    rows: ['nova-list-server-groups', 'nova-delete-server-group', 'nova-show-server-group'], reads: [],
    enterpriseProjectAlternative: NO_EP_ALTERNATIVE,
  },
  'server-start': {
    id: 'server-start', construct: 'ServerStart', when: 'create',
    summary: 'Start a stopped ECS (os-start) and wait until ACTIVE with no task state',
    rows: ['nova-start'], reads: SERVER_STATE, enterpriseProjectAlternative: NO_EP_ALTERNATIVE,
  },
  'server-stop': {
    id: 'server-stop', construct: 'ServerStop', when: 'create',
    summary: 'Stop a running ECS (os-stop, SOFT or HARD) and wait until SHUTOFF with no task state',
    rows: ['nova-stop'], reads: SERVER_STATE, enterpriseProjectAlternative: NO_EP_ALTERNATIVE,
  },
  'server-reboot': {
    id: 'server-reboot', construct: 'ServerReboot', when: 'create',
    summary: 'Reboot an ECS (SOFT or HARD) and wait until ACTIVE with no task state',
    rows: ['nova-reboot'], reads: SERVER_STATE, enterpriseProjectAlternative: NO_EP_ALTERNATIVE,
  },
  'server-lock': {
    id: 'server-lock', construct: 'ServerLock', when: 'create',
    summary: 'Lock an ECS against management operations',
    rows: ['nova-lock'], reads: SERVER_STATE, enterpriseProjectAlternative: NO_EP_ALTERNATIVE,
  },
  'server-unlock': {
    id: 'server-unlock', construct: 'ServerUnlock', when: 'create',
    summary: 'Unlock a locked ECS',
    rows: ['nova-unlock'], reads: SERVER_STATE, enterpriseProjectAlternative: NO_EP_ALTERNATIVE,
  },
  // confirmResize is sent to the same row (POST .../action). It is in no permission table; the
  // resize action is assumed to cover it (ecs-api.md §1.0, open item 3).
  'server-resize': {
    id: 'server-resize', construct: 'ServerResize', when: 'create',
    summary: 'Resize an ECS (native resize), wait for VERIFY_RESIZE, confirm, and wait until the end state',
    rows: ['nova-resize'], reads: SERVER_STATE,
    enterpriseProjectAlternative: "ServerResize with api: 'cloudservers' (ecs:cloudServers:resize supports enterprise projects)",
  },
  'server-resize-cloudservers': {
    id: 'server-resize-cloudservers', construct: 'ServerResize', when: 'create',
    summary: 'Resize a stopped pay-per-use ECS through the cloudservers API and wait for the job',
    rows: ['resize-cloudservers'], reads: SERVER_STATE_AND_JOB,
  },
  'server-change-os-v1': {
    id: 'server-change-os-v1', construct: 'ServerChangeOs', when: 'create',
    summary: 'Change the OS of a stopped ECS to another image (v1, image without Cloud-Init) and wait for the job',
    rows: ['change-os-v1'], reads: SERVER_STATE_AND_JOB,
  },
  'server-change-os-v2': {
    id: 'server-change-os-v2', construct: 'ServerChangeOs', when: 'create',
    summary: 'Change the OS of a stopped ECS to another image (v2, Cloud-Init) and wait for the job',
    rows: ['change-os-v2'], reads: SERVER_STATE_AND_JOB,
  },
  'server-reinstall-os-v1': {
    id: 'server-reinstall-os-v1', construct: 'ServerReinstallOs', when: 'create',
    summary: 'Reinstall the current OS image of a stopped ECS (v1, image without Cloud-Init) and wait for the job',
    rows: ['reinstall-os-v1'], reads: SERVER_STATE_AND_JOB,
  },
  'server-reinstall-os-v2': {
    id: 'server-reinstall-os-v2', construct: 'ServerReinstallOs', when: 'create',
    summary: 'Reinstall the current OS image of a stopped ECS (v2, Cloud-Init) and wait for the job',
    rows: ['reinstall-os-v2'], reads: SERVER_STATE_AND_JOB,
  },
};
