/**
 * `server-group-members`: make the members of the group found by name (cloudservers API) exactly `--server-ids`
 * (none when absent). Servers not listed are removed first, then the missing ones are added. The cloud adds only a
 * stopped server, so every server to add is read first and a running one refuses the whole run before any change
 * (the library does not stop servers on its own: the stack says when a server stops). A re-run with the same list
 * reads and changes nothing.
 */
import type { GroupTarget } from '../../operations/target';
import type { Command, CommandContext } from '../command';
import { OperationFailedError } from '../errors/operation-failed-error';
import { rowPath } from '../private/catalog-paths';
import { sendMutation } from '../private/send-mutation';
import { listed, memberChanges, missingGroup, refuseUnlessStoppedToJoin } from '../private/group-rules';
import { describeState, readServer, type ServerState } from '../private/server-state';
import { findGroup, type ServerGroup } from '../private/server-groups';

const serverGroupMembers: Command<GroupTarget> = async (context) => {
  const name = context.target.name;
  const wanted = context.input.serverIds ?? [];
  const group = await requireGroup(context, name);
  const { toAdd, toRemove } = memberChanges(group.members, wanted);
  if (toRemove.length === 0 && toAdd.length === 0) {
    return { changed: false, summary: `server group '${name}' (${group.id}) already has exactly ${describeMembers(wanted)}` };
  }
  await refuseRunningServers(context, toAdd);
  for (const serverId of toRemove) await changeMember(context, group, 'remove_member', serverId);
  for (const serverId of toAdd) await changeMember(context, group, 'add_member', serverId);
  const after = await requireGroup(context, name);
  const missing = wanted.filter((id) => !listed(after.members, id));
  const extra = after.members.filter((id) => !listed(wanted, id));
  if (missing.length || extra.length) {
    throw new OperationFailedError(
      `server group '${name}' (${group.id}) has members [${after.members.join(', ')}] after the changes, ` + `not [${wanted.join(', ')}]`,
      { fix: 'another process changed the group meanwhile: run terraform apply again' },
    );
  }
  return { changed: true, summary: `server group '${name}' (${group.id}) has ${describeMembers(wanted)} (added ${toAdd.length}, removed ${toRemove.length})` };
};

async function requireGroup(context: CommandContext, name: string): Promise<ServerGroup> {
  const group = await findGroup(context, name, 'cloudservers');
  if (!group) throw missingGroup(name);
  return group;
}

/** Reads every server to add; refuses, naming each, unless all are stopped with no task under way. */
async function refuseRunningServers(context: CommandContext, serverIds: readonly string[]): Promise<void> {
  const states: ServerState[] = [];
  for (const serverId of serverIds) {
    const state = await readServer({ ...context, target: { kind: 'server', serverId } });
    context.progress.state(`server ${serverId}`, describeState(state));
    states.push(state);
  }
  refuseUnlessStoppedToJoin(states);
}

async function changeMember(context: CommandContext, group: ServerGroup, action: 'add_member' | 'remove_member', serverId: string): Promise<void> {
  const row = action === 'add_member' ? 'cloudservers-add-server-group-member' : 'cloudservers-remove-server-group-member';
  const path = rowPath(row, { project_id: context.client.projectId, server_group_id: group.id });
  const member = async () => listed((await findGroup(context, group.name, 'cloudservers'))?.members ?? [], serverId);
  await sendMutation(
    context,
    { method: 'POST', path, body: { [action]: { instance_uuid: serverId } } },
    {
      applied: async () => (await member()) === (action === 'add_member'),
    },
  );
  context.progress.line(`server ${serverId} ${action === 'add_member' ? 'added to' : 'removed from'} server group '${group.name}'`);
}

function describeMembers(members: readonly string[]): string {
  return members.length === 0 ? 'no members' : `members ${members.join(', ')}`;
}

export default serverGroupMembers;
