/**
 * A policy as a set of entries, independent of how its statements are grouped: each Action pattern
 * of a statement is one entry; a NotAction statement is one entry (its list means nothing piecewise).
 * Set relations between entries are decided symbolically, so they hold for actions outside the catalog.
 */
import { PolicyDocument, patternCovers, patternsOverlap } from '../../iam';
import { compareStrings } from './compare';
import { patternKey } from './pattern-key';

/** One entry of a policy. */
export interface PolicyEntry {
  readonly effect: 'Allow' | 'Deny';
  /** `Action`: the actions `patterns[0]` matches; `NotAction`: every action none of `patterns` matches. */
  readonly form: 'Action' | 'NotAction';
  readonly patterns: readonly string[];
  /** Equal for entries that mean the same (case of resource type and action aside). */
  readonly key: string;
  /** How it reads: the pattern, or `NotAction [a, b]`. */
  readonly label: string;
}

/** The distinct entries of a document, sorted by key. */
export function entriesOf(document: PolicyDocument): PolicyEntry[] {
  const entries = new Map<string, PolicyEntry>();
  const add = (effect: PolicyEntry['effect'], form: PolicyEntry['form'], patterns: string[]) => {
    const key = `${effect} ${form} ${patterns.map(patternKey).join(',')}`;
    if (!entries.has(key)) entries.set(key, { effect, form, patterns, key, label: form === 'Action' ? patterns[0] : `NotAction [${patterns.join(', ')}]` });
  };
  for (const statement of document.Statement) {
    for (const pattern of statement.Action ?? []) add(statement.Effect, 'Action', [pattern]);
    if (statement.NotAction) add(statement.Effect, 'NotAction', [...statement.NotAction].sort((a, b) => compareStrings(patternKey(a), patternKey(b))));
  }
  return [...entries.values()].sort((a, b) => compareStrings(a.key, b.key));
}

/** Whether every action `inner` matches, `outer` matches too. Exact for Action entries, sound otherwise. */
export function entryCovers(outer: PolicyEntry, inner: PolicyEntry): boolean {
  if (inner.form === 'Action') {
    const pattern = inner.patterns[0];
    return outer.form === 'Action' ? patternCovers(outer.patterns[0], pattern) : !outer.patterns.some((n) => patternsOverlap(n, pattern));
  }
  // inner is "everything but N": only `*`, or "everything but N'" with N' inside N, holds it.
  if (outer.form === 'Action') return outer.patterns[0] === '*';
  return outer.patterns.every((excluded) => inner.patterns.some((n) => patternCovers(n, excluded)));
}

/** Whether some action matches both entries. Exact for Action entries; may say yes when unsure otherwise. */
export function entriesOverlap(a: PolicyEntry, b: PolicyEntry): boolean {
  if (a.form === 'Action' && b.form === 'Action') return patternsOverlap(a.patterns[0], b.patterns[0]);
  if (a.form === 'NotAction' && b.form === 'NotAction') return true;
  const [action, notAction] = a.form === 'Action' ? [a, b] : [b, a];
  return !notAction.patterns.some((n) => patternCovers(n, action.patterns[0]));
}
