/** `server-stop`: native os-stop (SOFT or HARD) on a running server, then SHUTOFF with no task state. */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { nativeAction } from '../private/native-action';
import { refuseIfLocked, requireStatus } from '../private/preconditions';
import { changed, unchanged } from '../private/results';
import { SETTLED, settledIn, waitForServer } from '../private/wait';

const serverStop: Command<ServerTarget> = async (context) => {
  const before = await waitForServer(context, SETTLED);
  if (before.status === 'SHUTOFF') return unchanged(before, 'already SHUTOFF');
  requireStatus(before, ['ACTIVE'], 'a running server (ACTIVE)', 'repair the server (see its fault in the console), then run terraform apply again');
  refuseIfLocked(before);
  const body = { 'os-stop': { type: context.input.stopType ?? 'SOFT' } };
  return changed(await nativeAction(context, before, 'nova-stop', body, settledIn('SHUTOFF')));
};

export default serverStop;
