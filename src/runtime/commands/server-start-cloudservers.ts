/** `server-start-cloudservers`: batch os-start of one stopped server, its job and sub-job, then ACTIVE with no task state. */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { batchPowerAction } from '../private/batch-power';
import { changed, unchanged } from '../private/results';
import { SERVER_RULES } from '../private/server-rules';
import { SETTLED, settledIn, waitForServer } from '../private/wait';

const serverStartCloudservers: Command<ServerTarget> = async (context) => {
  const before = await waitForServer(context, SETTLED);
  const decision = SERVER_RULES['server-start-cloudservers'](before, context.input);
  if (decision.kind === 'already-done') return unchanged(before, decision.what);
  return changed(await batchPowerAction(context, before, { row: 'batch-start' }, settledIn('ACTIVE')));
};

export default serverStartCloudservers;
