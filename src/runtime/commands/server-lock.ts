/** `server-lock`: native lock, then `locked: true`. A locked server is left alone. */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { nativeAction } from '../private/native-action';
import { changed, unchanged } from '../private/results';
import { isSettled, type ServerState } from '../private/server-state';
import { SETTLED, waitForServer } from '../private/wait';

const serverLock: Command<ServerTarget> = async (context) => {
  const before = await waitForServer(context, SETTLED);
  if (before.locked) return unchanged(before, 'already locked');
  const goal = { description: 'locked with no task state', reached: (s: ServerState) => s.locked && isSettled(s) };
  return changed(await nativeAction(context, before, 'nova-lock', { lock: null }, goal));
};

export default serverLock;
