/** `server-resize-cloudservers`: resize a stopped pay-per-use server through the cloudservers job API. */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { jobAction } from '../private/job-action';
import { changed, unchanged } from '../private/results';
import { SERVER_RULES } from '../private/server-rules';
import { SETTLED, waitForServer } from '../private/wait';

const serverResizeCloudservers: Command<ServerTarget> = async (context) => {
  const flavorRef = context.input.flavorRef!;
  const before = await waitForServer(context, SETTLED);
  const decision = SERVER_RULES['server-resize-cloudservers'](before, context.input);
  if (decision.kind === 'already-done') return unchanged(before, decision.what);
  return changed(
    await jobAction(context, before, {
      row: 'resize-cloudservers',
      body: { resize: { flavorRef } },
      target: { description: `flavor ${flavorRef}`, reached: (s) => s.flavorId === flavorRef },
    }),
  );
};

export default serverResizeCloudservers;
