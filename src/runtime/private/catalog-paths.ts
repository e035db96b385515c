/**
 * The URL paths the commands call, taken from the permission catalog itself, so a command cannot call an
 * API its catalog entry (and so the synthesized IAM policy) does not declare.
 */
import { permissionRow, type PermissionRowId } from '../../permissions/permission-rows';
import { SUPPORTING_READS, type SupportingReadId } from '../../permissions/catalog';
import { pathOf } from '../client/api-client';

/** The path of a seed API row, with its parameters filled in and encoded. */
export function rowPath(row: PermissionRowId, values: Readonly<Record<string, string>>): string {
  return pathOf(permissionRow(row).path, values);
}

/** The path of a supporting read, with its parameters filled in and encoded. */
export function readPath(read: SupportingReadId, values: Readonly<Record<string, string>>): string {
  return pathOf(SUPPORTING_READS[read].path, values);
}
