/**
 * The batch and cloudservers ECS-group API rows beyond the two seed tables, as plain data.
 *
 * Source of truth: the "Permission rows" table of `shared/reference/fleet-apis.md`, vendored as
 * `test/fixtures/seeds/fleet-apis.md`. Each row names its source table: the OTC tables "Batch Operations"
 * (en-us_topic_0184167662) and "ECS Group Management" (en-us_topic_0103071520), with the IAM-project and
 * enterprise-project columns from the Huawei Cloud tables (the OTC tables have none).
 * `test/permissions/fleet-api-rows.test.ts` parses that file and fails on any difference.
 *
 * Per cloud (ecs-api.md §1.0, checked 2026-12-06): the OTC "ECS Group Management" table and Huawei's older pages name
 * `ecs:cloudServers:create` / `delete` / `list` / `get` for the cloudservers group APIs, which `action` follows; Huawei
 * Cloud's current table names narrower actions (`ecs:cloudServers:createServerGroup`, `…:addServerGroupMember`, …),
 * recorded per row in `huaweiCloud` with its sources, and used for a Huawei Cloud stack's policy. The other rows (the
 * batch start/stop/reboot here; the cloudservers changeOS, rebuild, resize and showServer rows) name the same actions in
 * Huawei's current Batch Operations, Status Management and Lifecycle Management tables.
 */
import type { ApiRow } from './api-rows';

/** Identifies one fleet row. */
export type FleetApiRowId =
  | 'batch-stop'
  | 'batch-start'
  | 'batch-reboot'
  | 'cloudservers-create-server-group'
  | 'cloudservers-delete-server-group'
  | 'cloudservers-add-server-group-member'
  | 'cloudservers-remove-server-group-member'
  | 'cloudservers-list-server-groups'
  | 'cloudservers-show-server-group';

/** The body key that selects a row when several rows share one URI. */
export type FleetBodyKey = 'os-start' | 'os-stop' | 'reboot' | 'add_member' | 'remove_member';

/** One fleet row. */
export interface FleetApiRow extends ApiRow {
  readonly id: FleetApiRowId;
  readonly table: 'Batch Operations' | 'ECS Group Management';
  /** The "Operation" column. */
  readonly operation: string;
  /** For rows that share a URI: the request body's only key, which decides the action. */
  readonly bodyKey?: FleetBodyKey;
  /**
   * The table that states the enterprise-project column; absent when no table does, and then
   * `enterpriseProject` is `'unknown'`.
   */
  readonly enterpriseProjectSource?: 'Huawei table';
  /** What a reviewer of a policy holding this row's action must be told. */
  readonly reviewNote?: string;
}

/** Huawei Cloud's current "ECS Group Management" permission table (international site; the same on its ae-ad-1 pages). */
export const HUAWEI_GROUP_TABLE =
  'Huawei Cloud ECS API reference, Permissions and Supported Actions, ECS Group Management: ' +
  'https://support.huaweicloud.com/intl/en-us/api-ecs/ecs_06_0016.html (and …/intl/en-us/ae-ad-1-api-ecs/en-us_topic_0103071520.html), checked 2026-12-06';

// The OTC table and Huawei's older pages (support.huaweicloud.com/en-us/api-ecs/ecs_06_0016.html, 2024) name the broad action.
const OLDER_TABLES = "OTC's ECS Group Management table and Huawei's older en-us page name";

/** The table, and the API's own page on Huawei's international site, which names the same action. */
const huaweiSource = (page: string) => `${HUAWEI_GROUP_TABLE}; API page ${page}`;

// Huawei's API pages (updated 2025-12-10) list, for identity-policy authorization, the broad name as the new action's alias.
const ALIAS_NOTE = (broad: string) =>
  `. Huawei's API page lists ${broad} as its alias for identity policies (IAM v5); the custom policies written here (Version 1.1) follow the permission table`;

/** Where the fleet rows come from. */
export const FLEET_ROWS_SOURCE = 'shared/reference/fleet-apis.md';

const BATCH = 'Batch Operations';
const GROUPS = 'ECS Group Management';
const BATCH_PATH = '/v1/{project_id}/cloudservers/action';
const GROUPS_PATH = '/v1/{project_id}/cloudservers/os-server-groups';
const GROUP_PATH = `${GROUPS_PATH}/{server_group_id}`;
const GROUP_ACTION_PATH = `${GROUP_PATH}/action`;
// Every write row: IAM project yes, enterprise project yes according to the Huawei table, no dependencies.
const HUAWEI_EP = { dependencies: [], iamProject: true, enterpriseProject: true, enterpriseProjectSource: 'Huawei table' } as const;
// The list and get rows: no table states enterprise-project support.
const EP_UNKNOWN = { dependencies: [], iamProject: true, enterpriseProject: 'unknown' } as const;

export const FLEET_API_ROWS: readonly FleetApiRow[] = [
  {
    id: 'batch-stop',
    table: BATCH,
    operation: 'Stop ECSs in a batch',
    method: 'POST',
    path: BATCH_PATH,
    bodyKey: 'os-stop',
    action: 'ecs:cloudServers:stop',
    ...HUAWEI_EP,
  },
  {
    id: 'batch-start',
    table: BATCH,
    operation: 'Start ECSs in a batch',
    method: 'POST',
    path: BATCH_PATH,
    bodyKey: 'os-start',
    action: 'ecs:cloudServers:start',
    ...HUAWEI_EP,
  },
  {
    id: 'batch-reboot',
    table: BATCH,
    operation: 'Restart ECSs in a batch',
    method: 'POST',
    path: BATCH_PATH,
    bodyKey: 'reboot',
    action: 'ecs:cloudServers:reboot',
    ...HUAWEI_EP,
  },
  {
    id: 'cloudservers-create-server-group',
    table: GROUPS,
    operation: 'Create an ECS group',
    method: 'POST',
    path: GROUPS_PATH,
    action: 'ecs:cloudServers:create',
    ...HUAWEI_EP,
    huaweiCloud: {
      action: 'ecs:cloudServers:createServerGroup',
      source: HUAWEI_GROUP_TABLE,
      knownConflict: `${OLDER_TABLES} ecs:cloudServers:create; Huawei's current table names ecs:cloudServers:createServerGroup, which a Huawei Cloud policy carries`,
    },
  },
  {
    id: 'cloudservers-delete-server-group',
    table: GROUPS,
    operation: 'Delete an ECS group',
    method: 'DELETE',
    path: GROUP_PATH,
    action: 'ecs:cloudServers:delete',
    ...HUAWEI_EP,
    huaweiCloud: {
      action: 'ecs:cloudServers:deleteServerGroup',
      source: huaweiSource('https://support.huaweicloud.com/intl/en-us/api-ecs/ecs_02_1302.html (updated 2025-12-10)'),
      knownConflict:
        `${OLDER_TABLES} ecs:cloudServers:delete; Huawei's current table names ecs:cloudServers:deleteServerGroup, which a Huawei Cloud policy carries` +
        ALIAS_NOTE('ecs:cloudServers:delete'),
    },
  },
  {
    id: 'cloudservers-add-server-group-member',
    table: GROUPS,
    operation: 'Add an ECS to an ECS group',
    method: 'POST',
    path: GROUP_ACTION_PATH,
    bodyKey: 'add_member',
    action: 'ecs:cloudServers:create',
    ...HUAWEI_EP,
    reviewNote:
      'Adding a server to an ECS group needs ecs:cloudServers:create. Open Telekom Cloud offers no narrower action, ' +
      'so a policy that manages group membership can also create servers.',
    huaweiCloud: {
      action: 'ecs:cloudServers:addServerGroupMember',
      source: huaweiSource(
        'https://support.huaweicloud.com/intl/tr-tr/api-ecs/ecs_02_1303.html (updated 2025-11-14; the en-us page of 2024 names ecs:cloudServers:create)',
      ),
      knownConflict: `${OLDER_TABLES} ecs:cloudServers:create; Huawei's current table names ecs:cloudServers:addServerGroupMember, which a Huawei Cloud policy carries`,
      reviewNote:
        "Adding a server to an ECS group needs ecs:cloudServers:addServerGroupMember on Huawei Cloud (its current table's name; older tables named ecs:cloudServers:create). " +
        'It does not allow creating servers.',
    },
  },
  {
    id: 'cloudservers-remove-server-group-member',
    table: GROUPS,
    operation: 'Remove an ECS from an ECS group',
    method: 'POST',
    path: GROUP_ACTION_PATH,
    bodyKey: 'remove_member',
    action: 'ecs:cloudServers:delete',
    ...HUAWEI_EP,
    reviewNote:
      'Removing a server from an ECS group needs ecs:cloudServers:delete. Open Telekom Cloud offers no narrower action, ' +
      'so a policy that manages group membership can also delete servers.',
    huaweiCloud: {
      action: 'ecs:cloudServers:deleteServerGroupMember',
      source: huaweiSource(
        'https://support.huaweicloud.com/intl/tr-tr/api-ecs/ecs_02_1304.html (updated 2025-12-10; the en-us page of 2024 names ecs:cloudServers:delete)',
      ),
      knownConflict:
        `${OLDER_TABLES} ecs:cloudServers:delete; Huawei's current table names ecs:cloudServers:deleteServerGroupMember, which a Huawei Cloud policy carries` +
        ALIAS_NOTE('ecs:cloudServers:delete'),
      reviewNote:
        "Removing a server from an ECS group needs ecs:cloudServers:deleteServerGroupMember on Huawei Cloud (its current table's name; older tables named ecs:cloudServers:delete). " +
        'It does not allow deleting servers.',
    },
  },
  {
    id: 'cloudservers-list-server-groups',
    table: GROUPS,
    operation: 'Query ECS groups',
    method: 'GET',
    path: GROUPS_PATH,
    action: 'ecs:cloudServers:list',
    ...EP_UNKNOWN,
  },
  {
    id: 'cloudservers-show-server-group',
    table: GROUPS,
    operation: 'Query details about an ECS group',
    method: 'GET',
    path: GROUP_PATH,
    action: 'ecs:cloudServers:get',
    ...EP_UNKNOWN,
    huaweiCloud: {
      action: 'ecs:cloudServers:showServerGroup',
      source: HUAWEI_GROUP_TABLE,
      knownConflict:
        `${OLDER_TABLES} ecs:cloudServers:get; Huawei's current international table names ecs:cloudServers:showServerGroup, ` +
        'and its Chinese page (…/api-ecs/ecs_06_0016.md) lists both ecs:cloudServers:get and ecs:cloudServers:showServerGroup. ' +
        'A Huawei Cloud policy carries showServerGroup, the name of the current international table',
      reviewNote:
        "Reading an ECS group needs ecs:cloudServers:showServerGroup on Huawei Cloud. Known conflict: Huawei's Chinese page also lists ecs:cloudServers:get for it; " +
        'if the cloud refuses the read with 403, add ecs:cloudServers:get.',
    },
  },
];

/** Looks up a fleet row by id. */
export function fleetApiRow(id: FleetApiRowId): FleetApiRow {
  const row = FLEET_API_ROWS.find((r) => r.id === id);
  if (!row) throw new Error(`Unknown fleet API row '${id}'`);
  return row;
}
