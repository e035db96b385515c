/**
 * The list and tag-query rows a selected fleet calls to choose its servers at apply, as plain data.
 *
 * Source of truth: the "Permission rows" table of `test/fixtures/seeds/selection-apis.md`, which cites the OTC
 * tables "Tag Management" (en-us_topic_0103071521) and "Lifecycle Management" (en-us_topic_0103071510), the Huawei
 * Cloud tables that add the IAM-project and enterprise-project columns, and the official SDK's request models.
 * `test/permissions/selection-api-rows.test.ts` parses that file and fails on any difference. The group-members
 * read is the fleet row `cloudservers-show-server-group` (`fleet-api-rows.ts`).
 */
import type { ApiRow } from './api-rows';

/** Identifies one selection row. */
export type SelectionApiRowId = 'servers-query-by-tag' | 'cloudservers-query-by-tag' | 'cloudservers-list-details';

/** One selection row. */
export interface SelectionApiRow extends ApiRow {
  readonly id: SelectionApiRowId;
  readonly table: 'Tag Management' | 'Lifecycle Management';
  /** The "Operation" column. */
  readonly operation: string;
  /** The table that states the IAM-project and enterprise-project columns (the OTC tables have none). */
  readonly columnsSource: 'Huawei table';
}

/** Where the selection rows come from. */
export const SELECTION_ROWS_SOURCE = 'test/fixtures/seeds/selection-apis.md';

const HUAWEI_COLUMNS = { dependencies: [], iamProject: true, columnsSource: 'Huawei table' } as const;

export const SELECTION_API_ROWS: readonly SelectionApiRow[] = [
  {
    // OTC's tag query; the Huawei (Ankara) copy of the row marks enterprise projects "Not supported".
    id: 'servers-query-by-tag',
    table: 'Tag Management',
    operation: 'Querying ECSs by tag',
    method: 'POST',
    path: '/v1/{project_id}/servers/resource_instances/action',
    action: 'ecs:servers:getTags',
    ...HUAWEI_COLUMNS,
    enterpriseProject: false,
  },
  {
    // Huawei Cloud's tag query (the SDK's listServersByTag); not in the OTC table.
    id: 'cloudservers-query-by-tag',
    table: 'Tag Management',
    operation: 'Querying ECSs by tag (Huawei Cloud)',
    method: 'POST',
    path: '/v1/{project_id}/cloudservers/resource_instances/action',
    action: 'ecs:cloudServers:list',
    ...HUAWEI_COLUMNS,
    enterpriseProject: true,
  },
  {
    // Lists servers, with an enterprise_project_id filter (the SDK's listServersDetails).
    id: 'cloudservers-list-details',
    table: 'Lifecycle Management',
    operation: 'Querying details about ECSs',
    method: 'GET',
    path: '/v1/{project_id}/cloudservers/detail',
    action: 'ecs:cloudServers:list',
    ...HUAWEI_COLUMNS,
    enterpriseProject: true,
  },
];

/** Looks up a selection row by id. */
export function selectionApiRow(id: SelectionApiRowId): SelectionApiRow {
  const row = SELECTION_API_ROWS.find((r) => r.id === id);
  if (!row) throw new Error(`Unknown selection API row '${id}'`);
  return row;
}
