/**
 * Start, stop and reboot of one server through the batch API: the same checks as the native commands, the batch
 * call with that one server, its job, then the server's own end state.
 */
import type { ServerTarget } from '../../operations/target';
import type { CommandContext } from '../command';
import { type BatchRequest, runBatchAction } from './batch-job';
import { readServer, serverChanged, type ServerState } from './server-state';
import { type ServerGoal, waitForServer } from './wait';

/** Runs the batch action on the target server and waits until `goal`. */
export async function batchPowerAction(
  context: CommandContext<ServerTarget>,
  before: ServerState,
  request: Omit<BatchRequest, 'serverIds'>,
  goal: ServerGoal,
): Promise<ServerState> {
  // A job may leave the server untouched while it is queued: look for the resend window before sending it again.
  await runBatchAction(
    context,
    { ...request, serverIds: [before.id] },
    {
      applied: async () => serverChanged(before, await readServer(context)),
      windowMs: context.resendWindowMs,
    },
  );
  return waitForServer(context, goal);
}
