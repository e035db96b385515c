/**
 * The command line the Terraform provisioners pass to `ecs-lifecycle exec <operation>`: one
 * definition used by the constructs to build it and by the CLI to parse it, so the two cannot drift.
 *
 *   <cli> exec <operation-id> --cloud <otc|huaweicloud> --region <region> --project-id <id>
 *         [--endpoint <url>] [--poll-interval <s>] [--timeout <s>] <operation flags> --construct-path <path>
 *
 * No secret ever appears here: credentials are read from the environment at apply time, and the
 * admin password is passed by the *name* of the environment variable that holds it.
 *
 * Every argument is ONE entry of `EXEC_ARGUMENTS`: its flag, the rule its value follows, how it enters the
 * runtime command's input and its row in docs/cli.md. `EXEC_FLAGS`, `ARGUMENT_RULES` and `ExecArguments` are
 * views derived from it.
 */
import { OPERATION_DEFINITIONS, type OperationDefinition, type OperationId, tableOf, TARGET_ARGUMENTS } from '../operations';
import { parseServerIds, type Validator, type ValidatorName } from '../validation';

/**
 * The rule a value follows: a shared rule's name (src/validation), a rule of the argument's own (a `Validator`, e.g.
 * `pattern(/^…$/, 'what it is', "'an example'")`), or where it is checked otherwise: `settings` by the run's settings
 * (`src/runtime/exec-settings.ts`), `input` while the command's input is resolved (`src/runtime/operation-input.ts`),
 * `command` by the runtime command itself, `free` never (any text is fine).
 */
export type ArgumentCheck = ValidatorName | Validator | 'settings' | 'input' | 'command' | 'free';

/** The checks that are not a rule: the value is checked elsewhere, or not at all. */
const CHECKED_ELSEWHERE: readonly ArgumentCheck[] = ['settings', 'input', 'command', 'free'];

/** One command-line argument. */
export interface ExecArgumentEntry {
  /** The flag, e.g. `--server-id`. */
  readonly flag: string;
  /**
   * The rule its value follows: a shared rule's name (checked by the constructs at synth and by the CLI at apply),
   * or where else it is checked. Required, so that no flag goes unchecked by omission.
   */
  readonly rule: ArgumentCheck;
  /** What the value is, for the CLI options table of docs/cli.md (after the rule's own words). */
  readonly docs: string;
  /**
   * How the checked value enters the runtime command's input (`OperationInput`, under the argument's name).
   * @default - it does not: a common argument read by the run's settings, or one the input resolves specially
   */
  readonly input?: (value: string) => unknown;
}

const asText = (value: string): string => value;
const asPowerActionType = (value: string) => value as 'SOFT' | 'HARD';
const asNumber = (value: string): number => Number(value);
const asNumbers = (value: string): readonly number[] => value.split(',').map(Number);
/** The ids of a list its rule accepted already. */
function asServerIds(value: string): readonly string[] {
  const parsed = parseServerIds(value);
  if ('problem' in parsed) throw new Error(`internal error: --server-ids passed its rule but does not parse: ${parsed.problem}`);
  return parsed.ids;
}

/** Keeps each entry's literal types (its input's type), and checks its shape. */
function argumentEntries<const T extends Record<string, ExecArgumentEntry>>(entries: T): T {
  return entries;
}

/** Every argument, in the order flags are written. */
export const EXEC_ARGUMENTS = argumentEntries({
  cloud: { flag: '--cloud', rule: 'cloud', docs: 'the cloud: its regions and endpoints', input: asText },
  region: { flag: '--region', rule: 'region', docs: 'the region; picks the regional endpoint unless `--endpoint` is given' },
  projectId: { flag: '--project-id', rule: 'projectId', docs: 'the IAM project of every call' },
  endpoint: {
    flag: '--endpoint',
    rule: 'settings',
    docs: 'the ECS endpoint instead of the regional one (`https://ecs.<region>.otc.t-systems.com`, Swiss OTC `ecs.eu-ch2.sc.otc.t-systems.com`, `https://ecs.<region>.myhuaweicloud.com`): scheme and host only; `https`, or `http` for a loopback address (an emulator)',
  },
  pollInterval: {
    flag: '--poll-interval',
    rule: 'settings',
    docs: 'seconds between status or job polls, default 2 (env `ECS_LIFECYCLE_POLL_INTERVAL`): 0.001 to 2147483.647, whole milliseconds, no exponent (the bounds synth applies)',
  },
  timeout: {
    flag: '--timeout',
    rule: 'settings',
    docs: 'seconds the whole command may take, every request, retry wait and poll (env `ECS_LIFECYCLE_TIMEOUT`; default per operation, see `exec --help`): the bounds of `--poll-interval`',
  },
  serverId: { flag: '--server-id', rule: 'serverId', docs: 'the server acted on', input: asText },
  serverIds: {
    flag: '--server-ids',
    rule: 'serverIds',
    docs: 'the servers acted on: a JSON array, one server ID per element (what the constructs write), or the IDs comma-separated',
    input: asServerIds,
  },
  name: { flag: '--name', rule: 'groupName', docs: 'the server group, found by name', input: asText },
  policy: { flag: '--policy', rule: 'policy', docs: 'the server group policy', input: asText },
  stopType: { flag: '--stop-type', rule: 'powerActionType', docs: 'how to stop: `SOFT` through the guest OS, `HARD` at once', input: asPowerActionType },
  rebootType: { flag: '--reboot-type', rule: 'powerActionType', docs: 'how to reboot: `SOFT` through the guest OS, `HARD` a reset', input: asPowerActionType },
  flavorRef: { flag: '--flavor-ref', rule: 'flavorRef', docs: 'the target flavor', input: asText },
  imageId: { flag: '--image-id', rule: 'imageId', docs: 'the image of the new OS', input: asText },
  keyName: { flag: '--key-name', rule: 'keyName', docs: 'the key pair to log in to the new OS', input: asText },
  userId: { flag: '--user-id', rule: 'userId', docs: 'the owner of `--key-name` (the cloud requires it for a reinstall with a key pair)', input: asText },
  adminPasswordEnv: {
    flag: '--admin-password-env',
    rule: 'envName',
    docs: 'the variable holding the new admin password, read at apply time and sent only in the request body; unset or empty: exit 2, naming the variable',
  },
  userData: { flag: '--user-data', rule: 'input', docs: 'Cloud-Init user data, base64 (v2 only, at most 32 KB decoded)', input: asText },
  steps: { flag: '--steps', rule: 'command', docs: "a fleet wave's steps, comma-separated: `stop:SOFT`, `resize:<flavor>`, `start`, …", input: asText },
  wave: { flag: '--wave', rule: 'command', docs: "a fleet wave's place in the rollout, `<n>/<waves>`, for progress lines", input: asText },
  select: {
    flag: '--select',
    rule: 'command',
    docs: 'what a selected fleet selects at apply: `group:<server group id>` or `tags:<key>=<value>,…` (every tag required)',
    input: asText,
  },
  enterpriseProjectId: {
    flag: '--enterprise-project-id',
    rule: 'enterpriseProjectId',
    docs: 'narrows a tag selection to one enterprise project',
    input: asText,
  },
  minServers: { flag: '--min-servers', rule: 'serverCount', docs: 'a selected fleet fails, before any change, when it selects fewer servers', input: asNumber },
  waveSizes: {
    flag: '--wave-sizes',
    rule: 'waveSizes',
    docs: "a selected fleet's ramp: counts or fractions of the selection, comma-separated; the last repeats",
    input: asNumbers,
  },
  maxUnavailablePerGroup: {
    flag: '--max-unavailable-per-group',
    rule: 'perGroupCount',
    docs: 'at most this many members of one server group in a wave',
    input: asNumber,
  },
  joined: {
    flag: '--joined',
    rule: 'command',
    docs: 'when each server of a fleet wave joined the fleet: a JSON array of times, one per `--server-ids` element',
    input: asText,
  },
  rollout: {
    flag: '--rollout',
    rule: 'command',
    docs: 'the plan time of the apply, the same for every wave of it: failure budgets and reports are per apply',
    input: asText,
  },
  maxFailures: { flag: '--max-failures', rule: 'command', docs: 'how many servers of the fleet may fail in one apply before the rollout stops', input: asText },
  phase: {
    flag: '--phase',
    rule: 'command',
    docs: "`wave`, or `report`: the check after the last wave, naming (or, later, retrying) a wave's failed servers",
    input: asText,
  },
  healthCheck: { flag: '--health-check', rule: 'command', docs: "the health check's argv, a JSON array of strings (run with no shell)", input: asText },
  healthTimeout: { flag: '--health-timeout', rule: 'command', docs: 'seconds the health check may keep failing', input: asText },
  healthInterval: { flag: '--health-interval', rule: 'command', docs: 'seconds between health check attempts', input: asText },
  bake: { flag: '--bake', rule: 'command', docs: 'seconds to wait after a healthy wave', input: asText },
  onFailure: {
    flag: '--on-failure',
    rule: 'command',
    docs: '`leave`, or `restore-power`: start again the servers a wave stopped whose later step failed',
    input: asText,
  },
  pauseAfter: { flag: '--pause-after', rule: 'command', docs: 'the wave after which the rollout pauses', input: asText },
  // Last, so that the provisioner's `command` (the last word) is always a literal, non-empty value.
  constructPath: { flag: '--construct-path', rule: 'free', docs: 'the construct path, quoted in progress lines and errors', input: asText },
});

/**
 * The name of one argument. Spelled out (the compiler checks it against `EXEC_ARGUMENTS`), so that the public type
 * does not carry the registry's literal types.
 */
export type ExecArgumentName =
  | CommonArgumentName
  | 'endpoint'
  | 'pollInterval'
  | 'timeout'
  | 'serverId'
  | 'serverIds'
  | 'name'
  | 'policy'
  | 'stopType'
  | 'rebootType'
  | 'flavorRef'
  | 'imageId'
  | 'keyName'
  | 'userId'
  | 'adminPasswordEnv'
  | 'userData'
  | 'steps'
  | 'wave'
  | 'select'
  | 'enterpriseProjectId'
  | 'minServers'
  | 'waveSizes'
  | 'maxUnavailablePerGroup'
  | 'joined'
  | 'rollout'
  | 'maxFailures'
  | 'phase'
  | 'healthCheck'
  | 'healthTimeout'
  | 'healthInterval'
  | 'bake'
  | 'onFailure'
  | 'pauseAfter';

/** The arguments every operation requires. */
export type CommonArgumentName = 'constructPath' | 'cloud' | 'region' | 'projectId';

// The registry and the name list hold the same names: a name in one only is a compile error here.
const SAME_NAMES: [ExecArgumentName, keyof typeof EXEC_ARGUMENTS] extends [keyof typeof EXEC_ARGUMENTS, ExecArgumentName] ? true : never = true;
void SAME_NAMES;

/** Arguments every operation takes. */
export const COMMON_ARGUMENTS: readonly CommonArgumentName[] = ['constructPath', 'cloud', 'region', 'projectId'];
/** Optional arguments every operation accepts. */
export const OPTIONAL_COMMON_ARGUMENTS: readonly ExecArgumentName[] = ['endpoint', 'pollInterval', 'timeout'];

/** Every value the command line carries, by argument name (`EXEC_ARGUMENTS` documents each). */
export type ExecArguments = { readonly [K in CommonArgumentName]: string } & { readonly [K in Exclude<ExecArgumentName, CommonArgumentName>]?: string };

/** The arguments that enter the runtime command's input, each with the type its `input` mapping gives. */
export type ExecInputValues = {
  readonly [K in ExecArgumentName as (typeof EXEC_ARGUMENTS)[K] extends { readonly input: (value: string) => unknown }
    ? K
    : never]?: (typeof EXEC_ARGUMENTS)[K] extends {
    readonly input: (value: string) => infer T;
  }
    ? T
    : never;
};

const ENTRIES = Object.entries(EXEC_ARGUMENTS) as readonly [ExecArgumentName, ExecArgumentEntry][];

/** Flag for each argument, in the order flags are written (a view of `EXEC_ARGUMENTS`). */
export const EXEC_FLAGS: Readonly<Record<ExecArgumentName, string>> = Object.fromEntries(ENTRIES.map(([name, e]) => [name, e.flag])) as Record<
  ExecArgumentName,
  string
>;

/**
 * The shared rule (src/validation) each argument's value follows, for the arguments that have one (a view of
 * `EXEC_ARGUMENTS`): the constructs check their props with it at synth, the CLI its flags at apply.
 */
export const ARGUMENT_RULES: Readonly<Partial<Record<ExecArgumentName, ValidatorName | Validator>>> = Object.fromEntries(
  ENTRIES.filter(([, e]) => !CHECKED_ELSEWHERE.includes(e.rule)).map(([name, e]) => [name, e.rule]),
);

const FLAGS_IN_ORDER = Object.entries(EXEC_FLAGS) as readonly [ExecArgumentName, string][];
const FLAG_POSITIONS = new Map(FLAGS_IN_ORDER.map(([name], position) => [name, position]));

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
