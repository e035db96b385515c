/**
 * Operations that race: when the cloud refuses a mutation because another task is under way on the server (Nova's
 * 409 `Cannot 'stop' instance … while it is in task_state powering-off`, or cloudservers' `Ecs.0100`), the command
 * waits for that task to end and decides again, within the deadline, as it does for any transition: if the end
 * state now holds, it is done; otherwise it sends its mutation again.
 */
import type { Target } from '../../operations/target';
import type { Command, CommandContext, CommandResult } from '../command';
import { ApiError } from '../errors/api-error';
import { AuthError } from '../errors/auth-error';
import { readServer, describeState, isSettled } from './server-state';
import { sleepOrTimeOut } from './wait';

/** Runs `command`, running it again after each refusal that another task on the server caused. */
export async function retryingTaskConflicts<T extends Target>(command: Command<T>, context: CommandContext<T>): Promise<CommandResult> {
  for (;;) {
    try {
      return await command(context);
    } catch (error) {
      const { target } = context;
      if (!isConflict(error) || target.kind !== 'server') throw error;
      const state = await readServer({ ...context, target });
      // A settled server and a refusal that names no task: the conflict is the server's state itself (locked,
      // stopped, …), which waiting does not change.
      if (isSettled(state) && !/task_state/i.test(error.message)) throw error;
      context.progress.line(`${error.message}: another task is under way on the server; waiting for it to end, then deciding again`);
      await sleepOrTimeOut(context, `server ${state.id} to finish its other task`, describeState(state));
    }
  }
}

function isConflict(error: unknown): error is ApiError {
  return error instanceof ApiError && !(error instanceof AuthError) && (error.status === 409 || error.code === 'Ecs.0100');
}
