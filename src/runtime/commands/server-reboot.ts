/**
 * `server-reboot`: native reboot (SOFT or HARD) of a running server, then ACTIVE with no task state.
 * Not idempotent by nature: every run reboots (Terraform runs it once per resource creation).
 */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { nativeAction } from '../private/native-action';
import { changed } from '../private/results';
import { SERVER_RULES } from '../private/server-rules';
import { SETTLED, settledIn, waitForServer } from '../private/wait';

const serverReboot: Command<ServerTarget> = async (context) => {
  const before = await waitForServer(context, SETTLED);
  SERVER_RULES['server-reboot'](before, context.input);
  const body = { reboot: { type: context.input.rebootType ?? 'SOFT' } };
  return changed(await nativeAction(context, before, 'nova-reboot', body, settledIn('ACTIVE')));
};

export default serverReboot;
