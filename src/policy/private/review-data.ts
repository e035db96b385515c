/**
 * The review data: for each action in a stack's policy, the operations that need it and why, and for
 * each construct, the operations it declared. Normalized (actions → operations → constructs) so that
 * every construct is listed once, however many actions it needs. Pure; written as
 * `ecs-iam-policy.review.json` and rendered as `ecs-iam-policy.md`.
 */
import type { EnterpriseProjectSupport } from '../../permissions/api-rows';
import type { OperationId } from '../../permissions/operation';
import type { PermissionRowId } from '../../permissions/permission-rows';
import { requirementsOf, sortedUnique } from '../../permissions/requirements';

/** One construct's declared need for an operation (what the chokepoint records). */
export interface DeclaredRequirement {
  readonly constructPath: string;
  readonly construct: string;
  readonly operation: OperationId;
  /** The server it acts on (an ID or a token), for operations on one server. */
  readonly serverId?: string;
  /** The rows it calls, when only some of the operation's (a fleet wave calls the rows of its steps). @default - all */
  readonly rows?: readonly PermissionRowId[];
  /** How many servers it acts on, for constructs acting on a fleet. */
  readonly servers?: number;
}

/** The stack-level settings shown in the review. */
export interface StackSettings {
  readonly stack: string;
  readonly cloud: string;
  readonly region: string;
  readonly authorization: 'project' | 'enterprise-project';
}

/** Why one operation needs one action. */
export interface OperationNeed {
  readonly operation: OperationId;
  /** `primary`: the API's own action; `dependency`: a seed dependency of a primary action; `read`: a supporting read. */
  readonly kind: 'primary' | 'dependency' | 'read';
  /** The primary action this one is a dependency of; only `dependency` entries carry it. */
  readonly dependencyOf?: string;
  /** Why the apply-time CLI makes the read; only `read` entries carry it. */
  readonly reason?: string;
  /** `METHOD path` of the API through which the action is needed. */
  readonly api: string;
  readonly iamProject: boolean;
  /** `'unknown'` where no permission table states it. */
  readonly enterpriseProject: EnterpriseProjectSupport;
  /** What a reviewer must be told about the action through this API (e.g. that no narrower action exists). */
  readonly note?: string;
}

/** One action of the policy and every operation that needs it. */
export interface ReviewAction {
  readonly action: string;
  /** Sorted by operation, kind, API, then the action depended on. */
  readonly neededBy: readonly OperationNeed[];
}

/** One construct that declared operations. */
export interface ReviewConstruct {
  /** The construct's path, e.g. `prod/stop-web1`. */
  readonly path: string;
  /** The construct class, e.g. `ServerStop`. */
  readonly construct: string;
  /** The operations it declared, sorted, unique. */
  readonly operations: readonly OperationId[];
  /** How many servers it acts on, for a construct acting on a fleet (listed once, not once per server). */
  readonly servers?: number;
}

/** The review data of one stack. */
export interface ReviewData extends StackSettings {
  /** Sorted by action. */
  readonly actions: readonly ReviewAction[];
  /** Sorted by path; only constructs that declared operations. */
  readonly constructs: readonly ReviewConstruct[];
  /**
   * The synth rules suppressed on constructs of the stack (EcsLifecycleRules.suppress), with their reasons.
   * @default - none: the key is left out
   */
  readonly suppressions?: readonly { readonly constructPath: string; readonly ruleId: string; readonly reason: string }[];
}

/**
 * Builds the review data in O(declarations): declarations are grouped by operation first, so each
 * distinct operation's requirements are walked once, however many constructs declared it.
 */
export function buildReviewData(settings: StackSettings, declared: readonly DeclaredRequirement[]): ReviewData {
  // Each distinct operation (with the rows declared, where only some) is walked once.
  const operations = new Map<string, { operation: OperationId; rows?: readonly PermissionRowId[] }>();
  const constructs = new Map<string, { construct: string; operations: OperationId[]; servers?: number }>();
  for (const d of declared) {
    operations.set(d.rows ? `${d.operation}\u0000${d.rows.join(',')}` : d.operation, { operation: d.operation, rows: d.rows });
    const entry = constructs.get(d.constructPath);
    if (entry) entry.operations.push(d.operation);
    else constructs.set(d.constructPath, { construct: d.construct, operations: [d.operation], ...(d.servers !== undefined ? { servers: d.servers } : {}) });
  }
  const byAction = new Map<string, Map<string, OperationNeed>>();
  for (const { operation, rows } of operations.values()) {
    for (const r of requirementsOf(operation, rows)) {
      const need: OperationNeed = {
        operation,
        kind: r.kind,
        ...(r.dependencyOf ? { dependencyOf: r.dependencyOf } : {}),
        ...(r.reason ? { reason: r.reason } : {}),
        api: `${r.api.method} ${r.api.path}`,
        iamProject: r.iamProject,
        enterpriseProject: r.enterpriseProject,
        ...(r.note ? { note: r.note } : {}),
      };
      let needs = byAction.get(r.action);
      if (!needs) byAction.set(r.action, (needs = new Map()));
      needs.set(sortKey(need), need);
    }
  }
  return {
    ...settings,
    actions: sortedUnique(byAction.keys()).map((action) => {
      const needs = byAction.get(action)!;
      return { action, neededBy: sortedUnique(needs.keys()).map((key) => needs.get(key)!) };
    }),
    constructs: sortedUnique(constructs.keys()).map((path) => {
      const { construct, operations: declaredOperations, servers } = constructs.get(path)!;
      return { path, construct, operations: sortedUnique(declaredOperations) as OperationId[], ...(servers !== undefined ? { servers } : {}) };
    }),
  };
}

// NUL sorts before every character, so the joined key sorts field by field.
function sortKey(n: OperationNeed): string {
  return [n.operation, n.kind, n.api, n.dependencyOf ?? ''].join('\u0000');
}
