/** Finding server groups by name: the construct knows its group by name, the API by id. */
import { CommandContext } from '../command';
import { ApiError } from '../errors/api-error';
import { InvalidResponseError } from '../errors/invalid-response-error';
import { PreconditionError } from '../errors/precondition-error';
import { rowPath } from './catalog-paths';
import { asRecord, asString } from './json';

/** A server group as the list API returns it. */
export interface ServerGroup {
  readonly id: string;
  readonly name: string;
  readonly policies: readonly string[];
}

/** The group named `name`, or undefined; refuses when several share the name (which one would be ours?). */
export async function findGroup(context: CommandContext, name: string): Promise<ServerGroup | undefined> {
  const { client } = context;
  const path = rowPath('nova-list-server-groups', { project_id: client.projectId });
  const response = await client.request({ method: 'GET', path });
  const list = asRecord(response.body)?.server_groups;
  if (!Array.isArray(list)) throw new InvalidResponseError({ method: 'GET', path }, { status: response.status, message: 'the body has no server_groups list' });
  const matches = list.map(asRecord).filter((g) => g !== undefined && g.name === name).map((g) => ({
    id: asString(g!.id) ?? '',
    name,
    policies: Array.isArray(g!.policies) ? g!.policies.filter((p): p is string => typeof p === 'string') : [],
  }));
  if (matches.length > 1) {
    throw new PreconditionError(`${matches.length} server groups are named '${name}' (${matches.map((g) => g.id).join(', ')})`, {
      fix: 'the construct finds its group by name: delete or rename the extra groups, then run terraform apply again',
    });
  }
  return matches[0];
}

/** Whether the group with this id still exists (`GET .../os-server-groups/{id}`: 404 means gone). */
export async function groupExists(context: CommandContext, id: string): Promise<boolean> {
  const { client } = context;
  try {
    await client.request({ method: 'GET', path: rowPath('nova-show-server-group', { project_id: client.projectId, server_group_id: id }) });
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** Whether an error is the cloud's 404. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
