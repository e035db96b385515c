/**
 * Waiting for the real end state: poll, print each state change, and stop at the goal, at a failure, or at
 * the deadline. Never a fixed sleep.
 */
import type { ServerTarget } from '../../operations/target';
import type { CommandContext } from '../command';
import { OperationFailedError } from '../errors/operation-failed-error';
import { TimeoutError } from '../errors/timeout-error';
import { describeState, isSettled, readServer, type ServerState } from './server-state';

/** What to wait for. */
export interface ServerGoal {
  /** For messages: `SHUTOFF with no task state`. */
  readonly description: string;
  readonly reached: (state: ServerState) => boolean;
}

/** Settled: no task under way. */
export const SETTLED: ServerGoal = { description: 'no task under way', reached: isSettled };

/** The server in `status` with no task under way. */
export function settledIn(...statuses: string[]): ServerGoal {
  return { description: `${statuses.join(' or ')} with no task state`, reached: (s) => isSettled(s) && statuses.includes(s.status) };
}

/**
 * Polls the server until `goal` holds. Once a task has been seen, a server that settles anywhere else (or goes
 * to ERROR) fails the wait at once rather than at the timeout.
 */
export async function waitForServer(context: CommandContext<ServerTarget>, goal: ServerGoal): Promise<ServerState> {
  const { progress, target } = context;
  let sawTask = false;
  let lastSeen: string | undefined;
  const awaited = `server ${target.serverId} to be ${goal.description}`;
  for (;;) {
    const state = await pollOrTimeOut(context, awaited, lastSeen, () => readServer(context));
    lastSeen = describeState(state);
    progress.state(`server ${target.serverId}`, lastSeen);
    if (goal.reached(state)) return state;
    if (state.status === 'ERROR' || (sawTask && isSettled(state))) {
      throw new OperationFailedError(
        `server ${target.serverId} settled at ${describeState(state)} instead of ${goal.description}${state.fault ? `; fault: ${JSON.stringify(state.fault)}` : ''}`,
        { fix: 'look at the server in the console (its fault, its event log), repair it, then run terraform apply again' },
      );
    }
    sawTask ||= !isSettled(state);
    await sleepOrTimeOut(context, awaited, lastSeen);
  }
}

/** Sleeps one poll interval; throws a TimeoutError when the deadline comes first. */
export async function sleepOrTimeOut(context: CommandContext, awaited: string, lastSeen: string): Promise<void> {
  if (!(await context.deadline.sleep(context.pollIntervalMs))) {
    throw new TimeoutError(awaited, context.deadline.timeoutMs, lastSeen);
  }
}

/**
 * One poll read. When the deadline passes during it, after an earlier read saw a state, the wait is what
 * timed out: report what was awaited and the last state seen, not the read that happened to be in flight.
 */
export async function pollOrTimeOut<T>(context: CommandContext, awaited: string, lastSeen: string | undefined, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof TimeoutError && lastSeen !== undefined && context.deadline.expired()) {
      throw new TimeoutError(awaited, context.deadline.timeoutMs, lastSeen, { cause: error });
    }
    throw error;
  }
}
