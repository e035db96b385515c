/**
 * Deterministic fault injection. Rules are kept in the order they were added; each matching request
 * consumes the first rule that still has calls left, so a test knows exactly which call fails and how.
 */
import { JOB_ROUTES, ROUTE_IDS, routeSelects } from './route-table';

/** What happens to a selected call. */
export type FaultKind =
  /** The gateway throttles the call: 429 `APIGW.0308` with `Retry-After`. */
  | 'status-429'
  /** The service fails: 500 in the route's own error format. */
  | 'status-500'
  /** The service is unavailable: 503 in the route's own error format. */
  | 'status-503'
  /** The call waits `delayMs`, then proceeds normally. */
  | 'delay'
  /** The connection is destroyed before the call has any effect. */
  | 'drop-before-mutation'
  /** The call takes effect (counted in `mutations()`), then the connection is destroyed without a response. */
  | 'drop-after-mutation'
  /**
   * The next job created on the route for a server (or, with `serverId`, for that server) ends in FAIL: that
   * server's last sub-job carries `errorCode` and `failReason`. In a batch, only that server's sub-job fails.
   */
  | 'job-fail';

export const FAULT_KINDS: readonly FaultKind[] = ['status-429', 'status-500', 'status-503', 'delay', 'drop-before-mutation', 'drop-after-mutation', 'job-fail'];

/** One fault rule. */
export interface FaultRule {
  /**
   * The route it applies to: a route id (`server-action:os-stop`), a route base that covers its variants
   * (`server-action`, `cloudservers-changeos`) or `*` for every route.
   * @default '*'
   */
  readonly route?: string;
  readonly kind: FaultKind;
  /**
   * How many calls it affects; for `job-fail`, how many servers' jobs (each server of a batch counts once).
   * @default 1
   */
  readonly times?: number;
  /**
   * For `delay`: how long to hold the call.
   * @default 1000
   */
  readonly delayMs?: number;
  /**
   * For `status-429`: the `Retry-After` header, in seconds.
   * @default 1
   */
  readonly retryAfterSeconds?: number;
  /**
   * For `job-fail`: only the job (or, in a batch, the sub-job) of this server fails.
   * @default - the next server's job on the route, whichever server it is
   */
  readonly serverId?: string;
  /**
   * For `job-fail`: the failed sub-job's `error_code`.
   * @default - the cloud's code for the job type: `Ecs.0207` for a resize, `Ecs.1000` for changeos / reinstallos,
   * `Ecs.0226` for a batch start, `Ecs.0227` for a batch reboot, `Ecs.0611` for a batch stop
   */
  readonly errorCode?: string;
  /**
   * For `job-fail`: the failed sub-job's `fail_reason`.
   * @default 'injected fault'
   */
  readonly failReason?: string;
}

const JOB_ROUTE_BASES = [...new Set(JOB_ROUTES.map((id) => id.split(':')[0]))];

/** Checks rules before they are used, so a typo in a route id fails loudly instead of never matching. */
export function validateFaultRules(rules: readonly FaultRule[]): void {
  for (const [i, rule] of rules.entries()) {
    const where = `fault rule [${i}]`;
    if (!FAULT_KINDS.includes(rule.kind)) throw new Error(`${where}: unknown kind ${JSON.stringify(rule.kind)} (known: ${FAULT_KINDS.join(', ')})`);
    const route = rule.route ?? '*';
    if (!ROUTE_IDS.some((id) => routeSelects(route, id))) {
      throw new Error(`${where}: route ${JSON.stringify(route)} selects no route (known: ${ROUTE_IDS.join(', ')}, a base before ':', or '*')`);
    }
    if (rule.kind === 'job-fail' && !JOB_ROUTES.some((id) => routeSelects(route, id))) {
      throw new Error(`${where}: job-fail needs a route that creates jobs (${JOB_ROUTE_BASES.join(', ')} or '*')`);
    }
    if (rule.serverId !== undefined) {
      if (rule.kind !== 'job-fail') throw new Error(`${where}: serverId selects the server of a job, so it needs kind job-fail`);
      if (typeof rule.serverId !== 'string' || rule.serverId === '') throw new Error(`${where}: serverId must be a non-empty string`);
    }
    for (const key of ['times', 'delayMs', 'retryAfterSeconds'] as const) {
      const value = rule[key];
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new Error(`${where}: ${key} must be an integer >= 0`);
    }
  }
}
