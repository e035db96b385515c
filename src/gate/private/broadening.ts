/**
 * Whether one changed entry broadens a policy: whether, through it, the new policy allows a request
 * (action, resource, situation) the old did not. Every such request lies in an entry the new policy
 * allows; it is judged at the entry itself and at its part inside each Deny of the old policy. At each
 * such point only statements that hold the whole point count for the side whose grants they are (old
 * Allows, new Denies), while a Deny of the old policy counts wherever it reaches: so a change is called
 * narrowing only when it provably is. Conditions are then compared exactly where the gate can
 * (`decide`), and a verdict that rests on a Condition it cannot compare counts as broadening and names it.
 */
import { type ActionPattern, decide, patternContains, patternIntersection, patternsMeet } from '../../iam';
import { covers, type EntryIndex, intersect, isEmpty, type PolicyEntry, type Region, regionOf } from './policy-entries';
import { type WorkBudget, WorkBoundReached } from './work-budget';

/** One side of the comparison. */
export interface PolicySide {
  readonly index: EntryIndex;
  /** The comparison's bound on work, shared by both sides. */
  readonly budget: WorkBudget;
}

/** Whether a change broadens the policy, and why, in one clause. */
export interface Verdict {
  readonly broadening: boolean;
  readonly reason: string;
  /**
   * Conditions (as JSON) the gate could not compare, when the verdict rests on them.
   * @default - none: the verdict is exact
   */
  readonly uncompared?: readonly string[];
}

interface PointVerdict extends Verdict {
  readonly newDeny?: PolicyEntry;
  readonly oldAllow?: PolicyEntry;
}

/**
 * Judges an entry of `after` that `before` does not have. Once the comparison's work bound is reached, an
 * added Allow is counted as broadening without being judged: the safe side.
 */
export function judgeAdded(entry: PolicyEntry, before: PolicySide, after: PolicySide): Verdict {
  if (entry.effect === 'Deny') return { broadening: false, reason: 'a new Deny narrows the policy' };
  return withinBound(before.budget, () => judgeAddedAllow(entry, before, after), {
    broadening: true,
    reason: `${BOUND_REACHED}, so it counts this added Allow as broadening without judging it`,
  });
}

function judgeAddedAllow(entry: PolicyEntry, before: PolicySide, after: PolicySide): Verdict {
  const region = regionOf(entry);
  const whole = judgePoint(entry, region, undefined, before, after);
  if (whole.broadening) return whole;
  for (const deny of before.index.overlapping('Deny', region)) {
    if (covers(deny, region)) continue;
    const part = judgePoint(entry, intersect(region, deny), deny, before, after);
    if (part.broadening) return part;
  }
  return whole;
}

/**
 * Judges an entry of `before` that `after` no longer has. Once the comparison's work bound is reached, a
 * removed Deny is counted as broadening without being judged (the safe side); a removed Allow never broadens.
 */
export function judgeRemoved(entry: PolicyEntry, before: PolicySide, after: PolicySide): Verdict {
  return withinBound(
    before.budget,
    () => judgeRemovedNow(entry, before, after),
    entry.effect === 'Allow'
      ? { broadening: false, reason: `a removed Allow never broadens the policy (${BOUND_REACHED}, so it did not look for an Allow that still holds it)` }
      : { broadening: true, reason: `${BOUND_REACHED}, so it counts this removed Deny as broadening without judging it` },
  );
}

/**
 * How many steps (groups of entries looked at, Resources compared, Condition situations evaluated) one
 * comparison may take: about a second on a slow machine. A verdict past it is the safe one, never "narrowing".
 */
export const MAX_WORK = 3_000_000;

const BOUND_REACHED = `the comparison reached the gate's bound of ${MAX_WORK.toLocaleString('en-US')} steps of work`;

function withinBound(budget: WorkBudget, judge: () => Verdict, safe: Verdict): Verdict {
  if (budget.reached) return safe;
  try {
    return judge();
  } catch (e) {
    if (e instanceof WorkBoundReached) return safe;
    throw e;
  }
}

function judgeRemovedNow(entry: PolicyEntry, before: PolicySide, after: PolicySide): Verdict {
  const region = regionOf(entry);
  if (entry.effect === 'Allow') {
    const still = after.index.covering('Allow', region).find((a) => !a.condition);
    return {
      broadening: false,
      reason: still ? `still allowed (Allow ${still.label})` : isNamed(entry) ? 'no longer allowed' : 'no longer allowed as a whole',
    };
  }
  const still = after.index.covering('Deny', region).find((d) => !d.condition || d.condition.text === entry.condition?.text);
  if (still) return { broadening: false, reason: `still denied (Deny ${still.label})` };
  for (const allow of after.index.overlapping('Allow', region)) {
    const point = judgePoint(allow, intersect(regionOf(allow), entry), entry, before, after);
    if (!point.broadening) continue;
    const what = isNamed(entry) ? 'allows it' : 'allows actions it denied';
    const allowed = `(Allow ${allow.label}${where(allow)})${uncomparedClause(point.uncompared)}`;
    // A Deny of the same actions that only applies on fewer resources or under a Condition: the Deny was narrowed.
    const narrowed = after.index.candidates('Deny', region).find((d) => d.patterns.join() === entry.patterns.join() && d.form === entry.form);
    const reason = narrowed
      ? `the Deny of ${statementOf(entry)} now applies only ${narrowed.resource !== entry.resource ? `on ${narrowed.resource}` : `if ${narrowed.condition?.text}`} (Deny ${narrowed.label}, ${statementOf(narrowed)}), and the new policy ${what} elsewhere ${allowed}`
      : `the Deny is gone and the new policy ${what} ${allowed}`;
    return { broadening: true, reason, uncompared: point.uncompared };
  }
  return {
    broadening: false,
    reason: isNamed(entry) ? 'the Deny is gone, but the new policy does not allow it' : 'the Deny is gone, but the new policy allows none of what it denied',
  };
}

// At most this many parts of one entry are judged when statements only cover it together.
const MAX_PARTS = 64;

// Whether some request of `region` that `allow` grants in the new policy was not allowed by the old one.
// `oldDeny`: the Deny of the old policy whose part of the entry this is. When no single statement
// decides the region but some reach into it (an old Allow or a new Deny of part of it), the region is
// split along that statement's pattern and each part judged: the parts together are the region.
function judgePoint(
  allow: PolicyEntry,
  region: Region,
  oldDeny: PolicyEntry | undefined,
  before: PolicySide,
  after: PolicySide,
  budget = { parts: MAX_PARTS },
): PointVerdict {
  const whole = judgeWhole(allow, region, oldDeny, before, after);
  if (!whole.broadening || budget.parts <= 0) return whole;
  const split = splitPattern(region, before.index, 'Allow') ?? splitPattern(region, after.index, 'Deny');
  if (!split) return whole;
  budget.parts -= 2;
  for (const part of [
    { ...region, include: split.inside },
    { ...region, excludes: [...region.excludes, split.along] },
  ]) {
    const verdict = judgePoint(allow, part, oldDeny, before, after, budget);
    if (verdict.broadening) return verdict;
  }
  return { broadening: false, reason: 'the old policy already allowed it, through several statements together' };
}

// A pattern of a statement that reaches into the region without holding all of it, and the region's part inside it.
// Whether a pattern reaches in is the same for every entry of its group: asked once, before their Resources.
function splitPattern(region: Region, index: EntryIndex, effect: PolicyEntry['effect']): { along: ActionPattern; inside: ActionPattern } | undefined {
  const alongOf = (entry: PolicyEntry) => {
    for (const along of entry.compiled) {
      if (!patternsMeet(along, region.include) || patternContains(along, region.include) || region.excludes.some((x) => patternContains(x, along))) continue;
      const inside = patternIntersection(region.include, along);
      if (inside) return { along, inside };
    }
    return undefined;
  };
  const entry = index.firstCovering(effect, region, (first) => alongOf(first) !== undefined);
  return entry ? alongOf(entry) : undefined;
}

function judgeWhole(allow: PolicyEntry, region: Region, oldDeny: PolicyEntry | undefined, before: PolicySide, after: PolicySide): PointVerdict {
  if (isEmpty(region)) return { broadening: false, reason: 'it matches no action' };
  const newDenies = after.index.covering('Deny', region);
  const oldAllows = before.index.covering('Allow', region);
  // The Deny whose part this is counts even where the index would not offer it.
  const oldDenies = [...before.index.covering('Deny', region).filter((d) => d !== oldDeny), ...(oldDeny ? [oldDeny] : [])];
  const unconditionalDeny = newDenies.find((d) => !d.condition);
  const named = isNamed(allow) && region.resource === allow.resource;
  if (unconditionalDeny) return { broadening: false, reason: `the new policy denies ${named ? 'it' : 'all of it'} (Deny ${unconditionalDeny.label})` };
  const statements = [allow, ...newDenies, ...oldAllows, ...oldDenies];
  let broadening: boolean;
  let uncompared: readonly string[] | undefined;
  if (statements.every((s) => !s.condition)) {
    broadening = oldAllows.length === 0 || oldDenies.length > 0;
  } else {
    const verdict = decideOnce(allow, newDenies, oldAllows, oldDenies, before.budget);
    broadening = verdict?.possiblySometimes ?? true;
    if (!verdict) uncompared = [...new Set(statements.flatMap((s) => (s.condition ? [s.condition.text] : [])))];
    else if (broadening && !verdict.provablySometimes) uncompared = verdict.uncompared;
  }
  const oldAllow = oldAllows[0];
  if (!broadening) {
    const newDeny = newDenies[0];
    return oldAllow
      ? { broadening, reason: `the old policy already allowed it (Allow ${oldAllow.label})`, oldAllow }
      : { broadening, reason: `the new policy denies it wherever it allows it (Deny ${newDeny?.label})`, newDeny };
  }
  return { broadening, reason: `${broadeningReason(allow, region, oldDeny, oldAllows, oldDenies, before)}${uncomparedClause(uncompared)}`, uncompared };
}

// Entries of one statement share its Condition, so the same question about Conditions comes again and
// again: each is decided once, by the Conditions (as text) each role holds.
const decided = new Map<string, ReturnType<typeof decide>>();

function decideOnce(
  allow: PolicyEntry,
  newDenies: readonly PolicyEntry[],
  oldAllows: readonly PolicyEntry[],
  oldDenies: readonly PolicyEntry[],
  budget: WorkBudget,
): ReturnType<typeof decide> {
  const texts = (entries: readonly PolicyEntry[]) => [...new Set(entries.map((e) => e.condition?.text ?? ''))].sort();
  budget.charge(1 + newDenies.length + oldAllows.length + oldDenies.length);
  const key = JSON.stringify([allow.condition?.text ?? '', texts(newDenies), texts(oldAllows), texts(oldDenies)]);
  if (decided.has(key)) return decided.get(key);
  const statements = [allow, ...newDenies, ...oldAllows, ...oldDenies];
  const verdict = decide(
    statements.map((s) => s.condition),
    (holds) =>
      holds(allow.condition) &&
      !newDenies.some((d) => holds(d.condition)) &&
      !(oldAllows.some((a) => holds(a.condition)) && !oldDenies.some((d) => holds(d.condition))),
    (evaluations) => budget.charge(evaluations),
  );
  if (decided.size >= 10_000) decided.clear();
  decided.set(key, verdict);
  return verdict;
}

function broadeningReason(
  allow: PolicyEntry,
  region: Region,
  oldDeny: PolicyEntry | undefined,
  oldAllows: readonly PolicyEntry[],
  oldDenies: readonly PolicyEntry[],
  before: PolicySide,
): string {
  if (oldDeny) return `the old policy denied part of it (Deny ${oldDeny.label}${where(oldDeny)}), the new policy does not`;
  const denied = oldDenies.find((d) => !d.condition);
  if (denied) return `the old policy denied it (Deny ${denied.label}${where(denied)})`;
  const conditional = oldAllows.find((a) => a.condition);
  if (conditional)
    return `${statementOf(allow)} allows it where the old policy allowed it only if ${conditional.condition?.text} (Allow ${conditional.label}${where(conditional)})`;
  if (oldDenies.length) return `the old policy denied it under a Condition (Deny ${oldDenies[0].label}${where(oldDenies[0])})`;
  // An old Allow of all the region's actions on resources that meet the region's: whether it covers the actions is the same for its whole group.
  const narrower = before.index.firstOnOtherResources('Allow', region);
  if (narrower)
    return `${statementOf(allow)} allows it on ${region.resource}, the old policy only on ${narrower.resource} (Allow ${narrower.label}${where(narrower)})`;
  if (allow.condition === undefined && allow.resource === '*' && isNamed(allow)) return 'the old policy did not allow it';
  return `no Allow of the old policy covers ${allow.form === 'NotAction' ? 'this NotAction' : isNamed(allow) ? 'it' : 'this wildcard'}`;
}

function uncomparedClause(uncompared: readonly string[] | undefined): string {
  return uncompared?.length ? `; the gate cannot compare the Condition ${uncompared.join(', ')}, so it counts this as broadening` : '';
}

function isNamed(entry: PolicyEntry): boolean {
  return entry.form === 'Action' && !entry.compiled[0].wildcard;
}

function statementOf(entry: PolicyEntry): string {
  return `${entry.at.source} Statement[${entry.at.statement}]`;
}

function where(entry: PolicyEntry): string {
  return entry.condition || entry.resource !== '*' ? `, ${statementOf(entry)}` : '';
}
