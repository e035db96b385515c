/**
 * `server-reboot-cloudservers`: batch reboot (SOFT or HARD) of one running server, its job and sub-job, then ACTIVE.
 * Not idempotent by nature: every run reboots (Terraform runs it once per resource creation).
 */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { batchPowerAction } from '../private/batch-power';
import { changed } from '../private/results';
import { SERVER_RULES } from '../private/server-rules';
import { SETTLED, settledIn, waitForServer } from '../private/wait';

const serverRebootCloudservers: Command<ServerTarget> = async (context) => {
  const before = await waitForServer(context, SETTLED);
  SERVER_RULES['server-reboot-cloudservers'](before, context.input);
  return changed(await batchPowerAction(context, before, { row: 'batch-reboot', type: context.input.rebootType ?? 'SOFT' }, settledIn('ACTIVE')));
};

export default serverRebootCloudservers;
