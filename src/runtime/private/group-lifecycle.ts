/** Creating and deleting a server group found by name, through either group API: the same flow, different rows. */
import type { GroupTarget } from '../../operations/target';
import type { Command, CommandContext } from '../command';
import { rowPath } from './catalog-paths';
import { asRecord, asString } from './json';
import { sendMutation } from './send-mutation';
import { groupToCreate } from './group-rules';
import { findGroup, GROUP_ROWS, type GroupApi, groupExists, isNotFound } from './server-groups';
import { sleepOrTimeOut } from './wait';

/** Create the group unless one with the same name exists (with the same policy). */
export function createGroup(api: GroupApi): Command<GroupTarget> {
  return async (context) => {
    const name = context.target.name;
    const policy = context.input.policy!;
    const existing = await findGroup(context, name, api);
    if (groupToCreate(existing, name, policy) === 'already-done') return { changed: false, summary: `server group '${name}' (${existing!.id}) already exists` };
    const path = rowPath(GROUP_ROWS[api].create, { project_id: context.client.projectId });
    const response = await sendMutation(
      context,
      { method: 'POST', path, body: { server_group: { name, policies: [policy] } } },
      {
        applied: async () => (await findGroup(context, name, api)) !== undefined,
      },
    );
    const id = asString(asRecord(asRecord(response?.body)?.server_group)?.id) ?? (await findGroup(context, name, api))?.id;
    return { changed: true, summary: `server group '${name}' (${id ?? 'id unknown'}) created` };
  };
}

/** Delete the group found by name, then confirm with the show API that it is gone. A group already gone is not an error. */
export function deleteGroup(api: GroupApi): Command<GroupTarget> {
  return async (context) => {
    const name = context.target.name;
    const group = await findGroup(context, name, api);
    if (!group) return { changed: false, summary: `server group '${name}' is already gone` };
    const path = rowPath(GROUP_ROWS[api].delete, { project_id: context.client.projectId, server_group_id: group.id });
    try {
      await sendMutation(context, { method: 'DELETE', path }, { applied: async () => !(await groupExists(context, group.id, api)) });
    } catch (error) {
      // Deleted by someone else in between: the end state holds.
      if (!isNotFound(error)) throw error;
    }
    await waitUntilGone(context, group.id, api);
    return { changed: true, summary: `server group '${name}' (${group.id}) deleted` };
  };
}

async function waitUntilGone(context: CommandContext, id: string, api: GroupApi): Promise<void> {
  while (await groupExists(context, id, api)) {
    context.progress.state(`server group ${id}`, 'still present');
    await sleepOrTimeOut(context, `server group ${id} to be gone`, 'still present');
  }
  context.progress.state(`server group ${id}`, 'gone');
}
