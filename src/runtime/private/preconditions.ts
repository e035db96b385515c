/**
 * Refusals found by reading the server before a mutation: clearer than the cloud's own error, and nothing is
 * sent. The cloud's answers to the same cases are mapped to the same advice (see `advice.ts`).
 */
import { PreconditionError } from '../errors/precondition-error';
import { describeState, type ServerState } from './server-state';

/** The advice for a locked server. */
export const UNLOCK_FIRST = 'the server is locked: add a ServerUnlock before this operation (and a ServerLock after it if it must stay locked)';
/** The advice for an operation that needs a stopped server. */
export const STOP_FIRST = 'the cloud does this only on a stopped server: add a ServerStop before this operation';

/** Refuses a mutation of a locked server. */
export function refuseIfLocked(state: ServerState): void {
  if (state.locked) throw new PreconditionError(`server ${state.id} is locked`, { fix: UNLOCK_FIRST });
}

/**
 * Refuses unless the server is in one of `statuses`.
 * @param needs what the operation needs, e.g. `a stopped server (SHUTOFF)`
 * @param fix what to do otherwise
 */
export function requireStatus(state: ServerState, statuses: readonly string[], needs: string, fix: string): void {
  if (statuses.includes(state.status)) return;
  const fault = state.fault ? `, fault ${JSON.stringify(state.fault)}` : '';
  throw new PreconditionError(`server ${state.id} is ${describeState(state)}${fault}; this operation needs ${needs}`, { fix });
}
