/**
 * Every permission row an operation may call: the seed rows (`api-rows.ts`), the batch and cloudservers
 * group rows beyond them (`fleet-api-rows.ts`) and the list and tag-query rows of selected fleets (`selection-api-rows.ts`). Operation definitions name rows by these ids.
 */
import { API_ROWS, type ApiRow, type ApiRowId } from './api-rows';
import { FLEET_API_ROWS, type FleetApiRowId } from './fleet-api-rows';
import { SELECTION_API_ROWS, type SelectionApiRowId } from './selection-api-rows';

/** Identifies one permission row: seed, fleet or selection. */
export type PermissionRowId = ApiRowId | FleetApiRowId | SelectionApiRowId;

/** A permission row, with what a reviewer of a policy holding its action must be told, if anything. */
export interface PermissionRow extends ApiRow {
  readonly id: PermissionRowId;
  readonly reviewNote?: string;
}

/** The seed rows, then the fleet rows, then the selection rows. */
export const PERMISSION_ROWS: readonly PermissionRow[] = [...API_ROWS, ...FLEET_API_ROWS, ...SELECTION_API_ROWS];

const BY_ID = new Map<string, PermissionRow>(PERMISSION_ROWS.map((row) => [row.id, row]));

/** Looks up a permission row by id. */
export function permissionRow(id: PermissionRowId): PermissionRow {
  const row = BY_ID.get(id);
  if (!row) throw new Error(`Unknown permission row '${id}'`);
  return row;
}
