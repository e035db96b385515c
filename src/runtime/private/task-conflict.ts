/**
 * Operations that race: when the cloud refuses a mutation because another task is under way on the server (Nova's
 * 409 `Cannot 'stop' instance … while it is in task_state powering-off`, or cloudservers' `Ecs.0100`, in the answer
 * or in a job's failed sub-job), the command waits for that task to end and decides again, within the deadline, as
 * it does for any transition: if the end state now holds, it is done; otherwise it sends its mutation again. The
 * native API, the batch API and fleet waves all end a race this way.
 */
import type { ServersTarget, Target } from '../../operations/target';
import type { Command, CommandContext, CommandResult } from '../command';
import { ApiError } from '../errors/api-error';
import { AuthError } from '../errors/auth-error';
import { JobFailedError } from '../errors/job-failed-error';
import { FLEET_CONCURRENCY, mapBounded, type ServerOutcome } from './fleet-jobs';
import { describeState, isSettled, readServer, type ServerState } from './server-state';
import { sleepOrTimeOut } from './wait';

/** The cloudservers code for "the ECS status does not meet requirements": another task, or the state itself. */
const CONFLICT_CODE = 'Ecs.0100';

/** Runs `command`, running it again after each refusal that another task on the server caused. */
export async function retryingTaskConflicts<T extends Target>(command: Command<T>, context: CommandContext<T>): Promise<CommandResult> {
  let decidedOnSettled = false;
  for (;;) {
    try {
      return await command(context);
    } catch (error) {
      const { target } = context;
      if (!isConflict(error) || target.kind !== 'server') throw error;
      const state = await readServer({ ...context, target });
      if (isSettled(state) && !/task_state/i.test(error.message)) {
        // A settled server and a refusal that names no task: either the other task ended before the refusal was
        // read (a job reports its sub-job's refusal only when the job ends), or the conflict is the server's state
        // itself (stopped, …), which waiting does not change. Decide once more: the command finds its end state,
        // or refuses, or sends again; a second such refusal is final.
        if (decidedOnSettled) throw error;
        decidedOnSettled = true;
        context.progress.line(`${error.message}: the server is ${describeState(state)} now; deciding again`);
        continue;
      }
      context.progress.line(`${error.message}: another task is under way on the server; waiting for it to end, then deciding again`);
      await sleepOrTimeOut(context, `server ${state.id} to finish its other task`, describeState(state));
    }
  }
}

function isConflict(error: unknown): error is ApiError | JobFailedError {
  if (error instanceof JobFailedError) {
    const failed = error.job.failedSubJobs;
    return failed.length > 0 && failed.every((s) => s.errorCode === CONFLICT_CODE);
  }
  return error instanceof ApiError && !(error instanceof AuthError) && (error.status === 409 || error.code === CONFLICT_CODE);
}

/** How a wave step decides again on a server whose part was refused for a conflict. */
export interface StepDecision {
  /** Whether the step's end state (or the wave's) holds: the server is done with the step. */
  readonly holds: (state: ServerState) => boolean;
  /** Why the step cannot be sent to the server in this state, if it cannot. */
  readonly refusal: (state: ServerState) => { readonly errorCode: string; readonly reason: string } | undefined;
}

/**
 * Runs one wave step with `send`, then ends its races as the single-server commands do: each server whose part the
 * cloud refused for a conflict (`Ecs.0100`, e.g. an identical wave running at the same time) is waited for until it
 * settles; then it is done when the step's end state holds, refused when its state forbids the step, and sent the
 * step again otherwise, once: a second refusal is its outcome.
 */
export async function decidingConflicts(
  context: CommandContext<ServersTarget>,
  ids: readonly string[],
  send: (ids: readonly string[]) => Promise<Map<string, ServerOutcome>>,
  decision: StepDecision,
): Promise<Map<string, ServerOutcome>> {
  const outcomes = await send(ids);
  const conflicted = ids.filter((id) => isConflictOutcome(outcomes.get(id)));
  if (conflicted.length === 0) return outcomes;
  context.progress.line(`${conflicted.length} server(s) refused for another task under way (${CONFLICT_CODE}); deciding again once they settle`);
  const resend: string[] = [];
  for (const [id, state] of await settledStates(context, conflicted, outcomes)) {
    const refusal = decision.refusal(state);
    if (decision.holds(state)) outcomes.set(id, { ok: true, state });
    else if (refusal) outcomes.set(id, { ok: false, jobId: '(not sent again)', ...refusal });
    else resend.push(id);
  }
  if (resend.length > 0) for (const [id, outcome] of await send(resend)) outcomes.set(id, outcome);
  return outcomes;
}

function isConflictOutcome(outcome: ServerOutcome | undefined): boolean {
  return outcome !== undefined && !outcome.ok && outcome.errorCode === CONFLICT_CODE;
}

/**
 * Each server once it has no task under way, polled together. A server the cloud refuses to show (e.g. gone) gets
 * that refusal as its outcome; any other failure (authorization, the deadline) ends the wave.
 */
async function settledStates(context: CommandContext, ids: readonly string[], outcomes: Map<string, ServerOutcome>): Promise<Map<string, ServerState>> {
  const settled = new Map<string, ServerState>();
  let waiting = ids;
  for (let round = 0; waiting.length > 0; round += 1) {
    if (round > 0) await sleepOrTimeOut(context, `${waiting.length} server(s) to finish another task`, `${waiting.length} with a task under way`);
    const unsettled: string[] = [];
    await mapBounded(waiting, FLEET_CONCURRENCY, async (id) => {
      try {
        const state = await readServer({ ...context, target: { kind: 'server', serverId: id } });
        if (isSettled(state) || state.status === 'ERROR') settled.set(id, state);
        else unsettled.push(id);
      } catch (error) {
        if (!(error instanceof ApiError) || error instanceof AuthError) throw error;
        outcomes.set(id, { ok: false, jobId: '(not sent again)', errorCode: error.code, reason: error.message });
      }
    });
    waiting = unsettled;
  }
  return settled;
}
