/**
 * Checks a generated policy against an existing one: does the existing policy (wildcards, Deny,
 * NotAction, Resource and Condition included) allow every action the stacks need, on every resource
 * and in every situation? Optionally, what does it grant beyond the need?
 */
import { type AcknowledgedBy, type AcknowledgementFile, AcknowledgementMatcher, type AcknowledgementReport } from './acknowledgements';
import { actionMatches, actionPattern, decide, globMatches } from '../iam';
import { KNOWN_ACTIONS } from '../permissions';
import { limitWarnings } from './limit-warnings';
import { compareStrings } from './private/compare';
import { isWildcard, patternKey } from './private/pattern-key';
import { plural } from './private/plural';
import { MAX_WORK } from './private/broadening';
import { EntryIndex, entriesOf, matchesAction, type PolicyEntry, type Region } from './private/policy-entries';
import { WorkBoundReached, WorkBudget } from './private/work-budget';
import type { LoadedPolicy, PolicyInput } from './policy-input';
import type { ReviewNeed } from './review-data';

/** Where in the existing policy a decision was made. */
export interface PolicyLocation {
  /** The existing policy file. */
  readonly source: string;
  /** The statement's index in that file. */
  readonly statement: number;
  /** The matching pattern, or `NotAction[…]`. */
  readonly pattern: string;
}

/**
 * How far the existing policies cover a needed action: `covered` on every resource in every situation;
 * `conditional` only on some resources or under some Condition; `missing` in no situation the gate can show.
 */
export type Coverage = 'covered' | 'conditional' | 'missing';

/** The decision for one needed action. */
export interface CheckResult {
  readonly action: string;
  readonly coverage: Coverage;
  /**
   * `allow`: covered, or conditionally; `explicit-deny`: a Deny on every resource in every situation
   * matches it (Deny wins); `implicit-deny`: nothing allows it.
   */
  readonly decision: 'allow' | 'explicit-deny' | 'implicit-deny';
  /** @default - none: an implicit deny */
  readonly by?: PolicyLocation;
  /**
   * For conditional coverage: the Resource patterns and Conditions it is limited to, and the Denies that may refuse it.
   * @default - none: covered or missing
   */
  readonly onlyIf?: readonly string[];
  /**
   * The Conditions (canonical JSON) the gate could not compare, when the coverage may be better than it says.
   * @default - none: the coverage is exact
   */
  readonly uncompared?: readonly string[];
  /** @default - unknown: no review data beside the generated policy */
  readonly neededBy?: readonly ReviewNeed[];
  /**
   * The generated policy file that holds the action (the first, for an action several stacks need).
   * @default - none
   */
  readonly file?: string;
  /**
   * The stacks that need the action (their ids, or the stack the review data names).
   * @default - unknown
   */
  readonly stacks?: readonly string[];
  /**
   * The acknowledgement that accepts a missing or conditional action: it no longer fails the check.
   * @default - not acknowledged
   */
  readonly acknowledged?: AcknowledgedBy;
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
  /** Whether conditional coverage passes (`--accept-conditional`). */
  readonly acceptConditional: boolean;
  /**
   * The expired and unused acknowledgements, when an acknowledgement file was given.
   * @default - no acknowledgement file
   */
  readonly acknowledgements?: AcknowledgementReport;
}

/** How to check. */
export interface CheckOptions {
  /**
   * Whether to list what the existing policy grants beyond the need.
   * @default false
   */
  readonly reportExcess?: boolean;
  /**
   * Whether an action covered only on some resources or under some Condition passes.
   * @default false
   */
  readonly acceptConditional?: boolean;
  /**
   * Accepted findings: an acknowledged missing or conditional action passes.
   * @default - none
   */
  readonly acknowledgements?: AcknowledgementFile;
}

/**
 * Checks the need of a generated policy (or of every stack of a cdktf.out folder) against existing
 * policies granted together.
 */
export function checkPolicy(generated: PolicyInput, existing: readonly LoadedPolicy[], options: CheckOptions = {}): PolicyCheck {
  const policies = generated.kind === 'policy' ? [generated.policy] : [...generated.stacks.values()];
  const stackIds = generated.kind === 'policy' ? [generated.policy.review?.data.stack] : [...generated.stacks.keys()];
  const need = needOf(policies);
  const index = new EntryIndex(entriesOf(existing.flatMap((p) => p.files)));
  const budget = new WorkBudget(MAX_WORK);
  const acceptConditional = options.acceptConditional ?? false;
  const matcher = new AcknowledgementMatcher(options.acknowledgements);
  const holders = holdersOf(policies, stackIds);
  const results = [...need.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([action, neededBy]): CheckResult => {
      const { file, stacks } = holders.get(action) ?? { file: undefined, stacks: [] };
      const result: CheckResult = { action, ...coverageOf(action, index, budget), neededBy, ...(file ? { file } : {}), ...(stacks.length ? { stacks } : {}) };
      const failing = result.coverage === 'missing' || (result.coverage === 'conditional' && !acceptConditional);
      const acknowledged = failing ? matcher.acknowledge(action, stacks) : undefined;
      return acknowledged ? { ...result, acknowledged } : result;
    });
  return {
    generated: generated.path,
    existing: existing.map((p) => p.source),
    results,
    excess: options.reportExcess ? excessOf(existing, [...need.keys()]) : undefined,
    notes: policies
      .filter((p) => !p.review)
      .map((p) => `who needs the actions of ${p.source} is unknown: no review data (looked for ${p.reviewLookedFor.join(', ')})`),
    warnings: [...policies, ...existing].flatMap((p) => limitWarnings(p.files)),
    acceptConditional,
    ...(options.acknowledgements ? { acknowledgements: matcher.report() } : {}),
  };
}

/** Whether the check fails: some needed action is missing, or covered only conditionally without `acceptConditional`. */
export function checkFails(check: PolicyCheck): boolean {
  return check.results.some((r) => !passes(check, r));
}

/** Whether one result passes the check. */
export function passes(check: PolicyCheck, result: CheckResult): boolean {
  return result.coverage === 'covered' || (result.coverage === 'conditional' && check.acceptConditional) || result.acknowledged !== undefined;
}

// A stand-in for the part of a resource a `*` matches: a witness resource of the pattern, matched by
// the patterns that match it rather than assumed.
const ANY = '0any0';

/**
 * The coverage of one action. `covered` is claimed only when provable for every resource and situation
 * (every Deny that names the action counts, wherever it reaches); `conditional` only with a witness
 * request the policies provably allow; otherwise `missing`.
 */
function coverageOf(action: string, index: EntryIndex, budget: WorkBudget): Omit<CheckResult, 'action' | 'neededBy'> {
  const pattern = actionPattern(action);
  const region: Region = { include: pattern, excludes: [], resource: '*' };
  const inOrder = (a: PolicyEntry, b: PolicyEntry) => a.ordinal - b.ordinal;
  const allows = index
    .candidates('Allow', region)
    .filter((e) => matchesAction(e, pattern))
    .sort(inOrder);
  const denies = index
    .candidates('Deny', region)
    .filter((e) => matchesAction(e, pattern))
    .sort(inOrder);
  const everywhere = allows.filter((a) => a.resource.split('').every((c) => c === '*'));
  const uncompared = new Set<string>();
  const whole = allowedIn(everywhere, denies);
  if (whole.always) return { coverage: 'covered', decision: 'allow', by: locate(everywhere.find((a) => !a.condition) ?? everywhere[0]) };
  if (whole.maybeAlways) whole.uncompared.forEach((c) => uncompared.add(c));
  // Entries of one statement share its Resources: each witness is judged once. Past the comparison's work
  // bound the search stops, and the action counts as missing: the safe side (never covered or conditional unproven).
  const witnesses = new Set<string>();
  for (const allow of allows) {
    const witness = allow.resource.replace(/\*/g, ANY);
    if (witnesses.has(witness)) continue;
    witnesses.add(witness);
    if (budget.reached) break;
    try {
      budget.charge(allows.length + denies.length);
    } catch (e) {
      if (e instanceof WorkBoundReached) break;
      throw e;
    }
    const at = allowedIn(
      allows.filter((a) => globMatches(a.resource, witness)),
      denies.filter((d) => globMatches(d.resource.toLowerCase(), witness.toLowerCase())),
    );
    if (at.sometimes) {
      const onlyIf = [
        ...allows.flatMap((a) => [
          ...(a.resource.replace(/\*/g, '') ? [`Resource ${a.resource} (${statementOf(a)})`] : []),
          ...(a.condition ? [`Condition ${a.condition.text} (${statementOf(a)})`] : []),
        ]),
        ...denies.map((d) => `no Deny ${d.label} (${statementOf(d)})`),
      ];
      return {
        coverage: 'conditional',
        decision: 'allow',
        by: locate(allow),
        onlyIf: [...new Set(onlyIf)],
        ...(uncompared.size ? { uncompared: [...uncompared].sort() } : {}),
      };
    }
    if (at.maybe) at.uncompared.forEach((c) => uncompared.add(c));
  }
  const deny = denies.find((d) => !d.condition && d.resource.split('').every((c) => c === '*'));
  return {
    coverage: 'missing',
    decision: deny ? 'explicit-deny' : 'implicit-deny',
    by: deny ? locate(deny) : undefined,
    ...(uncompared.size ? { uncompared: [...uncompared].sort() } : {}),
  };
}

// Whether some Allow holds and no Deny does: always, sometimes (provably), or maybe (if uncompared Conditions allow).
function allowedIn(allows: readonly PolicyEntry[], denies: readonly PolicyEntry[]) {
  const statements = [...allows, ...denies];
  if (statements.every((s) => !s.condition)) {
    const allowed = allows.length > 0 && denies.length === 0;
    return { always: allowed, maybeAlways: allowed, sometimes: allowed, maybe: allowed, uncompared: [] as readonly string[] };
  }
  const verdict = decide(
    statements.map((s) => s.condition),
    (holds) => allows.some((a) => holds(a.condition)) && !denies.some((d) => holds(d.condition)),
  );
  if (!verdict) {
    const all = statements.flatMap((s) => (s.condition ? [s.condition.text] : []));
    return { always: false, maybeAlways: true, sometimes: false, maybe: true, uncompared: all };
  }
  return {
    always: verdict.always,
    maybeAlways: verdict.possiblyAlways,
    sometimes: verdict.provablySometimes,
    maybe: verdict.possiblySometimes,
    uncompared: verdict.uncompared,
  };
}

function locate(entry: PolicyEntry): PolicyLocation {
  return {
    source: entry.at.source,
    statement: entry.at.statement,
    pattern: entry.form === 'Action' ? entry.patterns[0] : `NotAction[${entry.patterns.join(',')}]`,
  };
}

function statementOf(entry: PolicyEntry): string {
  return `${entry.at.source} Statement[${entry.at.statement}]`;
}

// Needed action → the first generated file that holds it, and the stacks whose policy holds it.
function holdersOf(policies: readonly LoadedPolicy[], stackIds: readonly (string | undefined)[]) {
  const holders = new Map<string, { file: string; stacks: string[] }>();
  policies.forEach((policy, i) => {
    const stack = stackIds[i];
    for (const file of policy.files) {
      for (const statement of file.document.Statement) {
        for (const action of statement.Action ?? []) {
          const holder = holders.get(action) ?? { file: file.path, stacks: [] };
          if (stack !== undefined && !holder.stacks.includes(stack)) holder.stacks.push(stack);
          holders.set(action, holder);
        }
      }
    }
  });
  return holders;
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
    if (neededBy)
      need.set(
        action,
        [...neededBy].sort((a, b) => compareStrings(a.constructPath, b.constructPath) || compareStrings(a.operation, b.operation)),
      );
  }
  return need;
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
          if (!neededKeys.has(patternKey(pattern)))
            grants.push({ at: at(pattern), needed: [], unneeded: [pattern], open: false, advice: 'remove it: nothing needs it' });
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
