/**
 * What `cdktf-ecs-lifecycle preview` calls for each operation of a plan: the server read of an operation on servers,
 * the group list of an operation on a group (and the server read of the servers a member change would add). Only
 * reads, each one an operation itself makes at apply: synth writes their actions as `ecs-iam-preview-policy.json`.
 */
import type { CloudName } from '../cloud/regions';
import type { OperationId } from './operation';
import type { PermissionRowId } from './permission-rows';
import { type ActionRequirement, requirementsOf, sortedUnique } from './requirements';
import type { SupportingReadId } from './supporting-reads';

/** The calls the preview makes, by the row or supporting read that states their action. */
export const PREVIEW_CALLS: ReadonlySet<PermissionRowId | SupportingReadId> = new Set<PermissionRowId | SupportingReadId>([
  'show-server',
  'nova-list-server-groups',
  'cloudservers-list-server-groups',
]);

/** The requirements of the operation that the preview's calls meet (its reads, never a mutation), by `cloud`'s names. */
export function previewRequirementsOf(operation: OperationId, cloud: CloudName = 'otc'): readonly ActionRequirement[] {
  return requirementsOf(operation, undefined, cloud).filter((r) => r.api.method === 'GET' && PREVIEW_CALLS.has(r.api.source as PermissionRowId));
}

/** The sorted actions the preview of these operations needs, by `cloud`'s names. */
export function previewActionsOf(operations: Iterable<OperationId>, cloud: CloudName = 'otc'): string[] {
  return sortedUnique([...new Set(operations)].flatMap((o) => previewRequirementsOf(o, cloud).map((r) => r.action)));
}
