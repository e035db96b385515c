/** The plain-text reports, for a terminal or a CI log. */
import type { CheckResult, ExcessGrant, PolicyCheck } from '../policy-check';
import type { DiffEntry, FailOn, PolicyDiff } from '../policy-diff';
import { plural } from '../private/plural';
import { checkSummary, diffSummary } from '../summary';
import { comparisonTitle, describeDecision, describeLocation, describeNeed } from './describe';

/** The diff as text, ending with the summary line. */
export function diffText(diff: PolicyDiff, failOn: FailOn): string {
  const lines = [`ecs-lifecycle policy diff: ${diff.before} → ${diff.after}`];
  for (const c of diff.comparisons) {
    lines.push('', `${comparisonTitle(c.stack, c.before, c.after)}: ${c.status}`);
    for (const entry of c.entries) lines.push(...entryLines(entry));
    for (const note of c.notes) lines.push(`  note: ${note}`);
  }
  lines.push(...warningLines(diff.warnings), '', diffSummary(diff, failOn));
  return `${lines.join('\n')}\n`;
}

/** The check as text, ending with the summary line. */
export function checkText(check: PolicyCheck): string {
  const lines = [`ecs-lifecycle policy check: ${check.generated} against ${check.existing.join(', ')}`];
  const missing = check.results.filter((r) => r.coverage === 'missing');
  const conditional = check.results.filter((r) => r.coverage === 'conditional');
  const allowed = check.results.filter((r) => r.coverage === 'covered');
  const section = (title: string, results: readonly CheckResult[]) => {
    if (!results.length) return;
    lines.push('', `${title} (${results.length}):`);
    for (const result of results) {
      lines.push(`  ${result.action}  ${describeDecision(result)}`);
      lines.push(...(result.neededBy ?? []).map((need) => `      ${describeNeed(need)}`));
    }
  };
  section('Missing', missing);
  section(`Covered only under a condition${check.acceptConditional ? ', accepted' : ''}`, conditional);
  if (allowed.length) {
    lines.push('', `Allowed (${allowed.length}):`, ...allowed.map((r) => `  ${r.action}  ${describeDecision(r)}`));
  }
  if (check.excess) {
    lines.push('', `Beyond the need (${check.excess.length}):`);
    for (const grant of check.excess) lines.push(...excessLines(grant));
    if (!check.excess.length) lines.push('  nothing: the existing policy grants only what is needed');
  }
  lines.push(...check.notes.map((note) => `note: ${note}`), ...warningLines(check.warnings), '', checkSummary(check));
  return `${lines.join('\n')}\n`;
}

function entryLines(entry: DiffEntry): string[] {
  const sign = entry.change === 'added' ? '+' : '-';
  const verdict = entry.broadening ? `BROADENING: ${entry.reason}` : entry.reason;
  return [`  ${sign} ${entry.effect} ${entry.label}  (${verdict})`, ...(entry.neededBy ?? []).map((need) => `      ${describeNeed(need)}`)];
}

function excessLines(grant: ExcessGrant): string[] {
  const lines = [`  ${describeLocation(grant.at)}: ${grant.advice}`];
  if (grant.needed.length) lines.push(`      needed: ${grant.needed.join(', ')}`);
  if (!grant.open) return lines;
  if (grant.unneeded.length) lines.push(`      also allows: ${grant.unneeded.join(', ')}`);
  lines.push('      and any action of its form the catalog does not know');
  return lines;
}

function warningLines(warnings: readonly string[]): string[] {
  return warnings.length ? ['', `Warnings: ${plural(warnings.length, 'IAM limit')} broken`, ...warnings.map((w) => `  ${w}`)] : [];
}
