/** `server-resize-cloudservers`: resize a stopped pay-per-use server through the cloudservers job API. */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { jobAction } from '../private/job-action';
import { refuseIfLocked, requireStatus, STOP_FIRST } from '../private/preconditions';
import { changed, unchanged } from '../private/results';
import { SETTLED, waitForServer } from '../private/wait';

const serverResizeCloudservers: Command<ServerTarget> = async (context) => {
  const flavorRef = context.input.flavorRef!;
  const before = await waitForServer(context, SETTLED);
  if (before.flavorId === flavorRef) return unchanged(before, `already has flavor ${flavorRef}`);
  refuseIfLocked(before);
  requireStatus(before, ['SHUTOFF'], 'a stopped server (SHUTOFF)', STOP_FIRST);
  return changed(
    await jobAction(context, before, {
      row: 'resize-cloudservers',
      body: { resize: { flavorRef } },
      target: { description: `flavor ${flavorRef}`, reached: (s) => s.flavorId === flavorRef },
    }),
  );
};

export default serverResizeCloudservers;
