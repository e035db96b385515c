/**
 * Every user-facing synth-time error, as factories: each says what failed, where (the construct
 * path), and how to fix it. A construct records its error as an annotation and synth fails with
 * every error of the app at once (constructs/private/synth-problems.ts); nothing is written for the stack.
 */

import { printableText } from './validation/printable';

/**
 * A synth-time error; `constructPath` names the construct (or stack) at fault. Recognised with `instanceof`, like
 * the runtime errors.
 */
export class SynthError extends Error {
  override readonly name = 'EcsLifecycleSynthError';

  constructor(
    readonly constructPath: string,
    message: string,
  ) {
    // A construct path or value with control characters is shown escaped: it cannot redraw the terminal.
    super(printableText(message));
  }
}

/**
 * The refusal of a construct that needs another that was refused (its stack's EcsEnvironment, a fleet's ServerGroup,
 * a role's stack): it joins as a placeholder without an error of its own, as the other's error says what to fix and
 * a second error per dependent would only repeat it. The message stands should it ever be shown.
 */
export class RefusedDependency extends SynthError {}

export const refusedDependency = (path: string, construct: string, needs: string, otherPath: string) =>
  new RefusedDependency(
    path,
    `${construct} at '${path}' needs ${needs} at '${otherPath}', which was refused. Fix: correct that construct (its error says how).`,
  );

/** A property value that is missing or malformed. */
export const invalidProperty = (path: string, construct: string, property: string, problem: string, fix: string) =>
  new SynthError(path, `${construct} at '${path}': property '${property}' ${problem}. Fix: ${fix}`);

export const missingEnvironment = (path: string, construct: string, stackPath: string) =>
  new SynthError(
    path,
    `${construct} at '${path}' has no EcsEnvironment in its stack '${stackPath}'. ` +
      `Fix: declare one before it, e.g. new EcsEnvironment(stack, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: '<32-hex project id>' }).`,
  );

export const duplicateEnvironment = (path: string, existingPath: string) =>
  new SynthError(
    path,
    `EcsEnvironment at '${path}': the stack already has one at '${existingPath}'. ` +
      'Fix: keep a single EcsEnvironment per stack; use a separate TerraformStack for another cloud, region or project.',
  );

export const unknownRegion = (path: string, cloud: string, region: string, known: readonly string[]) =>
  new SynthError(path, `EcsEnvironment at '${path}': region '${region}' is not a known ${cloud} region. ` + `Fix: use one of ${known.join(', ')}.`);

/** One construct whose API cannot be authorized through an enterprise project. */
export interface EnterpriseProjectOffender {
  readonly path: string;
  readonly construct: string;
  readonly operation: string;
  readonly alternative?: string;
}

export const enterpriseProjectUnsupported = (stackPath: string, offenders: readonly EnterpriseProjectOffender[]) =>
  new SynthError(
    stackPath,
    [
      `Stack '${stackPath}' uses authorization 'enterprise-project', but these constructs call APIs that the permission ` +
        'tables mark "Enterprise Project: Not supported", so an enterprise-project grant would not authorize them:',
      ...offenders.map((o) => `  - ${o.path} (${o.construct}, ${o.operation}): instead use ${o.alternative ?? 'no alternative exists'}`),
      "Fix: switch each to its alternative, or set authorization: 'project' and grant the policy on the IAM project (region). Nothing was written for this stack.",
    ].join('\n'),
  );

/** The warning for an operation whose enterprise-project support no permission table states. */
export const enterpriseProjectUnknown = (path: string, construct: string, operation: string, actions: readonly string[]) =>
  `${construct} at '${path}' (${operation}) needs ${actions.join(', ')}, whose enterprise-project support no permission table states. ` +
  'The policy holds them and the review file marks them unknown; an enterprise-project grant may not authorize them. ' +
  "Check: apply once in a test enterprise project, or set authorization: 'project' and grant the policy on the IAM project.";

export const lockedServer = (path: string, construct: string, serverId: string, lockPath: string) =>
  new SynthError(
    path,
    `${construct} at '${path}' runs after ServerLock '${lockPath}' on server ${serverId}, and the cloud refuses ` +
      'management operations on a locked server. Fix: add a ServerUnlock for the server before it, or move the ServerLock after it.',
  );

export const serverNotStopped = (path: string, construct: string, serverId: string, previousPath: string, previousConstruct: string) =>
  new SynthError(
    path,
    `${construct} at '${path}' needs a stopped server, but server ${serverId} was last ${previousConstruct === 'ServerReboot' ? 'rebooted' : 'started'} ` +
      `by '${previousPath}'. Fix: add a ServerStop for the server before it.`,
  );

export const policyTooLarge = (stackPath: string, detail: string) =>
  new SynthError(
    stackPath,
    `Stack '${stackPath}': the IAM policy does not fit in one OTC custom policy (${detail}). ` +
      "Fix: split the operations across stacks, or set policyDocuments: 'numbered' on the EcsEnvironment to write " +
      'ecs-iam-policy-1.json, ecs-iam-policy-2.json, … and attach all of them.',
  );

export const unknownAction = (stackPath: string, actions: readonly string[]) =>
  new SynthError(
    stackPath,
    `Stack '${stackPath}': the policy would hold actions that are not in the permission catalog: ${actions.join(', ')}. ` +
      'Fix: actions come only from src/permissions; add the API row there (and to the seeds) first.',
  );

export const serverNotRunning = (path: string, construct: string, serverId: string, previousPath: string) =>
  new SynthError(
    path,
    `${construct} at '${path}' needs a running server, but server ${serverId} was stopped by '${previousPath}'. ` +
      'Fix: add a ServerStart for the server before it.',
  );

export const rolePolicyRefused = (path: string, stackPath: string, reason: string, fix: string) =>
  new SynthError(path, `LifecyclePolicyRole at '${path}' cannot deploy the policy of stack '${stackPath}': ${reason}\nFix: ${fix}.`);

export const roleCountChanged = (path: string, stackPath: string, declared: number, needed: number) =>
  new SynthError(
    path,
    `LifecyclePolicyRole at '${path}' was declared when the policy of stack '${stackPath}' needed ${declared} ` +
      `document${declared === 1 ? '' : 's'}; it now needs ${needed}. Fix: declare the LifecyclePolicyRole after every lifecycle construct of that stack.`,
  );

export const roleMixedClouds = (path: string, otcStack: string, huaweiStack: string) =>
  new SynthError(
    path,
    `LifecyclePolicyRole at '${path}' is given stacks of two clouds: '${otcStack}' works in Open Telekom Cloud and ` +
      `'${huaweiStack}' in Huawei Cloud, whose roles are other resources of another provider, applied with other credentials. ` +
      'Fix: declare one LifecyclePolicyRole per cloud, each with the stacks of that cloud (in an admin stack of that cloud).',
  );

export const addressCollision = (path: string, construct: string, address: string, otherPath: string) =>
  new SynthError(
    path,
    `${construct} at '${path}' would be the Terraform resource ${address}, which '${otherPath}' already is ` +
      '(Terraform addresses keep only letters, digits, _ and -). Fix: give one of them a different id.',
  );

export const invalidAddress = (path: string, construct: string, id: string, problem: string) =>
  new SynthError(
    path,
    `${construct} at '${path}': the id ${id} ${problem}. ` +
      'Fix: use an id that starts with a letter and holds letters, digits, _ and - (other characters are dropped from the Terraform address).',
  );

/**
 * One word of a provisioner's command line longer than Linux passes to a program. The path is shortened in the
 * message (it may be the word at fault); `constructPath` holds it whole.
 */
export const argumentTooLong = (path: string, operation: string, word: string, bytes: number, maxBytes: number) =>
  new SynthError(
    path,
    `'${shortened(path)}' (${operation}): ${word} is ${bytes.toLocaleString('en-US')} bytes, and Linux passes at most ` +
      `${maxBytes.toLocaleString('en-US')} bytes in one argument (MAX_ARG_STRLEN, 128 KiB with its terminating NUL), so terraform apply ` +
      `would fail with "argument list too long". Fix: ${word === 'the construct path' ? 'use shorter construct ids' : 'shorten the value'}.`,
  );

/** At most 80 characters of `text`, then how long it was. */
function shortened(text: string): string {
  return text.length <= 80 ? text : `${text.slice(0, 80)}… (${text.length.toLocaleString('en-US')} characters)`;
}
