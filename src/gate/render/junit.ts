/**
 * JUnit XML, for every CI test report: one test suite per command, one test case per stack and check (a
 * stack without findings, or a finding: a broadening change, a missing or conditional action). A finding
 * that fails the gate is a `<failure>` carrying the same lines as the text format; an acknowledged one is
 * `<skipped>` with its reason; one that passes (`--fail-on never`, `--accept-conditional`) is a passing
 * case whose lines are in `<system-out>`.
 */
import { hostname } from 'node:os';
import { printable } from '../../validation/printable';
import { type Finding, type Findings, GATE_RULES } from './findings';

/** The findings as JUnit XML. */
export function junitReport(findings: Findings, summary: string): string {
  const suite = `ecs-lifecycle policy ${findings.command}`;
  const cases = [
    ...findings.passed.map(([group, name]) => `    <testcase classname="${attribute(caseClass(findings, group))}" name="${attribute(name)}" time="0"/>`),
    ...findings.findings.map((finding) => testCase(findings, finding)),
  ];
  const failures = findings.findings.filter((f) => f.level === 'error').length;
  const skipped = findings.findings.filter((f) => f.acknowledged).length;
  const timestamp = new Date().toISOString().slice(0, 19);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attribute(suite)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    `  <testsuite name="${attribute(suite)}" id="0" package="ecs-lifecycle" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0" timestamp="${timestamp}" hostname="${attribute(hostname())}">`,
    ...cases,
    `    <system-out>${text(summary)}</system-out>`,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testCase(findings: Findings, finding: Finding): string {
  const rule = GATE_RULES[finding.rule];
  const open = `    <testcase classname="${attribute(caseClass(findings, finding.stack ?? finding.file ?? ''))}" name="${attribute(`${rule.id} ${rule.name}: ${finding.subject}`)}" time="0">`;
  const body = [finding.title, ...finding.details].join('\n');
  if (finding.acknowledged) {
    const message = `acknowledged: ${finding.acknowledged.reason} (expires ${finding.acknowledged.expires})`;
    return [open, `      <skipped message="${attribute(message)}"/>`, `      <system-out>${text(body)}</system-out>`, '    </testcase>'].join('\n');
  }
  if (finding.level === 'error') {
    return [open, `      <failure message="${attribute(finding.title)}" type="${rule.id}">${text(body)}</failure>`, '    </testcase>'].join('\n');
  }
  return [open, `      <system-out>${text(body)}</system-out>`, '    </testcase>'].join('\n');
}

// GitLab shows the class name as the suite: the command and the stack (or file).
function caseClass(findings: Findings, group: string): string {
  return `policy-${findings.command}.${group}`;
}

// XML 1.0 refuses most control characters even as references: they become visible escapes first.
function text(value: string): string {
  return value.split('\n').map(printable).join('\n').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attribute(value: string): string {
  return text(value.replace(/\n/g, ' ')).replace(/"/g, '&quot;');
}
