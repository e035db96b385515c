import * as fs from 'node:fs';
import * as path from 'node:path';
import { VENDORED_SEEDS } from '../helpers/shared-sources';
import { matchRoute, ROUTE_IAM, type RouteId } from '../../src/emulator';
import { fleetTableRows, parseFleetTable } from '../helpers/fleet-api-table';

// The emulator's route → action table must equal the seed tables themselves (not the construct catalog):
// the seeds are parsed here, independently of src/permissions.
// The project's copies (test/fixtures/seeds; test/permissions/api-rows.test.ts compares them with ../shared).
const SEED_DIR = VENDORED_SEEDS;

interface SeedRow {
  readonly title: string;
  readonly method: string;
  readonly path: string;
  readonly action: string;
  readonly dependencies: string[];
}

const SEED_FILES = ['ecs-group-management.rst', 'ecs-status-management.rst'];

/** Reads the grid tables' data rows: a row starts with `| :ref:` and runs until the next `+---` border. */
function seedRows(file: string): SeedRow[] {
  const rows: SeedRow[] = [];
  let current: string[][] = [];
  const flush = () => {
    if (!current.length) return;
    const column = (i: number) => current.map((cells) => cells[i]).filter(Boolean);
    const [method, apiPath] = column(1)[0].split(' ');
    rows.push({
      title: /`([^<`]+) </.exec(column(0)[0])![1].trim(),
      method,
      path: apiPath,
      action: column(2)[0],
      dependencies: column(3).filter((d) => d !== '``-``'),
    });
    current = [];
  };
  for (const line of fs.readFileSync(path.join(SEED_DIR, file), 'utf8').split('\n')) {
    if (line.startsWith('+')) flush();
    else if (line.startsWith('|') && (current.length || line.startsWith('| :ref:')))
      current.push(
        line
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
  }
  flush();
  return rows;
}

// The seed rows that share the native action URL differ by the body key, named by the row's title.
const NATIVE_BODY_KEY: Readonly<Record<string, string>> = {
  'Starting an ECS (native OpenStack API)': 'os-start',
  'Stopping an ECS (native OpenStack API)': 'os-stop',
  'Restarting an ECS (native OpenStack API)': 'reboot',
  'Modifying ECS specifications (native OpenStack API)': 'resize',
  'Locking an ECS (native OpenStack API)': 'lock',
  'Unlocking an ECS (native OpenStack API)': 'unlock',
};

function routeOf(row: SeedRow): RouteId {
  const match = matchRoute(row.method, concretePath(row.path));
  if (!match) throw new Error(`no emulator route for ${row.method} ${row.path}`);
  if (match.pattern.route !== 'server-action') return match.pattern.route as RouteId;
  return `server-action:${NATIVE_BODY_KEY[row.title]}` as RouteId;
}

/** A concrete request path for a row's path template. */
function concretePath(template: string): string {
  return template.replace('{project_id}', 'p').replace('{server_id}', 's').replace('{server_group_id}', 'g');
}

describe('route table: every seed row is served and requires exactly its seed action and dependencies', () => {
  const rows = SEED_FILES.flatMap(seedRows);

  test.each(SEED_FILES)('%s holds rows', (file) => {
    expect(seedRows(file).length).toBeGreaterThan(0);
  });

  test.each(rows.map((r) => [`${r.title}: ${r.method} ${r.path}`, r] as const))('%s', (_name, row) => {
    const requirement = ROUTE_IAM[routeOf(row)];
    expect(requirement).toEqual({ action: row.action, dependencies: row.dependencies });
  });

  test('every row maps to its own route', () => {
    expect(new Set(rows.map(routeOf)).size).toBe(rows.length);
  });

  test('confirmResize and revertResize need what the native resize needs (no table lists them)', () => {
    expect(ROUTE_IAM['server-action:confirmResize']).toEqual(ROUTE_IAM['server-action:resize']);
    expect(ROUTE_IAM['server-action:revertResize']).toEqual(ROUTE_IAM['server-action:resize']);
  });

  test('the supporting reads: cloudservers show, native show, jobs and tokens', () => {
    expect(ROUTE_IAM['cloudservers-show']).toEqual({ action: 'ecs:cloudServers:showServer', dependencies: [] });
    expect(ROUTE_IAM['server-show']?.action).toBe('ecs:servers:get');
    expect(ROUTE_IAM['server-show']?.dependencies).toHaveLength(10);
    expect(ROUTE_IAM['job-show']).toBeUndefined();
    expect(ROUTE_IAM['iam-tokens']).toBeUndefined();
  });
});

describe('route table: every fleet row (fleet-apis.md) is served and requires exactly its action', () => {
  // Parsed from the vendored fleet-apis.md, not from src/permissions.
  const rows = fleetTableRows();
  const routeOfFleetRow = (row: (typeof rows)[number]): RouteId => {
    const match = matchRoute(row.method, concretePath(row.path));
    if (!match) throw new Error(`no emulator route for ${row.method} ${row.path}`);
    return (row.bodyKey !== undefined ? `${match.pattern.route}:${row.bodyKey}` : match.pattern.route) as RouteId;
  };

  test('the table holds 9 rows, served by 9 different routes', () => {
    expect(rows).toHaveLength(9);
    expect(new Set(rows.map(routeOfFleetRow)).size).toBe(9);
  });

  test.each(rows.map((r) => [`${r.sourceTable}: ${r.operation}`, r] as const))('%s', (_name, row) => {
    expect(ROUTE_IAM[routeOfFleetRow(row)]).toEqual({ action: row.action, dependencies: row.dependencies });
  });

  test('membership needs the server create and delete actions: the cloud has no narrower one', () => {
    expect(ROUTE_IAM['cloudservers-groups-action:add_member']?.action).toBe('ecs:cloudServers:create');
    expect(ROUTE_IAM['cloudservers-groups-action:remove_member']?.action).toBe('ecs:cloudServers:delete');
  });
});

describe('route table: every selection row (selection-apis.md) is served and requires exactly its action', () => {
  // Parsed from the vendored selection-apis.md, not from src/permissions.
  const rows = parseFleetTable(fs.readFileSync(path.resolve(__dirname, '../fixtures/seeds/selection-apis.md'), 'utf8'));

  test('the table holds 3 rows, served by 3 different routes', () => {
    const routes = rows.map((row) => matchRoute(row.method, concretePath(row.path))?.pattern.route);
    expect(routes).toEqual(['servers-tag-query', 'cloudservers-tag-query', 'cloudservers-list']);
  });

  test.each(rows.map((r) => [`${r.sourceTable}: ${r.operation}`, r] as const))('%s', (_name, row) => {
    const route = matchRoute(row.method, concretePath(row.path))!.pattern.route as RouteId;
    expect(ROUTE_IAM[route]).toEqual({ action: row.action, dependencies: row.dependencies });
  });
});

describe('route table: collection paths are never read as a server id', () => {
  test.each([
    ['GET', '/v1/p/cloudservers/flavors'],
    ['GET', '/v1/p/cloudservers/resize_flavors'],
    ['GET', '/v1/p/cloudservers/limits'],
    ['GET', '/v2.1/p/servers/detail'],
    ['PUT', '/v1/p/cloudservers/os-server-groups'],
  ])('%s %s matches no route', (method, requestPath) => {
    expect(matchRoute(method, requestPath)).toBeUndefined();
  });

  test('the server list is the list, not "show server detail"', () => {
    expect(matchRoute('GET', '/v1/p/cloudservers/detail')?.pattern.route).toBe('cloudservers-list');
  });

  test('the cloudservers group list is the group list, not "show server os-server-groups"', () => {
    expect(matchRoute('GET', '/v1/p/cloudservers/os-server-groups')?.pattern.route).toBe('cloudservers-groups-list');
    expect(matchRoute('GET', '/v1/p/cloudservers/srv-1')?.pattern.route).toBe('cloudservers-show');
    expect(matchRoute('GET', '/v1/p/cloudservers/detailed')?.pattern.route).toBe('cloudservers-show');
  });
});
