/**
 * The emulator's routes and the IAM action each one requires.
 *
 * Written directly from the "API" and "Action"/"Dependencies" columns of the seed permission tables
 * (`shared/seeds/ecs-group-management.rst`, `shared/seeds/ecs-status-management.rst`), the batch and
 * cloudservers group rows of `shared/reference/fleet-apis.md`, the tag-query and list rows of
 * `test/fixtures/seeds/selection-apis.md` and, for the supporting reads, from ecs-api.md §2. Deliberately independent of `src/permissions`: the emulator is the check on the construct
 * catalog, so a wrong catalog must not be able to agree with itself.
 */

/** Which API answers a route; decides the error body format. */
export type ApiFamily = 'native' | 'cloudservers' | 'iam';

/** The body keys of the native `POST /v2.1/{project_id}/servers/{server_id}/action`. */
export type NativeAction = 'os-start' | 'os-stop' | 'reboot' | 'resize' | 'confirmResize' | 'revertResize' | 'lock' | 'unlock';

export const NATIVE_ACTIONS: readonly NativeAction[] = ['os-start', 'os-stop', 'reboot', 'resize', 'confirmResize', 'revertResize', 'lock', 'unlock'];

/** The body keys of the batch `POST /v1/{project_id}/cloudservers/action`. */
export type BatchAction = 'os-start' | 'os-stop' | 'reboot';

export const BATCH_ACTIONS: readonly BatchAction[] = ['os-start', 'os-stop', 'reboot'];

/** The body keys of `POST /v1/{project_id}/cloudservers/os-server-groups/{server_group_id}/action`. */
export type MemberAction = 'add_member' | 'remove_member';

export const MEMBER_ACTIONS: readonly MemberAction[] = ['add_member', 'remove_member'];

/**
 * Identifies one route. Fault rules, the audit log and {@link ROUTE_IAM} use these ids. A variant
 * after `:` (the native action, the API version) belongs to its base: a fault rule for
 * `server-action` matches every `server-action:*`.
 */
export type RouteId =
  | 'server-groups-create'
  | 'server-groups-list'
  | 'server-groups-show'
  | 'server-groups-delete'
  | `server-action:${NativeAction}`
  | 'server-show'
  | 'cloudservers-changeos:v1'
  | 'cloudservers-changeos:v2'
  | 'cloudservers-reinstallos:v1'
  | 'cloudservers-reinstallos:v2'
  | 'cloudservers-resize'
  | 'cloudservers-show'
  | `cloudservers-batch:${BatchAction}`
  | 'cloudservers-groups-create'
  | 'cloudservers-groups-list'
  | 'cloudservers-groups-show'
  | 'cloudservers-groups-delete'
  | `cloudservers-groups-action:${MemberAction}`
  | 'servers-tag-query'
  | 'cloudservers-tag-query'
  | 'cloudservers-list'
  | 'job-show'
  | 'iam-tokens';

/** What a route requires from the caller's policy. */
export interface IamRequirement {
  readonly action: string;
  /** Actions that must be allowed as well, in the source's order. */
  readonly dependencies: readonly string[];
}

const SERVERS_LIST = ['ecs:servers:list'];

// ecs-status-management.rst, "Modifying ECS specifications (native OpenStack API)": the 13 dependencies.
const NATIVE_RESIZE_DEPENDENCIES = [
  'ecs:servers:list',
  'ecs:flavors:get',
  'ims:images:get',
  'evs:volumes:list',
  'evs:volumes:create',
  'evs:volumes:get',
  'evs:volumes:attach',
  'evs:volumes:detach',
  'evs:volumes:manage',
  'vpc:ports:get',
  'vpc:ports:update',
  'vpc:ports:create',
  'vpc:ports:delete',
];

const SERVER_GROUPS_MANAGE: IamRequirement = { action: 'ecs:serverGroups:manage', dependencies: [] };

/** The IAM requirement of every route; `undefined` = no action (any authenticated caller, or no auth at all). */
export const ROUTE_IAM: Readonly<Record<RouteId, IamRequirement | undefined>> = {
  // ecs-group-management.rst: POST /v2.1/{project_id}/os-server-groups → ecs:serverGroups:manage, no deps.
  'server-groups-create': SERVER_GROUPS_MANAGE,
  // ecs-group-management.rst: GET /v2.1/{project_id}/os-server-groups → ecs:serverGroups:manage, no deps.
  'server-groups-list': SERVER_GROUPS_MANAGE,
  // ecs-group-management.rst: GET /v2.1/{project_id}/os-server-groups/{server_group_id} → ecs:serverGroups:manage.
  'server-groups-show': SERVER_GROUPS_MANAGE,
  // ecs-group-management.rst: DELETE /v2.1/{project_id}/os-server-groups/{server_group_id} → ecs:serverGroups:manage.
  'server-groups-delete': SERVER_GROUPS_MANAGE,
  // ecs-status-management.rst: POST /v2.1/{project_id}/servers/{server_id}/action (Starting) → ecs:servers:start; ecs:servers:list.
  'server-action:os-start': { action: 'ecs:servers:start', dependencies: SERVERS_LIST },
  // ecs-status-management.rst: POST /v2.1/.../action (Stopping) → ecs:servers:stop; ecs:servers:list.
  'server-action:os-stop': { action: 'ecs:servers:stop', dependencies: SERVERS_LIST },
  // ecs-status-management.rst: POST /v2.1/.../action (Restarting) → ecs:servers:reboot; ecs:servers:list.
  'server-action:reboot': { action: 'ecs:servers:reboot', dependencies: SERVERS_LIST },
  // ecs-status-management.rst: POST /v2.1/.../action (Modifying ECS specifications, native) → ecs:servers:resize; 13 deps.
  'server-action:resize': { action: 'ecs:servers:resize', dependencies: NATIVE_RESIZE_DEPENDENCIES },
  // confirmResize / revertResize are in no permission table (ecs-api.md §1.0, UNCONFIRMED). Assumed: they finish
  // the resize the caller was already allowed to start, so they need what the native resize needs.
  'server-action:confirmResize': { action: 'ecs:servers:resize', dependencies: NATIVE_RESIZE_DEPENDENCIES },
  'server-action:revertResize': { action: 'ecs:servers:resize', dependencies: NATIVE_RESIZE_DEPENDENCIES },
  // ecs-status-management.rst: POST /v2.1/.../action (Locking) → ecs:servers:lock; ecs:servers:list.
  'server-action:lock': { action: 'ecs:servers:lock', dependencies: SERVERS_LIST },
  // ecs-status-management.rst: POST /v2.1/.../action (Unlocking) → ecs:servers:unlock; ecs:servers:list.
  'server-action:unlock': { action: 'ecs:servers:unlock', dependencies: SERVERS_LIST },
  // Not a seed row. OTC lifecycle_management.rst (ecs-api.md §2.1): GET /v2.1/{project_id}/servers/{server_id}
  // → ecs:servers:get with ten dependencies, enforced as strictly as the seed rows.
  'server-show': {
    action: 'ecs:servers:get',
    dependencies: [
      'ecs:serverVolumes:use',
      'ecs:diskConfigs:use',
      'ecs:securityGroups:use',
      'ecs:serverKeypairs:get',
      'vpc:securityGroups:get',
      'vpc:securityGroupRules:get',
      'vpc:networks:get',
      'vpc:subnets:get',
      'vpc:ports:get',
      'vpc:routers:get',
    ],
  },
  // ecs-status-management.rst: POST /v1/{project_id}/cloudservers/{server_id}/changeos → ecs:cloudServers:changeOS, no deps.
  'cloudservers-changeos:v1': { action: 'ecs:cloudServers:changeOS', dependencies: [] },
  // ecs-status-management.rst: POST /v2/{project_id}/cloudservers/{server_id}/changeos → ecs:cloudServers:changeOS, no deps.
  'cloudservers-changeos:v2': { action: 'ecs:cloudServers:changeOS', dependencies: [] },
  // ecs-status-management.rst: POST /v1/{project_id}/cloudservers/{server_id}/reinstallos → ecs:cloudServers:rebuild, no deps.
  'cloudservers-reinstallos:v1': { action: 'ecs:cloudServers:rebuild', dependencies: [] },
  // ecs-status-management.rst: POST /v2/{project_id}/cloudservers/{server_id}/reinstallos → ecs:cloudServers:rebuild, no deps.
  'cloudservers-reinstallos:v2': { action: 'ecs:cloudServers:rebuild', dependencies: [] },
  // ecs-status-management.rst: POST /v1/{project_id}/cloudservers/{server_id}/resize → ecs:cloudServers:resize, no deps.
  'cloudservers-resize': { action: 'ecs:cloudServers:resize', dependencies: [] },
  // Not a seed row. OTC lifecycle_management.rst (ecs-api.md §2.1): GET /v1/{project_id}/cloudservers/{server_id}
  // → ecs:cloudServers:showServer, no deps.
  'cloudservers-show': { action: 'ecs:cloudServers:showServer', dependencies: [] },
  // fleet-apis.md, Batch Operations: POST /v1/{project_id}/cloudservers/action body {"os-start"} → ecs:cloudServers:start, none.
  'cloudservers-batch:os-start': { action: 'ecs:cloudServers:start', dependencies: [] },
  // fleet-apis.md, Batch Operations: same URI, body {"os-stop"} → ecs:cloudServers:stop, none.
  'cloudservers-batch:os-stop': { action: 'ecs:cloudServers:stop', dependencies: [] },
  // fleet-apis.md, Batch Operations: same URI, body {"reboot"} → ecs:cloudServers:reboot, none.
  'cloudservers-batch:reboot': { action: 'ecs:cloudServers:reboot', dependencies: [] },
  // fleet-apis.md, ECS Group Management: POST /v1/{project_id}/cloudservers/os-server-groups → ecs:cloudServers:create, none.
  // (The current OTC table names ecs:cloudServers:createServerGroup and friends, ecs-api.md §1.0; fleet-apis.md is the
  // project's source for these rows.)
  'cloudservers-groups-create': { action: 'ecs:cloudServers:create', dependencies: [] },
  // fleet-apis.md, ECS Group Management: GET /v1/{project_id}/cloudservers/os-server-groups → ecs:cloudServers:list, none.
  'cloudservers-groups-list': { action: 'ecs:cloudServers:list', dependencies: [] },
  // fleet-apis.md, ECS Group Management: GET …/os-server-groups/{server_group_id} → ecs:cloudServers:get, none.
  'cloudservers-groups-show': { action: 'ecs:cloudServers:get', dependencies: [] },
  // fleet-apis.md, ECS Group Management: DELETE …/os-server-groups/{server_group_id} → ecs:cloudServers:delete, none.
  'cloudservers-groups-delete': { action: 'ecs:cloudServers:delete', dependencies: [] },
  // fleet-apis.md, ECS Group Management: POST …/os-server-groups/{server_group_id}/action body {"add_member"}
  // → ecs:cloudServers:create (no narrower action exists), none.
  'cloudservers-groups-action:add_member': { action: 'ecs:cloudServers:create', dependencies: [] },
  // fleet-apis.md, ECS Group Management: same URI, body {"remove_member"} → ecs:cloudServers:delete, none.
  'cloudservers-groups-action:remove_member': { action: 'ecs:cloudServers:delete', dependencies: [] },
  // selection-apis.md, OTC Tag Management: POST /v1/{project_id}/servers/resource_instances/action → ecs:servers:getTags, none.
  'servers-tag-query': { action: 'ecs:servers:getTags', dependencies: [] },
  // selection-apis.md, Huawei Tag Management: POST /v1/{project_id}/cloudservers/resource_instances/action → ecs:cloudServers:list, none.
  'cloudservers-tag-query': { action: 'ecs:cloudServers:list', dependencies: [] },
  // selection-apis.md, OTC Lifecycle Management: GET /v1/{project_id}/cloudservers/detail → ecs:cloudServers:list, none.
  'cloudservers-list': { action: 'ecs:cloudServers:list', dependencies: [] },
  // In no permission table (ecs-api.md §2.2): any caller with a valid project-scoped credential.
  'job-show': undefined,
  // The IAM token API authenticates with the body; it is not behind a policy.
  'iam-tokens': undefined,
};

/** The clouds the emulator plays; they name some actions differently. */
export type EmulatedCloud = 'otc' | 'huaweicloud';

/**
 * The routes whose action Huawei Cloud's current permission table names differently ("ECS Group Management",
 * https://support.huaweicloud.com/intl/en-us/api-ecs/ecs_06_0016.html, checked 2026-12-06; ecs-api.md §1.0). The
 * dependencies are the same (none). Started for Huawei Cloud, the emulator requires these names, so a policy that
 * carries OTC's names for these routes is refused as the cloud would refuse it.
 */
export const HUAWEI_ROUTE_ACTIONS: Readonly<Partial<Record<RouteId, string>>> = {
  'cloudservers-groups-create': 'ecs:cloudServers:createServerGroup',
  'cloudservers-groups-show': 'ecs:cloudServers:showServerGroup',
  'cloudservers-groups-delete': 'ecs:cloudServers:deleteServerGroup',
  'cloudservers-groups-action:add_member': 'ecs:cloudServers:addServerGroupMember',
  'cloudservers-groups-action:remove_member': 'ecs:cloudServers:deleteServerGroupMember',
};

/** The action of a route on `cloud`; `undefined` when the route needs none. */
export function routeAction(route: RouteId, cloud: EmulatedCloud = 'otc'): string | undefined {
  return (cloud === 'huaweicloud' ? HUAWEI_ROUTE_ACTIONS[route] : undefined) ?? ROUTE_IAM[route]?.action;
}

/** The actions a route requires on `cloud`, the route's own action first. */
export function requiredActions(route: RouteId, cloud: EmulatedCloud = 'otc'): readonly string[] {
  const requirement = ROUTE_IAM[route];
  return requirement ? [routeAction(route, cloud)!, ...requirement.dependencies] : [];
}

/** Whether a fault rule's `route` selects a route: `*`, the exact id, or the id's base before `:`. */
export function routeSelects(selector: string, route: RouteId): boolean {
  return selector === '*' || selector === route || route.startsWith(`${selector}:`);
}

/** All route ids, for validating fault rules. */
export const ROUTE_IDS = Object.keys(ROUTE_IAM) as RouteId[];

/** The routes that answer with a `job_id` and run as a job. */
export const JOB_ROUTES: readonly RouteId[] = [
  'cloudservers-changeos:v1',
  'cloudservers-changeos:v2',
  'cloudservers-reinstallos:v1',
  'cloudservers-reinstallos:v2',
  'cloudservers-resize',
  'cloudservers-batch:os-start',
  'cloudservers-batch:os-stop',
  'cloudservers-batch:reboot',
];

/** URL patterns shared by several routes: the body's only key picks the route, and with it the IAM action. */
export type BodyKeyedRoute = 'server-action' | 'cloudservers-batch' | 'cloudservers-groups-action';

/** One URL pattern; a {@link BodyKeyedRoute} is resolved to its variant from the body. */
export interface RoutePattern {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly pattern: RegExp;
  readonly route: RouteId | BodyKeyedRoute;
  readonly family: ApiFamily;
  /** Names of the pattern's capture groups, in order. */
  readonly params: readonly ('projectId' | 'serverId' | 'groupId' | 'jobId')[];
}

// Native routes accept `/v2/` as well as `/v2.1/` (ecs-api.md §1.1).
const NOVA = '/v2(?:\\.1)?/([^/]+)';
const CLOUDSERVERS = '^/v1/([^/]+)/cloudservers';
// Collections under …/servers/ and …/cloudservers/ that are never a server id: the emulator serves few of them,
// and none of them may be read as "show server" (which would check the wrong action). Unserved ones get a 404.
const NOT_A_SERVER_ID = '(?!(?:detail|action|delete|flavors|resize_flavors|os-server-groups|limits)$)';

export const ROUTE_PATTERNS: readonly RoutePattern[] = [
  { method: 'POST', pattern: new RegExp(`^${NOVA}/os-server-groups$`), route: 'server-groups-create', family: 'native', params: ['projectId'] },
  { method: 'GET', pattern: new RegExp(`^${NOVA}/os-server-groups$`), route: 'server-groups-list', family: 'native', params: ['projectId'] },
  { method: 'GET', pattern: new RegExp(`^${NOVA}/os-server-groups/([^/]+)$`), route: 'server-groups-show', family: 'native', params: ['projectId', 'groupId'] },
  {
    method: 'DELETE',
    pattern: new RegExp(`^${NOVA}/os-server-groups/([^/]+)$`),
    route: 'server-groups-delete',
    family: 'native',
    params: ['projectId', 'groupId'],
  },
  { method: 'POST', pattern: new RegExp(`^${NOVA}/servers/([^/]+)/action$`), route: 'server-action', family: 'native', params: ['projectId', 'serverId'] },
  {
    method: 'GET',
    pattern: new RegExp(`^${NOVA}/servers/${NOT_A_SERVER_ID}([^/]+)$`),
    route: 'server-show',
    family: 'native',
    params: ['projectId', 'serverId'],
  },
  {
    method: 'POST',
    pattern: /^\/v1\/([^/]+)\/cloudservers\/([^/]+)\/changeos$/,
    route: 'cloudservers-changeos:v1',
    family: 'cloudservers',
    params: ['projectId', 'serverId'],
  },
  {
    method: 'POST',
    pattern: /^\/v2\/([^/]+)\/cloudservers\/([^/]+)\/changeos$/,
    route: 'cloudservers-changeos:v2',
    family: 'cloudservers',
    params: ['projectId', 'serverId'],
  },
  {
    method: 'POST',
    pattern: /^\/v1\/([^/]+)\/cloudservers\/([^/]+)\/reinstallos$/,
    route: 'cloudservers-reinstallos:v1',
    family: 'cloudservers',
    params: ['projectId', 'serverId'],
  },
  {
    method: 'POST',
    pattern: /^\/v2\/([^/]+)\/cloudservers\/([^/]+)\/reinstallos$/,
    route: 'cloudservers-reinstallos:v2',
    family: 'cloudservers',
    params: ['projectId', 'serverId'],
  },
  {
    method: 'POST',
    pattern: /^\/v1\/([^/]+)\/cloudservers\/([^/]+)\/resize$/,
    route: 'cloudservers-resize',
    family: 'cloudservers',
    params: ['projectId', 'serverId'],
  },
  {
    method: 'GET',
    pattern: new RegExp(`${CLOUDSERVERS}/${NOT_A_SERVER_ID}([^/]+)$`),
    route: 'cloudservers-show',
    family: 'cloudservers',
    params: ['projectId', 'serverId'],
  },
  { method: 'POST', pattern: new RegExp(`${CLOUDSERVERS}/action$`), route: 'cloudservers-batch', family: 'cloudservers', params: ['projectId'] },
  {
    method: 'POST',
    pattern: new RegExp(`${CLOUDSERVERS}/os-server-groups$`),
    route: 'cloudservers-groups-create',
    family: 'cloudservers',
    params: ['projectId'],
  },
  { method: 'GET', pattern: new RegExp(`${CLOUDSERVERS}/os-server-groups$`), route: 'cloudservers-groups-list', family: 'cloudservers', params: ['projectId'] },
  {
    method: 'GET',
    pattern: new RegExp(`${CLOUDSERVERS}/os-server-groups/([^/]+)$`),
    route: 'cloudservers-groups-show',
    family: 'cloudservers',
    params: ['projectId', 'groupId'],
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`${CLOUDSERVERS}/os-server-groups/([^/]+)$`),
    route: 'cloudservers-groups-delete',
    family: 'cloudservers',
    params: ['projectId', 'groupId'],
  },
  {
    method: 'POST',
    pattern: new RegExp(`${CLOUDSERVERS}/os-server-groups/([^/]+)/action$`),
    route: 'cloudservers-groups-action',
    family: 'cloudservers',
    params: ['projectId', 'groupId'],
  },
  {
    method: 'POST',
    pattern: /^\/v1\/([^/]+)\/servers\/resource_instances\/action$/,
    route: 'servers-tag-query',
    family: 'cloudservers',
    params: ['projectId'],
  },
  {
    method: 'POST',
    pattern: new RegExp(`${CLOUDSERVERS}/resource_instances/action$`),
    route: 'cloudservers-tag-query',
    family: 'cloudservers',
    params: ['projectId'],
  },
  { method: 'GET', pattern: new RegExp(`${CLOUDSERVERS}/detail$`), route: 'cloudservers-list', family: 'cloudservers', params: ['projectId'] },
  { method: 'GET', pattern: /^\/v1\/([^/]+)\/jobs\/([^/]+)$/, route: 'job-show', family: 'cloudservers', params: ['projectId', 'jobId'] },
  { method: 'POST', pattern: /^\/v3\/auth\/tokens$/, route: 'iam-tokens', family: 'iam', params: [] },
];

/** A matched request path. */
export interface RouteMatch {
  readonly pattern: RoutePattern;
  readonly params: Readonly<Partial<Record<RoutePattern['params'][number], string>>>;
}

/** Finds the route for a method and raw (still percent-encoded) path. */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  for (const pattern of ROUTE_PATTERNS) {
    if (pattern.method !== method) continue;
    const m = pattern.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    pattern.params.forEach((name, i) => {
      params[name] = safeDecode(m[i + 1]);
    });
    return { pattern, params };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
