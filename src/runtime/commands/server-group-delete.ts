/**
 * `server-group-delete` (at destroy): delete the group found by name, then confirm with the show API that it is
 * gone. A group already gone is not an error.
 */
import { GroupTarget } from '../../operations/target';
import { Command, CommandContext } from '../command';
import { rowPath } from '../private/catalog-paths';
import { sendMutation } from '../private/send-mutation';
import { findGroup, groupExists, isNotFound } from '../private/server-groups';
import { sleepOrTimeOut } from '../private/wait';

const serverGroupDelete: Command<GroupTarget> = async (context) => {
  const name = context.target.name;
  const group = await findGroup(context, name);
  if (!group) return { changed: false, summary: `server group '${name}' is already gone` };
  const path = rowPath('nova-delete-server-group', { project_id: context.client.projectId, server_group_id: group.id });
  try {
    await sendMutation(context, { method: 'DELETE', path }, { applied: async () => !(await groupExists(context, group.id)) });
  } catch (error) {
    // Deleted by someone else in between: the end state holds.
    if (!isNotFound(error)) throw error;
  }
  await waitUntilGone(context, group.id);
  return { changed: true, summary: `server group '${name}' (${group.id}) deleted` };
};

async function waitUntilGone(context: CommandContext, id: string): Promise<void> {
  while (await groupExists(context, id)) {
    context.progress.state(`server group ${id}`, 'still present');
    await sleepOrTimeOut(context, `server group ${id} to be gone`, 'still present');
  }
  context.progress.state(`server group ${id}`, 'gone');
}

export default serverGroupDelete;
