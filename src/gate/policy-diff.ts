/**
 * The direction-aware policy diff: which entries were added and removed, whether each broadens the
 * policy (the new policy allows something the old did not), and who needs each added or removed action.
 * Statements are compared as sets of entries, so regrouping or reordering statements is no change.
 */
import { type AcknowledgedBy, type AcknowledgementFile, AcknowledgementMatcher, type AcknowledgementReport } from './acknowledgements';
import { GateUsageError } from './gate-usage-error';
import { limitWarnings } from './limit-warnings';
import { judgeAdded, judgeRemoved, MAX_WORK, type PolicySide, type Verdict } from './private/broadening';
import { compareStrings } from './private/compare';
import { isWildcard, patternKey } from './private/pattern-key';
import { EntryIndex, entriesOf, type PolicyEntry, type StatementLocation } from './private/policy-entries';
import { WorkBudget } from './private/work-budget';
import type { LoadedPolicy, PolicyInput } from './policy-input';
import type { ReviewData, ReviewNeed } from './review-data';

/** One added or removed entry. */
export interface DiffEntry {
  readonly change: 'added' | 'removed';
  readonly effect: 'Allow' | 'Deny';
  /** `Action`: one action or pattern; `NotAction`: a statement allowing or denying all but `patterns`. */
  readonly form: 'Action' | 'NotAction';
  readonly patterns: readonly string[];
  /**
   * The Resource pattern it applies to.
   * @default - every resource (the statement has no Resource)
   */
  readonly resource?: string;
  /**
   * Its statement's Condition, as canonical JSON.
   * @default - none
   */
  readonly condition?: string;
  /** How it reads: the action, or `NotAction [a, b]`, then `on <resource>` and `if <condition>`. */
  readonly label: string;
  /** The statement that holds it, in the after policy for added entries, the before policy for removed ones. */
  readonly at: StatementLocation;
  /** Whether, through this change, the new policy allows something the old did not. */
  readonly broadening: boolean;
  /** Why it is or is not broadening. */
  readonly reason: string;
  /**
   * The Conditions (canonical JSON) the gate could not compare, when a broadening verdict rests on them.
   * @default - none: the verdict is exact
   */
  readonly uncompared?: readonly string[];
  /**
   * Who needs the action, from the review data of the side that has it (after for added, before for removed).
   * @default - unknown: no review data on that side, or not a single named Allow action (synth writes only those)
   */
  readonly neededBy?: readonly ReviewNeed[];
  /**
   * The acknowledgement that accepts this change: it no longer fails the gate.
   * @default - not acknowledged
   */
  readonly acknowledged?: AcknowledgedBy;
}

/** The comparison of one policy, or of one stack of two `cdktf.out` folders. */
export interface PolicyComparison {
  /**
   * The stack id.
   * @default - none: two policies were compared, not two cdktf.out folders
   */
  readonly stack?: string;
  /** `new` and `removed`: the stack is only in the after or only in the before folder. */
  readonly status: 'new' | 'removed' | 'changed' | 'unchanged';
  /** @default - none: a new stack */
  readonly before?: string;
  /** @default - none: a removed stack */
  readonly after?: string;
  /** Added entries, then removed ones, each sorted by effect, then action. */
  readonly entries: readonly DiffEntry[];
  /** Why some annotations are missing. */
  readonly notes: readonly string[];
}

/** The whole diff. */
export interface PolicyDiff {
  readonly before: string;
  readonly after: string;
  /** One comparison for two policies; one per stack id (sorted) for two cdktf.out folders. */
  readonly comparisons: readonly PolicyComparison[];
  /** IAM limits the after documents break. */
  readonly warnings: readonly string[];
  /**
   * Why the before side was read as empty (`--base-missing empty`): it does not exist or holds no stack.
   * @default - the before side was read
   */
  readonly baseMissing?: string;
  /**
   * The expired and unused acknowledgements, when an acknowledgement file was given.
   * @default - no acknowledgement file
   */
  readonly acknowledgements?: AcknowledgementReport;
}

/** When `policy diff` fails: on a broadening change (the default), on any change, or never. */
export type FailOn = 'broadening' | 'any' | 'never';
export const FAIL_ON_MODES: readonly FailOn[] = ['broadening', 'any', 'never'];

/**
 * Diffs two inputs: two policies (files or stack folders), or two cdktf.out folders stack by stack.
 * @throws GateUsageError when one input is a cdktf.out folder and the other is not
 */
export function diffInputs(before: PolicyInput, after: PolicyInput): PolicyDiff {
  let comparisons: PolicyComparison[];
  let afterPolicies: LoadedPolicy[];
  if (before.kind === 'policy' && after.kind === 'policy') {
    comparisons = [comparePolicies(before.policy, after.policy)];
    afterPolicies = [after.policy];
  } else if (before.kind === 'outdir' && after.kind === 'outdir') {
    const ids = [...new Set([...before.stacks.keys(), ...after.stacks.keys()])].sort(compareStrings);
    comparisons = ids.map((id) => comparePolicies(before.stacks.get(id), after.stacks.get(id), id));
    afterPolicies = [...after.stacks.values()];
  } else {
    const outdir = before.kind === 'outdir' ? before.path : after.path;
    throw new GateUsageError(`${outdir} is a cdktf.out folder and the other input is not: compare two cdktf.out folders, or two policies`);
  }
  return { before: before.path, after: after.path, comparisons, warnings: afterPolicies.flatMap((p) => limitWarnings(p.files)) };
}

/**
 * Compares two policies; a missing side is an empty policy (a new or removed stack).
 * @param stack the stack id, in cdktf.out folder mode
 */
export function comparePolicies(before: LoadedPolicy | undefined, after: LoadedPolicy | undefined, stack?: string): PolicyComparison {
  const budget = new WorkBudget(MAX_WORK);
  const beforeSide = sideOf(before, budget);
  const afterSide = sideOf(after, budget);
  const beforeKeys = new Set(beforeSide.index.entries.map((e) => e.key));
  const afterKeys = new Set(afterSide.index.entries.map((e) => e.key));
  const added = afterSide.index.entries.filter((e) => !beforeKeys.has(e.key)).map((e) => diffEntry('added', e, judgeAdded(e, beforeSide, afterSide), after));
  const removed = beforeSide.index.entries
    .filter((e) => !afterKeys.has(e.key))
    .map((e) => diffEntry('removed', e, judgeRemoved(e, beforeSide, afterSide), before));
  const entries = [...added, ...removed];
  const status = before === undefined ? 'new' : after === undefined ? 'removed' : entries.length ? 'changed' : 'unchanged';
  const notes = [...(added.length ? reviewNote(after, 'added') : []), ...(removed.length ? reviewNote(before, 'removed') : [])];
  return { stack, status, before: before?.source, after: after?.source, entries, notes };
}

/** Whether the diff fails the gate: an acknowledged entry never does. */
export function diffFails(diff: PolicyDiff, failOn: FailOn): boolean {
  // A new stack that grants nothing is still a change.
  if (failOn === 'any' && diff.comparisons.some((c) => c.status !== 'unchanged' && !c.entries.length)) return true;
  return diff.comparisons.some((c) => c.entries.some((e) => entryFails(e, failOn)));
}

/** Whether one entry fails the gate under `failOn`. */
export function entryFails(entry: DiffEntry, failOn: FailOn): boolean {
  return failOn !== 'never' && !entry.acknowledged && isFinding(entry, failOn);
}

/** Whether an entry is a finding under `failOn` (acknowledged or not): a broadening, or with `any` every change. */
export function isFinding(entry: DiffEntry, failOn: FailOn): boolean {
  return failOn === 'any' || entry.broadening;
}

/** The action an entry is acknowledged by: its action or pattern, or its label for a NotAction entry. */
export function findingAction(entry: DiffEntry): string {
  return entry.form === 'Action' ? entry.patterns[0] : entry.label;
}

/**
 * Marks the findings an acknowledgement file accepts, and reports its expired and unused entries.
 * @param file the acknowledgements; the diff is returned unchanged without one
 */
export function acknowledgeDiff(diff: PolicyDiff, failOn: FailOn, file: AcknowledgementFile | undefined): PolicyDiff {
  if (!file) return diff;
  const matcher = new AcknowledgementMatcher(file);
  const comparisons = diff.comparisons.map((c) => ({
    ...c,
    entries: c.entries.map((e) => {
      const acknowledged = isFinding(e, failOn) ? matcher.acknowledge(findingAction(e), [c.stack]) : undefined;
      return acknowledged ? { ...e, acknowledged } : e;
    }),
  }));
  return { ...diff, comparisons, acknowledgements: matcher.report() };
}

function sideOf(policy: LoadedPolicy | undefined, budget: WorkBudget): PolicySide {
  return { index: new EntryIndex(entriesOf(policy?.files ?? []), budget), budget };
}

function diffEntry(change: DiffEntry['change'], entry: PolicyEntry, verdict: Verdict, side: LoadedPolicy | undefined): DiffEntry {
  const { effect, form, patterns, label, at } = entry;
  return {
    change,
    effect,
    form,
    patterns,
    ...(entry.resource !== '*' ? { resource: entry.resource } : {}),
    ...(entry.condition ? { condition: entry.condition.text } : {}),
    label,
    at,
    ...verdict,
    neededBy: neededBy(entry, side),
  };
}

function neededBy(entry: PolicyEntry, side: LoadedPolicy | undefined): readonly ReviewNeed[] | undefined {
  if (!side?.review || entry.effect !== 'Allow' || entry.form !== 'Action' || isWildcard(entry.patterns[0]) || entry.resource !== '*' || entry.condition)
    return undefined;
  return needsByKey(side.review.data).get(patternKey(entry.patterns[0])) ?? [];
}

// Each review file's needs by action key, built once (a linear search per entry is quadratic on large policies).
const needsIndex = new WeakMap<ReviewData, Map<string, readonly ReviewNeed[]>>();
function needsByKey(review: ReviewData): Map<string, readonly ReviewNeed[]> {
  let index = needsIndex.get(review);
  if (!index) {
    index = new Map();
    for (const a of review.actions) if (!index.has(patternKey(a.action))) index.set(patternKey(a.action), a.neededBy);
    needsIndex.set(review, index);
  }
  return index;
}

function reviewNote(side: LoadedPolicy | undefined, change: DiffEntry['change']): string[] {
  if (!side || side.review) return [];
  return [`who needs the ${change} actions is unknown: no review data beside ${side.source} (looked for ${side.reviewLookedFor.join(', ')})`];
}
