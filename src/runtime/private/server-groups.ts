/**
 * Server groups through either API, found by name: the construct knows its group by name, the API by id. The
 * native (`/v2.1/…/os-server-groups`) and cloudservers (`/v1/…/cloudservers/os-server-groups`) APIs answer with
 * the same fields; only the rows (and so the IAM actions) differ.
 */
import type { PermissionRowId } from '../../permissions/permission-rows';
import type { ReadClient } from '../client/read-only-client';
import type { CommandContext } from '../command';
import { ApiError } from '../errors/api-error';
import { InvalidResponseError } from '../errors/invalid-response-error';
import { PreconditionError } from '../errors/precondition-error';
import { rowPath } from './catalog-paths';
import { asRecord, asString } from './json';

/** Which group API an operation calls. */
export type GroupApi = 'native' | 'cloudservers';

/** The rows of each group API. */
export const GROUP_ROWS: Readonly<Record<GroupApi, Readonly<Record<'list' | 'create' | 'delete' | 'show', PermissionRowId>>>> = {
  native: { list: 'nova-list-server-groups', create: 'nova-create-server-group', delete: 'nova-delete-server-group', show: 'nova-show-server-group' },
  cloudservers: {
    list: 'cloudservers-list-server-groups',
    create: 'cloudservers-create-server-group',
    delete: 'cloudservers-delete-server-group',
    show: 'cloudservers-show-server-group',
  },
};

/** A server group as the list API returns it. */
export interface ServerGroup {
  readonly id: string;
  readonly name: string;
  readonly policies: readonly string[];
  /** The member server ids. */
  readonly members: readonly string[];
}

/** The group named `name`, or undefined; refuses when several share the name (which one would be ours?). */
export async function findGroup(context: { readonly client: ReadClient }, name: string, api: GroupApi = 'native'): Promise<ServerGroup | undefined> {
  return groupNamed(await listGroups(context, api), name);
}

/** Every server group the project has, through one list call (the preview reads them once). */
export async function listGroups(context: { readonly client: ReadClient }, api: GroupApi): Promise<ServerGroup[]> {
  const { client } = context;
  const path = rowPath(GROUP_ROWS[api].list, { project_id: client.projectId });
  const response = await client.get(path);
  const list = asRecord(response.body)?.server_groups;
  if (!Array.isArray(list)) throw new InvalidResponseError({ method: 'GET', path }, { status: response.status, message: 'the body has no server_groups list' });
  return list
    .map(asRecord)
    .filter((g) => g !== undefined && typeof g.name === 'string')
    .map((g) => ({
      id: asString(g!.id) ?? '',
      name: g!.name as string,
      policies: strings(g!.policies),
      members: strings(g!.members),
    }));
}

/** The group named `name` among `groups`, or undefined; refuses when several share the name (which one would be ours?). */
export function groupNamed(groups: readonly ServerGroup[], name: string): ServerGroup | undefined {
  const matches = groups.filter((g) => g.name === name);
  if (matches.length > 1) {
    throw new PreconditionError(`${matches.length} server groups are named '${name}' (${matches.map((g) => g.id).join(', ')})`, {
      fix: 'the construct finds its group by name: delete or rename the extra groups, then run terraform apply again',
    });
  }
  return matches[0];
}

/** Whether the group with this id still exists (`GET .../os-server-groups/{id}`: 404 means gone). */
export async function groupExists(context: CommandContext, id: string, api: GroupApi = 'native'): Promise<boolean> {
  const { client } = context;
  try {
    await client.request({ method: 'GET', path: rowPath(GROUP_ROWS[api].show, { project_id: client.projectId, server_group_id: id }) });
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

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
