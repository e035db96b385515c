/** Read-only views of the emulator's state, for tests to inspect. Copies: changing them changes nothing. */

/** A server as the emulator holds it. */
export interface ServerSnapshot {
  readonly id: string;
  readonly name: string;
  /** Computed from vm_state and task_state as the cloud does (ecs-api.md §2.1). */
  readonly status: string;
  readonly vmState: 'active' | 'stopped' | 'resized';
  /** `null` when no task runs. */
  readonly taskState: string | null;
  /** 1 = running, 4 = shut down. */
  readonly powerState: number;
  readonly flavorRef: string;
  /** During VERIFY_RESIZE and REVERT_RESIZE: the flavor before the resize. */
  readonly previousFlavorRef?: string;
  readonly imageId: string;
  readonly locked: boolean;
  /** The key pair name of the last changeos / reinstallos that set one. */
  readonly keyName?: string;
  readonly updated: string;
}

/** A server group. */
export interface ServerGroupSnapshot {
  readonly id: string;
  readonly name: string;
  readonly policies: readonly string[];
  readonly members: readonly string[];
}

/** A sub-job of a job. */
export interface SubJobSnapshot {
  readonly jobId: string;
  readonly jobType: string;
  /** The server it acts on. */
  readonly serverId: string;
  readonly status: 'INIT' | 'RUNNING' | 'SUCCESS' | 'FAIL';
  readonly errorCode: string | null;
  readonly failReason: string | null;
}

/** A cloudservers job. */
export interface JobSnapshot {
  readonly jobId: string;
  readonly jobType: string;
  /** The servers it acts on, in request order: one, or every server of a batch. */
  readonly serverIds: readonly string[];
  readonly status: 'INIT' | 'RUNNING' | 'SUCCESS' | 'FAIL';
  readonly subJobs: readonly SubJobSnapshot[];
  readonly errorCode: string | null;
  readonly failReason: string | null;
}
