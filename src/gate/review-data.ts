/**
 * The machine-readable review data synth writes beside each policy (`ecs-iam-policy.review.json`):
 * for every action, the operations and APIs that need it, and for every construct, the operations it
 * declared. The gate reads it to say who needs an action, joined per construct.
 */
import { JsonTextError, parseJsonText, previewValue } from '../iam/json-text';
import { GateInputError } from './gate-input-error';
import { compareStrings } from './private/compare';

/** One reason a construct needs an action: an operation's need joined with a construct that declared the operation. */
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
  /** `'unknown'` where no permission table states it. */
  readonly enterpriseProject: boolean | 'unknown';
}

/** The review data of one stack, with each action's needs joined per construct. */
export interface ReviewData {
  readonly stack: string;
  readonly cloud: string;
  readonly region: string;
  readonly authorization: string;
  /** In file order; each action's needs sorted by construct path, then operation. */
  readonly actions: readonly { readonly action: string; readonly neededBy: readonly ReviewNeed[] }[];
}

// The file's shape as validated: deliberately separate from synth's writer types, and looser (a
// foreign or hand-edited file may omit the construct class).
type FileNeed = Omit<ReviewNeed, 'constructPath' | 'construct'>;
interface FileConstruct {
  readonly path: string;
  readonly construct?: string;
  readonly operations: readonly string[];
}
interface ReviewFile extends Omit<ReviewData, 'actions'> {
  readonly actions: readonly { readonly action: string; readonly neededBy: readonly FileNeed[] }[];
  readonly constructs: readonly FileConstruct[];
}

const KINDS: readonly string[] = ['primary', 'dependency', 'read'];

/**
 * Parses and validates review data, and joins each action's operations with the constructs that declared
 * them. Keys beyond the contract are ignored, so newer synth output still reads.
 * @param text the file's text
 * @param source the file's path, named in errors
 */
export function parseReviewData(text: string, source: string): ReviewData {
  let value: unknown;
  try {
    value = parseJsonText(text);
  } catch (e) {
    if (e instanceof JsonTextError) throw new GateInputError(source, [`review data: ${e.message}`]);
    throw new GateInputError(source, [`not JSON: ${(e as Error).message}`]);
  }
  if (!isRecord(value)) throw new GateInputError(source, ['review data must be a JSON object']);
  // A pull request that upgrades this library compares a base synthesized by an earlier version: every layout ever
  // written is read (two unversioned ones, then `formatVersion` 1, which added fields this reader does not need).
  const problems: string[] = [];
  if (value.formatVersion !== undefined) problems.push(...formatVersionProblems(value.formatVersion));
  const perConstruct = value.formatVersion === undefined && isEarlierFormat(value);
  for (const key of ['stack', 'cloud', 'region', 'authorization']) expectType(value[key], 'string', key, problems);
  const actions = arrayAt(value, 'actions', '"actions"', problems);
  actions?.forEach((entry, i) => problems.push(...actionProblems(entry, `actions[${i}]`, perConstruct)));
  if (!perConstruct) {
    const constructs = arrayAt(value, 'constructs', '"constructs"', problems);
    constructs?.forEach((entry, i) => problems.push(...constructProblems(entry, `constructs[${i}]`)));
    if (!problems.length) problems.push(...joinProblems(value as unknown as ReviewFile));
  }
  if (problems.length)
    throw new GateInputError(
      source,
      problems.map((p) => `review data: ${p}`),
    );
  return perConstruct ? sortedNeeds(value as unknown as ReviewData) : joined(value as unknown as ReviewFile);
}

/** The newest `formatVersion` of `ecs-iam-policy.review.json` this gate reads (and every one before it). */
export const LATEST_REVIEW_FORMAT_VERSION = 1;

function formatVersionProblems(version: unknown): string[] {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return [`formatVersion must be a whole number from 1, found ${previewValue(version)}`];
  }
  if (version > LATEST_REVIEW_FORMAT_VERSION) {
    return [
      `formatVersion ${version} was written by a newer cdktf-ecs-lifecycle than this gate, which reads up to ${LATEST_REVIEW_FORMAT_VERSION}: ` +
        'run the gate of the version that synthesized it',
    ];
  }
  return [];
}

// The first format repeated every construct in every need, and had no constructs list.
function isEarlierFormat(value: Record<string, unknown>): boolean {
  return (
    value.constructs === undefined &&
    Array.isArray(value.actions) &&
    value.actions.some((a) => isRecord(a) && Array.isArray(a.neededBy) && a.neededBy.some((n) => isRecord(n) && n.constructPath !== undefined))
  );
}

function actionProblems(entry: unknown, where: string, perConstruct: boolean): string[] {
  if (!isRecord(entry)) return [`${where} must be an object`];
  const problems: string[] = [];
  expectType(entry.action, 'string', `${where}.action`, problems);
  arrayAt(entry, 'neededBy', `${where}.neededBy`, problems)?.forEach((need, j) => {
    const at = `${where}.neededBy[${j}]`;
    if (!isRecord(need)) {
      problems.push(`${at} must be an object`);
      return;
    }
    for (const key of ['operation', 'api', ...(perConstruct ? ['constructPath'] : [])]) expectType(need[key], 'string', `${at}.${key}`, problems);
    expectType(need.iamProject, 'boolean', `${at}.iamProject`, problems);
    if (need.enterpriseProject !== 'unknown') expectType(need.enterpriseProject, 'boolean', `${at}.enterpriseProject`, problems);
    for (const key of ['dependencyOf', 'reason', 'note', ...(perConstruct ? ['construct'] : [])]) {
      if (need[key] !== undefined) expectType(need[key], 'string', `${at}.${key}`, problems);
    }
    if (!KINDS.includes(need.kind as string)) {
      problems.push(`${at}.kind must be one of ${KINDS.map((k) => `"${k}"`).join(', ')}, found ${previewValue(need.kind)}`);
    }
  });
  return problems;
}

function constructProblems(entry: unknown, where: string): string[] {
  if (!isRecord(entry)) return [`${where} must be an object`];
  const problems: string[] = [];
  expectType(entry.path, 'string', `${where}.path`, problems);
  if (entry.construct !== undefined) expectType(entry.construct, 'string', `${where}.construct`, problems);
  arrayAt(entry, 'operations', `${where}.operations`, problems)?.forEach((operation, j) =>
    expectType(operation, 'string', `${where}.operations[${j}]`, problems),
  );
  return problems;
}

// A construct listed twice, or a need of an operation no construct declared, would join to wrong or missing constructs.
function joinProblems(file: ReviewFile): string[] {
  const problems: string[] = [];
  const paths = new Set<string>();
  const declared = new Set<string>();
  file.constructs.forEach((c, i) => {
    if (paths.has(c.path)) problems.push(`constructs[${i}].path ${JSON.stringify(c.path)} is listed more than once`);
    paths.add(c.path);
    for (const operation of c.operations) declared.add(operation);
  });
  file.actions.forEach((a, i) =>
    a.neededBy.forEach((n, j) => {
      if (!declared.has(n.operation))
        problems.push(`actions[${i}].neededBy[${j}].operation ${JSON.stringify(n.operation)} is declared by no construct in "constructs"`);
    }),
  );
  return problems;
}

// Each operation's need becomes one need per construct that declared the operation.
function joined(file: ReviewFile): ReviewData {
  const byOperation = new Map<string, FileConstruct[]>();
  for (const c of file.constructs) {
    for (const operation of new Set(c.operations)) {
      const declaring = byOperation.get(operation);
      if (declaring) declaring.push(c);
      else byOperation.set(operation, [c]);
    }
  }
  const { stack, cloud, region, authorization } = file;
  const actions = file.actions.map(({ action, neededBy }) => ({
    action,
    neededBy: neededBy.flatMap((n) =>
      (byOperation.get(n.operation) ?? []).map(
        (c): ReviewNeed => ({
          constructPath: c.path,
          ...(c.construct !== undefined ? { construct: c.construct } : {}),
          operation: n.operation,
          kind: n.kind,
          ...(n.dependencyOf !== undefined ? { dependencyOf: n.dependencyOf } : {}),
          ...(n.reason !== undefined ? { reason: n.reason } : {}),
          api: n.api,
          iamProject: n.iamProject,
          enterpriseProject: n.enterpriseProject,
        }),
      ),
    ),
  }));
  return sortedNeeds({ stack, cloud, region, authorization, actions });
}

function sortedNeeds(review: ReviewData): ReviewData {
  const { stack, cloud, region, authorization } = review;
  return {
    stack,
    cloud,
    region,
    authorization,
    actions: review.actions.map(({ action, neededBy }) => ({
      action,
      neededBy: [...neededBy].sort((a, b) => compareStrings(a.constructPath, b.constructPath) || compareStrings(a.operation, b.operation)),
    })),
  };
}

function arrayAt(record: Record<string, unknown>, key: string, where: string, problems: string[]): unknown[] | undefined {
  const value = record[key];
  if (Array.isArray(value)) return value;
  problems.push(`${where} is missing or not an array`);
  return undefined;
}

function expectType(value: unknown, type: 'string' | 'boolean', where: string, problems: string[]): void {
  if (typeof value !== type) problems.push(`${where} must be a ${type}, found ${previewValue(value)}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
