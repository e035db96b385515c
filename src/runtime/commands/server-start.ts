/** `server-start`: native os-start on a stopped server, then ACTIVE with no task state. */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { nativeAction } from '../private/native-action';
import { changed, unchanged } from '../private/results';
import { SERVER_RULES } from '../private/server-rules';
import { SETTLED, settledIn, waitForServer } from '../private/wait';

const serverStart: Command<ServerTarget> = async (context) => {
  const before = await waitForServer(context, SETTLED);
  const decision = SERVER_RULES['server-start'](before, context.input);
  if (decision.kind === 'already-done') return unchanged(before, decision.what);
  return changed(await nativeAction(context, before, 'nova-start', { 'os-start': {} }, settledIn('ACTIVE')));
};

export default serverStart;
