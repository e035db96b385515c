/** Renders gate results in the format asked for. */
import type { PolicyCheck } from '../policy-check';
import type { FailOn, PolicyDiff } from '../policy-diff';
import { checkFindings, diffFindings } from './findings';
import { githubReport } from './github';
import { checkJson, diffJson } from './json';
import { junitReport } from './junit';
import { checkMarkdown, diffMarkdown } from './markdown';
import { sarifReport } from './sarif';
import { checkText, diffText } from './text';
import { checkSummary, diffSummary } from '../summary';

/**
 * `text` for a terminal or log, `markdown` for a PR/MR comment, `json` for tools, `sarif` (2.1.0) for code
 * scanning, `junit` (XML) for CI test reports, `github` for GitHub workflow annotations.
 */
export type ReportFormat = 'text' | 'markdown' | 'json' | 'sarif' | 'junit' | 'github';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'markdown', 'json', 'sarif', 'junit', 'github'];

/** Renders a diff. */
export function renderDiff(diff: PolicyDiff, failOn: FailOn, format: ReportFormat): string {
  const summary = diffSummary(diff, failOn);
  const findings = () => diffFindings(diff, failOn);
  return {
    text: () => diffText(diff, failOn),
    markdown: () => diffMarkdown(diff, failOn),
    json: () => diffJson(diff, failOn),
    sarif: () => sarifReport(findings()),
    junit: () => junitReport(findings(), summary),
    github: () => githubReport(findings()),
  }[format]();
}

/** Renders a check. */
export function renderCheck(check: PolicyCheck, format: ReportFormat): string {
  const summary = checkSummary(check);
  const findings = () => checkFindings(check);
  return {
    text: () => checkText(check),
    markdown: () => checkMarkdown(check),
    json: () => checkJson(check),
    sarif: () => sarifReport(findings()),
    junit: () => junitReport(findings(), summary),
    github: () => githubReport(findings()),
  }[format]();
}
