import type { FaultRule } from '../fault-rule';
import { type RouteId, routeSelects } from '../route-table';

/**
 * The active fault rules, consumed in the order they were added. Call faults are taken by requests,
 * `job-fail` rules by job creation, one server's job at a time, so a `job-fail` never swallows a call fault
 * or the reverse.
 */
export class FaultQueue {
  private entries: { readonly rule: FaultRule; remaining: number }[] = [];

  add(rules: readonly FaultRule[]): void {
    for (const rule of rules) this.entries.push({ rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.entries = [];
  }

  /** Takes one call of the first rule (other than `job-fail`) that selects the route. */
  takeCallFault(route: RouteId): FaultRule | undefined {
    return this.take(route, (rule) => rule.kind !== 'job-fail');
  }

  /** Takes one server's job of the first `job-fail` rule that selects the route and the server (its id in any case, as the cloud compares). */
  takeJobFault(route: RouteId, serverId: string): FaultRule | undefined {
    return this.take(route, (rule) => rule.kind === 'job-fail' && (rule.serverId === undefined || rule.serverId.toLowerCase() === serverId.toLowerCase()));
  }

  private take(route: RouteId, accepts: (rule: FaultRule) => boolean): FaultRule | undefined {
    const entry = this.entries.find((e) => e.remaining > 0 && accepts(e.rule) && routeSelects(e.rule.route ?? '*', route));
    if (!entry) return undefined;
    entry.remaining -= 1;
    this.entries = this.entries.filter((e) => e.remaining > 0);
    return entry.rule;
  }
}
