/**
 * `server-reboot`: native reboot (SOFT or HARD) of a running server, then ACTIVE with no task state.
 * Not idempotent by nature: every run reboots (Terraform runs it once per resource creation).
 */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { nativeAction } from '../private/native-action';
import { refuseIfLocked, requireStatus } from '../private/preconditions';
import { changed } from '../private/results';
import { SETTLED, settledIn, waitForServer } from '../private/wait';

const serverReboot: Command<ServerTarget> = async (context) => {
  const before = await waitForServer(context, SETTLED);
  requireStatus(before, ['ACTIVE'], 'a running server (ACTIVE)', 'a stopped server cannot be rebooted: add a ServerStart before this operation instead');
  refuseIfLocked(before);
  const body = { reboot: { type: context.input.rebootType ?? 'SOFT' } };
  return changed(await nativeAction(context, before, 'nova-reboot', body, settledIn('ACTIVE')));
};

export default serverReboot;
