/** Sends a native action (`POST /v2.1/{project_id}/servers/{server_id}/action`) and waits for its end state. */
import type { PermissionRowId } from '../../permissions/permission-rows';
import type { ServerTarget } from '../../operations/target';
import type { CommandContext } from '../command';
import { rowPath } from './catalog-paths';
import { sendMutation } from './send-mutation';
import { readServer, serverChanged, type ServerState } from './server-state';
import { type ServerGoal, waitForServer } from './wait';

/**
 * Sends the action body through the row's API, then polls status *and* task_state until `goal`.
 * @param before the state read just before, to tell whether a request whose response was lost was applied
 */
export async function nativeAction(
  context: CommandContext<ServerTarget>,
  before: ServerState,
  row: PermissionRowId,
  body: unknown,
  goal: ServerGoal,
): Promise<ServerState> {
  const path = rowPath(row, { project_id: context.client.projectId, server_id: before.id });
  // Nova records the task before it answers, so two reads a poll apart tell whether a lost request was applied.
  await sendMutation(
    context,
    { method: 'POST', path, body },
    { applied: async () => serverChanged(before, await readServer(context)), windowMs: context.pollIntervalMs },
  );
  return waitForServer(context, goal);
}
