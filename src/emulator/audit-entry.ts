import type { FaultKind } from './fault-rule';
import type { RouteId } from './route-table';

/** How the IAM step ended for one request. */
export type AuditDecision =
  /** A policy is enforced and allowed every required action (or the route requires none). */
  | 'allowed'
  /** A policy is enforced and refused one of the required actions: see `missingAction`. */
  | 'denied'
  /** No policy: the call went through without an IAM check. */
  | 'not-enforced'
  /** The request was refused before the IAM step (unknown route, authentication, project id, malformed action body). */
  | 'not-evaluated';

/** One request as the emulator saw and decided it. */
export interface AuditEntry {
  /** 1 for the first request. */
  readonly sequence: number;
  /** When the request arrived, in milliseconds since the epoch (`Date.now()`). */
  readonly receivedAt: number;
  /** The `X-Request-Id` the response carried. */
  readonly requestId: string;
  readonly method: string;
  /** The path, without the query. */
  readonly path: string;
  /** `undefined` when the path matched no route. */
  readonly route?: RouteId;
  /** How the caller authenticated. */
  readonly auth: 'aksk' | 'token' | 'none';
  /** The IAM action of the route, the one the cloud logs; `undefined` when the route needs none. */
  readonly action?: string;
  /** The action and its dependencies, as checked. */
  readonly requiredActions: readonly string[];
  readonly decision: AuditDecision;
  /** For `denied`: the first required action the policy does not allow. */
  readonly missingAction?: string;
  /** The HTTP status sent; `null` when the connection was dropped. */
  readonly status: number | null;
  /** Whether the call changed state (counted in `mutations()`). */
  readonly mutationApplied: boolean;
  /** The injected fault that hit this call, if any. */
  readonly fault?: FaultKind;
}
