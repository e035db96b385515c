/**
 * Whether a policy document allows an action, as the cloud decides it: `*` stands for all or part of
 * a segment, the service is compared as written (lower case) while resource type and action are
 * case-insensitive, an explicit Deny wins over any Allow, and no match is an implicit deny.
 * Resource and Condition are not evaluated (the generated policies have neither).
 */
import { PolicyDocument, PolicyStatement } from './policy-document';

/** The outcome of evaluating one action. */
export type Decision =
  | { readonly effect: 'allow'; readonly statement: number; readonly pattern: string }
  | { readonly effect: 'explicit-deny'; readonly statement: number; readonly pattern: string }
  | { readonly effect: 'implicit-deny' };

/** Evaluates one action against a policy document. */
export function evaluate(document: PolicyDocument, action: string): Decision {
  let allow: Decision | undefined;
  for (const [index, statement] of document.Statement.entries()) {
    const pattern = matchingPattern(statement, action);
    if (pattern === undefined) continue;
    if (statement.Effect === 'Deny') return { effect: 'explicit-deny', statement: index, pattern };
    allow ??= { effect: 'allow', statement: index, pattern };
  }
  return allow ?? { effect: 'implicit-deny' };
}

/** Whether the document allows the action. */
export function isAllowed(document: PolicyDocument, action: string): boolean {
  return evaluate(document, action).effect === 'allow';
}

/** Whether one action pattern (possibly with `*`) matches a concrete action. */
export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  const p = pattern.split(':');
  const a = action.split(':');
  if (p.length !== 3 || a.length !== 3) return false;
  return segmentMatches(p[0], a[0], false) && segmentMatches(p[1], a[1], true) && segmentMatches(p[2], a[2], true);
}

/**
 * Whether every action matched by `inner` is also matched by `outer` (both may hold wildcards):
 * used to decide whether a new wildcard broadens an old policy.
 */
export function patternCovers(outer: string, inner: string): boolean {
  if (outer === '*') return true;
  if (inner === '*') return false;
  const o = outer.split(':');
  const i = inner.split(':');
  if (o.length !== 3 || i.length !== 3) return false;
  return globCovers(o[0], i[0], false) && globCovers(o[1], i[1], true) && globCovers(o[2], i[2], true);
}

function matchingPattern(statement: PolicyStatement, action: string): string | undefined {
  if (statement.Action) return statement.Action.find((pattern) => actionMatches(pattern, action));
  if (statement.NotAction) return statement.NotAction.some((p) => actionMatches(p, action)) ? undefined : `NotAction[${statement.NotAction.join(',')}]`;
  return undefined;
}

function segmentMatches(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const flags = caseInsensitive ? 'i' : '';
  const source = pattern.split('*').map(escapeRegExp).join('.*');
  return new RegExp(`^${source}$`, flags).test(value);
}

// Glob containment for patterns whose only metacharacter is `*`: `outer` covers `inner` when every
// string `inner` matches is matched by `outer`. Decided by matching `outer` against `inner`'s text,
// where a `*` in `inner` may only be absorbed by a `*` in `outer`.
function globCovers(outer: string, inner: string, caseInsensitive: boolean): boolean {
  const o = caseInsensitive ? outer.toLowerCase() : outer;
  const i = caseInsensitive ? inner.toLowerCase() : inner;
  const memo = new Map<string, boolean>();
  const covers = (oi: number, ii: number): boolean => {
    const key = `${oi},${ii}`;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result: boolean;
    if (oi === o.length) result = ii === i.length;
    else if (o[oi] === '*') result = covers(oi + 1, ii) || (ii < i.length && covers(oi, ii + 1));
    else result = ii < i.length && i[ii] !== '*' && o[oi] === i[ii] && covers(oi + 1, ii + 1);
    memo.set(key, result);
    return result;
  };
  return covers(0, 0);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
