import * as fs from 'node:fs';
import { API_ROWS, type EnterpriseProjectSupport, FLEET_API_ROWS, fleetApiRow, type FleetApiRow } from '../../src/permissions';
import { fleetTableRows, parseFleetTable, VENDORED_FLEET_APIS } from '../helpers/fleet-api-table';
import { sharedFile, whenShared } from '../helpers/shared-sources';

/** A row rendered in the table's own words. */
function asTableRow(row: FleetApiRow) {
  return {
    sourceTable: row.table,
    operation: row.operation,
    method: row.method,
    path: row.path,
    ...(row.bodyKey !== undefined ? { bodyKey: row.bodyKey } : {}),
    action: row.action,
    dependencies: [...row.dependencies],
    iamProject: row.iamProject ? 'yes' : 'no',
    enterpriseProject: enterpriseProjectCell(row.enterpriseProject, row.enterpriseProjectSource),
  };
}

function enterpriseProjectCell(support: EnterpriseProjectSupport, source: string | undefined): string {
  if (support === 'unknown') return 'not stated in either table';
  if (!support) return 'no';
  return source ? `yes (${source})` : 'yes';
}

describe('fleet API rows: identical to the permission table of fleet-apis.md', () => {
  const tableRows = fleetTableRows();

  test('the table holds 9 rows and so does the data', () => {
    expect(tableRows).toHaveLength(9);
    expect(FLEET_API_ROWS).toHaveLength(9);
  });

  test('every row equals its table row, in the same order, including its source table', () => {
    expect(FLEET_API_ROWS.map(asTableRow)).toEqual(tableRows);
  });

  test('enterprise-project support of the list and get rows is unknown, not yes', () => {
    // GIVEN the rows no table states the enterprise-project column for
    const unknown = FLEET_API_ROWS.filter((r) => r.enterpriseProject === 'unknown');
    // THEN they are exactly the read rows, and they carry no source
    expect(unknown.map((r) => r.id)).toEqual(['cloudservers-list-server-groups', 'cloudservers-show-server-group']);
    expect(unknown.map((r) => r.enterpriseProjectSource)).toEqual([undefined, undefined]);
    expect(FLEET_API_ROWS.filter((r) => r.method === 'GET').map((r) => r.enterpriseProject)).toEqual(['unknown', 'unknown']);
  });

  test('membership rows tell the reviewer that the action also creates or deletes servers', () => {
    expect(fleetApiRow('cloudservers-add-server-group-member').action).toBe('ecs:cloudServers:create');
    expect(fleetApiRow('cloudservers-remove-server-group-member').action).toBe('ecs:cloudServers:delete');
    for (const row of FLEET_API_ROWS.filter((r) => r.bodyKey === 'add_member' || r.bodyKey === 'remove_member')) {
      expect(row.reviewNote).toContain(row.action);
      expect(row.reviewNote).toContain('no narrower action');
    }
    expect(FLEET_API_ROWS.filter((r) => r.reviewNote).map((r) => r.id)).toEqual([
      'cloudservers-add-server-group-member',
      'cloudservers-remove-server-group-member',
    ]);
  });

  test('row ids are unique, and no fleet row repeats a seed row id or API', () => {
    expect(new Set(FLEET_API_ROWS.map((r) => r.id)).size).toBe(FLEET_API_ROWS.length);
    const seedApis = new Set(API_ROWS.map((r) => `${r.method} ${r.path}`));
    expect(FLEET_API_ROWS.filter((r) => seedApis.has(`${r.method} ${r.path}`))).toEqual([]);
  });

  test('rows that share a URI are told apart by their body key', () => {
    const byUri = new Map<string, FleetApiRow[]>();
    for (const row of FLEET_API_ROWS) byUri.set(`${row.method} ${row.path}`, [...(byUri.get(`${row.method} ${row.path}`) ?? []), row]);
    for (const rows of byUri.values()) {
      if (rows.length > 1) expect(new Set(rows.map((r) => r.bodyKey)).size).toBe(rows.length);
    }
  });

  test('an unknown id is refused', () => {
    expect(() => fleetApiRow('nope' as never)).toThrow("Unknown fleet API row 'nope'");
  });

  test('the parser refuses a file without the permission table', () => {
    expect(() => parseFleetTable('# Fleet\n\nno table here\n')).toThrow('no "## Permission rows" section');
  });

  whenShared('the vendored copy is identical to ../shared/reference/fleet-apis.md', () => {
    const shared = sharedFile('reference/fleet-apis.md');
    if (!shared) throw new Error('../shared is beside the clone but has no reference/fleet-apis.md');
    expect(fs.readFileSync(VENDORED_FLEET_APIS, 'utf8')).toBe(fs.readFileSync(shared, 'utf8'));
  });
});
