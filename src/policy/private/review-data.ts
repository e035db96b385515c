/**
 * The review data: for each action in a stack's policy, every construct that needs it and why.
 * Pure; written as `ecs-iam-policy.review.json` and rendered as `ecs-iam-policy.md`.
 */
import { OperationId } from '../../permissions/operation';
import { requirementsOf, sortedUnique } from '../../permissions/requirements';

/** One construct's declared need for an operation (what the chokepoint records). */
export interface DeclaredRequirement {
  readonly constructPath: string;
  readonly construct: string;
  readonly operation: OperationId;
}

/** The stack-level settings shown in the review. */
export interface StackSettings {
  readonly stack: string;
  readonly cloud: string;
  readonly region: string;
  readonly authorization: 'project' | 'enterprise-project';
}

/** Why one construct needs one action. */
export interface NeededBy {
  readonly constructPath: string;
  readonly construct: string;
  readonly operation: OperationId;
  readonly kind: 'primary' | 'dependency' | 'read';
  readonly dependencyOf?: string;
  readonly reason?: string;
  /** `METHOD path` of the API through which the action is needed. */
  readonly api: string;
  readonly iamProject: boolean;
  readonly enterpriseProject: boolean;
}

export interface ReviewAction {
  readonly action: string;
  readonly neededBy: readonly NeededBy[];
}

export interface ReviewData extends StackSettings {
  readonly actions: readonly ReviewAction[];
}

/** Builds the review data; actions and their reasons are sorted, duplicates removed. */
export function buildReviewData(settings: StackSettings, declared: readonly DeclaredRequirement[]): ReviewData {
  const byAction = new Map<string, Map<string, NeededBy>>();
  for (const d of declared) {
    for (const r of requirementsOf(d.operation)) {
      const needed: NeededBy = {
        constructPath: d.constructPath,
        construct: d.construct,
        operation: d.operation,
        kind: r.kind,
        ...(r.dependencyOf ? { dependencyOf: r.dependencyOf } : {}),
        ...(r.reason ? { reason: r.reason } : {}),
        api: `${r.api.method} ${r.api.path}`,
        iamProject: r.iamProject,
        enterpriseProject: r.enterpriseProject,
      };
      const entries = byAction.get(r.action) ?? new Map<string, NeededBy>();
      entries.set(sortKey(needed), needed);
      byAction.set(r.action, entries);
    }
  }
  return {
    ...settings,
    actions: sortedUnique(byAction.keys()).map((action) => {
      const entries = byAction.get(action)!;
      return { action, neededBy: sortedUnique(entries.keys()).map((key) => entries.get(key)!) };
    }),
  };
}

function sortKey(n: NeededBy): string {
  return [n.constructPath, n.operation, n.kind, n.api, n.dependencyOf ?? ''].join('\u0000');
}
