/** `server-unlock`: native unlock, then `locked: false`. An unlocked server is left alone. */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { nativeAction } from '../private/native-action';
import { changed, unchanged } from '../private/results';
import { isSettled, type ServerState } from '../private/server-state';
import { SETTLED, waitForServer } from '../private/wait';

const serverUnlock: Command<ServerTarget> = async (context) => {
  const before = await waitForServer(context, SETTLED);
  if (!before.locked) return unchanged(before, 'already unlocked');
  const goal = { description: 'unlocked with no task state', reached: (s: ServerState) => !s.locked && isSettled(s) };
  return changed(await nativeAction(context, before, 'nova-unlock', { unlock: null }, goal));
};

export default serverUnlock;
