/**
 * The OTC / Huawei fine-grained custom policy document (Version 1.1): parsing with clear errors,
 * and the provider's limits. Pure; shared by synth, the pipeline gate and the emulator.
 */
import { JsonTextError, parseJsonText, previewValue } from './json-text';

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

/**
 * The longest action, resource or Condition value the gate compares (IAM itself refuses actions over
 * 128 characters, IAM.1034, and Condition values over 1,024, IAM.1056): bounds the work per comparison.
 */
export const MAX_PATTERN_LENGTH = 1024;

/** A policy file that is not a valid custom policy document. */
export class PolicyDocumentError extends Error {
  override readonly name = 'PolicyDocumentError';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
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
    value = parseJsonText(text);
  } catch (e) {
    if (e instanceof JsonTextError) throw new PolicyDocumentError(source, [e.message]);
    throw new PolicyDocumentError(source, [`not JSON: ${(e as Error).message}`]);
  }
  return validatePolicyDocument(value, source);
}

/** Validates an already parsed value as a policy document. */
export function validatePolicyDocument(value: unknown, source: string): PolicyDocument {
  const problems: string[] = [];
  if (!isRecord(value)) throw new PolicyDocumentError(source, ['the top level must be a JSON object']);
  if (value.Version !== '1.1') {
    problems.push(`"Version" must be "1.1" (custom fine-grained policy), found ${previewValue(value.Version)}`);
  }
  if (!Array.isArray(value.Statement)) {
    problems.push('"Statement" is missing or not an array');
  } else {
    value.Statement.forEach((statement, i) => problems.push(...statementProblems(statement, `Statement[${i}]`)));
  }
  for (const key of Object.keys(value)) {
    if (key !== 'Version' && key !== 'Statement') problems.push(`unknown top-level key ${previewValue(key)}`);
  }
  if (problems.length) throw new PolicyDocumentError(source, problems);
  return value as unknown as PolicyDocument;
}

function statementProblems(statement: unknown, where: string): string[] {
  if (!isRecord(statement)) return [`${where} must be an object`];
  const problems: string[] = [];
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    problems.push(`${where}.Effect must be "Allow" or "Deny", found ${previewValue(statement.Effect)}`);
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
    (actions as string[]).forEach((action, a) => {
      if (action.length > MAX_PATTERN_LENGTH) problems.push(`${where}.${key}[${a}] is ${action.length} characters long (at most ${MAX_PATTERN_LENGTH})`);
      else if (!ACTION_PATTERN.test(action))
        problems.push(`${where}.${key}[${a}] is a malformed action ${previewValue(action)} (expected service:resourceType:action)`);
    });
  }
  if (statement.Resource !== undefined) problems.push(...resourceProblems(statement.Resource, `${where}.Resource`));
  if (statement.Condition !== undefined) problems.push(...conditionProblems(statement.Condition, `${where}.Condition`));
  for (const key of Object.keys(statement)) {
    if (!['Effect', 'Action', 'NotAction', 'Resource', 'Condition'].includes(key)) problems.push(`${where} has an unknown key ${previewValue(key)}`);
  }
  return problems;
}

function resourceProblems(resource: unknown, where: string): string[] {
  if (!Array.isArray(resource) || resource.length === 0) return [`${where} must be a non-empty array of strings`];
  return resource.flatMap((r, i) => {
    if (typeof r !== 'string' || r === '') return [`${where}[${i}] must be a non-empty string, found ${previewValue(r)}`];
    return r.length > MAX_PATTERN_LENGTH ? [`${where}[${i}] is ${r.length} characters long (at most ${MAX_PATTERN_LENGTH})`] : [];
  });
}

// { operator: { key: value or [values] } }, values strings, numbers or booleans.
function conditionProblems(condition: unknown, where: string): string[] {
  if (!isRecord(condition)) return [`${where} must be an object of operators, found ${previewValue(condition)}`];
  const problems: string[] = [];
  for (const [operator, keys] of Object.entries(condition)) {
    const at = `${where}.${operator}`;
    if (!isRecord(keys)) {
      problems.push(`${at} must be an object of condition keys, found ${previewValue(keys)}`);
      continue;
    }
    for (const [key, values] of Object.entries(keys)) {
      const list = Array.isArray(values) ? values : [values];
      list.forEach((v, i) => {
        const field = Array.isArray(values) ? `${at}.${key}[${i}]` : `${at}.${key}`;
        if (!['string', 'number', 'boolean'].includes(typeof v)) problems.push(`${field} must be a string, number or boolean, found ${previewValue(v)}`);
        else if (String(v).length > MAX_PATTERN_LENGTH) problems.push(`${field} is ${String(v).length} characters long (at most ${MAX_PATTERN_LENGTH})`);
      });
    }
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
