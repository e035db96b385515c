/** `server-group-create`: create the group unless one with the same name exists (with the same policy). */
import { GroupTarget } from '../../operations/target';
import { Command } from '../command';
import { PreconditionError } from '../errors/precondition-error';
import { rowPath } from '../private/catalog-paths';
import { asRecord, asString } from '../private/json';
import { sendMutation } from '../private/send-mutation';
import { findGroup } from '../private/server-groups';

const serverGroupCreate: Command<GroupTarget> = async (context) => {
  const name = context.target.name;
  const policy = context.input.policy!;
  const existing = await findGroup(context, name);
  if (existing) {
    if (existing.policies.length !== 1 || existing.policies[0] !== policy) {
      throw new PreconditionError(`server group '${name}' (${existing.id}) exists with policies [${existing.policies.join(', ')}], not [${policy}]`, {
        fix: 'delete or rename that group, or give this ServerGroup another name',
      });
    }
    return { changed: false, summary: `server group '${name}' (${existing.id}) already exists` };
  }
  const path = rowPath('nova-create-server-group', { project_id: context.client.projectId });
  const response = await sendMutation(context, { method: 'POST', path, body: { server_group: { name, policies: [policy] } } }, {
    applied: async () => (await findGroup(context, name)) !== undefined,
  });
  const id = asString(asRecord(asRecord(response?.body)?.server_group)?.id) ?? (await findGroup(context, name))?.id;
  return { changed: true, summary: `server group '${name}' (${id ?? 'id unknown'}) created` };
};

export default serverGroupCreate;
