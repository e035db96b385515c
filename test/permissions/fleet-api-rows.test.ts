import * as fs from 'node:fs';
import { HUAWEI_ROUTE_ACTIONS } from '../../src/emulator/route-table';
import {
  API_ROWS,
  type EnterpriseProjectSupport,
  FLEET_API_ROWS,
  fleetApiRow,
  type FleetApiRow,
  KNOWN_ACTIONS,
  requiredActionsOf,
  requirementsOf,
} from '../../src/permissions';
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

describe("fleet API rows on Huawei Cloud: its current table's own names, with sources and known conflicts", () => {
  test('exactly the group rows Huawei names differently carry its name, a source and the conflict with the OTC table', () => {
    const renamed = FLEET_API_ROWS.filter((r) => r.huaweiCloud).map((r) => [r.id, r.action, r.huaweiCloud!.action]);
    expect(renamed).toEqual([
      ['cloudservers-create-server-group', 'ecs:cloudServers:create', 'ecs:cloudServers:createServerGroup'],
      ['cloudservers-delete-server-group', 'ecs:cloudServers:delete', 'ecs:cloudServers:deleteServerGroup'],
      ['cloudservers-add-server-group-member', 'ecs:cloudServers:create', 'ecs:cloudServers:addServerGroupMember'],
      ['cloudservers-remove-server-group-member', 'ecs:cloudServers:delete', 'ecs:cloudServers:deleteServerGroupMember'],
      ['cloudservers-show-server-group', 'ecs:cloudServers:get', 'ecs:cloudServers:showServerGroup'],
    ]);
    for (const row of FLEET_API_ROWS.filter((r) => r.huaweiCloud)) {
      expect(row.huaweiCloud!.source).toContain('https://support.huaweicloud.com/intl/en-us/api-ecs/ecs_06_0016.html');
      expect(row.huaweiCloud!.knownConflict).toContain(row.action);
      expect(row.huaweiCloud!.knownConflict).toContain(row.huaweiCloud!.action);
    }
    expect(API_ROWS.filter((r) => r.huaweiCloud)).toEqual([]);
  });

  test('the requirements of each cloud name its actions; only OTC says no narrower action exists', () => {
    const huawei = requirementsOf('server-group-members', undefined, 'huaweicloud');
    const otc = requirementsOf('server-group-members');
    expect(huawei.filter((r) => r.kind === 'primary').map((r) => r.action)).toEqual(
      otc.filter((r) => r.kind === 'primary').map((r) => fleetApiRow(r.api.source as never).huaweiCloud?.action ?? r.action),
    );
    expect(requiredActionsOf('server-group-members', undefined, 'huaweicloud')).toEqual(
      expect.arrayContaining(['ecs:cloudServers:addServerGroupMember', 'ecs:cloudServers:deleteServerGroupMember']),
    );
    expect(requiredActionsOf('server-group-members', undefined, 'huaweicloud')).not.toContain('ecs:cloudServers:create');
    expect(otc.filter((r) => r.note).every((r) => r.note!.includes('no narrower action'))).toBe(true);
    expect(huawei.some((r) => r.note?.includes('no narrower action'))).toBe(false);
    expect(KNOWN_ACTIONS).toEqual(expect.arrayContaining(['ecs:cloudServers:create', 'ecs:cloudServers:addServerGroupMember']));
  });

  test('the emulator, independent of this data, requires the same Huawei names for the same APIs', () => {
    const byRoute: Record<string, string> = {
      'cloudservers-groups-create': 'cloudservers-create-server-group',
      'cloudservers-groups-delete': 'cloudservers-delete-server-group',
      'cloudservers-groups-show': 'cloudservers-show-server-group',
      'cloudservers-groups-action:add_member': 'cloudservers-add-server-group-member',
      'cloudservers-groups-action:remove_member': 'cloudservers-remove-server-group-member',
    };
    expect(HUAWEI_ROUTE_ACTIONS).toEqual(
      Object.fromEntries(Object.entries(byRoute).map(([route, id]) => [route, fleetApiRow(id as never).huaweiCloud!.action])),
    );
  });
});
