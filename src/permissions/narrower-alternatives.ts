/**
 * Where a narrower choice exists: an operation whose cloudservers twin (`<id>-cloudservers`, chosen with the
 * construct's `api: 'cloudservers'`) needs fewer actions. The review names it where the broader one is chosen
 * (the native resize needs 13 dependency actions, some outside ECS; the cloudservers resize needs 2). Derived from
 * the catalog, never listed by hand.
 */
import { OPERATIONS } from '../operations';
import { isOperationId, type OperationId } from './operation';
import { requiredActionsOf } from './requirements';

/** A narrower operation than the one chosen. */
export interface NarrowerAlternative {
  /** The narrower operation. */
  readonly operation: OperationId;
  /** The construct setting that chooses it. */
  readonly setting: string;
  /** What it does (its definition's summary): the conditions it has. */
  readonly when: string;
  /** The actions it needs. */
  readonly actions: readonly string[];
  /** The actions the broader operation needs. */
  readonly broaderActions: readonly string[];
}

/** The narrower alternative of `operation`, or undefined when there is none. */
export function narrowerAlternativeOf(operation: OperationId): NarrowerAlternative | undefined {
  const twin = `${operation}-cloudservers`;
  if (!isOperationId(twin)) return undefined;
  const broaderActions = requiredActionsOf(operation);
  const actions = requiredActionsOf(twin);
  if (actions.length >= broaderActions.length) return undefined;
  return { operation: twin, setting: "api: 'cloudservers'", when: OPERATIONS[twin].summary, actions, broaderActions };
}
