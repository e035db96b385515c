/**
 * Change OS and reinstall OS, v1 (images without Cloud-Init) and v2 (Cloud-Init): the same flow through
 * different rows. The admin password goes only into the request body.
 */
import type { ServerTarget } from '../../operations/target';
import type { PermissionRowId } from '../../permissions/permission-rows';
import type { Command } from '../command';
import type { OperationInput } from '../operation-input';
import { jobAction } from './job-action';
import { changed, unchanged } from './results';
import { SERVER_RULES } from './server-rules';
import { SETTLED, waitForServer } from './wait';

/** `os-change`: a stopped server, or one whose last OS change failed (ERROR), gets image `--image-id`. */
export function changeOs(row: PermissionRowId): Command<ServerTarget> {
  return async (context) => {
    const imageId = context.input.imageId!;
    const before = await waitForServer(context, SETTLED);
    const decision = SERVER_RULES['server-change-os-v1'](before, context.input);
    if (decision.kind === 'already-done') return unchanged(before, decision.what);
    const body = { 'os-change': { imageid: imageId, ...loginFields(context.input) } };
    return changed(
      await jobAction(context, before, {
        row,
        body,
        target: { description: `image ${imageId}`, reached: (s) => s.imageId === imageId },
      }),
    );
  };
}

/** `os-reinstall`: a stopped server gets its current image afresh. Every run reinstalls. */
export function reinstallOs(row: PermissionRowId): Command<ServerTarget> {
  return async (context) => {
    const before = await waitForServer(context, SETTLED);
    SERVER_RULES['server-reinstall-os-v1'](before, context.input);
    return changed(await jobAction(context, before, { row, body: { 'os-reinstall': loginFields(context.input) } }));
  };
}

// How the new OS lets someone log in: a key pair or an admin password, and Cloud-Init user data.
function loginFields(input: OperationInput): Record<string, unknown> {
  return {
    ...(input.keyName !== undefined ? { keyname: input.keyName } : {}),
    ...(input.userId !== undefined ? { userid: input.userId } : {}),
    ...(input.adminPassword !== undefined ? { adminpass: input.adminPassword } : {}),
    ...(input.userData !== undefined ? { metadata: { user_data: input.userData } } : {}),
  };
}
