/**
 * Reads the "Permission rows" table of `fleet-apis.md`, the source of the batch and cloudservers group rows.
 * CI has it beside the clone (../shared/reference); the copy in test/fixtures/seeds keeps the tests running
 * on any clone and must stay identical to it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const SHARED_FLEET_APIS = path.resolve(__dirname, '../../../shared/reference/fleet-apis.md');
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

/** The table's rows, from the shared file when it is there, else from the vendored copy. */
export function fleetTableRows(): FleetTableRow[] {
  const file = fs.existsSync(SHARED_FLEET_APIS) ? SHARED_FLEET_APIS : VENDORED_FLEET_APIS;
  return parseFleetTable(fs.readFileSync(file, 'utf8'));
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
