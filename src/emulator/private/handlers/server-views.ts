/**
 * Server details: native `GET /v2.1/{project_id}/servers/{server_id}` and cloudservers
 * `GET /v1/{project_id}/cloudservers/{server_id}` (ecs-api.md §2.1). Native shows `locked` only from
 * microversion 2.9 and embeds the flavor from 2.47; cloudservers always shows `locked`, the tags (`key=value`
 * strings) and the enterprise project. The selection reads (selection-apis.md): the list
 * `GET /v1/{project_id}/cloudservers/detail` and the tag query `POST /v1/{project_id}/[cloud]servers/resource_instances/action`.
 */
import { type HandlerContext, type HandlerResult, isObject, reply } from '../handler-context';
import { CLOUD_CODES, cloudCodeError, nativeError } from '../responses';
import { type ServerRecord, type ServerTag, statusOf } from '../server-record';
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
  return reply({ status: 200, body: { server: cloudServerView(ctx.world, server) } });
}

function cloudServerView(world: World, server: ServerRecord): Record<string, unknown> {
  return {
    ...commonFields(world, server),
    flavor: { id: server.flavorRef, name: server.flavorRef },
    image: { id: server.imageId },
    // The cloudservers examples show "no task" as an empty string.
    'OS-EXT-STS:task_state': server.taskState ?? '',
    locked: server.locked,
    tags: server.tags.map((t) => `${t.key}=${t.value}`),
    enterprise_project_id: server.enterpriseProjectId,
  };
}

// "a maximum of 1000 ECSs are returned" (list); "The maximum value is 1,000" (tag query).
const MAX_LIMIT = 1000;
// The list's default page size: "Each page contains 25 ECSs by default".
const DEFAULT_LIST_LIMIT = 25;
// Filters of the list the emulator applies; the API's others (flavor, ip, marker, …) are refused rather than ignored.
const LIST_PARAMETERS = new Set(['limit', 'offset', 'enterprise_project_id', 'tags', 'not-tags', 'name', 'status']);
// `enterprise_project_id=all_granted_eps` lists the servers of every enterprise project the caller may see (SDK docs).
const ALL_ENTERPRISE_PROJECTS = 'all_granted_eps';

/**
 * The list, in creation order. `offset` is a page number (0 and 1 both give the first page), `limit` the page size;
 * `count` is the number of servers that match. `tags` keeps the servers one of whose `key=value` tags equals it.
 */
export function listCloudServers(ctx: HandlerContext): HandlerResult {
  const query = new Map<string, string>();
  for (const [key, value] of ctx.query) {
    if (!LIST_PARAMETERS.has(key)) return invalid(`the emulator does not serve the query parameter ${JSON.stringify(key)}.`);
    if (query.has(key)) return invalid(`${key} is given twice.`);
    query.set(key, value);
  }
  const limit = wholeNumber(query.get('limit'), DEFAULT_LIST_LIMIT);
  if (limit === undefined || limit < 1 || limit > MAX_LIMIT) return invalid(`limit must be an integer from 1 to ${MAX_LIMIT}.`);
  const page = wholeNumber(query.get('offset'), 1);
  if (page === undefined) return invalid('offset must be an integer, 0 or more.');
  const project = query.get('enterprise_project_id');
  const tag = query.get('tags');
  const notTag = query.get('not-tags');
  const name = query.get('name');
  const status = query.get('status');
  const tagText = (s: ServerRecord) => s.tags.map((t) => `${t.key}=${t.value}`);
  const matching = [...ctx.world.servers.values()].filter(
    (s) =>
      (project === undefined || project === ALL_ENTERPRISE_PROJECTS || s.enterpriseProjectId === project) &&
      (tag === undefined || tagText(s).includes(tag)) &&
      (notTag === undefined || !tagText(s).includes(notTag)) &&
      (name === undefined || s.name.includes(name)) &&
      (status === undefined || statusOf(s.vmState, s.taskState) === status),
  );
  const first = (Math.max(page, 1) - 1) * limit;
  const servers = matching.slice(first, first + limit).map((s) => cloudServerView(ctx.world, s));
  return reply({ status: 200, body: { count: matching.length, servers } });
}

/** A tag condition of the tag query: the key, and the values any one of which matches (none: any value). */
interface TagCondition {
  readonly key: string;
  readonly values?: readonly string[];
}

const TAG_QUERY_KEYS = new Set(['action', 'limit', 'offset', 'tags', 'not_tags']);

/**
 * The tag query ("Querying ECSs by Tag"): `filter` answers the page `offset`…`offset + limit` of the servers carrying
 * every tag of `tags` (the values of one key OR'ed) and none of `not_tags`, with `total_count`; `count` only the count.
 * `limit` and `offset` are strings, as the API page and the SDK's model give them. `matches` is not emulated (refused).
 */
export function queryServersByTag(ctx: HandlerContext): HandlerResult {
  const body = ctx.body;
  if (!isObject(body)) return reply(cloudCodeError(400, CLOUD_CODES.emptyBody));
  const unknown = Object.keys(body).find((key) => !TAG_QUERY_KEYS.has(key));
  if (unknown !== undefined) return invalid(`the emulator does not serve the body field ${JSON.stringify(unknown)}.`);
  if (body.action !== 'filter' && body.action !== 'count') return invalid('action must be filter or count.');
  const limit = numberText(body.limit, MAX_LIMIT);
  if (limit === undefined || limit > MAX_LIMIT) return invalid(`limit must be a string holding an integer from 0 to ${MAX_LIMIT}.`);
  const offset = numberText(body.offset, 0);
  if (offset === undefined) return invalid('offset must be a string holding an integer, 0 or more.');
  const tags = tagConditions(body.tags, 'tags');
  if (typeof tags === 'string') return invalid(tags);
  const notTags = tagConditions(body.not_tags, 'not_tags');
  if (typeof notTags === 'string') return invalid(notTags);
  const holds = (server: ServerRecord, c: TagCondition) => server.tags.some((t) => t.key === c.key && (c.values === undefined || c.values.includes(t.value)));
  const matching = [...ctx.world.servers.values()].filter((s) => tags.every((c) => holds(s, c)) && !notTags.some((c) => holds(s, c)));
  if (body.action === 'count') return reply({ status: 200, body: { total_count: matching.length } });
  const resources = matching.slice(offset, offset + limit).map((s) => ({
    resource_id: s.id,
    resource_detail: null,
    tags: s.tags.map((t: ServerTag) => ({ key: t.key, value: t.value })),
    resource_name: s.name,
  }));
  return reply({ status: 200, body: { resources, total_count: matching.length } });
}

/** `tags` / `not_tags`: absent, or a non-empty list of `{key, values?}` with unique keys and unique values per key. */
function tagConditions(value: unknown, field: string): readonly TagCondition[] | string {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length === 0) return `${field} must be a non-empty list of {key, values}.`;
  const keys = new Set<string>();
  const conditions: TagCondition[] = [];
  for (const item of value) {
    if (!isObject(item) || typeof item.key !== 'string' || item.key === '' || [...item.key].length > 127)
      return `${field}: every entry needs a key of 1 to 127 characters.`;
    if (Object.keys(item).some((k) => k !== 'key' && k !== 'values')) return `${field}: an entry holds only key and values.`;
    if (keys.has(item.key)) return `${field}: the key ${JSON.stringify(item.key)} is given twice.`;
    keys.add(item.key);
    if (item.values === undefined) {
      conditions.push({ key: item.key });
      continue;
    }
    const values = item.values;
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string' || [...v].length > 255) || new Set(values).size !== values.length)
      return `${field}: the values of ${JSON.stringify(item.key)} must be distinct strings of at most 255 characters.`;
    conditions.push({ key: item.key, values: values as string[] });
  }
  return conditions;
}

/** A query parameter holding a whole number; `fallback` when absent, `undefined` when malformed. */
function wholeNumber(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined) return fallback;
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/** A body field that is a string holding a whole number; `fallback` when absent, `undefined` when malformed. */
function numberText(value: unknown, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  return typeof value === 'string' ? wholeNumber(value, fallback) : undefined;
}

function invalid(message: string): HandlerResult {
  return reply(cloudCodeError(400, CLOUD_CODES.invalidParameter, message));
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
