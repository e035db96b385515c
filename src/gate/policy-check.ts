/**
 * Checks a generated policy against an existing one: does the existing policy (wildcards, Deny and
 * NotAction included) allow every action the stacks need? Optionally, what does it grant beyond the need?
 */
import { actionMatches, evaluate, PolicyDocument } from '../iam';
import { KNOWN_ACTIONS } from '../permissions';
import { limitWarnings } from './limit-warnings';
import { compareStrings } from './private/compare';
import { isWildcard, patternKey } from './private/pattern-key';
import { plural } from './private/plural';
import { LoadedPolicy, PolicyInput } from './policy-input';
import { ReviewNeed } from './review-data';

/** Where in the existing policy a decision was made. */
export interface PolicyLocation {
  /** The existing policy file. */
  readonly source: string;
  /** The statement's index in that file. */
  readonly statement: number;
  /** The matching pattern, or `NotAction[…]`. */
  readonly pattern: string;
}

/** The decision for one needed action. */
export interface CheckResult {
  readonly action: string;
  /** `allow`; `explicit-deny`: a Deny matches it (Deny wins); `implicit-deny`: nothing allows it. */
  readonly decision: 'allow' | 'explicit-deny' | 'implicit-deny';
  /** @default - none: an implicit deny */
  readonly by?: PolicyLocation;
  /** @default - unknown: no review data beside the generated policy */
  readonly neededBy?: readonly ReviewNeed[];
}

/** A grant of the existing policy that reaches beyond the need: least-privilege advice. */
export interface ExcessGrant {
  readonly at: PolicyLocation;
  /** Needed actions it matches (a Deny elsewhere may still refuse some). */
  readonly needed: readonly string[];
  /** Catalog actions it allows that nothing needs (for a named action: the action itself). */
  readonly unneeded: readonly string[];
  /** Whether it is a wildcard or NotAction, and so also allows actions the catalog does not know. */
  readonly open: boolean;
  /** What to do about it. */
  readonly advice: string;
}

/** The result of `policy check`. */
export interface PolicyCheck {
  readonly generated: string;
  readonly existing: readonly string[];
  /** One per needed action, sorted. */
  readonly results: readonly CheckResult[];
  /** @default - not requested */
  readonly excess?: readonly ExcessGrant[];
  /** Why some annotations are missing. */
  readonly notes: readonly string[];
  /** IAM limits the generated or existing documents break. */
  readonly warnings: readonly string[];
}

/** How to check. */
export interface CheckOptions {
  /**
   * Whether to list what the existing policy grants beyond the need.
   * @default false
   */
  readonly reportExcess?: boolean;
}

/**
 * Checks the need of a generated policy (or of every stack of a cdktf.out folder) against existing
 * policies granted together.
 */
export function checkPolicy(generated: PolicyInput, existing: readonly LoadedPolicy[], options: CheckOptions = {}): PolicyCheck {
  const policies = generated.kind === 'policy' ? [generated.policy] : [...generated.stacks.values()];
  const need = needOf(policies);
  const document: PolicyDocument = { Version: '1.1', Statement: existing.flatMap((p) => p.effective.Statement) };
  const locate = locator(existing);
  const results = [...need.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([action, neededBy]): CheckResult => {
    const decision = evaluate(document, action);
    const by = decision.effect === 'implicit-deny' ? undefined : locate(decision.statement, decision.pattern);
    return { action, decision: decision.effect, by, neededBy };
  });
  return {
    generated: generated.path,
    existing: existing.map((p) => p.source),
    results,
    excess: options.reportExcess ? excessOf(existing, [...need.keys()]) : undefined,
    notes: policies.filter((p) => !p.review)
      .map((p) => `who needs the actions of ${p.source} is unknown: no review data (looked for ${p.reviewLookedFor.join(', ')})`),
    warnings: [...policies, ...existing].flatMap((p) => limitWarnings(p.files)),
  };
}

/** Whether the check fails: some needed action is not allowed. */
export function checkFails(check: PolicyCheck): boolean {
  return check.results.some((r) => r.decision !== 'allow');
}

// Needed action → who needs it, across the policies (undefined while no review data names it).
function needOf(policies: readonly LoadedPolicy[]): Map<string, ReviewNeed[] | undefined> {
  const need = new Map<string, ReviewNeed[] | undefined>();
  for (const policy of policies) {
    for (const statement of policy.effective.Statement) for (const action of statement.Action ?? []) if (!need.has(action)) need.set(action, undefined);
    for (const entry of policy.review?.data.actions ?? []) {
      if (!need.has(entry.action)) continue;
      need.set(entry.action, [...(need.get(entry.action) ?? []), ...entry.neededBy]);
    }
  }
  for (const [action, neededBy] of need) {
    if (neededBy) need.set(action, [...neededBy].sort((a, b) => compareStrings(a.constructPath, b.constructPath) || compareStrings(a.operation, b.operation)));
  }
  return need;
}

// Maps a statement index of the documents granted together back to its file.
function locator(existing: readonly LoadedPolicy[]): (statement: number, pattern: string) => PolicyLocation {
  const files = existing.flatMap((p) => p.files);
  return (statement, pattern) => {
    let index = statement;
    for (const file of files) {
      if (index < file.document.Statement.length) return { source: file.path, statement: index, pattern };
      index -= file.document.Statement.length;
    }
    throw new RangeError(`statement ${statement} is beyond the existing policies`);
  };
}

function excessOf(existing: readonly LoadedPolicy[], needed: readonly string[]): ExcessGrant[] {
  const neededKeys = new Set(needed.map(patternKey));
  const grants: ExcessGrant[] = [];
  for (const file of existing.flatMap((p) => p.files)) {
    file.document.Statement.forEach((statement, index) => {
      if (statement.Effect !== 'Allow') return;
      const at = (pattern: string): PolicyLocation => ({ source: file.path, statement: index, pattern });
      for (const pattern of statement.Action ?? []) {
        if (!isWildcard(pattern)) {
          if (!neededKeys.has(patternKey(pattern))) grants.push({ at: at(pattern), needed: [], unneeded: [pattern], open: false, advice: 'remove it: nothing needs it' });
          continue;
        }
        grants.push(openGrant(at(pattern), needed, (action) => actionMatches(pattern, action)));
      }
      const excluded = statement.NotAction;
      if (excluded) {
        grants.push(openGrant(at(`NotAction[${excluded.join(',')}]`), needed, (action) => !excluded.some((p) => actionMatches(p, action))));
      }
    });
  }
  return grants;
}

// A wildcard or NotAction grant: it allows the catalog actions it matches and any unknown action of its form.
function openGrant(at: PolicyLocation, needed: readonly string[], allows: (action: string) => boolean): ExcessGrant {
  const covered = needed.filter(allows).sort(compareStrings);
  const neededKeys = new Set(needed.map(patternKey));
  const unneeded = KNOWN_ACTIONS.filter((action) => allows(action) && !neededKeys.has(patternKey(action)));
  const advice = covered.length
    ? `replace it with the ${plural(covered.length, 'needed action')} it matches`
    : 'remove it: it matches none of the needed actions';
  return { at, needed: covered, unneeded, open: true, advice };
}
