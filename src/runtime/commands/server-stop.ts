/** `server-stop`: native os-stop (SOFT or HARD) on a running server, then SHUTOFF with no task state. */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { nativeAction } from '../private/native-action';
import { changed, unchanged } from '../private/results';
import { SERVER_RULES } from '../private/server-rules';
import { SETTLED, settledIn, waitForServer } from '../private/wait';

const serverStop: Command<ServerTarget> = async (context) => {
  const before = await waitForServer(context, SETTLED);
  const decision = SERVER_RULES['server-stop'](before, context.input);
  if (decision.kind === 'already-done') return unchanged(before, decision.what);
  const body = { 'os-stop': { type: context.input.stopType ?? 'SOFT' } };
  return changed(await nativeAction(context, before, 'nova-stop', body, settledIn('SHUTOFF')));
};

export default serverStop;
