/** What `cdktf-ecs-lifecycle preview --format json` prints (docs/preview.md documents it; `formatVersion` 1). */

/** What apply would do to one target. */
export type Outcome = 'change' | 'already-done' | 'refused' | 'unknown';

/** The outcomes, in the order they are counted and shown. */
export const OUTCOMES: readonly Outcome[] = ['change', 'already-done', 'refused', 'unknown'];

/** One server (by id) or server group (by name) an operation acts on. */
export interface PreviewTarget {
  /** The server id, or the group name; for a server id Terraform knows only at apply, the reference. */
  readonly id: string;
  readonly outcome: Outcome;
  /** The state before the operation, e.g. `ACTIVE`, `flavor s3.medium.2`, `absent`; '' when unknown. */
  readonly from: string;
  /** The state the operation leaves (for `change`), or the state that holds (for `already-done`); '' otherwise. */
  readonly to: string;
  /** Why: what is already done, why apply would refuse, or why the outcome is unknown; '' for a plain change. */
  readonly reason: string;
  /** For `refused`: the fix the CLI would print at apply. */
  readonly fix?: string;
  /** Set when the target was not run at all: apply stops at an operation it depends on, named here. */
  readonly notRunAfter?: string;
  /** The Terraform references resolved from the stack's state, `<reference> = <value>`. */
  readonly resolvedFromState?: readonly string[];
}

/** One provisioner of the plan. */
export interface PreviewOperation {
  /** The construct path, e.g. `prod/stop-web1`. */
  readonly construct: string;
  /** The `exec` operation id, e.g. `server-stop`. */
  readonly operation: string;
  /** For a fleet wave: its number, from 1. */
  readonly wave?: number;
  /** The Terraform address of the resource. */
  readonly address: string;
  readonly targets: readonly PreviewTarget[];
}

/** One stack. */
export interface PreviewStack {
  readonly stack: string;
  /** The create-time operations, in apply order. */
  readonly operations: readonly PreviewOperation[];
  /**
   * The destroy-time operations (run by `terraform destroy`, or when apply replaces the resource), predicted
   * against the state apply leaves; not counted in the summary.
   */
  readonly destroy: readonly PreviewOperation[];
}

/** The whole preview. */
export interface PreviewReport {
  readonly formatVersion: 1;
  readonly stacks: readonly PreviewStack[];
  /** Targets of the create-time operations, by outcome. */
  readonly summary: Readonly<Record<Outcome, number>>;
}

/** Counts the targets of the create-time operations by outcome. */
export function summarize(stacks: readonly PreviewStack[]): Record<Outcome, number> {
  const summary: Record<Outcome, number> = { change: 0, 'already-done': 0, refused: 0, unknown: 0 };
  for (const stack of stacks) for (const operation of stack.operations) for (const target of operation.targets) summary[target.outcome] += 1;
  return summary;
}
