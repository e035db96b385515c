/**
 * Reads what the gate compares: one policy file, one stack folder (`cdktf.out/stacks/<id>/`, whose
 * documents are unioned), or a whole `cdktf.out` folder (every stack by id), each with the review
 * data synth wrote beside it when there is some.
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parsePolicyDocument, type PolicyDocument } from '../iam';
import { KNOWN_ACTIONS } from '../permissions';
import { GateInputError } from './gate-input-error';
import { compareStrings } from './private/compare';
import { checkPolicyRoles } from './private/policy-roles';
import { parseReviewData, type ReviewData } from './review-data';

/** One policy document file. */
export interface PolicyFile {
  readonly path: string;
  /** The text as read: what would be submitted to IAM. */
  readonly text: string;
  readonly document: PolicyDocument;
}

/** The policy of one file or one stack. */
export interface LoadedPolicy {
  /** The file or stack folder it was read from. */
  readonly source: string;
  /** Its documents, in order (`ecs-iam-policy-1.json`, `-2.json`, … for numbered documents). */
  readonly files: readonly PolicyFile[];
  /** Every statement of every document: what a principal granted all the documents may do. */
  readonly effective: PolicyDocument;
  /**
   * The review data found beside the policy.
   * @default - none: no review file was found, so who needs an action is unknown
   */
  readonly review?: { readonly path: string; readonly data: ReviewData };
  /** Where the review data was looked for, in order. */
  readonly reviewLookedFor: readonly string[];
}

/** A gate input: one policy, or every stack of a `cdktf.out` folder. */
export type PolicyInput =
  | { readonly kind: 'policy'; readonly path: string; readonly policy: LoadedPolicy }
  | { readonly kind: 'outdir'; readonly path: string; readonly stacks: ReadonlyMap<string, LoadedPolicy> };

/** How to read an input. */
export interface LoadOptions {
  /**
   * Whether the input was written by synth, so it may only allow catalog actions by name (no
   * wildcards, no Deny, no NotAction): catches a hand-written policy passed in the wrong place.
   * Documents inside a cdktf.out folder are synth's output by definition and are always checked so.
   */
  readonly generated: boolean;
}

/** The review data synth writes beside a stack's policy. */
export const REVIEW_FILE = 'ecs-iam-policy.review.json';
/** The largest file the gate reads (8 MiB): a 5,000-action policy is about 240 KB. */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;
const POLICY_FILE = /^ecs-iam-policy(?:-(\d+))?\.json$/;

/**
 * Reads a policy file, a stack folder or a `cdktf.out` folder.
 * @throws GateInputError when the path cannot be read or holds no policy
 * @throws PolicyDocumentError when a document is malformed
 */
export function loadPolicyInput(path: string, options: LoadOptions): PolicyInput {
  const stat = statOf(path);
  if (stat.isFile()) {
    const stem = basename(path).replace(/\.json$/i, '');
    const candidates = [join(dirname(path), `${stem}.review.json`), join(dirname(path), REVIEW_FILE)];
    return { kind: 'policy', path, policy: loadPolicy(path, [path], [...new Set(candidates)], options) };
  }
  const stacksDir = join(path, 'stacks');
  if (statOf(stacksDir, false)?.isDirectory()) {
    const stacks = new Map<string, LoadedPolicy>();
    const stackIds = listDir(stacksDir).filter((name) => statOf(join(stacksDir, name)).isDirectory());
    for (const id of stackIds) {
      const stackDir = join(stacksDir, id);
      const files = policyFilesIn(stackDir);
      // A stack without ECS lifecycle constructs has no policy: it needs nothing.
      if (files.length) stacks.set(id, loadPolicy(stackDir, files, [join(stackDir, REVIEW_FILE)], { generated: true }));
    }
    // A LifecyclePolicyRole's roles are the same data as the files: checked against them, not counted again.
    checkPolicyRoles(stacksDir, stackIds, stacks);
    return { kind: 'outdir', path, stacks };
  }
  const files = policyFilesIn(path);
  if (files.length) return { kind: 'policy', path, policy: loadPolicy(path, files, [join(path, REVIEW_FILE)], options) };
  throw new GateInputError(path, ['is a folder, but neither a cdktf.out folder (no stacks/ inside) nor a stack folder (no ecs-iam-policy.json inside)']);
}

/**
 * Why `path` holds no policy to compare with, for `policy diff --base-missing empty`: it does not exist, or
 * is a folder with no stack in it (an empty cdktf.out, or a folder without policies). Undefined when it holds one.
 */
export function missingBase(path: string): string | undefined {
  const stat = statOf(path, false);
  if (!stat) return `${path} does not exist: the base is read as empty, so every action is new and broadening`;
  if (!stat.isDirectory()) return undefined;
  const stacksDir = join(path, 'stacks');
  const stacks = statOf(stacksDir, false)?.isDirectory()
    ? listDir(stacksDir).filter((id) => statOf(join(stacksDir, id), false)?.isDirectory() && policyFilesIn(join(stacksDir, id)).length)
    : undefined;
  if (stacks?.length || (stacks === undefined && policyFilesIn(path).length)) return undefined;
  return `${path} holds no stack: the base is read as empty, so every action is new and broadening`;
}

/** An input with no policy, standing for a missing base of the same kind as `like`. */
export function emptyInput(path: string, like: PolicyInput): PolicyInput {
  if (like.kind === 'outdir') return { kind: 'outdir', path, stacks: new Map() };
  return { kind: 'policy', path, policy: { source: path, files: [], effective: { Version: '1.1', Statement: [] }, reviewLookedFor: [] } };
}

function loadPolicy(source: string, paths: readonly string[], reviewCandidates: readonly string[], options: LoadOptions): LoadedPolicy {
  const files = paths.map((path): PolicyFile => {
    const text = readText(path);
    const document = parsePolicyDocument(text, path);
    if (options.generated) assertGenerated(document, path);
    return { path, text, document };
  });
  const effective: PolicyDocument = { Version: '1.1', Statement: files.flatMap((f) => f.document.Statement) };
  let review: LoadedPolicy['review'];
  for (const candidate of reviewCandidates) {
    const text = readText(candidate, true);
    if (text === undefined) continue;
    review = { path: candidate, data: parseReviewData(text, candidate) };
    break;
  }
  return { source, files, effective, review, reviewLookedFor: reviewCandidates };
}

function assertGenerated(document: PolicyDocument, path: string): void {
  const problems: string[] = [];
  document.Statement.forEach((statement, s) => {
    if (statement.Effect !== 'Allow' || statement.Action === undefined) {
      problems.push(`Statement[${s}] is not an Allow of named actions`);
      return;
    }
    statement.Action.forEach((action, a) => {
      if (!KNOWN_ACTIONS.includes(action)) problems.push(`Statement[${s}].Action[${a}] "${action}" is not an action of the catalog`);
    });
  });
  if (problems.length) {
    throw new GateInputError(path, [
      ...problems,
      'a policy written by synth allows catalog actions by name only; an existing or hand-written policy goes after --against',
    ]);
  }
}

// The numbered documents in number order, else the single document.
function policyFilesIn(dir: string): string[] {
  return listDir(dir)
    .map((name) => ({ name, match: POLICY_FILE.exec(name) }))
    .filter((f) => f.match !== null)
    .sort((a, b) => Number(a.match?.[1] ?? 0) - Number(b.match?.[1] ?? 0) || compareStrings(a.name, b.name))
    .map((f) => join(dir, f.name));
}

function statOf(path: string): Stats;
function statOf(path: string, required: false): Stats | undefined;
function statOf(path: string, required = true): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    if (!required) return undefined;
    throw new GateInputError(path, [ioProblem(e)], { cause: e });
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort(compareStrings);
  } catch (e) {
    throw new GateInputError(dir, [ioProblem(e)], { cause: e });
  }
}

/** Reads one input file as the gate reads every file: once, at most MAX_INPUT_BYTES. */
export function readInputText(path: string): string {
  return readText(path);
}

// One read per file, of at most MAX_INPUT_BYTES; with `optional`, a missing file (or a folder) is undefined.
function readText(path: string, optional: true): string | undefined;
function readText(path: string): string;
function readText(path: string, optional = false): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if (optional && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GateInputError(path, [ioProblem(e)], { cause: e });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      if (optional) return undefined;
      throw new GateInputError(path, ['is a folder, not a file']);
    }
    const tooLarge = `is larger than ${MAX_INPUT_BYTES.toLocaleString('en-US')} bytes, the most the gate reads`;
    if (stat.size > MAX_INPUT_BYTES) throw new GateInputError(path, [tooLarge]);
    // One byte more than the size, to notice a file that grows while it is read.
    const buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; ) {
      read = readSync(fd, buffer, length, buffer.length - length, null);
      length += read;
    }
    if (length > stat.size) throw new GateInputError(path, ['changed while it was read']);
    return buffer.toString('utf8', 0, length);
  } catch (e) {
    if (e instanceof GateInputError) throw e;
    throw new GateInputError(path, [ioProblem(e)], { cause: e });
  } finally {
    closeSync(fd);
  }
}

function ioProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return `cannot be read (${code ?? (error as Error).message})`;
}
