/**
 * The operation-specific values of an `exec` run, checked before anything is sent. The admin password is
 * read here, from the environment variable the plan names, and registered with the redactor at once.
 */
import { ARGUMENT_RULES, COMMON_ARGUMENTS, EXEC_FLAGS, type ExecArgumentName, type ExecArguments } from '../cloud/exec-arguments';
import type { OperationId } from '../permissions/operation';
import { InvalidArgumentError } from './errors/invalid-argument-error';
import type { Redactor } from './redact';
import { checkArguments, flagProblem } from './private/check-flag';
import { type LoginTarget, loginProblems, parseServerIds } from '../validation';

/** SOFT or HARD, for a stop or a reboot. */
export type PowerActionType = 'SOFT' | 'HARD';

/** The checked values; each is present when the operation takes it and it was given. */
export interface OperationInput {
  /** The construct path the command runs for. */
  readonly constructPath: string;
  readonly serverId?: string;
  /** Server ids given besides the target (`--server-ids` of a group operation), in order, without repeats. */
  readonly serverIds?: readonly string[];
  /** Server group name. */
  readonly name?: string;
  /** Server group policy. */
  readonly policy?: string;
  readonly stopType?: PowerActionType;
  readonly rebootType?: PowerActionType;
  readonly flavorRef?: string;
  readonly imageId?: string;
  readonly keyName?: string;
  /** The id of the user who owns the key pair. */
  readonly userId?: string;
  /** The admin password, read at apply time; sent only in the request body. */
  readonly adminPassword?: string;
  /** User data, base64, as the API takes it. */
  readonly userData?: string;
  /** A fleet wave's steps, as given (parsed by the fleet-wave command). */
  readonly steps?: string;
  /** A fleet wave's place in the rollout, `<n>/<waves>`. */
  readonly wave?: string;
  /** The cloud (`--cloud`): a selected fleet's tag query differs by cloud. */
  readonly cloud?: string;
  /** Narrows a tag selection to one enterprise project. */
  readonly enterpriseProjectId?: string;
  /** A selected fleet fails, before any change, when it selects fewer servers. */
  readonly minServers?: number;
  /** A selected fleet's ramp: counts, or fractions of the selection. */
  readonly waveSizes?: readonly number[];
  /** At most this many members of one server group in a wave. */
  readonly maxUnavailablePerGroup?: number;
  /** When each server of a fleet wave joined the fleet, as given (parsed by the fleet-wave command). */
  readonly joined?: string;
  /** A fleet wave's rollout values, as given (parsed by the fleet-wave command). */
  readonly rollout?: string;
  readonly maxFailures?: string;
  readonly phase?: string;
  readonly healthCheck?: string;
  readonly healthTimeout?: string;
  readonly healthInterval?: string;
  readonly bake?: string;
  readonly onFailure?: string;
  readonly pauseAfter?: string;
}

/** The cloud's limit on user data, before base64 encoding (ecs-api.md §1.2). */
export { MAX_USER_DATA_BYTES } from '../validation';

/** Checks the operation's values and reads the admin password; every problem is reported at once. */
export function resolveOperationInput(operation: OperationId, args: ExecArguments, env: NodeJS.ProcessEnv, redactor: Redactor): OperationInput {
  const problems: string[] = [];
  const passed = checkArguments(args, OPERATION_RULES, problems);
  const stopType = passed.has('stopType') ? (args.stopType as PowerActionType | undefined) : undefined;
  const rebootType = passed.has('rebootType') ? (args.rebootType as PowerActionType | undefined) : undefined;
  const serverIds = passed.has('serverIds') && args.serverIds !== undefined ? idsOf(parseServerIds(args.serverIds)) : undefined;
  let adminPassword: string | undefined;
  const variable = args.adminPasswordEnv;
  if (variable !== undefined && passed.has('adminPasswordEnv')) {
    if (!env[variable])
      problems.push(
        `the environment variable ${variable} (named by --admin-password-env) is not set or is empty; set it to the new admin password in the environment of terraform apply`,
      );
    else adminPassword = env[variable];
    redactor.add(adminPassword);
  }
  let userDataBytes: number | undefined;
  if (args.userData !== undefined) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(args.userData) || args.userData.length % 4 !== 0) problems.push('--user-data must be base64-encoded');
    else userDataBytes = Buffer.from(args.userData, 'base64').length;
  }
  const login = LOGIN_TARGETS[operation];
  if (login) {
    const values = { keyName: args.keyName, userId: args.userId, adminPasswordEnv: args.adminPasswordEnv, userDataBytes };
    for (const problem of loginProblems(values, login)) problems.push(flagProblem(EXEC_FLAGS[problem.argument], problem));
  }
  if (problems.length > 0) throw new InvalidArgumentError(problems);
  return {
    constructPath: args.constructPath,
    serverId: args.serverId,
    serverIds,
    name: args.name,
    policy: args.policy,
    stopType,
    rebootType,
    flavorRef: args.flavorRef,
    imageId: args.imageId,
    keyName: args.keyName,
    userId: args.userId,
    adminPassword,
    userData: args.userData,
    steps: args.steps,
    wave: args.wave,
    cloud: args.cloud,
    enterpriseProjectId: args.enterpriseProjectId,
    minServers: args.minServers === undefined ? undefined : Number(args.minServers),
    waveSizes: args.waveSizes?.split(',').map(Number),
    maxUnavailablePerGroup: args.maxUnavailablePerGroup === undefined ? undefined : Number(args.maxUnavailablePerGroup),
    joined: args.joined,
    rollout: args.rollout,
    maxFailures: args.maxFailures,
    phase: args.phase,
    healthCheck: args.healthCheck,
    healthTimeout: args.healthTimeout,
    healthInterval: args.healthInterval,
    bake: args.bake,
    onFailure: args.onFailure,
    pauseAfter: args.pauseAfter,
  };
}

// The operation's own arguments that have a rule (the common ones are checked with the settings).
const OPERATION_RULES = (Object.keys(ARGUMENT_RULES) as ExecArgumentName[]).filter((name) => !COMMON_ARGUMENTS.includes(name));

// The operations that install an OS, and the login rules they follow.
const LOGIN_TARGETS: Partial<Record<OperationId, LoginTarget>> = {
  'server-change-os-v1': { reinstall: false, apiVersion: 'v1' },
  'server-change-os-v2': { reinstall: false, apiVersion: 'v2' },
  'server-reinstall-os-v1': { reinstall: true, apiVersion: 'v1' },
  'server-reinstall-os-v2': { reinstall: true, apiVersion: 'v2' },
};

/** The ids of a list the shared rule accepted already. */
function idsOf(parsed: ReturnType<typeof parseServerIds>): readonly string[] {
  if ('problem' in parsed) throw new Error(`internal error: --server-ids passed its rule but does not parse: ${parsed.problem}`);
  return parsed.ids;
}
