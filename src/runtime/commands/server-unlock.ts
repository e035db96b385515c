/** `server-unlock`: native unlock, then `locked: false`. An unlocked server is left alone. */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { nativeAction } from '../private/native-action';
import { changed, unchanged } from '../private/results';
import { SERVER_RULES } from '../private/server-rules';
import { isSettled, type ServerState } from '../private/server-state';
import { SETTLED, waitForServer } from '../private/wait';

const serverUnlock: Command<ServerTarget> = async (context) => {
  const before = await waitForServer(context, SETTLED);
  const decision = SERVER_RULES['server-unlock'](before, context.input);
  if (decision.kind === 'already-done') return unchanged(before, decision.what);
  const goal = { description: 'unlocked with no task state', reached: (s: ServerState) => !s.locked && isSettled(s) };
  return changed(await nativeAction(context, before, 'nova-unlock', { unlock: null }, goal));
};

export default serverUnlock;
