/** `server-stop-cloudservers`: batch os-stop (SOFT or HARD) of one running server, its job and sub-job, then SHUTOFF. */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { batchPowerAction } from '../private/batch-power';
import { refuseIfLocked, requireStatus } from '../private/preconditions';
import { changed, unchanged } from '../private/results';
import { SETTLED, settledIn, waitForServer } from '../private/wait';

const serverStopCloudservers: Command<ServerTarget> = async (context) => {
  const before = await waitForServer(context, SETTLED);
  if (before.status === 'SHUTOFF') return unchanged(before, 'already SHUTOFF');
  requireStatus(before, ['ACTIVE'], 'a running server (ACTIVE)', 'repair the server (see its fault in the console), then run terraform apply again');
  refuseIfLocked(before);
  return changed(await batchPowerAction(context, before, { row: 'batch-stop', type: context.input.stopType ?? 'SOFT' }, settledIn('SHUTOFF')));
};

export default serverStopCloudservers;
