/** Renders gate results in the format asked for. */
import type { PolicyCheck } from '../policy-check';
import type { FailOn, PolicyDiff } from '../policy-diff';
import { checkJson, diffJson } from './json';
import { checkMarkdown, diffMarkdown } from './markdown';
import { checkText, diffText } from './text';

/** `text` for a terminal or log, `markdown` for a PR/MR comment, `json` for tools. */
export type ReportFormat = 'text' | 'markdown' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'markdown', 'json'];

/** Renders a diff. */
export function renderDiff(diff: PolicyDiff, failOn: FailOn, format: ReportFormat): string {
  return { text: diffText, markdown: diffMarkdown, json: diffJson }[format](diff, failOn);
}

/** Renders a check. */
export function renderCheck(check: PolicyCheck, format: ReportFormat): string {
  return { text: checkText, markdown: checkMarkdown, json: checkJson }[format](check);
}
