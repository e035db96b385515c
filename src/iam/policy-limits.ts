/**
 * Checks a custom policy document against the limits OTC IAM enforces when the policy is created
 * (POLICY_LIMITS). Pure; used by synth (to fail early) and by the pipeline gate (to warn).
 */
import { POLICY_LIMITS, type PolicyDocument } from './policy-document';

/** One limit a document breaks. */
export interface PolicyLimitViolation {
  /** The OTC IAM error code the cloud answers with when the document is submitted. */
  readonly code: 'IAM.1021' | 'IAM.1028' | 'IAM.1033' | 'IAM.1034';
  /** The largest allowed value. */
  readonly limit: number;
  /** The value found. */
  readonly actual: number;
  /** What breaks it: `document`, `Statement`, `Statement[2].Action` or `Statement[0].Action[4]`. */
  readonly where: string;
  /** One line naming the limit, the value and the code. */
  readonly message: string;
}

/**
 * Every limit the document breaks, in document order (empty when it can be created as is).
 * @param document the parsed document
 * @param submitted the exact text that will be submitted, whose characters count against the
 *   6,144-character limit (pass a file's content as read); by default the compact JSON of
 *   `document`, the shortest text it can be submitted as
 */
export function validateLimits(document: PolicyDocument, submitted: string = JSON.stringify(document)): PolicyLimitViolation[] {
  const violations: PolicyLimitViolation[] = [];
  // Characters, not UTF-16 code units: the cloud counts what the user sees.
  const characters = Array.from(submitted).length;
  if (characters > POLICY_LIMITS.maxCharacters) {
    violations.push(
      violation(
        'IAM.1021',
        POLICY_LIMITS.maxCharacters,
        characters,
        'document',
        `the document has ${characters} characters (at most ${POLICY_LIMITS.maxCharacters})`,
      ),
    );
  }
  const statements = document.Statement.length;
  if (statements === 0 || statements > POLICY_LIMITS.maxStatements) {
    violations.push(
      violation(
        'IAM.1028',
        POLICY_LIMITS.maxStatements,
        statements,
        'Statement',
        `the document has ${statements} statements (at least 1, at most ${POLICY_LIMITS.maxStatements})`,
      ),
    );
  }
  document.Statement.forEach((statement, s) => {
    for (const key of ['Action', 'NotAction'] as const) {
      const actions = statement[key];
      if (actions === undefined) continue;
      if (actions.length > POLICY_LIMITS.maxActionsPerStatement) {
        violations.push(
          violation(
            'IAM.1033',
            POLICY_LIMITS.maxActionsPerStatement,
            actions.length,
            `Statement[${s}].${key}`,
            `Statement[${s}].${key} has ${actions.length} actions (at most ${POLICY_LIMITS.maxActionsPerStatement})`,
          ),
        );
      }
      actions.forEach((action, a) => {
        if (action.length <= POLICY_LIMITS.maxActionLength) return;
        violations.push(
          violation(
            'IAM.1034',
            POLICY_LIMITS.maxActionLength,
            action.length,
            `Statement[${s}].${key}[${a}]`,
            `Statement[${s}].${key}[${a}] is ${action.length} characters long (at most ${POLICY_LIMITS.maxActionLength})`,
          ),
        );
      });
    }
  });
  return violations;
}

function violation(code: PolicyLimitViolation['code'], limit: number, actual: number, where: string, text: string): PolicyLimitViolation {
  return { code, limit, actual, where, message: `${code}: ${text}` };
}
