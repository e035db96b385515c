/** The one-line verdicts of `policy diff` and `policy check`, printed last (and to stderr for markdown and JSON). */
import { checkFails, type PolicyCheck } from './policy-check';
import { diffFails, type FailOn, type PolicyDiff } from './policy-diff';
import { plural } from './private/plural';

/** E.g. `policy diff: 2 added (2 broadening), 0 removed — FAIL (--fail-on broadening)`. */
export function diffSummary(diff: PolicyDiff, failOn: FailOn): string {
  const entries = diff.comparisons.flatMap((c) => c.entries);
  const added = entries.filter((e) => e.change === 'added');
  const broadening = entries.filter((e) => e.broadening).length;
  const acknowledged = entries.filter((e) => e.acknowledged).length;
  const removed = entries.length - added.length;
  const stacks = diff.comparisons.filter((c) => c.stack !== undefined);
  const acrossStacks = stacks.length
    ? ` across ${plural(stacks.length, 'stack')} (${stacks.filter((c) => c.status === 'new').length} new, ${stacks.filter((c) => c.status === 'removed').length} removed)`
    : '';
  const verdict = diffFails(diff, failOn) ? 'FAIL' : 'PASS';
  const accepted = acknowledged ? `, ${acknowledged} acknowledged` : '';
  return `policy diff: ${added.length} added (${broadening} broadening${accepted}), ${removed} removed${acrossStacks} — ${verdict} (--fail-on ${failOn})`;
}

/** E.g. `policy check: 2 of 17 needed actions missing, 1 covered only under a condition — FAIL`. */
export function checkSummary(check: PolicyCheck): string {
  const missing = check.results.filter((r) => r.coverage === 'missing').length;
  const conditional = check.results.filter((r) => r.coverage === 'conditional').length;
  const total = plural(check.results.length, 'needed action');
  const only = conditional ? `${conditional} covered only under a condition${check.acceptConditional ? ' (accepted)' : ''}` : '';
  const outcome =
    missing || conditional
      ? [
          missing
            ? `${missing} of ${total} missing`
            : `${conditional} of ${total} covered only under a condition${check.acceptConditional ? ' (accepted)' : ''}`,
          ...(missing && conditional ? [only] : []),
        ].join(', ')
      : `all ${total} allowed`;
  const excess = check.excess ? `; ${plural(check.excess.length, 'grant')} beyond the need` : '';
  const acknowledged = check.results.filter((r) => r.acknowledged).length;
  const accepted = acknowledged ? ` (${acknowledged} acknowledged)` : '';
  return `policy check: ${outcome}${accepted}${excess} — ${checkFails(check) ? 'FAIL' : 'PASS'}`;
}
