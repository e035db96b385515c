/**
 * The OTC / Huawei fine-grained custom policy document (Version 1.1): parsing with clear errors,
 * and the provider's limits. Pure; shared by synth, the pipeline gate and the emulator.
 */

/** One statement. `Action` is the only action form generated; `NotAction` is read for evaluation. */
export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource?: readonly string[];
  readonly Condition?: Readonly<Record<string, unknown>>;
}

/** A custom policy document. */
export interface PolicyDocument {
  readonly Version: '1.1';
  readonly Statement: readonly PolicyStatement[];
}

/** Limits OTC IAM enforces on a custom policy (OTC IAM error codes IAM.1021, 1028, 1033, 1034). */
export const POLICY_LIMITS = {
  /** IAM.1021: the whole document, as submitted. */
  maxCharacters: 6144,
  /** IAM.1028. */
  maxStatements: 8,
  /** IAM.1033. */
  maxActionsPerStatement: 100,
  /** IAM.1034. */
  maxActionLength: 128,
} as const;

/** A policy file that is not a valid custom policy document. */
export class PolicyDocumentError extends Error {
  override readonly name = 'PolicyDocumentError';
  constructor(readonly source: string, readonly problems: readonly string[]) {
    super(`${source} is not a valid IAM policy document (Version 1.1):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const ACTION_PATTERN = /^(\*|[a-z0-9-]+:[A-Za-z0-9*]+:[A-Za-z0-9*]+)$/;

/**
 * Parses and validates a policy document.
 * @param text the file's text
 * @param source where it came from, named in errors (a path)
 */
export function parsePolicyDocument(text: string, source: string): PolicyDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new PolicyDocumentError(source, [`not JSON: ${(e as Error).message}`]);
  }
  return validatePolicyDocument(value, source);
}

/** Validates an already parsed value as a policy document. */
export function validatePolicyDocument(value: unknown, source: string): PolicyDocument {
  const problems: string[] = [];
  if (!isRecord(value)) throw new PolicyDocumentError(source, ['the top level must be a JSON object']);
  if (value.Version !== '1.1') {
    problems.push(`"Version" must be "1.1" (custom fine-grained policy), found ${JSON.stringify(value.Version)}`);
  }
  if (!Array.isArray(value.Statement)) {
    problems.push('"Statement" is missing or not an array');
  } else {
    value.Statement.forEach((statement, i) => problems.push(...statementProblems(statement, `Statement[${i}]`)));
  }
  for (const key of Object.keys(value)) {
    if (key !== 'Version' && key !== 'Statement') problems.push(`unknown top-level key "${key}"`);
  }
  if (problems.length) throw new PolicyDocumentError(source, problems);
  return value as unknown as PolicyDocument;
}

function statementProblems(statement: unknown, where: string): string[] {
  if (!isRecord(statement)) return [`${where} must be an object`];
  const problems: string[] = [];
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    problems.push(`${where}.Effect must be "Allow" or "Deny", found ${JSON.stringify(statement.Effect)}`);
  }
  const hasAction = statement.Action !== undefined;
  const hasNotAction = statement.NotAction !== undefined;
  if (hasAction === hasNotAction) problems.push(`${where} needs exactly one of "Action" and "NotAction"`);
  for (const key of ['Action', 'NotAction'] as const) {
    const actions = statement[key];
    if (actions === undefined) continue;
    if (!Array.isArray(actions) || actions.some((a) => typeof a !== 'string')) {
      problems.push(`${where}.${key} must be an array of strings`);
      continue;
    }
    for (const action of actions as string[]) {
      if (!ACTION_PATTERN.test(action)) problems.push(`${where}.${key} has a malformed action "${action}" (expected service:resourceType:action)`);
    }
  }
  for (const key of Object.keys(statement)) {
    if (!['Effect', 'Action', 'NotAction', 'Resource', 'Condition'].includes(key)) problems.push(`${where} has an unknown key "${key}"`);
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
