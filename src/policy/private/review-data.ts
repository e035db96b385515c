/**
 * The review data: for each action in a stack's policy, the operations that need it and why, and for
 * each construct, the operations it declared. Normalized (actions → operations → constructs) so that
 * every construct is listed once, however many actions it needs. Pure; written as
 * `ecs-iam-policy.review.json` and rendered as `ecs-iam-policy.md`.
 */
import type { CloudName } from '../../cloud/regions';
import type { EnterpriseProjectSupport } from '../../permissions/api-rows';
import type { OperationId } from '../../permissions/operation';
import type { PermissionRowId } from '../../permissions/permission-rows';
import { narrowerAlternativeOf } from '../../permissions/narrower-alternatives';
import { type ActionRequirement, requirementsOf, sortedUnique } from '../../permissions/requirements';
import { type OperationChain, operationChains } from './operation-chains';

/**
 * The layout of `ecs-iam-policy.review.json`. Files written before it had no `formatVersion` (two layouts, which
 * the gate still reads); 1 added it with `scope`, each action's `risk`, the `chains` and the `alternatives`.
 */
export const REVIEW_FORMAT_VERSION = 1;

/** The one sentence that states the scope of the policy's actions. */
export const SCOPE_SENTENCE =
  'These actions apply to every server of the project (or, under enterprise-project authorization, of the enterprise ' +
  'project), not only to the servers in this plan: ECS actions carry no resource scope here.';

/** How much an action can do, for a reviewer scanning the policy. */
export type RiskTier = 'read' | 'lifecycle mutation' | 'destructive' | 'outside ECS';

/** What a fleet construct plans: its steps (`stop SOFT → resize s3.large.2 → start`), waves and servers. */
export interface FleetShape {
  readonly steps: string;
  readonly waves: number;
  readonly servers: number;
}

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
  /** For a fleet: its steps, waves and servers. */
  readonly fleet?: FleetShape;
  /** What it selects at apply, for a fleet that selects its servers then (reviewed by its selector, not a list). */
  readonly selector?: string;
}

/** The stack-level settings shown in the review. */
export interface StackSettings {
  readonly stack: string;
  readonly cloud: CloudName;
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
  /** What a reviewer must be told about the action through this API (e.g. that no narrower action exists on its cloud). */
  readonly note?: string;
}

/** One action of the policy and every operation that needs it. */
export interface ReviewAction {
  readonly action: string;
  /**
   * `read`; `lifecycle mutation` (power, lock, resize, groups); `destructive` (change OS and reinstall OS wipe the
   * system disk); `outside ECS` (another service's action, e.g. the `vpc:`/`evs:` dependencies of the native resize).
   */
  readonly risk: RiskTier;
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
  /** What it selects at apply, e.g. `servers tagged "role=web"`, for a fleet that selects its servers then. */
  readonly selector?: string;
}

/** Where a narrower choice needs fewer actions than the one a construct made. */
export interface ReviewAlternative {
  /** The operation chosen. */
  readonly operation: OperationId;
  /** How many actions it needs, and which of them are outside ECS. */
  readonly actions: number;
  readonly outsideEcs: readonly string[];
  /** The narrower operation, how to choose it, and how many actions it needs. */
  readonly alternative: { readonly operation: OperationId; readonly setting: string; readonly actions: number; readonly when: string };
  /** How many constructs chose the broader operation (the constructs table marks each). */
  readonly constructs: number;
}

/** The review data of one stack. */
export interface ReviewData extends StackSettings {
  readonly formatVersion: typeof REVIEW_FORMAT_VERSION;
  /** `SCOPE_SENTENCE`. */
  readonly scope: string;
  /** Sorted by action. */
  readonly actions: readonly ReviewAction[];
  /** Sorted by path; only constructs that declared operations. */
  readonly constructs: readonly ReviewConstruct[];
  /** The order of operations: per server, group or fleet; destroy-time ones apart. */
  readonly chains: readonly OperationChain[];
  /** Narrower choices than the ones made, by operation. */
  readonly alternatives: readonly ReviewAlternative[];
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
  const constructs = new Map<string, { construct: string; operations: OperationId[]; servers?: number; selector?: string }>();
  for (const d of declared) {
    operations.set(d.rows ? `${d.operation}\u0000${d.rows.join(',')}` : d.operation, { operation: d.operation, rows: d.rows });
    const entry = constructs.get(d.constructPath);
    if (entry) entry.operations.push(d.operation);
    else
      constructs.set(d.constructPath, {
        construct: d.construct,
        operations: [d.operation],
        ...(d.servers !== undefined ? { servers: d.servers } : {}),
        ...(d.selector !== undefined ? { selector: d.selector } : {}),
      });
  }
  const byAction = new Map<string, Map<string, OperationNeed>>();
  const risks = new Map<string, RiskTier>();
  for (const { operation, rows } of operations.values()) {
    for (const r of requirementsOf(operation, rows, settings.cloud)) {
      risks.set(r.action, higherRisk(risks.get(r.action), riskOf(r)));
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
    formatVersion: REVIEW_FORMAT_VERSION,
    ...settings,
    scope: SCOPE_SENTENCE,
    actions: sortedUnique(byAction.keys()).map((action) => {
      const needs = byAction.get(action)!;
      return { action, risk: risks.get(action)!, neededBy: sortedUnique(needs.keys()).map((key) => needs.get(key)!) };
    }),
    constructs: sortedUnique(constructs.keys()).map((path) => {
      const { construct, operations: declaredOperations, servers, selector } = constructs.get(path)!;
      return {
        path,
        construct,
        operations: sortedUnique(declaredOperations) as OperationId[],
        ...(servers !== undefined ? { servers } : {}),
        ...(selector !== undefined ? { selector } : {}),
      };
    }),
    chains: operationChains(declared),
    alternatives: alternativesOf(declared),
  };
}

const RISK_ORDER: readonly RiskTier[] = ['read', 'lifecycle mutation', 'destructive', 'outside ECS'];
/** Rows whose call wipes the system disk. */
const DESTRUCTIVE_ROWS: ReadonlySet<string> = new Set(['change-os-v1', 'change-os-v2', 'reinstall-os-v1', 'reinstall-os-v2']);

function higherRisk(a: RiskTier | undefined, b: RiskTier): RiskTier {
  return a === undefined || RISK_ORDER.indexOf(b) > RISK_ORDER.indexOf(a) ? b : a;
}

/** The risk of one need: by the action's service, then by what the API it is needed through does. */
function riskOf(r: ActionRequirement): RiskTier {
  if (!r.action.startsWith('ecs:')) return 'outside ECS';
  if (r.kind === 'read' || r.api.method === 'GET' || (r.kind === 'dependency' && /:(get|list|show)\w*$/i.test(r.action))) return 'read';
  return r.kind === 'primary' && DESTRUCTIVE_ROWS.has(r.api.source) ? 'destructive' : 'lifecycle mutation';
}

function alternativesOf(declared: readonly DeclaredRequirement[]): ReviewAlternative[] {
  const byOperation = new Map<OperationId, string[]>();
  for (const d of declared) if (narrowerAlternativeOf(d.operation)) byOperation.set(d.operation, [...(byOperation.get(d.operation) ?? []), d.constructPath]);
  return sortedUnique(byOperation.keys()).map((id) => {
    const operation = id as OperationId;
    const narrower = narrowerAlternativeOf(operation)!;
    return {
      operation,
      actions: narrower.broaderActions.length,
      outsideEcs: narrower.broaderActions.filter((a) => !a.startsWith('ecs:')),
      alternative: { operation: narrower.operation, setting: narrower.setting, actions: narrower.actions.length, when: narrower.when },
      constructs: byOperation.get(operation)!.length,
    };
  });
}

// NUL sorts before every character, so the joined key sorts field by field.
function sortKey(n: OperationNeed): string {
  return [n.operation, n.kind, n.api, n.dependencyOf ?? ''].join('\u0000');
}
