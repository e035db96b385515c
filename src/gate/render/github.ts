/**
 * GitHub workflow commands: one `::error` (fails the gate) or `::warning` (does not: acknowledged,
 * accepted or `--fail-on never`) per finding, with the policy file, a title and the message. Properties and messages are escaped as the runner unescapes them, so no value from the
 * inputs can end the command or start another.
 */
import { printable } from '../../validation/printable';
import { type Findings, GATE_RULES } from './findings';

/** The findings as workflow commands, one line each (the summary line goes to stderr, as for every machine format). */
export function githubReport(findings: Findings): string {
  const lines = findings.findings.map((finding) => {
    const rule = GATE_RULES[finding.rule];
    const properties = [
      ...(finding.file ? [`file=${property(finding.file)}`] : []),
      ...(finding.file ? ['line=1'] : []),
      `title=${property(`${rule.id} ${rule.name}`)}`,
    ].join(',');
    // The details end with the acknowledgement, with its reason, for an acknowledged finding.
    return `::${finding.level} ${properties}::${data([finding.title, ...finding.details].join('\n'))}`;
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}

// The runner unescapes %25, %0D and %0A in a message (%25 last): escape % first. Other controls become visible.
function data(value: string): string {
  return value.split('\n').map(printable).join('\n').replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

// Properties also end at ',' and '::'.
function property(value: string): string {
  return data(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
