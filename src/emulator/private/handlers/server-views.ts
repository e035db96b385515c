/**
 * Server details: native `GET /v2.1/{project_id}/servers/{server_id}` and cloudservers
 * `GET /v1/{project_id}/cloudservers/{server_id}` (ecs-api.md §2.1). Native shows `locked` only from
 * microversion 2.9 and embeds the flavor from 2.47; cloudservers always shows `locked`.
 */
import { type HandlerContext, type HandlerResult, reply } from '../handler-context';
import { CLOUD_CODES, cloudCodeError, nativeError } from '../responses';
import { type ServerRecord, statusOf } from '../server-record';
import type { World } from '../world';

export function showNativeServer(ctx: HandlerContext): HandlerResult {
  const server = ctx.world.servers.get(ctx.params.serverId ?? '');
  if (!server) return reply(nativeError(404, `Instance ${ctx.params.serverId} could not be found.`));
  const { world } = ctx;
  const base = `${world.url}/v2.1/${world.config.projectId}`;
  const flavor =
    ctx.microversion >= 47
      ? { original_name: server.flavorRef }
      : { id: server.flavorRef, links: [{ rel: 'bookmark', href: `${base}/flavors/${server.flavorRef}` }] };
  return reply({
    status: 200,
    body: {
      server: {
        ...commonFields(world, server),
        flavor,
        image: { id: server.imageId, links: [{ rel: 'bookmark', href: `${base}/images/${server.imageId}` }] },
        // Nova shows "no task" as null.
        'OS-EXT-STS:task_state': server.taskState,
        ...(ctx.microversion >= 9 ? { locked: server.locked } : {}),
        links: [{ rel: 'self', href: `${base}/servers/${server.id}` }],
      },
    },
  });
}

export function showCloudServer(ctx: HandlerContext): HandlerResult {
  const server = ctx.world.servers.get(ctx.params.serverId ?? '');
  if (!server) return reply(cloudCodeError(404, CLOUD_CODES.serverMissing));
  return reply({
    status: 200,
    body: {
      server: {
        ...commonFields(ctx.world, server),
        flavor: { id: server.flavorRef, name: server.flavorRef },
        image: { id: server.imageId },
        // The cloudservers examples show "no task" as an empty string.
        'OS-EXT-STS:task_state': server.taskState ?? '',
        locked: server.locked,
      },
    },
  });
}

function commonFields(world: World, server: ServerRecord): Record<string, unknown> {
  return {
    id: server.id,
    name: server.name,
    status: statusOf(server.vmState, server.taskState),
    tenant_id: world.config.projectId,
    created: server.created.toISOString(),
    updated: server.updated.toISOString(),
    key_name: server.keyName ?? null,
    metadata: {},
    // One network, as the ECS API shows it: the network name, then each address with its version and type.
    addresses: { 'subnet-default': server.addresses.map((addr) => ({ version: 4, addr, 'OS-EXT-IPS:type': 'fixed' })) },
    'OS-EXT-STS:vm_state': server.vmState,
    'OS-EXT-STS:power_state': server.powerState,
  };
}
