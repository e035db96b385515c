/**
 * A selected fleet's servers, chosen at apply: the members of a server group (its details), or the servers carrying
 * every given tag (the cloud's tag query, or within an enterprise project the server list). Pages are read until the
 * cloud has answered every match, within a bound; a malformed or inconsistent answer fails naming the call. The ids
 * come back sorted (case-insensitively, as the cloud compares them) and without repeats, so the waves planned from
 * them do not depend on the order the cloud lists servers in.
 */
import type { CloudName } from '../../cloud/regions';
import type { GroupMembers } from '../../cloud/group-index';
import { type ServerSelector, type SelectorTag, selectionRows } from '../../cloud/server-selection';
import { permissionRow, type PermissionRowId } from '../../permissions/permission-rows';
import type { CommandContext } from '../command';
import { ApiError, type RequestLine } from '../errors/api-error';
import { InvalidResponseError } from '../errors/invalid-response-error';
import { PreconditionError } from '../errors/precondition-error';
import { MAX_SELECTED_SERVERS } from '../../validation';
import { rowPath } from './catalog-paths';
import { asRecord, asString } from './json';

/** The cloud's page size limit for the tag query and the server list ("The maximum value is 1,000"). */
export const SELECTION_PAGE_SIZE = 1000;
/** The server list within an enterprise project is read for at most this many pages (of 1,000 servers). */
export const MAX_LIST_PAGES = 100;

/** Where a selection looks. */
export interface SelectionScope {
  readonly cloud: CloudName;
  /** Narrows a tag selection to one enterprise project. */
  readonly enterpriseProjectId?: string;
}

/** Selects the servers; sorted, without repeats. */
export async function selectServers(context: CommandContext, selector: ServerSelector, scope: SelectionScope): Promise<string[]> {
  const row = selectionRows(selector, scope.cloud, scope.enterpriseProjectId !== undefined).select;
  const ids =
    selector.kind === 'group'
      ? await groupMembers(context, selector.groupId, row)
      : scope.enterpriseProjectId !== undefined
        ? await listTagged(context, selector.tags, scope.enterpriseProjectId, row)
        : await queryByTag(context, selector.tags, row);
  // Every id goes into batch calls and progress lines: only server ids (UUIDs) are taken.
  const odd = ids.find((id) => !UUID.test(id));
  if (odd !== undefined) {
    const request = {
      method: permissionRow(row).method,
      path: rowPath(row, { project_id: context.client.projectId, server_group_id: selector.kind === 'group' ? selector.groupId : '' }),
    };
    throw malformed(request, 200, `it names ${JSON.stringify(odd.slice(0, 80))}, which is not a server id (a UUID)`);
  }
  return sortedIds(ids);
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Every server group with its members, from the group list (`GET …/cloudservers/os-server-groups`, paged by `limit` and `marker`). */
export async function listServerGroups(context: CommandContext): Promise<GroupMembers[]> {
  const { client } = context;
  const path = rowPath('cloudservers-list-server-groups', { project_id: client.projectId });
  const request: RequestLine = { method: 'GET', path };
  const groups: GroupMembers[] = [];
  let marker: string | undefined;
  for (let page = 1; ; page += 1) {
    if (page > MAX_LIST_PAGES) throw tooMany(request, `more than ${MAX_LIST_PAGES * SELECTION_PAGE_SIZE} server groups`);
    const query: [string, string][] = [['limit', String(SELECTION_PAGE_SIZE)]];
    if (marker !== undefined) query.push(['marker', marker]);
    const response = await client.request({ method: 'GET', path, query });
    const body = asRecord(response.body);
    const list = body?.server_groups;
    if (!Array.isArray(list)) throw malformed(request, response.status, 'the body has no server_groups list');
    for (const item of list) {
      const group = asRecord(item);
      const id = asString(group?.id);
      const members = group?.members;
      if (id === undefined || !Array.isArray(members) || members.some((m) => typeof m !== 'string'))
        throw malformed(request, response.status, 'a group has no id or no members list of ids');
      groups.push({ id, members: members as string[] });
    }
    const next = asString(asRecord(body?.page_info)?.next_marker);
    // The last page is shorter than the limit, or names no next marker.
    if (list.length < SELECTION_PAGE_SIZE || next === undefined || next === marker) break;
    marker = next;
  }
  return groups;
}

async function groupMembers(context: CommandContext, groupId: string, row: PermissionRowId): Promise<string[]> {
  const { client } = context;
  const path = rowPath(row, { project_id: client.projectId, server_group_id: groupId });
  let response: Awaited<ReturnType<typeof client.request>>;
  try {
    response = await client.request({ method: 'GET', path });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      throw new PreconditionError(`the server group ${groupId} does not exist: ${error.message}`, {
        fix: 'select an existing group by its id (the console or GET …/cloudservers/os-server-groups lists them), then run terraform apply again',
      });
    }
    throw error;
  }
  const members = asRecord(asRecord(response.body)?.server_group)?.members;
  if (!Array.isArray(members) || members.some((m) => typeof m !== 'string'))
    throw malformed({ method: 'GET', path }, response.status, 'the body has no server_group.members list of ids');
  if (members.length > MAX_SELECTED_SERVERS) throw tooMany({ method: 'GET', path }, `${members.length} members`);
  return members as string[];
}

/** The tag query, page by page: `offset` is the index to start after, `total_count` the number of matches. */
async function queryByTag(context: CommandContext, tags: readonly SelectorTag[], row: PermissionRowId): Promise<string[]> {
  const { client } = context;
  const path = rowPath(row, { project_id: client.projectId });
  const request: RequestLine = { method: 'POST', path };
  const ids: string[] = [];
  let total: number | undefined;
  for (let offset = 0; total === undefined || offset < total; ) {
    const body = { action: 'filter', limit: String(SELECTION_PAGE_SIZE), offset: String(offset), tags: tags.map((t) => ({ key: t.key, values: [t.value] })) };
    // A query changes nothing: retried like a read.
    const response = await client.request({ method: 'POST', path, body, mutation: false });
    const answer = asRecord(response.body);
    const resources = answer?.resources;
    const count = answer?.total_count;
    if (!Array.isArray(resources) || !Number.isInteger(count) || (count as number) < 0)
      throw malformed(request, response.status, 'the body has no resources list and total_count');
    total = count as number;
    if (total > MAX_SELECTED_SERVERS) throw tooMany(request, `${total} servers`);
    for (const resource of resources) {
      const id = asString(asRecord(resource)?.resource_id);
      if (id === undefined) throw malformed(request, response.status, 'a resource has no resource_id');
      ids.push(id);
    }
    // An empty page before every match was read: the servers changed while the pages were read.
    if (resources.length === 0 && offset < total) throw changedWhileReading(request, `offset ${offset} answered no server of ${total}`);
    offset += resources.length;
  }
  return ids;
}

/** The server list within an enterprise project, page by page (`offset` is a page number from 1), kept by tags here. */
async function listTagged(context: CommandContext, tags: readonly SelectorTag[], enterpriseProjectId: string, row: PermissionRowId): Promise<string[]> {
  const { client } = context;
  const path = rowPath(row, { project_id: client.projectId });
  const request: RequestLine = { method: 'GET', path };
  const wanted = tags.map((t) => `${t.key}=${t.value}`);
  const ids: string[] = [];
  let listed = 0;
  for (let page = 1; ; page += 1) {
    if (page > MAX_LIST_PAGES) throw tooMany(request, `more than ${MAX_LIST_PAGES * SELECTION_PAGE_SIZE} servers in enterprise project ${enterpriseProjectId}`);
    const query: [string, string][] = [
      ['enterprise_project_id', enterpriseProjectId],
      ['limit', String(SELECTION_PAGE_SIZE)],
      ['offset', String(page)],
    ];
    const response = await client.request({ method: 'GET', path, query });
    const answer = asRecord(response.body);
    const servers = answer?.servers;
    const count = answer?.count;
    if (!Array.isArray(servers) || !Number.isInteger(count)) throw malformed(request, response.status, 'the body has no servers list and count');
    for (const item of servers) {
      const server = asRecord(item);
      const id = asString(server?.id);
      const serverTags = server?.tags;
      if (id === undefined || !Array.isArray(serverTags)) throw malformed(request, response.status, 'a server has no id or tags list');
      // The filter asked for one project; a server of another would be outside the selection the review approved.
      if (server?.enterprise_project_id !== undefined && server.enterprise_project_id !== enterpriseProjectId)
        throw malformed(request, response.status, `server ${id} is in enterprise project ${JSON.stringify(server.enterprise_project_id)}`);
      if (wanted.every((tag) => serverTags.includes(tag))) ids.push(id);
    }
    listed += servers.length;
    if (servers.length < SELECTION_PAGE_SIZE || listed >= (count as number)) break;
  }
  if (ids.length > MAX_SELECTED_SERVERS) throw tooMany(request, `${ids.length} servers`);
  return ids;
}

/** Compares ids as the cloud does: case-insensitively. */
export function compareIds(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function sortedIds(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const unique = ids.filter((id) => {
    const key = id.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(compareIds);
}

function malformed(request: RequestLine, status: number, message: string): InvalidResponseError {
  return new InvalidResponseError(request, { status, message });
}

function tooMany(request: RequestLine, what: string): PreconditionError {
  return new PreconditionError(`${request.method} ${request.path} selects ${what}; a fleet selects at most ${MAX_SELECTED_SERVERS} servers`, {
    fix: 'narrow the selection (more tags, or a smaller group), or split the fleet',
  });
}

function changedWhileReading(request: RequestLine, what: string): PreconditionError {
  return new PreconditionError(`${request.method} ${request.path}: ${what}; the servers changed while the selection was read`, {
    fix: 'run terraform apply again once the servers stop changing',
  });
}
