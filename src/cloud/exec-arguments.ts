/**
 * The command line the Terraform provisioners pass to `ecs-lifecycle exec <operation>`: one
 * definition used by the constructs to build it and by the CLI to parse it, so the two cannot drift.
 *
 *   <cli> exec <operation-id> --cloud <otc|huaweicloud> --region <region> --project-id <id>
 *         [--endpoint <url>] [--poll-interval <s>] [--timeout <s>] <operation flags> --construct-path <path>
 *
 * No secret ever appears here: credentials are read from the environment at apply time, and the
 * admin password is passed by the *name* of the environment variable that holds it.
 */
import { OPERATION_DEFINITIONS, type OperationDefinition, type OperationId, tableOf, TARGET_ARGUMENTS } from '../operations';
import type { ValidatorName } from '../validation';

/** Every value the command line carries. */
export interface ExecArguments {
  /** The construct path, quoted in progress lines and errors. */
  readonly constructPath: string;
  readonly cloud: string;
  readonly region: string;
  readonly projectId: string;
  /** Overrides the regional ECS endpoint (e.g. an emulator). */
  readonly endpoint?: string;
  /** Seconds between status polls. */
  readonly pollInterval?: string;
  /** Seconds to wait for the end state before failing. */
  readonly timeout?: string;
  readonly serverId?: string;
  /** Server ids, comma-separated (operations whose target is a list of servers). */
  readonly serverIds?: string;
  /** Server group name. */
  readonly name?: string;
  /** Server group policy. */
  readonly policy?: string;
  /** SOFT or HARD (stop). */
  readonly stopType?: string;
  /** SOFT or HARD (reboot). */
  readonly rebootType?: string;
  readonly flavorRef?: string;
  readonly imageId?: string;
  readonly keyName?: string;
  /** The id of the user who owns the key pair (the cloud requires it with a key pair for a reinstall). */
  readonly userId?: string;
  /** Name of the environment variable holding the admin password, read at apply time. */
  readonly adminPasswordEnv?: string;
  /** User data, base64-encoded. */
  readonly userData?: string;
  /** A fleet wave's steps, comma-separated: `stop:SOFT,resize:<flavor>,start` (`src/runtime/private/fleet-steps.ts`). */
  readonly steps?: string;
  /** A fleet wave's place in the rollout, `<n>/<waves>`, for progress lines. */
  readonly wave?: string;
  /** What a selected fleet selects at apply: `group:<id>` or `tags:<key>=<value>,…` (`src/cloud/server-selection.ts`). */
  readonly select?: string;
  /** Narrows a tag selection to one enterprise project. */
  readonly enterpriseProjectId?: string;
  /** A selected fleet fails, before any change, when it selects fewer servers. */
  readonly minServers?: string;
  /** A selected fleet's ramp, comma-separated counts or fractions of the selection; the last repeats. */
  readonly waveSizes?: string;
  /** At most this many members of one server group in a wave of a selected fleet. */
  readonly maxUnavailablePerGroup?: string;
  /** When each server of a fleet wave joined the fleet (a JSON array of times, one per `serverIds` element). */
  readonly joined?: string;
  /** The plan time of the apply, the same for every wave of it: the failure budget and reports are per apply. */
  readonly rollout?: string;
  /** How many servers of the fleet may fail in one apply before the rollout stops. */
  readonly maxFailures?: string;
  /** `wave`, or `report`: the check after the last wave, naming (or, later, retrying) a wave's failed servers. */
  readonly phase?: string;
  /** The health check's argv, a JSON array of strings. */
  readonly healthCheck?: string;
  /** Seconds the health check may keep failing. */
  readonly healthTimeout?: string;
  /** Seconds between health check attempts. */
  readonly healthInterval?: string;
  /** Seconds to wait after a healthy wave. */
  readonly bake?: string;
  /** `leave` or `restore-power`. */
  readonly onFailure?: string;
  /** The wave after which the rollout pauses. */
  readonly pauseAfter?: string;
}

export type ExecArgumentName = keyof ExecArguments;

/** Flag for each argument, in the order flags are written. */
export const EXEC_FLAGS: Readonly<Record<ExecArgumentName, string>> = {
  cloud: '--cloud',
  region: '--region',
  projectId: '--project-id',
  endpoint: '--endpoint',
  pollInterval: '--poll-interval',
  timeout: '--timeout',
  serverId: '--server-id',
  serverIds: '--server-ids',
  name: '--name',
  policy: '--policy',
  stopType: '--stop-type',
  rebootType: '--reboot-type',
  flavorRef: '--flavor-ref',
  imageId: '--image-id',
  keyName: '--key-name',
  userId: '--user-id',
  adminPasswordEnv: '--admin-password-env',
  userData: '--user-data',
  steps: '--steps',
  wave: '--wave',
  select: '--select',
  enterpriseProjectId: '--enterprise-project-id',
  minServers: '--min-servers',
  waveSizes: '--wave-sizes',
  maxUnavailablePerGroup: '--max-unavailable-per-group',
  joined: '--joined',
  rollout: '--rollout',
  maxFailures: '--max-failures',
  phase: '--phase',
  healthCheck: '--health-check',
  healthTimeout: '--health-timeout',
  healthInterval: '--health-interval',
  bake: '--bake',
  onFailure: '--on-failure',
  pauseAfter: '--pause-after',
  // Last, so that the provisioner's `command` (the last word) is always a literal, non-empty value.
  constructPath: '--construct-path',
};

/**
 * The shared rule (src/validation) each argument's value follows: the constructs check their props with it at
 * synth, the CLI its flags at apply. (`cloud`, the endpoint, the seconds, user data and the login rules have
 * rules of their own in the same module.)
 */
export const ARGUMENT_RULES: Readonly<Partial<Record<ExecArgumentName, ValidatorName>>> = {
  region: 'region',
  projectId: 'projectId',
  serverId: 'serverId',
  serverIds: 'serverIds',
  name: 'groupName',
  policy: 'policy',
  stopType: 'powerActionType',
  rebootType: 'powerActionType',
  flavorRef: 'flavorRef',
  imageId: 'imageId',
  keyName: 'keyName',
  userId: 'userId',
  adminPasswordEnv: 'envName',
  enterpriseProjectId: 'enterpriseProjectId',
  minServers: 'serverCount',
  waveSizes: 'waveSizes',
  maxUnavailablePerGroup: 'perGroupCount',
};

const FLAGS_IN_ORDER = Object.entries(EXEC_FLAGS) as readonly [ExecArgumentName, string][];
const FLAG_POSITIONS = new Map(FLAGS_IN_ORDER.map(([name], position) => [name, position]));

/** Arguments every operation takes. */
export const COMMON_ARGUMENTS: readonly ExecArgumentName[] = ['constructPath', 'cloud', 'region', 'projectId'];
/** Optional arguments every operation accepts. */
export const OPTIONAL_COMMON_ARGUMENTS: readonly ExecArgumentName[] = ['endpoint', 'pollInterval', 'timeout'];

/** An operation's own arguments: which are required and which are optional. */
export interface OperationArguments {
  readonly required: readonly ExecArgumentName[];
  readonly optional: readonly ExecArgumentName[];
}

/** The arguments of each of `definitions`: its target's argument first, then its own. */
export function deriveOperationArguments<D extends OperationDefinition>(definitions: readonly D[]): Readonly<Record<D['id'], OperationArguments>> {
  return tableOf(definitions, (d) => ({ required: [TARGET_ARGUMENTS[d.target], ...d.arguments.required], optional: d.arguments.optional }));
}

/** The operation-specific arguments: which are required and which are optional. */
export const OPERATION_ARGUMENTS: Readonly<Record<OperationId, OperationArguments>> = deriveOperationArguments(OPERATION_DEFINITIONS);

/** Builds the argument vector after `exec`: the operation id, then the flags in `EXEC_FLAGS` order. */
export function execArgv(operation: OperationId, args: ExecArguments): string[] {
  // Visit only the arguments given (a handful of the flags), placing each at its flag's position.
  const values: (string | undefined)[] = [];
  for (const name of Object.keys(args) as ExecArgumentName[]) {
    const position = FLAG_POSITIONS.get(name);
    if (position !== undefined) values[position] = args[name];
  }
  const argv: string[] = [operation];
  values.forEach((value, position) => {
    if (value !== undefined) argv.push(FLAGS_IN_ORDER[position][1], value);
  });
  return argv;
}

/** The result of parsing `exec` arguments: either the values or every problem found. */
export type ParsedExecArgv =
  | { readonly ok: true; readonly operation: OperationId; readonly args: ExecArguments }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Parses the argument vector after `exec`, checking it against `OPERATION_ARGUMENTS`. */
export function parseExecArgv(argv: readonly string[], isOperation: (id: string) => id is OperationId): ParsedExecArgv {
  const [operation, ...rest] = argv;
  if (!operation || !isOperation(operation)) {
    return { ok: false, problems: [`unknown operation '${operation ?? ''}'; expected one of: ${Object.keys(OPERATION_ARGUMENTS).join(', ')}`] };
  }
  const byFlag = new Map(Object.entries(EXEC_FLAGS).map(([name, flag]) => [flag, name as ExecArgumentName]));
  const spec = OPERATION_ARGUMENTS[operation];
  const allowed = new Set<ExecArgumentName>([...COMMON_ARGUMENTS, ...OPTIONAL_COMMON_ARGUMENTS, ...spec.required, ...spec.optional]);
  const values: Partial<Record<ExecArgumentName, string>> = {};
  const problems: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const token = rest[i];
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    const flag = eq > 0 ? token.slice(0, eq) : token;
    const name = byFlag.get(flag);
    if (!name || !allowed.has(name)) {
      problems.push(`unknown option '${flag}' for '${operation}'`);
      continue;
    }
    const value = eq > 0 ? token.slice(eq + 1) : rest[++i];
    if (value === undefined) problems.push(`option '${flag}' needs a value`);
    else if (values[name] !== undefined) problems.push(`option '${flag}' is given more than once`);
    else values[name] = value;
  }
  for (const name of [...COMMON_ARGUMENTS, ...spec.required]) {
    if (!values[name]) problems.push(`missing required option '${EXEC_FLAGS[name]}'`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, operation, args: values as ExecArguments };
}
