/**
 * The API rows of the OTC ECS permission tables, as plain data, and the row shape they share with the
 * fleet rows (`fleet-api-rows.ts`).
 *
 * Source of truth: `shared/seeds/ecs-group-management.rst` (en-us_topic_0103071520) and
 * `shared/seeds/ecs-status-management.rst` (en-us_topic_0103071511). `test/permissions/api-rows.test.ts`
 * parses those files and fails on any difference, so edit the seeds' facts here only together with them.
 */

/**
 * Whether an API can be authorized through an enterprise project. `'unknown'` where no permission table
 * states it: never read it as `true`.
 */
export type EnterpriseProjectSupport = boolean | 'unknown';

/** The OTC permission tables the rows come from. */
export type PermissionTable = 'ECS Group Management' | 'ECS Status Management' | 'Batch Operations' | 'Tag Management' | 'Lifecycle Management';

/** One API of a permission table, with the IAM action it requires. */
export interface ApiRow {
  readonly id: string;
  /** Which permission table the row is in. */
  readonly table: PermissionTable;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** URL path template. */
  readonly path: string;
  /** The IAM action the API requires. */
  readonly action: string;
  /** Actions that must be allowed along with `action`, in the table's order. */
  readonly dependencies: readonly string[];
  /** Whether the API can be authorized through an IAM project (region). */
  readonly iamProject: boolean;
  /** Whether the API can be authorized through an enterprise project. */
  readonly enterpriseProject: EnterpriseProjectSupport;
  /**
   * Where Huawei Cloud's current permission table names the API's action differently from `action` (which comes from
   * the OTC tables): the name a Huawei Cloud policy must carry instead.
   * @default - the same action on both clouds
   */
  readonly huaweiCloud?: CloudActionName;
}

/** The action one cloud's table names for an API, with its source. */
export interface CloudActionName {
  readonly action: string;
  /** The permission table that names it (URL and date checked). */
  readonly source: string;
  /** Where the sources for that cloud disagree: what each says, and which this data follows. */
  readonly knownConflict?: string;
  /** What a reviewer of that cloud's policy must be told about the action, in place of the row's note. */
  readonly reviewNote?: string;
}

/** Identifies one row of the seed permission tables. */
export type ApiRowId =
  | 'nova-create-server-group'
  | 'nova-list-server-groups'
  | 'nova-show-server-group'
  | 'nova-delete-server-group'
  | 'change-os-v2'
  | 'change-os-v1'
  | 'reinstall-os-v2'
  | 'reinstall-os-v1'
  | 'resize-cloudservers'
  | 'nova-start'
  | 'nova-stop'
  | 'nova-reboot'
  | 'nova-resize'
  | 'nova-lock'
  | 'nova-unlock';

/** One row of a seed permission table: the seeds state enterprise-project support for every row. */
export interface SeedApiRow extends ApiRow {
  readonly id: ApiRowId;
  /** The "Permission" column: the API's title in the docs. */
  readonly permission: string;
  /** The docs topic the "Permission" column links to. */
  readonly docTopic: string;
  readonly table: 'ECS Group Management' | 'ECS Status Management';
  /** URL path template, exactly as in the "API" column. */
  readonly path: string;
  readonly enterpriseProject: boolean;
}

const GROUPS = 'ECS Group Management';
const STATUS = 'ECS Status Management';
const NOVA_ACTION_PATH = '/v2.1/{project_id}/servers/{server_id}/action';

// Dependencies of the native resize, in the seed's order (13 actions).
const NOVA_RESIZE_DEPENDENCIES = [
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
] as const;

export const API_ROWS: readonly SeedApiRow[] = [
  {
    id: 'nova-create-server-group',
    table: GROUPS,
    docTopic: 'en-us_topic_0065817720',
    permission: 'Creating an ECS group (native OpenStack API)',
    method: 'POST',
    path: '/v2.1/{project_id}/os-server-groups',
    action: 'ecs:serverGroups:manage',
    dependencies: [],
    iamProject: true,
    enterpriseProject: false,
  },
  {
    id: 'nova-list-server-groups',
    table: GROUPS,
    docTopic: 'en-us_topic_0065817721',
    permission: 'Querying ECS groups (native OpenStack API)',
    method: 'GET',
    path: '/v2.1/{project_id}/os-server-groups',
    action: 'ecs:serverGroups:manage',
    dependencies: [],
    iamProject: true,
    enterpriseProject: false,
  },
  {
    id: 'nova-show-server-group',
    table: GROUPS,
    docTopic: 'en-us_topic_0065817722',
    permission: 'Querying details about an ECS group (native OpenStack API)',
    method: 'GET',
    path: '/v2.1/{project_id}/os-server-groups/{server_group_id}',
    action: 'ecs:serverGroups:manage',
    dependencies: [],
    iamProject: true,
    enterpriseProject: false,
  },
  {
    id: 'nova-delete-server-group',
    table: GROUPS,
    docTopic: 'en-us_topic_0065817723',
    permission: 'Deleting an ECS group (native OpenStack API)',
    method: 'DELETE',
    path: '/v2.1/{project_id}/os-server-groups/{server_group_id}',
    action: 'ecs:serverGroups:manage',
    dependencies: [],
    iamProject: true,
    enterpriseProject: false,
  },
  {
    id: 'change-os-v2',
    table: STATUS,
    docTopic: 'en-us_topic_0067876971',
    permission: 'Changing an ECS OS',
    method: 'POST',
    path: '/v2/{project_id}/cloudservers/{server_id}/changeos',
    action: 'ecs:cloudServers:changeOS',
    dependencies: [],
    iamProject: true,
    enterpriseProject: true,
  },
  {
    id: 'change-os-v1',
    table: STATUS,
    docTopic: 'en-us_topic_0077841586',
    permission: 'Changing an ECS OS',
    method: 'POST',
    path: '/v1/{project_id}/cloudservers/{server_id}/changeos',
    action: 'ecs:cloudServers:changeOS',
    dependencies: [],
    iamProject: true,
    enterpriseProject: true,
  },
  {
    id: 'reinstall-os-v2',
    table: STATUS,
    docTopic: 'en-us_topic_0067876349',
    permission: 'Reinstalling an ECS OS',
    method: 'POST',
    path: '/v2/{project_id}/cloudservers/{server_id}/reinstallos',
    action: 'ecs:cloudServers:rebuild',
    dependencies: [],
    iamProject: true,
    enterpriseProject: true,
  },
  {
    id: 'reinstall-os-v1',
    table: STATUS,
    docTopic: 'en-us_topic_0077841398',
    permission: 'Reinstalling an ECS OS',
    method: 'POST',
    path: '/v1/{project_id}/cloudservers/{server_id}/reinstallos',
    action: 'ecs:cloudServers:rebuild',
    dependencies: [],
    iamProject: true,
    enterpriseProject: true,
  },
  {
    id: 'resize-cloudservers',
    table: STATUS,
    docTopic: 'en-us_topic_0020212653',
    permission: 'Modifying ECS specifications (pay-per-use)',
    method: 'POST',
    path: '/v1/{project_id}/cloudservers/{server_id}/resize',
    action: 'ecs:cloudServers:resize',
    dependencies: [],
    iamProject: true,
    enterpriseProject: true,
  },
  {
    id: 'nova-start',
    table: STATUS,
    docTopic: 'en-us_topic_0020212648',
    permission: 'Starting an ECS (native OpenStack API)',
    method: 'POST',
    path: NOVA_ACTION_PATH,
    action: 'ecs:servers:start',
    dependencies: ['ecs:servers:list'],
    iamProject: true,
    enterpriseProject: false,
  },
  {
    id: 'nova-stop',
    table: STATUS,
    docTopic: 'en-us_topic_0020212652',
    permission: 'Stopping an ECS (native OpenStack API)',
    method: 'POST',
    path: NOVA_ACTION_PATH,
    action: 'ecs:servers:stop',
    dependencies: ['ecs:servers:list'],
    iamProject: true,
    enterpriseProject: false,
  },
  {
    id: 'nova-reboot',
    table: STATUS,
    docTopic: 'en-us_topic_0020212650',
    permission: 'Restarting an ECS (native OpenStack API)',
    method: 'POST',
    path: NOVA_ACTION_PATH,
    action: 'ecs:servers:reboot',
    dependencies: ['ecs:servers:list'],
    iamProject: true,
    enterpriseProject: false,
  },
  {
    id: 'nova-resize',
    table: STATUS,
    docTopic: 'en-us_topic_0028714261',
    permission: 'Modifying ECS specifications (native OpenStack API)',
    method: 'POST',
    path: NOVA_ACTION_PATH,
    action: 'ecs:servers:resize',
    dependencies: NOVA_RESIZE_DEPENDENCIES,
    iamProject: true,
    enterpriseProject: false,
  },
  {
    id: 'nova-lock',
    table: STATUS,
    docTopic: 'en-us_topic_0065817690',
    permission: 'Locking an ECS (native OpenStack API)',
    method: 'POST',
    path: NOVA_ACTION_PATH,
    action: 'ecs:servers:lock',
    dependencies: ['ecs:servers:list'],
    iamProject: true,
    enterpriseProject: false,
  },
  {
    id: 'nova-unlock',
    table: STATUS,
    docTopic: 'en-us_topic_0065817691',
    permission: 'Unlocking an ECS (native OpenStack API)',
    method: 'POST',
    path: NOVA_ACTION_PATH,
    action: 'ecs:servers:unlock',
    dependencies: ['ecs:servers:list'],
    iamProject: true,
    enterpriseProject: false,
  },
];

/** Looks up a seed row by id. */
export function apiRow(id: ApiRowId): SeedApiRow {
  const row = API_ROWS.find((r) => r.id === id);
  if (!row) throw new Error(`Unknown API row '${id}'`);
  return row;
}
