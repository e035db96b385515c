/**
 * `server-resize`: native resize, wait for VERIFY_RESIZE, confirmResize, wait for ACTIVE or SHUTOFF with no task
 * state. A resize to the same flavor awaiting confirmation (an earlier run stopped halfway) is confirmed.
 */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import { OperationFailedError } from '../errors/operation-failed-error';
import { PreconditionError } from '../errors/precondition-error';
import { nativeAction } from '../private/native-action';
import { refuseIfLocked, requireStatus } from '../private/preconditions';
import { changed, unchanged } from '../private/results';
import { describeState } from '../private/server-state';
import { SETTLED, settledIn, waitForServer } from '../private/wait';

const serverResize: Command<ServerTarget> = async (context) => {
  const flavorRef = context.input.flavorRef!;
  let state = await waitForServer(context, SETTLED);
  if (state.status === 'VERIFY_RESIZE') {
    if (state.flavorId !== flavorRef) {
      throw new PreconditionError(`server ${state.id} is VERIFY_RESIZE: a resize to flavor ${state.flavorId} awaits confirmation`, {
        fix: 'confirm or revert that resize in the console, then run terraform apply again',
      });
    }
    context.progress.line(`a resize to ${flavorRef} awaits confirmation (an earlier run stopped halfway); confirming it`);
    refuseIfLocked(state);
  } else {
    if (state.flavorId === flavorRef) return unchanged(state, `already has flavor ${flavorRef}`);
    requireStatus(
      state,
      ['ACTIVE', 'SHUTOFF'],
      'a server in ACTIVE or SHUTOFF',
      'repair the server (see its fault in the console), then run terraform apply again',
    );
    refuseIfLocked(state);
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
