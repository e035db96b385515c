/**
 * The batch and cloudservers ECS-group API rows beyond the two seed tables, as plain data.
 *
 * Source of truth: the "Permission rows" table of `shared/reference/fleet-apis.md`, vendored as
 * `test/fixtures/seeds/fleet-apis.md`. Each row names its source table: the OTC tables "Batch Operations"
 * (en-us_topic_0184167662) and "ECS Group Management" (en-us_topic_0103071520), with the IAM-project and
 * enterprise-project columns from the Huawei Cloud tables (the OTC tables have none).
 * `test/permissions/fleet-api-rows.test.ts` parses that file and fails on any difference.
 *
 * Known conflict (ecs-api.md §1.0): the current OTC ECS-group table names narrower actions for the cloudservers
 * group APIs (`ecs:cloudServers:createServerGroup`, `…:addServerGroupMember`, …) where the tables behind
 * fleet-apis.md name `ecs:cloudServers:create` / `delete` / `list` / `get`. These rows follow fleet-apis.md.
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
  },
  {
    id: 'cloudservers-delete-server-group',
    table: GROUPS,
    operation: 'Delete an ECS group',
    method: 'DELETE',
    path: GROUP_PATH,
    action: 'ecs:cloudServers:delete',
    ...HUAWEI_EP,
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
      'Adding a server to an ECS group needs ecs:cloudServers:create. The cloud offers no narrower action, ' +
      'so a policy that manages group membership can also create servers.',
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
      'Removing a server from an ECS group needs ecs:cloudServers:delete. The cloud offers no narrower action, ' +
      'so a policy that manages group membership can also delete servers.',
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
  },
];

/** Looks up a fleet row by id. */
export function fleetApiRow(id: FleetApiRowId): FleetApiRow {
  const row = FLEET_API_ROWS.find((r) => r.id === id);
  if (!row) throw new Error(`Unknown fleet API row '${id}'`);
  return row;
}
