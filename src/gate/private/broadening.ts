/**
 * Whether one changed entry broadens a policy: whether, through it, the new policy allows an action
 * the old did not. Concrete actions are decided exactly with `evaluate`. Wildcards and NotAction are
 * decided symbolically and soundly: a change is called narrowing only when it provably is, so a
 * broadening is never missed (a wildcard the old policy covered only through several patterns
 * together is reported as broadening).
 */
import { evaluate, PolicyDocument } from '../../iam';
import { entriesOverlap, entryCovers, PolicyEntry } from './policy-entries';
import { isWildcard } from './pattern-key';

/** One side of the comparison. */
export interface PolicySide {
  readonly document: PolicyDocument;
  readonly entries: readonly PolicyEntry[];
}

/** Whether a change broadens the policy, and why, in one clause. */
export interface Verdict {
  readonly broadening: boolean;
  readonly reason: string;
}

/** Judges an entry of `after` that `before` does not have. */
export function judgeAdded(entry: PolicyEntry, before: PolicySide, after: PolicySide): Verdict {
  if (entry.effect === 'Deny') return { broadening: false, reason: 'a new Deny narrows the policy' };
  if (isConcrete(entry)) return judgeAddedAction(entry.patterns[0], before.document, after.document);
  const denied = after.entries.find((d) => d.effect === 'Deny' && entryCovers(d, entry));
  if (denied) return { broadening: false, reason: `the new policy denies all of it (Deny ${denied.label})` };
  const cover = before.entries.find((a) => a.effect === 'Allow' && entryCovers(a, entry));
  if (!cover) return { broadening: true, reason: `no Allow of the old policy covers ${entry.form === 'Action' ? 'this wildcard' : 'this NotAction'}` };
  const lifted = before.entries.find((d) => d.effect === 'Deny' && entriesOverlap(d, entry)
    && !after.entries.some((n) => n.effect === 'Deny' && entryCovers(n, d)));
  if (lifted) return { broadening: true, reason: `the old policy denied part of it (Deny ${lifted.label}), the new policy does not` };
  return { broadening: false, reason: `the old policy already allowed it (Allow ${cover.label})` };
}

/** Judges an entry of `before` that `after` no longer has. */
export function judgeRemoved(entry: PolicyEntry, after: PolicySide): Verdict {
  if (entry.effect === 'Allow') {
    if (isConcrete(entry)) {
      const decision = evaluate(after.document, entry.patterns[0]);
      return { broadening: false, reason: decision.effect === 'allow' ? `still allowed (Allow ${decision.pattern})` : 'no longer allowed' };
    }
    const still = after.entries.find((a) => a.effect === 'Allow' && entryCovers(a, entry));
    return { broadening: false, reason: still ? `still allowed (Allow ${still.label})` : 'no longer allowed as a whole' };
  }
  const still = after.entries.find((d) => d.effect === 'Deny' && entryCovers(d, entry));
  if (still) return { broadening: false, reason: `still denied (Deny ${still.label})` };
  if (isConcrete(entry)) {
    const decision = evaluate(after.document, entry.patterns[0]);
    return decision.effect === 'allow'
      ? { broadening: true, reason: `the Deny is gone and the new policy allows it (Allow ${decision.pattern})` }
      : { broadening: false, reason: 'the Deny is gone, but the new policy does not allow it' };
  }
  const allow = after.entries.find((a) => a.effect === 'Allow' && entriesOverlap(a, entry));
  return allow
    ? { broadening: true, reason: `the Deny is gone and the new policy allows actions it denied (Allow ${allow.label})` }
    : { broadening: false, reason: 'the Deny is gone, but the new policy allows none of what it denied' };
}

function judgeAddedAction(action: string, before: PolicyDocument, after: PolicyDocument): Verdict {
  const now = evaluate(after, action);
  if (now.effect !== 'allow') return { broadening: false, reason: 'the new policy denies it' + (now.effect === 'explicit-deny' ? ` (Deny ${now.pattern})` : '') };
  const then = evaluate(before, action);
  if (then.effect === 'allow') return { broadening: false, reason: `the old policy already allowed it (Allow ${then.pattern})` };
  if (then.effect === 'explicit-deny') return { broadening: true, reason: `the old policy denied it (Deny ${then.pattern})` };
  return { broadening: true, reason: 'the old policy did not allow it' };
}

function isConcrete(entry: PolicyEntry): boolean {
  return entry.form === 'Action' && !isWildcard(entry.patterns[0]);
}
