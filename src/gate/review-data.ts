/**
 * The machine-readable review data synth writes beside each policy (`ecs-iam-policy.review.json`):
 * for every action, the constructs and APIs that need it. The gate reads it to say who needs an action.
 */
import { GateInputError } from './gate-input-error';

/** One reason a construct needs an action. */
export interface ReviewNeed {
  /** The construct's path, e.g. `prod/stop-web1`. */
  readonly constructPath: string;
  /**
   * The construct class, e.g. `ServerStop`.
   * @default - not recorded
   */
  readonly construct?: string;
  /** The lifecycle operation, e.g. `server-stop`. */
  readonly operation: string;
  /** `primary`: the API's own action; `dependency`: a seed dependency of a primary action; `read`: a supporting read. */
  readonly kind: 'primary' | 'dependency' | 'read';
  /**
   * The primary action this one is a dependency of.
   * @default - none: only `dependency` entries carry it
   */
  readonly dependencyOf?: string;
  /**
   * Why the apply-time CLI makes the read.
   * @default - none: only `read` entries carry it
   */
  readonly reason?: string;
  /** The API, as `METHOD /path`. */
  readonly api: string;
  readonly iamProject: boolean;
  readonly enterpriseProject: boolean;
}

/** The review data of one stack. */
export interface ReviewData {
  readonly stack: string;
  readonly cloud: string;
  readonly region: string;
  readonly authorization: string;
  readonly actions: readonly { readonly action: string; readonly neededBy: readonly ReviewNeed[] }[];
}

const KINDS: readonly string[] = ['primary', 'dependency', 'read'];

/**
 * Parses and validates review data. Keys beyond the contract are ignored, so newer synth output still reads.
 * @param text the file's text
 * @param source the file's path, named in errors
 */
export function parseReviewData(text: string, source: string): ReviewData {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new GateInputError(source, [`not JSON: ${(e as Error).message}`]);
  }
  const problems: string[] = [];
  if (!isRecord(value)) throw new GateInputError(source, ['review data must be a JSON object']);
  for (const key of ['stack', 'cloud', 'region', 'authorization']) expectType(value[key], 'string', key, problems);
  if (!Array.isArray(value.actions)) {
    problems.push('"actions" is missing or not an array');
  } else {
    value.actions.forEach((entry, i) => problems.push(...actionProblems(entry, `actions[${i}]`)));
  }
  if (problems.length) throw new GateInputError(source, problems.map((p) => `review data: ${p}`));
  return value as unknown as ReviewData;
}

function actionProblems(entry: unknown, where: string): string[] {
  if (!isRecord(entry)) return [`${where} must be an object`];
  const problems: string[] = [];
  expectType(entry.action, 'string', `${where}.action`, problems);
  if (!Array.isArray(entry.neededBy)) {
    problems.push(`${where}.neededBy is missing or not an array`);
    return problems;
  }
  entry.neededBy.forEach((need, j) => {
    const at = `${where}.neededBy[${j}]`;
    if (!isRecord(need)) {
      problems.push(`${at} must be an object`);
      return;
    }
    for (const key of ['constructPath', 'operation', 'api']) expectType(need[key], 'string', `${at}.${key}`, problems);
    for (const key of ['iamProject', 'enterpriseProject']) expectType(need[key], 'boolean', `${at}.${key}`, problems);
    for (const key of ['construct', 'dependencyOf', 'reason']) if (need[key] !== undefined) expectType(need[key], 'string', `${at}.${key}`, problems);
    if (!KINDS.includes(need.kind as string)) {
      problems.push(`${at}.kind must be one of ${KINDS.map((k) => `"${k}"`).join(', ')}, found ${JSON.stringify(need.kind)}`);
    }
  });
  return problems;
}

function expectType(value: unknown, type: 'string' | 'boolean', where: string, problems: string[]): void {
  if (typeof value !== type) problems.push(`${where} must be a ${type}, found ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
