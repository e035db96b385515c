/**
 * Native server groups, `/v2.1/{project_id}/os-server-groups` ([OTC-ECS] native_openstack_nova_apis/
 * ecs_group_management): anti-affinity only, like OTC; create answers 200, delete 204. The cloudservers
 * routes (`cloudservers-groups.ts`) share the groups, their checks and their views.
 */
import { type HandlerContext, type HandlerResult, isObject, reply } from '../handler-context';
import { nativeError } from '../responses';
import type { ServerGroupRecord, World } from '../world';

export function createServerGroup(ctx: HandlerContext): HandlerResult {
  const input = groupInputOf(ctx.body);
  if ('problem' in input) return reply(nativeError(400, input.problem));
  const record = addGroup(ctx.world, input.name);
  return { response: { status: 200, body: { server_group: groupView(ctx.world, record, ctx.microversion >= 13) } }, mutated: record.name };
}

export function listServerGroups(ctx: HandlerContext): HandlerResult {
  const groups = [...ctx.world.groups.values()].map((g) => groupView(ctx.world, g, true));
  return reply({ status: 200, body: { server_groups: groups } });
}

export function showServerGroup(ctx: HandlerContext): HandlerResult {
  const group = findGroup(ctx);
  if (!group) return reply(nativeError(404, groupNotFoundMessage(ctx)));
  return reply({ status: 200, body: { server_group: groupView(ctx.world, group, ctx.microversion >= 13) } });
}

export function deleteServerGroup(ctx: HandlerContext): HandlerResult {
  const group = findGroup(ctx);
  if (!group) return reply(nativeError(404, groupNotFoundMessage(ctx)));
  ctx.world.groups.delete(group.id);
  return { response: { status: 204 }, mutated: group.name };
}

/** The group's name from a create body, or Nova's message for what is wrong with it. */
export function groupInputOf(body: unknown): { readonly name: string } | { readonly problem: string } {
  const group = isObject(body) ? body.server_group : undefined;
  if (!isObject(group)) return { problem: "Invalid input for field/attribute server_group. Value: missing. 'server_group' is a required property" };
  const { name, policies } = group;
  if (typeof name !== 'string' || name.length < 1 || name.length > 255) {
    return { problem: 'Invalid input for field/attribute name. Value: must be a string of 1 to 255 characters' };
  }
  if (!Array.isArray(policies) || policies.length !== 1 || typeof policies[0] !== 'string') {
    return { problem: 'Invalid input for field/attribute policies. Value: must be a list of exactly one policy' };
  }
  // "Constraints: Only anti-affinity groups are supported." (OTC and Huawei, ecs-api.md §1.5)
  if (policies[0] !== 'anti-affinity') {
    return { problem: `Invalid input for field/attribute policies. Value: ${JSON.stringify(policies)}. Only anti-affinity groups are supported` };
  }
  return { name };
}

export function addGroup(world: World, name: string): ServerGroupRecord {
  const record: ServerGroupRecord = { id: world.ids.uuid('server-group', '5bbcc3c4'), name, policies: ['anti-affinity'], members: [] };
  world.groups.set(record.id, record);
  return record;
}

export function findGroup(ctx: HandlerContext): ServerGroupRecord | undefined {
  return ctx.world.groups.get(ctx.params.groupId ?? '');
}

export function groupNotFoundMessage(ctx: HandlerContext): string {
  return `Server group ${ctx.params.groupId} could not be found.`;
}

/**
 * A group as the APIs show it: `id, name, policies, members, metadata`. The native views add project_id
 * (the list always, the others from microversion 2.13 on, ecs-api.md §1.5).
 */
export function groupView(world: World, group: ServerGroupRecord, withProject: boolean): Record<string, unknown> {
  return {
    id: group.id,
    name: group.name,
    policies: [...group.policies],
    members: [...group.members],
    metadata: {},
    ...(withProject ? { project_id: world.config.projectId } : {}),
  };
}
