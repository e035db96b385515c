/** `server-start`: native os-start on a stopped server, then ACTIVE with no task state. */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { nativeAction } from '../private/native-action';
import { refuseIfLocked, requireStatus } from '../private/preconditions';
import { changed, unchanged } from '../private/results';
import { SETTLED, settledIn, waitForServer } from '../private/wait';

const serverStart: Command<ServerTarget> = async (context) => {
  const before = await waitForServer(context, SETTLED);
  if (before.status === 'ACTIVE') return unchanged(before, 'already ACTIVE');
  requireStatus(before, ['SHUTOFF'], 'a stopped server (SHUTOFF)', 'repair the server (see its fault in the console), then run terraform apply again');
  refuseIfLocked(before);
  return changed(await nativeAction(context, before, 'nova-start', { 'os-start': {} }, settledIn('ACTIVE')));
};

export default serverStart;
