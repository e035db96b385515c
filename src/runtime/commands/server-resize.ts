/**
 * `server-resize`: native resize, wait for VERIFY_RESIZE, confirmResize, wait for ACTIVE or SHUTOFF with no task
 * state. A resize to the same flavor awaiting confirmation (an earlier run stopped halfway) is confirmed.
 */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { OperationFailedError } from '../errors/operation-failed-error';
import { nativeAction } from '../private/native-action';
import { changed, unchanged } from '../private/results';
import { SERVER_RULES } from '../private/server-rules';
import { describeState } from '../private/server-state';
import { SETTLED, settledIn, waitForServer } from '../private/wait';

const serverResize: Command<ServerTarget> = async (context) => {
  const flavorRef = context.input.flavorRef!;
  let state = await waitForServer(context, SETTLED);
  const decision = SERVER_RULES['server-resize'](state, context.input);
  if (decision.kind === 'already-done') return unchanged(state, decision.what);
  if (state.status === 'VERIFY_RESIZE') {
    context.progress.line(`a resize to ${flavorRef} awaits confirmation (an earlier run stopped halfway); confirming it`);
  } else {
    state = await nativeAction(context, state, 'nova-resize', { resize: { flavorRef } }, settledIn('VERIFY_RESIZE'));
  }
  // confirmResize goes through the same API (and, assumed, the same permission) as the resize itself.
  const after = await nativeAction(context, state, 'nova-resize', { confirmResize: null }, settledIn('ACTIVE', 'SHUTOFF'));
  if (after.flavorId !== flavorRef) {
    throw new OperationFailedError(
      `server ${after.id} is ${describeState(after)} with flavor ${after.flavorId ?? 'unknown'} after the resize, not ${flavorRef}`,
    );
  }
  return changed(after);
};

export default serverResize;
