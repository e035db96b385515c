import * as fs from 'node:fs';
import * as path from 'node:path';
import { PERMISSION_ROWS, permissionRow } from '../../src/permissions/permission-rows';
import { API_ROWS, FLEET_API_ROWS, SELECTION_API_ROWS, type SelectionApiRow, selectionApiRow } from '../../src/permissions';
import { parseFleetTable } from '../helpers/fleet-api-table';

const SOURCE = path.resolve(__dirname, '../fixtures/seeds/selection-apis.md');

/** A row rendered in the table's own words. */
function asTableRow(row: SelectionApiRow) {
  const column = (value: boolean) => `${value ? 'yes' : 'no'} (${row.columnsSource})`;
  return {
    sourceTable: row.table,
    operation: row.operation,
    method: row.method,
    path: row.path,
    action: row.action,
    dependencies: [...row.dependencies],
    iamProject: column(row.iamProject),
    enterpriseProject: column(row.enterpriseProject as boolean),
  };
}

describe('selection API rows: identical to the permission table of selection-apis.md', () => {
  const tableRows = parseFleetTable(fs.readFileSync(SOURCE, 'utf8'));

  test('every row equals its table row, in the same order', () => {
    expect(tableRows).toHaveLength(3);
    expect(SELECTION_API_ROWS.map(asTableRow)).toEqual(tableRows);
  });

  test("OTC's tag query cannot be granted through an enterprise project; the list and Huawei's tag query can", () => {
    expect(selectionApiRow('servers-query-by-tag')).toMatchObject({ action: 'ecs:servers:getTags', enterpriseProject: false });
    expect(selectionApiRow('cloudservers-query-by-tag')).toMatchObject({ action: 'ecs:cloudServers:list', enterpriseProject: true });
    expect(selectionApiRow('cloudservers-list-details')).toMatchObject({ action: 'ecs:cloudServers:list', enterpriseProject: true });
  });

  test('the rows join the permission rows, and repeat no API of the seed or fleet rows', () => {
    const others = new Set([...API_ROWS, ...FLEET_API_ROWS].map((r) => `${r.method} ${r.path}`));
    expect(SELECTION_API_ROWS.filter((r) => others.has(`${r.method} ${r.path}`))).toEqual([]);
    for (const row of SELECTION_API_ROWS) expect(permissionRow(row.id)).toBe(row);
    expect(new Set(PERMISSION_ROWS.map((r) => r.id)).size).toBe(PERMISSION_ROWS.length);
  });

  test('the request shapes match the official SDK: its routes are these paths', () => {
    // GIVEN the SDK's own request builder
    const { ParamCreater } = require('@huaweicloud/huaweicloud-sdk-ecs/v2/EcsClient');
    const creater = ParamCreater();
    // THEN its tag query and list use the Huawei rows' method and path, and the list takes enterprise_project_id
    const byTag = creater.listServersByTag({ body: { action: 'filter', tags: [{ key: 'role', values: ['web'] }] } });
    expect(`${byTag.method} ${byTag.url}`).toBe('POST /v1/{project_id}/cloudservers/resource_instances/action');
    const list = creater.listServersDetails({ enterprise_project_id: 'ep', limit: 1000, offset: 1 });
    expect(`${list.method} ${list.url}`).toBe('GET /v1/{project_id}/cloudservers/detail');
    expect(list.queryParams).toEqual({ enterprise_project_id: 'ep', limit: 1000, offset: 1 });
    const group = creater.showServerGroup({ server_group_id: 'g' });
    expect(`${group.method} ${group.url}`).toBe(`GET ${permissionRow('cloudservers-show-server-group').path}`);
  });

  test('an unknown id is refused', () => {
    expect(() => selectionApiRow('nope' as never)).toThrow("Unknown selection API row 'nope'");
  });
});
