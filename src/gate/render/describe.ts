/** Phrases shared by the text and Markdown reports. */
import type { AcknowledgedBy } from '../acknowledgements';
import type { CheckResult, PolicyLocation } from '../policy-check';
import type { ReviewNeed } from '../review-data';

/** E.g. `prod/resize-web1 (ServerResize: server-resize) calls POST /v2.1/… (dependency of ecs:servers:resize)`. */
export function describeNeed(need: ReviewNeed, code: (s: string) => string = (s) => s, text: (s: string) => string = (s) => s): string {
  const verb = need.kind === 'read' ? 'reads' : 'calls';
  const dependency = need.kind === 'dependency' && need.dependencyOf ? ` (dependency of ${code(need.dependencyOf)})` : '';
  const what = text(need.construct ? `${need.construct}: ${need.operation}` : need.operation);
  return `${code(need.constructPath)} (${what}) ${verb} ${code(need.api)}${dependency}`;
}

/** E.g. `Deny ecs:servers:* (existing.json Statement[1])`. */
export function describeDecision(result: CheckResult, code: (s: string) => string = (s) => s): string {
  const uncompared = result.uncompared?.length ? `; the gate cannot compare the Condition ${result.uncompared.map(code).join(', ')}` : '';
  if (!result.by) return `not allowed by any statement${uncompared}`;
  const onlyIf = result.onlyIf?.length ? ` only with ${result.onlyIf.map(code).join(', ')}` : '';
  return `${result.decision === 'allow' ? 'allowed by' : 'denied by'} ${describeLocation(result.by, code)}${onlyIf}${uncompared}`;
}

/** E.g. `ecs:*:* (existing.json Statement[0])`. */
export function describeLocation(at: PolicyLocation, code: (s: string) => string = (s) => s): string {
  return `${code(at.pattern)} (${code(at.source)} Statement[${at.statement}])`;
}

/** Labels a comparison: the stack, or the two policies compared. */
export function comparisonTitle(
  stack: string | undefined,
  before: string | undefined,
  after: string | undefined,
  code: (s: string) => string = (s) => s,
): string {
  return stack !== undefined ? `Stack ${code(stack)}` : `${code(before ?? '')} → ${code(after ?? '')}`;
}

/** E.g. `acknowledged until 2027-01-31 (acks.json acknowledgements[0]): the resize is planned`. */
export function describeAcknowledgement(by: AcknowledgedBy, code: (s: string) => string = (s) => s, text: (s: string) => string = (s) => s): string {
  return `acknowledged until ${by.expires} (${code(by.entry)}): ${text(by.reason)}`;
}
