/**
 * The gate's results as findings, for the formats code-scanning and CI tools read (SARIF, JUnit, GitHub
 * workflow commands): one per broadening change (diff; every change with `--fail-on any`) or per missing
 * or conditional action (check), each under a stable rule id, with the level its exit code implies.
 */
import type { AcknowledgedBy, AcknowledgementReport } from '../acknowledgements';
import { checkFails, type CheckResult, type PolicyCheck, passes } from '../policy-check';
import { type DiffEntry, diffFails, entryFails, type FailOn, isFinding, type PolicyDiff } from '../policy-diff';
import { checkResultLines, entryLines } from './text';

/** A rule of the gate: a kind of finding. */
export interface GateRule {
  /** Stable across versions: code scanning matches alerts across runs by it. */
  readonly id: string;
  /** PascalCase, unlike the id. */
  readonly name: string;
  readonly short: string;
  readonly full: string;
}

/** Every rule, in id order. */
export const GATE_RULES = {
  broadening: {
    id: 'ECSL1001',
    name: 'PolicyBroadening',
    short: 'The new policy allows what the old one did not.',
    full: 'An added or changed statement lets the new IAM policy allow a request (action, resource, situation) that the old policy did not allow.',
  },
  change: {
    id: 'ECSL1002',
    name: 'PolicyChange',
    short: 'The policy changed (--fail-on any).',
    full: 'A statement was added or removed without broadening the policy; it is a finding only with --fail-on any.',
  },
  missing: {
    id: 'ECSL1101',
    name: 'MissingAction',
    short: 'The existing policy does not allow a needed action.',
    full: 'An action the generated policy needs is allowed by no statement of the existing policies, or is denied by one.',
  },
  conditional: {
    id: 'ECSL1102',
    name: 'ConditionalAction',
    short: 'The existing policy allows a needed action only under a condition.',
    full: 'An action the generated policy needs is allowed only on some resources or under some Condition, or a Deny with a Condition may refuse it.',
  },
  expiredAcknowledgement: {
    id: 'ECSL1201',
    name: 'ExpiredAcknowledgement',
    short: 'An acknowledgement has expired and no longer counts.',
    full: 'An entry of the acknowledgement file is past its expiry date, so the finding it accepted fails the gate again.',
  },
  unusedAcknowledgement: {
    id: 'ECSL1202',
    name: 'UnusedAcknowledgement',
    short: 'An acknowledgement matches no finding.',
    full: 'An entry of the acknowledgement file accepts a finding that this run did not report: remove it.',
  },
} as const satisfies Record<string, GateRule>;

export type GateRuleKey = keyof typeof GATE_RULES;

/** One finding. */
export interface Finding {
  readonly rule: GateRuleKey;
  /** `error` when it fails the gate, `warning` when it does not (acknowledged, accepted or `--fail-on never`). */
  readonly level: 'error' | 'warning';
  /** The stack id, when known. */
  readonly stack?: string;
  /** The action, pattern or entry label it is about. */
  readonly subject: string;
  /** One sentence. */
  readonly title: string;
  /** The same lines as the text format. */
  readonly details: readonly string[];
  /** The file to point at: the policy file that holds the entry or the need, or the acknowledgement file. */
  readonly file?: string;
  /** The construct paths that need the action. */
  readonly constructPaths: readonly string[];
  /** @default - not acknowledged */
  readonly acknowledged?: AcknowledgedBy;
}

/** The findings of a run, and what passed, for the formats that list passing checks too. */
export interface Findings {
  readonly command: 'diff' | 'check';
  readonly findings: readonly Finding[];
  /** Checks that passed, as `[group, name]` (a stack without findings, a covered action). */
  readonly passed: readonly (readonly [string, string])[];
  readonly failed: boolean;
  /** Whether an acknowledgement file was given (every SARIF result then states its suppressions). */
  readonly acknowledging: boolean;
}

/** The findings of a diff. */
export function diffFindings(diff: PolicyDiff, failOn: FailOn): Findings {
  const findings: Finding[] = [];
  const passed: [string, string][] = [];
  for (const c of diff.comparisons) {
    const group = c.stack ?? `${c.before ?? ''} → ${c.after ?? ''}`;
    const found = c.entries.filter((e) => isFinding(e, failOn));
    if (!found.length) passed.push([group, failOn === 'any' ? 'unchanged' : 'no broadening']);
    for (const entry of found) findings.push(diffFinding(entry, c.stack, failOn));
  }
  findings.push(...acknowledgementFindings(diff.acknowledgements));
  return { command: 'diff', findings, passed, failed: diffFails(diff, failOn), acknowledging: diff.acknowledgements !== undefined };
}

/** The findings of a check. */
export function checkFindings(check: PolicyCheck): Findings {
  const findings: Finding[] = [];
  const passed: [string, string][] = [];
  for (const result of check.results) {
    if (result.coverage === 'covered') passed.push([check.generated, result.action]);
    else findings.push(checkFinding(check, result));
  }
  findings.push(...acknowledgementFindings(check.acknowledgements));
  return { command: 'check', findings, passed, failed: checkFails(check), acknowledging: check.acknowledgements !== undefined };
}

function diffFinding(entry: DiffEntry, stack: string | undefined, failOn: FailOn): Finding {
  const verb = entry.change === 'added' ? 'adds' : 'removes';
  const where = stack !== undefined ? `Stack '${stack}' ${verb}` : `The policy ${verb}`;
  const why = entry.broadening ? `, which broadens the policy: ${entry.reason}` : ` (${entry.reason})`;
  return {
    rule: entry.broadening ? 'broadening' : 'change',
    level: entryFails(entry, failOn) ? 'error' : 'warning',
    ...(stack !== undefined ? { stack } : {}),
    subject: entry.label,
    title: `${where} ${entry.effect} '${entry.label}'${why}.`,
    details: entryLines(entry).map((line) => line.trim()),
    file: entry.at.source,
    constructPaths: unique((entry.neededBy ?? []).map((n) => n.constructPath)),
    ...(entry.acknowledged ? { acknowledged: entry.acknowledged } : {}),
  };
}

function checkFinding(check: PolicyCheck, result: CheckResult): Finding {
  const missing = result.coverage === 'missing';
  const needed = result.stacks?.length ? ` by stack ${result.stacks.map((s) => `'${s}'`).join(', ')}` : '';
  const title = missing
    ? `The existing policy does not allow '${result.action}', needed${needed}.`
    : `The existing policy allows '${result.action}', needed${needed}, only under a condition.`;
  return {
    rule: missing ? 'missing' : 'conditional',
    level: passes(check, result) ? 'warning' : 'error',
    ...(result.stacks?.length === 1 ? { stack: result.stacks[0] } : {}),
    subject: result.action,
    title,
    details: checkResultLines(result).map((line) => line.trim()),
    file: result.file,
    constructPaths: unique((result.neededBy ?? []).map((n) => n.constructPath)),
    ...(result.acknowledged ? { acknowledged: result.acknowledged } : {}),
  };
}

function acknowledgementFindings(report: AcknowledgementReport | undefined): Finding[] {
  if (!report) return [];
  return [
    ...report.expired.map(
      (a): Finding => ({
        rule: 'expiredAcknowledgement',
        level: 'warning',
        ...(a.stack !== '*' ? { stack: a.stack } : {}),
        subject: a.action,
        title: `The acknowledgement of '${a.action}' in stack '${a.stack}' expired on ${a.expires} and no longer counts.`,
        details: [`${a.entry}: ${a.reason}`],
        file: report.path,
        constructPaths: [],
      }),
    ),
    ...report.unused.map(
      (a): Finding => ({
        rule: 'unusedAcknowledgement',
        level: 'warning',
        ...(a.stack !== '*' ? { stack: a.stack } : {}),
        subject: a.action,
        title: `The acknowledgement of '${a.action}' in stack '${a.stack}' matches no finding: remove it.`,
        details: [`${a.entry}: ${a.reason}`],
        file: report.path,
        constructPaths: [],
      }),
    ),
  ];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
