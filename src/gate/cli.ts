/**
 * `ecs-lifecycle policy diff|check`: the pipeline review and gate. Exit codes: 0 pass, 1 the gate
 * failed (a broadening diff, missing actions), 2 a usage error or malformed input.
 */
import { parseArgs } from 'node:util';
import { PolicyDocumentError } from '../iam';
import { printable, printableText } from '../validation/printable';
import { GateInputError } from './gate-input-error';
import { GateUsageError } from './gate-usage-error';
import { checkFails, checkPolicy } from './policy-check';
import { type AcknowledgementFile, dayOf, parseAcknowledgements } from './acknowledgements';
import { acknowledgeDiff, diffFails, diffInputs, FAIL_ON_MODES } from './policy-diff';
import { emptyInput, type LoadedPolicy, loadPolicyInput, missingBase, readInputText } from './policy-input';
import { REPORT_FORMATS, renderCheck, renderDiff, type ReportFormat } from './render';
import { checkSummary, diffSummary } from './summary';

/** The process exit codes. */
export const EXIT = { pass: 0, failed: 1, invalid: 2 } as const;

const USAGE = `Usage:
  ecs-lifecycle policy diff <before> <after> [--fail-on broadening|any|never] [--base-missing empty|error]
                            [--acknowledgements <file>] [--format <format>]
  ecs-lifecycle policy check <generated> --against <existing> [--against <existing> ...] [--report-excess]
                             [--accept-conditional] [--acknowledgements <file>] [--format <format>]

<before>, <after> and <generated> are a policy file (ecs-iam-policy.json), a stack folder
(cdktf.out/stacks/<id>, whose numbered documents are unioned) or a whole cdktf.out folder. The review
data beside a policy (ecs-iam-policy.review.json) says which constructs and APIs need each action.

diff    Lists the actions added and removed, with the constructs that need them. Two cdktf.out folders
        are compared stack by stack; a new stack is broadening.
          --fail-on broadening  fail when the after policy allows something the before did not (default)
          --fail-on any         fail on any change
          --fail-on never       only report
          --base-missing empty  a <before> that does not exist or holds no stack is an empty base: every
                                action is new (default; the first pull request of a project)
          --base-missing error  such a <before> is an error (exit 2)
        Resource and Condition count: an Allow that lost a Condition or widened its Resource, or a Deny
        that gained a Condition or narrowed its Resource, is broadening.
check   Checks that the existing policies, granted together, allow every action the generated policy
        needs on every resource in every situation (wildcards, Deny, NotAction, Resource and Condition
        evaluated as IAM does). Each action is covered, covered only under a condition, or missing.
          --against <file>      an existing policy; repeat it for several granted together
          --accept-conditional  pass actions covered only on some resources or under a Condition
          --report-excess       also list what the existing policies grant beyond the need
--acknowledgements <file>  accepted findings (docs/gate.md): { "acknowledgements": [{ "action", "stack",
          "reason", "expires": "YYYY-MM-DD" }] }. An acknowledged finding does not fail the gate and is
          listed with its reason; an expired or unused entry is reported.
--format  text (default), markdown (for a PR/MR comment), json, sarif (SARIF 2.1.0, for code scanning),
          junit (JUnit XML, for CI test reports) or github (workflow annotations). With every format but
          text, the summary line and limit warnings also go to stderr.

Exit codes: 0 pass; 1 the gate failed (diff: per --fail-on; check: some needed action is missing,
            or only conditionally covered without --accept-conditional); 2 usage error or malformed
            input (files larger than 8 MiB or nested more than 64 deep, duplicate JSON keys included).`;

/** Runs `ecs-lifecycle policy <argv>` and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || ['--help', '-h', 'help'].includes(command)) {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? EXIT.invalid : EXIT.pass;
  }
  try {
    if (command === 'diff') return runDiff(rest);
    if (command === 'check') return runCheck(rest);
    throw new GateUsageError(`unknown command '${command}': expected diff or check`);
  } catch (error) {
    return reportError(command, error);
  }
}

function runDiff(argv: string[]): number {
  const { values, positionals } = parse(argv, {
    'fail-on': { type: 'string', default: 'broadening' },
    'base-missing': { type: 'string', default: 'empty' },
    acknowledgements: { type: 'string' },
    format: { type: 'string', default: 'text' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return help();
  if (positionals.length !== 2) throw new GateUsageError(`diff takes two inputs, <before> and <after>; found ${positionals.length}`);
  const failOn = oneOf('--fail-on', values['fail-on'], FAIL_ON_MODES);
  const baseMissingMode = oneOf('--base-missing', values['base-missing'], ['empty', 'error'] as const);
  const format = oneOf('--format', values.format, REPORT_FORMATS);
  const acknowledgements = readAcknowledgements(values.acknowledgements);
  const [beforePath, afterPath] = positionals;
  // The pull request that introduces the library has no synth output on its base: an empty base, said in one line.
  const baseMissing = baseMissingMode === 'empty' ? missingBase(beforePath) : undefined;
  const after = loadPolicyInput(afterPath, { generated: false });
  const before = baseMissing ? emptyInput(beforePath, after) : loadPolicyInput(beforePath, { generated: false });
  const compared = diffInputs(before, after);
  const diff = acknowledgeDiff(baseMissing ? { ...compared, baseMissing } : compared, failOn, acknowledgements);
  emit(renderDiff(diff, failOn, format), format, diff.warnings, diffSummary(diff, failOn));
  return diffFails(diff, failOn) ? EXIT.failed : EXIT.pass;
}

function runCheck(argv: string[]): number {
  const { values, positionals } = parse(argv, {
    against: { type: 'string', multiple: true },
    'report-excess': { type: 'boolean', default: false },
    'accept-conditional': { type: 'boolean', default: false },
    acknowledgements: { type: 'string' },
    format: { type: 'string', default: 'text' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return help();
  if (positionals.length !== 1) throw new GateUsageError(`check takes one input, <generated>; found ${positionals.length}`);
  const against = values.against ?? [];
  if (!against.length) throw new GateUsageError('check needs --against <existing policy>');
  const format = oneOf('--format', values.format, REPORT_FORMATS);
  const generated = loadPolicyInput(positionals[0], { generated: true });
  const existing = against.map((path): LoadedPolicy => {
    const input = loadPolicyInput(path, { generated: false });
    if (input.kind !== 'policy') throw new GateUsageError(`--against ${path} is a cdktf.out folder: give an existing policy file`);
    return input.policy;
  });
  const check = checkPolicy(generated, existing, {
    reportExcess: values['report-excess'],
    acceptConditional: values['accept-conditional'],
    acknowledgements: readAcknowledgements(values.acknowledgements),
  });
  emit(renderCheck(check, format), format, check.warnings, checkSummary(check));
  return checkFails(check) ? EXIT.failed : EXIT.pass;
}

// The report to stdout; for markdown and json, whose stdout usually goes to a file, the verdict and
// warnings to stderr too, so a CI log shows them.
function emit(report: string, format: ReportFormat, warnings: readonly string[], summary: string): void {
  process.stdout.write(report);
  if (format !== 'text') process.stderr.write([...warnings.map((w) => `warning: ${w}`), summary, ''].map(printable).join('\n'));
}

function readAcknowledgements(path: string | undefined): AcknowledgementFile | undefined {
  return path === undefined ? undefined : parseAcknowledgements(readInputText(path), path, dayOf(new Date()));
}

function help(): number {
  process.stdout.write(`${USAGE}\n`);
  return EXIT.pass;
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new GateUsageError((error as Error).message, { cause: error });
  }
}

function oneOf<T extends string>(flag: string, value: unknown, allowed: readonly T[]): T {
  if (allowed.includes(value as T)) return value as T;
  throw new GateUsageError(`${flag} must be one of ${allowed.join(', ')}; found '${String(value)}'`);
}

function reportError(command: string, error: unknown): number {
  const prefix = `ecs-lifecycle policy ${command}`;
  if (error instanceof GateUsageError) {
    process.stderr.write(`${printableText(`${prefix}: ${error.message}`)}\nRun 'ecs-lifecycle policy --help' for usage.\n`);
    return EXIT.invalid;
  }
  if (error instanceof GateInputError || error instanceof PolicyDocumentError) {
    process.stderr.write(`${printableText(`${prefix}: ${error.message}`)}\n`);
    return EXIT.invalid;
  }
  throw error;
}
