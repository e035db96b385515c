/** The two ways a command ends well. */
import type { CommandResult } from '../command';
import { describeState, type ServerState } from './server-state';

/** The operation changed the server, which is now in `state`. */
export function changed(state: ServerState): CommandResult {
  return { changed: true, summary: `server ${state.id} ${describeState(state)}` };
}

/** The end state already held; `what` says which, e.g. `already SHUTOFF`. */
export function unchanged(state: ServerState, what: string): CommandResult {
  return { changed: false, summary: `server ${state.id} ${what}` };
}
