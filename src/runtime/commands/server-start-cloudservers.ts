/** `server-start-cloudservers`: batch os-start of one stopped server, its job and sub-job, then ACTIVE with no task state. */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { batchPowerAction } from '../private/batch-power';
import { refuseIfLocked, requireStatus } from '../private/preconditions';
import { changed, unchanged } from '../private/results';
import { SETTLED, settledIn, waitForServer } from '../private/wait';

const serverStartCloudservers: Command<ServerTarget> = async (context) => {
  const before = await waitForServer(context, SETTLED);
  if (before.status === 'ACTIVE') return unchanged(before, 'already ACTIVE');
  requireStatus(before, ['SHUTOFF'], 'a stopped server (SHUTOFF)', 'repair the server (see its fault in the console), then run terraform apply again');
  refuseIfLocked(before);
  return changed(await batchPowerAction(context, before, { row: 'batch-start' }, settledIn('ACTIVE')));
};

export default serverStartCloudservers;
