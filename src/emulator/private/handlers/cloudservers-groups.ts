/**
 * Cloudservers ECS groups, `/v1/{project_id}/cloudservers/os-server-groups` ([OTC-ECS] apis_recommended/
 * ecs_group_management, fleet-apis.md): the same groups as the native API, in the cloudservers error format.
 * Create, list and show answer 200, delete 204. Membership: `POST …/{server_group_id}/action` with
 * `{"add_member" | "remove_member": {"instance_uuid"}}` answers 200 with no body; only a stopped server can be
 * added ("The ECS to be added has been stopped."). The cloud passes Nova's refusals on as `Ecs.1000` with
 * Nova's body as the message (ecs-api.md §3).
 */
import type { MemberAction } from '../../route-table';
import { type HandlerContext, type HandlerResult, isObject, reply } from '../handler-context';
import { CLOUD_CODES, cloudCodeError, type EmulatorResponse, wrappedNovaError } from '../responses';
import { addGroup, findGroup, groupInputOf, groupNotFoundMessage, groupView } from './server-groups';

// "Maximum: 1000" (listing_ecs_groups.rst, query parameter limit).
const MAX_LIMIT = 1000;

export function createCloudServerGroup(ctx: HandlerContext): HandlerResult {
  const input = groupInputOf(ctx.body);
  if ('problem' in input) return reply(cloudCodeError(400, CLOUD_CODES.invalidParameter, input.problem));
  const record = addGroup(ctx.world, input.name);
  return { response: { status: 200, body: { server_group: groupView(ctx.world, record, false) } }, mutated: record.name };
}

/** The list; with `limit` (and optionally `marker`, the last id of the previous page) one page and `page_info`. */
export function listCloudServerGroups(ctx: HandlerContext): HandlerResult {
  const all = [...ctx.world.groups.values()];
  const query = new Map(ctx.query.map(([k, v]) => [k, v]));
  const limitText = query.get('limit');
  const marker = query.get('marker');
  if (limitText === undefined) {
    if (marker !== undefined) return reply(cloudCodeError(400, CLOUD_CODES.invalidParameter, 'marker and limit must be used together.'));
    return reply({ status: 200, body: { server_groups: all.map((g) => groupView(ctx.world, g, false)) } });
  }
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > MAX_LIMIT) {
    return reply(cloudCodeError(400, CLOUD_CODES.invalidParameter, `limit must be an integer from 1 to ${MAX_LIMIT}.`));
  }
  const start = marker === undefined ? 0 : all.findIndex((g) => g.id === marker) + 1;
  if (start === 0 && marker !== undefined) return reply(cloudCodeError(400, CLOUD_CODES.invalidParameter, `marker ${marker} is not an ECS group id.`));
  const page = all.slice(start, start + limit);
  // "If the pagination function is enabled, the UUID of the last ECS group on the current page is returned."
  const pageInfo = page.length ? { page_info: { next_marker: page[page.length - 1].id } } : {};
  return reply({ status: 200, body: { server_groups: page.map((g) => groupView(ctx.world, g, false)), ...pageInfo } });
}

export function showCloudServerGroup(ctx: HandlerContext): HandlerResult {
  const group = findGroup(ctx);
  if (!group) return reply(wrappedNovaError(404, groupNotFoundMessage(ctx)));
  return reply({ status: 200, body: { server_group: groupView(ctx.world, group, false) } });
}

export function deleteCloudServerGroup(ctx: HandlerContext): HandlerResult {
  const group = findGroup(ctx);
  if (!group) return reply(wrappedNovaError(404, groupNotFoundMessage(ctx)));
  ctx.world.groups.delete(group.id);
  return { response: { status: 204 }, mutated: group.name };
}

/**
 * Adds or removes one member. Assumed where no source says (and so kept strict, to show a client that
 * does not check first): adding a member twice and removing a server that is not a member are refused.
 */
export function changeGroupMember(ctx: HandlerContext, action: MemberAction): HandlerResult {
  const { world } = ctx;
  const group = findGroup(ctx);
  if (!group) return reply(wrappedNovaError(404, groupNotFoundMessage(ctx)));
  const option = isObject(ctx.body) ? ctx.body[action] : undefined;
  const serverId = isObject(option) ? option.instance_uuid : undefined;
  if (typeof serverId !== 'string' || serverId === '') {
    return reply(cloudCodeError(400, CLOUD_CODES.invalidParameter, `${action}.instance_uuid must be a non-empty string.`));
  }
  const server = world.servers.get(serverId);
  if (!server) return reply(cloudCodeError(404, CLOUD_CODES.serverMissing));
  // Members are kept under the server's own id, whatever the case of the request.
  const member = group.members.includes(server.id);
  const refusal =
    action === 'add_member'
      ? addRefusal(serverId, group.id, member, server.vmState === 'stopped' && server.taskState === null)
      : member
        ? undefined
        : wrappedNovaError(400, `Instance ${serverId} is not a member of server group ${group.id}`);
  if (refusal) return reply(refusal);
  group.members = action === 'add_member' ? [...group.members, server.id] : group.members.filter((id) => id !== server.id);
  return { response: { status: 200 }, mutated: group.name };
}

function addRefusal(serverId: string, groupId: string, member: boolean, stopped: boolean): EmulatorResponse | undefined {
  if (member) return wrappedNovaError(400, `Instance ${serverId} is already a member of server group ${groupId}`);
  // The cloud's own words (huaweicloud/terraform-provider-huaweicloud issue #1044, ecs-api.md §3).
  if (!stopped) return wrappedNovaError(400, `Instance ${serverId} can not add, cause its state is not STOPPED`);
  return undefined;
}
