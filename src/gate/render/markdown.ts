/** The Markdown reports, for a pull- or merge-request comment. */
import { type AcknowledgementReport, acknowledgementLines } from '../acknowledgements';
import { type CheckResult, checkFails, type PolicyCheck } from '../policy-check';
import { type DiffEntry, diffFails, type FailOn, type PolicyComparison, type PolicyDiff } from '../policy-diff';
import type { ReviewNeed } from '../review-data';
import { checkSummary, diffSummary } from '../summary';
import { comparisonTitle, describeAcknowledgement, describeDecision, describeLocation, describeNeed } from './describe';
import { code, row, text } from './markdown-escape';

/** The diff as Markdown: a heading with the verdict, then one table per changed stack. */
export function diffMarkdown(diff: PolicyDiff, failOn: FailOn): string {
  const broadening = diff.comparisons.some((c) => c.entries.some((e) => e.broadening));
  const lines = [
    `## IAM policy diff: ${diffFails(diff, failOn) ? 'FAIL' : 'PASS'}${broadening ? ', broadens the policy' : ''}`,
    '',
    `**${diffSummary(diff, failOn)}**`,
    '',
    `Compared ${code(diff.before)} (before) with ${code(diff.after)} (after).`,
    ...(diff.baseMissing ? ['', `_Note: ${text(diff.baseMissing)}_`] : []),
  ];
  const unchanged = diff.comparisons.filter((c) => c.status === 'unchanged');
  for (const c of diff.comparisons.filter((x) => x.status !== 'unchanged')) lines.push('', ...comparisonLines(c));
  if (unchanged.length) lines.push('', `Unchanged: ${unchanged.map((c) => comparisonTitle(c.stack, c.before, c.after, code)).join(', ')}.`);
  lines.push(...acknowledgementSection(diff.acknowledgements), ...warningLines(diff.warnings));
  return `${lines.join('\n')}\n`;
}

/** The check as Markdown: missing actions first, then the allowed ones and any excess, folded. */
export function checkMarkdown(check: PolicyCheck): string {
  const missing = check.results.filter((r) => r.coverage === 'missing');
  const conditional = check.results.filter((r) => r.coverage === 'conditional');
  const allowed = check.results.filter((r) => r.coverage === 'covered');
  const lines = [
    `## IAM policy check: ${checkFails(check) ? 'FAIL' : 'PASS'}`,
    '',
    `**${checkSummary(check)}**`,
    '',
    `Checked the need of ${code(check.generated)} against ${check.existing.map(code).join(', ')}.`,
  ];
  if (missing.length) {
    lines.push('', '### Missing', '', '| Action | Decision | Needed by |', '|---|---|---|');
    lines.push(...missing.map((r) => row([code(r.action), decisionCell(r), needCell(r.neededBy)])));
  }
  if (conditional.length) {
    lines.push(
      '',
      `### Covered only under a condition${check.acceptConditional ? ' (accepted)' : ''}`,
      '',
      '| Action | Decision | Needed by |',
      '|---|---|---|',
    );
    lines.push(...conditional.map((r) => row([code(r.action), decisionCell(r), needCell(r.neededBy)])));
  }
  if (allowed.length) {
    lines.push('', `<details><summary>Allowed (${allowed.length})</summary>`, '', '| Action | Decision |', '|---|---|');
    lines.push(...allowed.map((r) => row([code(r.action), describeDecision(r, code)])), '', '</details>');
  }
  if (check.excess) {
    lines.push('', '### Beyond the need', '');
    if (check.excess.length) {
      lines.push('| Grant | Advice | Needed | Also allows |', '|---|---|---|---|');
      lines.push(
        ...check.excess.map((g) =>
          row([
            describeLocation(g.at, code),
            text(g.advice),
            g.needed.map(code).join(', '),
            [...g.unneeded.map(code), ...(g.open ? ['any action of its form the catalog does not know'] : [])].join(', '),
          ]),
        ),
      );
    } else {
      lines.push('Nothing: the existing policy grants only what is needed.');
    }
  }
  lines.push(
    ...check.notes.flatMap((note) => ['', `_Note: ${text(note)}_`]),
    ...acknowledgementSection(check.acknowledgements),
    ...warningLines(check.warnings),
  );
  return `${lines.join('\n')}\n`;
}

function comparisonLines(c: PolicyComparison): string[] {
  const lines = [`### ${comparisonTitle(c.stack, c.before, c.after, code)}: ${c.status}`];
  if (c.entries.length) {
    lines.push('', '| Change | Action | Broadening | Needed by |', '|---|---|---|---|', ...c.entries.map(entryRow));
  }
  lines.push(...c.notes.flatMap((note) => ['', `_Note: ${text(note)}_`]));
  return lines;
}

function entryRow(entry: DiffEntry): string {
  const change = `${entry.change === 'added' ? '+' : '−'} ${entry.effect}`;
  const acknowledged = entry.acknowledged ? `<br>${describeAcknowledgement(entry.acknowledged, code, text)}` : '';
  const verdict = `${entry.broadening ? `**yes**: ${text(entry.reason)}` : `no: ${text(entry.reason)}`}${acknowledged}`;
  return row([change, code(entry.label), verdict, needCell(entry.neededBy)]);
}

function decisionCell(result: CheckResult): string {
  return `${describeDecision(result, code)}${result.acknowledged ? `<br>${describeAcknowledgement(result.acknowledged, code, text)}` : ''}`;
}

function acknowledgementSection(report: AcknowledgementReport | undefined): string[] {
  const lines = acknowledgementLines(report);
  return lines.length ? ['', '### Acknowledgements to review', '', ...lines.map((line) => `- ${text(line)}`)] : [];
}

function needCell(needs: readonly ReviewNeed[] | undefined): string {
  return needs === undefined ? '' : needs.length ? needs.map((n) => describeNeed(n, code, text)).join('<br>') : '_not in the review data_';
}

function warningLines(warnings: readonly string[]): string[] {
  return warnings.length ? ['', '### Warnings: IAM limits', '', ...warnings.map((w) => `- ${text(w)}`)] : [];
}
