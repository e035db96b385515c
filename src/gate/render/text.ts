/** The plain-text reports, for a terminal or a CI log. */
import { type AcknowledgedBy, acknowledgementLines } from '../acknowledgements';
import type { CheckResult, ExcessGrant, PolicyCheck } from '../policy-check';
import type { DiffEntry, FailOn, PolicyDiff } from '../policy-diff';
import { plural } from '../private/plural';
import { checkSummary, diffSummary } from '../summary';
import { printable } from '../../validation/printable';
import { comparisonTitle, describeAcknowledgement, describeDecision, describeLocation, describeNeed } from './describe';

/** The diff as text, ending with the summary line. */
export function diffText(diff: PolicyDiff, failOn: FailOn): string {
  const lines = [`ecs-lifecycle policy diff: ${diff.before} → ${diff.after}`];
  if (diff.baseMissing) lines.push(`note: ${diff.baseMissing}`);
  for (const c of diff.comparisons) {
    lines.push('', `${comparisonTitle(c.stack, c.before, c.after)}: ${c.status}`);
    for (const entry of c.entries) lines.push(...entryLines(entry));
    for (const note of c.notes) lines.push(`  note: ${note}`);
  }
  lines.push(...acknowledgementLines(diff.acknowledgements).map((line) => `acknowledgement: ${line}`));
  lines.push(...warningLines(diff.warnings), '', diffSummary(diff, failOn));
  return printableLines(lines);
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
      lines.push(...checkResultLines(result));
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
  lines.push(...check.notes.map((note) => `note: ${note}`));
  lines.push(...acknowledgementLines(check.acknowledgements).map((line) => `acknowledgement: ${line}`));
  lines.push(...warningLines(check.warnings), '', checkSummary(check));
  return printableLines(lines);
}

/** One diff entry as text: the change, then who needs it, then its acknowledgement. */
export function entryLines(entry: DiffEntry): string[] {
  const sign = entry.change === 'added' ? '+' : '-';
  const verdict = entry.broadening ? `BROADENING: ${entry.reason}` : entry.reason;
  return [
    `  ${sign} ${entry.effect} ${entry.label}  (${verdict})`,
    ...(entry.neededBy ?? []).map((need) => `      ${describeNeed(need)}`),
    ...acknowledgedLines(entry.acknowledged),
  ];
}

/** One check result as text: the action and the decision, then who needs it, then its acknowledgement. */
export function checkResultLines(result: CheckResult): string[] {
  return [
    `  ${result.action}  ${describeDecision(result)}`,
    ...(result.neededBy ?? []).map((need) => `      ${describeNeed(need)}`),
    ...acknowledgedLines(result.acknowledged),
  ];
}

function acknowledgedLines(by: AcknowledgedBy | undefined): string[] {
  return by ? [`      ${describeAcknowledgement(by)}`] : [];
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

// Each line escaped on its own: a stack id, path or action from the inputs can neither break a line nor
// send a terminal control sequence.
function printableLines(lines: readonly string[]): string {
  return `${lines.map(printable).join('\n')}\n`;
}
