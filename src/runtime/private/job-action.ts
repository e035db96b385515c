/**
 * Sends a cloudservers job API (changeos, reinstallos, resize), waits for the job, then for the server to settle,
 * and checks the end state.
 */
import type { PermissionRowId } from '../../permissions/permission-rows';
import type { ServerTarget } from '../../operations/target';
import type { CommandContext } from '../command';
import { OperationFailedError } from '../errors/operation-failed-error';
import { rowPath } from './catalog-paths';
import { asRecord, asString } from './json';
import { sendMutation } from './send-mutation';
import { describeState, isSettled, readServer, serverChanged, type ServerState } from './server-state';
import { waitForJob } from './wait-for-job';
import { SETTLED, waitForServer } from './wait';

/** What the job is for. */
export interface JobAction {
  readonly row: PermissionRowId;
  readonly body: unknown;
  /** The end state the job must leave, e.g. `image 1234`. @default - any settled state */
  readonly target?: { readonly description: string; readonly reached: (state: ServerState) => boolean };
}

/** Runs the job to its end; resolves to the server's settled end state. */
export async function jobAction(context: CommandContext<ServerTarget>, before: ServerState, action: JobAction): Promise<ServerState> {
  const { client, progress } = context;
  const path = rowPath(action.row, { project_id: client.projectId, server_id: before.id });
  const response = await sendMutation(
    context,
    { method: 'POST', path, body: action.body },
    {
      applied: async () => serverChanged(before, await readServer(context)),
      // A queued job may leave the server untouched for a while: look for the resend window before sending it again.
      windowMs: context.resendWindowMs,
    },
  );
  const jobId = asString(asRecord(response?.body)?.job_id);
  const target = action.target;
  let after: ServerState;
  if (jobId) {
    progress.line(`job ${jobId} accepted`);
    await waitForJob(context, jobId);
    after = await waitForServer(context, SETTLED);
  } else {
    // Without a job id, the server's own change is the only sign the job ended.
    progress.line('the job id was lost with the response; following the server state instead');
    after = await waitForServer(context, {
      description: target ? `${target.description} with no task state` : 'changed, with no task state',
      reached: (s) => isSettled(s) && (target ? target.reached(s) : serverChanged(before, s)),
    });
  }
  if (after.status === 'ERROR' || (target && !target.reached(after))) {
    const fault = after.fault ? `; fault: ${JSON.stringify(after.fault)}` : '';
    throw new OperationFailedError(`server ${after.id} is ${describeState(after)} after the job${target ? `, not ${target.description}` : ''}${fault}`);
  }
  return after;
}
