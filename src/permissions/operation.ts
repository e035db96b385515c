/**
 * The shared vocabulary of lifecycle operations. Each id is at once a catalog key, the apply-time
 * sub-command (`ecs-lifecycle exec <id>`) and the file name of the runtime command that implements it.
 */
export const OPERATION_IDS = [
  'server-group-create',
  'server-group-delete',
  'server-start',
  'server-stop',
  'server-reboot',
  'server-lock',
  'server-unlock',
  'server-resize',
  'server-resize-cloudservers',
  'server-change-os-v1',
  'server-change-os-v2',
  'server-reinstall-os-v1',
  'server-reinstall-os-v2',
] as const;

/** Identifies one lifecycle operation. */
export type OperationId = (typeof OPERATION_IDS)[number];

/** Whether `value` names a lifecycle operation. */
export function isOperationId(value: string): value is OperationId {
  return (OPERATION_IDS as readonly string[]).includes(value);
}
