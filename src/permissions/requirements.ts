/**
 * Derives, from the catalog, which actions an operation needs and why. Pure functions over data.
 */
import type { CloudName } from '../cloud/regions';
import type { EnterpriseProjectSupport } from './api-rows';
import { CATALOG, type OperationEntry } from './catalog';
import type { OperationId } from './operation';
import { PERMISSION_ROWS, type PermissionRow, permissionRow, type PermissionRowId } from './permission-rows';
import { SUPPORTING_READS } from './supporting-reads';

/** Why an operation needs one action. */
export interface ActionRequirement {
  readonly action: string;
  /**
   * `primary`: the action of an API the operation calls; `dependency`: listed by the seed table as a
   * dependency of a primary action; `read`: a supporting read-only call the apply-time CLI makes.
   */
  readonly kind: 'primary' | 'dependency' | 'read';
  /** The API through which the action is needed. */
  readonly api: { readonly method: string; readonly path: string; readonly source: string };
  /** For a dependency: the primary action that depends on it. */
  readonly dependencyOf?: string;
  /** For a read: why the CLI makes the call. */
  readonly reason?: string;
  readonly iamProject: boolean;
  /** `'unknown'` where no permission table states it: never read as a yes. */
  readonly enterpriseProject: EnterpriseProjectSupport;
  /** What a reviewer must be told about the row's action (e.g. that no narrower action exists). */
  readonly note?: string;
}

const REQUIREMENTS = new Map<string, readonly ActionRequirement[]>();

/**
 * Every action the operation needs, one entry per (action, reason), in catalog order.
 * @param rows the rows a construct declared it calls, a subset of the operation's (a fleet wave calls only the
 *   rows of its steps) @default - all of the operation's rows
 * @param cloud whose action names: a row Huawei Cloud's current table names differently carries Huawei's name there
 *   @default 'otc'
 */
export function requirementsOf(operation: OperationId, rows?: readonly PermissionRowId[], cloud: CloudName = 'otc'): readonly ActionRequirement[] {
  const key = `${cloud}\u0000${operation}`;
  let requirements = REQUIREMENTS.get(key);
  if (!requirements) {
    requirements = Object.freeze(requirementsOfEntry(CATALOG[operation], cloud));
    REQUIREMENTS.set(key, requirements);
  }
  return rows === undefined ? requirements : requirements.filter((r) => r.kind === 'read' || (rows as readonly string[]).includes(r.api.source));
}

/** Every action a catalog entry needs on `cloud`, one entry per (action, reason): rows first, then reads. Pure. */
export function requirementsOfEntry(entry: OperationEntry<string>, cloud: CloudName = 'otc'): ActionRequirement[] {
  const requirements: ActionRequirement[] = [];
  for (const rowId of entry.rows) {
    const row = permissionRow(rowId);
    const { action, note } = actionOfRow(row, cloud);
    const api = { method: row.method, path: row.path, source: row.id };
    const scope = { iamProject: row.iamProject, enterpriseProject: row.enterpriseProject };
    requirements.push({ action, kind: 'primary', api, ...scope, ...(note ? { note } : {}) });
    for (const dependency of row.dependencies) {
      requirements.push({ action: dependency, kind: 'dependency', api, dependencyOf: action, ...scope });
    }
  }
  for (const readId of entry.reads) {
    const read = SUPPORTING_READS[readId];
    if (!read.action) continue;
    requirements.push({
      action: read.action,
      kind: 'read',
      api: { method: read.method, path: read.path, source: read.id },
      reason: read.reason,
      iamProject: read.iamProject,
      enterpriseProject: read.enterpriseProject,
    });
  }
  return requirements;
}

/** A row's action and reviewer note on `cloud`: Huawei Cloud's own name where its current table differs. */
export function actionOfRow(row: PermissionRow, cloud: CloudName): { readonly action: string; readonly note?: string } {
  const named = cloud === 'huaweicloud' ? row.huaweiCloud : undefined;
  if (named) return { action: named.action, ...(named.reviewNote ? { note: named.reviewNote } : {}) };
  return { action: row.action, ...(row.reviewNote ? { note: row.reviewNote } : {}) };
}

const REQUIRED_ACTIONS = new Map<string, readonly string[]>();

/**
 * The sorted, de-duplicated actions an operation needs (frozen and shared: worked out once per operation, rows and cloud).
 * @param rows as for `requirementsOf` @default - all of the operation's rows
 * @param cloud as for `requirementsOf` @default 'otc'
 */
export function requiredActionsOf(operation: OperationId, rows?: readonly PermissionRowId[], cloud: CloudName = 'otc'): readonly string[] {
  const key = [cloud, operation, ...(rows === undefined ? [] : [rows.join(',')])].join('\u0000');
  let actions = REQUIRED_ACTIONS.get(key);
  if (!actions) {
    actions = Object.freeze(sortedUnique(requirementsOf(operation, rows, cloud).map((r) => r.action)));
    REQUIRED_ACTIONS.set(key, actions);
  }
  return actions;
}

/**
 * The operation's enterprise-project support: `false` when an API it calls is marked "Not supported", `'unknown'`
 * when no table states it for one of them (and none says no), `true` only when every API says yes.
 */
export function enterpriseProjectSupportOf(operation: OperationId, rows?: readonly PermissionRowId[]): EnterpriseProjectSupport {
  const values = requirementsOf(operation, rows).map((r) => r.enterpriseProject);
  return values.includes(false) ? false : values.includes('unknown') ? 'unknown' : true;
}

/** The actions of the operation whose enterprise-project support no table states, sorted. */
export function unknownEnterpriseProjectActionsOf(operation: OperationId, rows?: readonly PermissionRowId[], cloud: CloudName = 'otc'): string[] {
  return sortedUnique(
    requirementsOf(operation, rows, cloud)
      .filter((r) => r.enterpriseProject === 'unknown')
      .map((r) => r.action),
  );
}

/** Every action any operation can require, on either cloud: the only names a generated policy may hold. */
export const KNOWN_ACTIONS: readonly string[] = sortedUnique([
  ...PERMISSION_ROWS.flatMap((row) => [row.action, ...(row.huaweiCloud ? [row.huaweiCloud.action] : []), ...row.dependencies]),
  ...Object.values(SUPPORTING_READS).flatMap((read) => (read.action ? [read.action] : [])),
]);

/** Sorts and de-duplicates strings by code unit, so output is identical on every machine and locale. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
