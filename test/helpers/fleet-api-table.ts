/**
 * Reads the "Permission rows" table of `fleet-apis.md`, the source of the batch and cloudservers group rows.
 * The copy in test/fixtures/seeds is the truth in the repository; when ../shared is beside the clone, it must stay
 * identical to ../shared/reference/fleet-apis.md (test/permissions/fleet-api-rows.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const VENDORED_FLEET_APIS = path.resolve(__dirname, '../fixtures/seeds/fleet-apis.md');

/** One row of the table, cell by cell; the API cell split into method, path and body key. */
export interface FleetTableRow {
  readonly sourceTable: string;
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  /** The body's key, when the API cell names a body. */
  readonly bodyKey?: string;
  readonly action: string;
  readonly dependencies: readonly string[];
  readonly iamProject: string;
  readonly enterpriseProject: string;
}

/** The table's rows, from the vendored copy. */
export function fleetTableRows(): FleetTableRow[] {
  return parseFleetTable(fs.readFileSync(VENDORED_FLEET_APIS, 'utf8'));
}

/** Parses the Markdown table under "## Permission rows". "same URI" repeats the previous row's method and path. */
export function parseFleetTable(text: string): FleetTableRow[] {
  const section = text.split(/^## /m).find((s) => s.startsWith('Permission rows'));
  if (!section) throw new Error('fleet-apis.md has no "## Permission rows" section');
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const [header, separator, ...body] = lines;
  if (!header?.includes('Source table') || !/^\|[-|]+\|$/.test(separator ?? '')) throw new Error('fleet-apis.md: the permission table has no header row');
  const rows: FleetTableRow[] = [];
  for (const line of body) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length !== 7) throw new Error(`fleet-apis.md: expected 7 cells, found ${cells.length}: ${line}`);
    const [sourceTable, operation, api, action, dependencies, iamProject, enterpriseProject] = cells;
    const previous = rows[rows.length - 1];
    const uri = /^`(GET|POST|DELETE) ([^`\s]+)`/.exec(api);
    if (!uri && !(api.startsWith('same URI') && previous)) throw new Error(`fleet-apis.md: cannot read the API cell: ${api}`);
    const bodyKey = /body `\{"([^"]+)"/.exec(api)?.[1];
    rows.push({
      sourceTable,
      operation,
      method: uri ? uri[1] : previous.method,
      path: uri ? uri[2] : previous.path,
      ...(bodyKey !== undefined ? { bodyKey } : {}),
      action: action.replace(/`/g, ''),
      dependencies: dependencies === 'none' ? [] : dependencies.split(',').map((d) => d.replace(/`/g, '').trim()),
      iamProject,
      enterpriseProject,
    });
  }
  return rows;
}
