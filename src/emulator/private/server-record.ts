/** A server's mutable state and the status the cloud computes from it. */
import type { ServerSnapshot } from '../snapshots';

export type VmState = 'active' | 'stopped' | 'resized';

/** One tag of a server. */
export interface ServerTag {
  readonly key: string;
  readonly value: string;
}

export interface ServerRecord {
  readonly id: string;
  readonly name: string;
  vmState: VmState;
  taskState: string | null;
  /** 1 = running, 4 = shut down (Nova power states). */
  powerState: 1 | 4;
  flavorRef: string;
  /** Set from the native resize until it is confirmed or reverted. */
  previousFlavorRef?: string;
  /** The vm_state the native resize started from: confirm / revert returns there. */
  resizedFrom?: 'active' | 'stopped';
  imageId: string;
  locked: boolean;
  keyName?: string;
  /** Tags, in the order they were given; keys are unique. */
  readonly tags: readonly ServerTag[];
  readonly enterpriseProjectId: string;
  /** IPv4 addresses on the server's one network. */
  readonly addresses: readonly string[];
  readonly created: Date;
  updated: Date;
}

const REBOOT_SOFT = new Set(['rebooting', 'reboot_pending', 'reboot_started']);
const REBOOT_HARD = new Set(['rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard']);
const RESIZING = new Set(['resize_prep', 'resize_migrating', 'resize_migrated', 'resize_finish']);
const REBUILDING = new Set(['rebuilding', 'rebuild_block_device_mapping', 'rebuild_spawning']);

/**
 * The `status` of a server, from vm_state and task_state, as [OTC-ECS] appendix/ecs_statuses.rst maps them:
 * `powering-off` still shows ACTIVE and `powering-on` still shows SHUTOFF.
 */
export function statusOf(vmState: VmState, taskState: string | null): string {
  if (taskState === 'resize_reverting') return 'REVERT_RESIZE';
  if (taskState && RESIZING.has(taskState)) return 'RESIZE';
  if (taskState && REBUILDING.has(taskState)) return 'REBUILD';
  if (taskState && REBOOT_HARD.has(taskState)) return 'HARD_REBOOT';
  if (vmState === 'active' && taskState && REBOOT_SOFT.has(taskState)) return 'REBOOT';
  if (vmState === 'resized') return 'VERIFY_RESIZE';
  return vmState === 'active' ? 'ACTIVE' : 'SHUTOFF';
}

export function snapshotOf(server: ServerRecord): ServerSnapshot {
  return {
    id: server.id,
    name: server.name,
    status: statusOf(server.vmState, server.taskState),
    vmState: server.vmState,
    taskState: server.taskState,
    powerState: server.powerState,
    flavorRef: server.flavorRef,
    ...(server.previousFlavorRef !== undefined ? { previousFlavorRef: server.previousFlavorRef } : {}),
    imageId: server.imageId,
    locked: server.locked,
    ...(server.keyName !== undefined ? { keyName: server.keyName } : {}),
    updated: server.updated.toISOString(),
  };
}
