/** `server-stop-cloudservers`: batch os-stop (SOFT or HARD) of one running server, its job and sub-job, then SHUTOFF. */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { batchPowerAction } from '../private/batch-power';
import { changed, unchanged } from '../private/results';
import { SERVER_RULES } from '../private/server-rules';
import { SETTLED, settledIn, waitForServer } from '../private/wait';

const serverStopCloudservers: Command<ServerTarget> = async (context) => {
  const before = await waitForServer(context, SETTLED);
  const decision = SERVER_RULES['server-stop-cloudservers'](before, context.input);
  if (decision.kind === 'already-done') return unchanged(before, decision.what);
  return changed(await batchPowerAction(context, before, { row: 'batch-stop', type: context.input.stopType ?? 'SOFT' }, settledIn('SHUTOFF')));
};

export default serverStopCloudservers;
