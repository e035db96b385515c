/**
 * Whether a policy document allows an action, as the cloud decides it: `*` stands for all or part of
 * a segment, the service is compared as written (lower case) while resource type and action are
 * case-insensitive, an explicit Deny wins over any Allow, and no match is an implicit deny.
 * Resource and Condition are not evaluated here: the emulator enforces generated policies, which have
 * neither, and refuses a policy that has them (src/emulator/private/enforceable-policy.ts). The pipeline gate
 * evaluates them (src/gate).
 */
import { actionPattern, patternContains, patternMatches } from './action-pattern';
import type { PolicyDocument, PolicyStatement } from './policy-document';

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
  return patternMatches(actionPattern(pattern), actionPattern(action));
}

/**
 * Whether every action matched by `inner` is also matched by `outer` (both may hold wildcards):
 * used to decide whether a new wildcard broadens an old policy.
 */
export function patternCovers(outer: string, inner: string): boolean {
  return patternContains(actionPattern(outer), actionPattern(inner));
}

function matchingPattern(statement: PolicyStatement, action: string): string | undefined {
  if (statement.Action) return statement.Action.find((pattern) => actionMatches(pattern, action));
  if (statement.NotAction) return statement.NotAction.some((p) => actionMatches(p, action)) ? undefined : `NotAction[${statement.NotAction.join(',')}]`;
  return undefined;
}
