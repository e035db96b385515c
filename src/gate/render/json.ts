/** The JSON reports, for tools: the full result plus the verdict, with sorted keys. */
import { stableJson } from '../private/stable-json';
import { checkFails, type PolicyCheck } from '../policy-check';
import { diffFails, type FailOn, type PolicyDiff } from '../policy-diff';
import { checkSummary, diffSummary } from '../summary';

/** The diff as JSON: `{ command, result, failOn, summary, before, after, comparisons, warnings }`. */
export function diffJson(diff: PolicyDiff, failOn: FailOn): string {
  return stableJson({ command: 'diff', result: diffFails(diff, failOn) ? 'fail' : 'pass', failOn, summary: diffSummary(diff, failOn), ...diff });
}

/** The check as JSON: `{ command, result, summary, generated, existing, results, excess?, notes, warnings }`. */
export function checkJson(check: PolicyCheck): string {
  return stableJson({ command: 'check', result: checkFails(check) ? 'fail' : 'pass', summary: checkSummary(check), ...check });
}
