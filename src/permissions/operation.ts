/**
 * The shared vocabulary of lifecycle operations, derived from their definitions (`src/operations/`). Each id is
 * at once a catalog key, the apply-time sub-command (`ecs-lifecycle exec <id>`) and the file name of the runtime
 * command that implements it.
 */
import { OPERATION_DEFINITIONS, type OperationId } from '../operations';

export type { OperationId } from '../operations';

/** Every operation id, in definition order. */
export const OPERATION_IDS: readonly OperationId[] = OPERATION_DEFINITIONS.map((d) => d.id);

/** Whether `value` names a lifecycle operation. */
export function isOperationId(value: string): value is OperationId {
  return (OPERATION_IDS as readonly string[]).includes(value);
}
