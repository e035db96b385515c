/**
 * Where and how patiently an `exec` run works: the cloud, region, project and endpoints, the poll interval
 * and the timeout, resolved from the parsed command line and the environment (the flag wins over the variable).
 */
import { COMMON_ARGUMENTS } from '../cloud/exec-arguments';
import { type CloudName, ecsEndpoint, type ExecArguments, iamEndpoint, isCloudName, isKnownRegion, regionsOf } from '../cloud';
import { OPERATION_DEFINITIONS, type OperationId, tableOf } from '../operations';
import { endpointOrigin, secondsToMs } from '../validation';
import { InvalidArgumentError } from './errors/invalid-argument-error';
import { checkArguments, flagProblem } from './private/check-flag';

/** Seconds between status polls when neither `--poll-interval` nor `ECS_LIFECYCLE_POLL_INTERVAL` is set. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 2;

/** Seconds an operation may take when neither `--timeout` nor `ECS_LIFECYCLE_TIMEOUT` is set (from its definition). */
export const DEFAULT_TIMEOUT_SECONDS: Readonly<Record<OperationId, number>> = tableOf(OPERATION_DEFINITIONS, (d) => d.defaultTimeoutSeconds);

/**
 * Seconds a request to an API that queues a job (batch start, stop, reboot; resize, change OS, reinstall OS), whose
 * response was lost, is looked for on the server before it is sent again, unless `ECS_LIFECYCLE_RESEND_WINDOW` says
 * otherwise. Such a job may leave the server untouched while it waits: the cloud starts, stops or restarts at most
 * 1,000 servers a minute (ecs-api.md §7), so a job can wait up to a minute for its turn. Two minutes cover that
 * minute and the job's first change to the server; a resend inside it could apply the change twice. A request that
 * really was lost costs this wait once, within `--timeout`.
 */
export const DEFAULT_RESEND_WINDOW_SECONDS = 120;

/** Environment variables that override the defaults (a flag on the command line wins). */
export const POLL_INTERVAL_VARIABLE = 'ECS_LIFECYCLE_POLL_INTERVAL';
export const TIMEOUT_VARIABLE = 'ECS_LIFECYCLE_TIMEOUT';
/** Overrides `DEFAULT_RESEND_WINDOW_SECONDS` (no flag: shortening it trades safety for speed, a deliberate choice). */
export const RESEND_WINDOW_VARIABLE = 'ECS_LIFECYCLE_RESEND_WINDOW';

/** The resolved settings of one run. */
export interface ExecSettings {
  readonly operation: OperationId;
  readonly constructPath: string;
  readonly cloud: CloudName;
  readonly region: string;
  readonly projectId: string;
  /** The ECS endpoint: `--endpoint`, else the regional one. */
  readonly endpoint: string;
  /** Whether `--endpoint` was given (then IAM calls go to the same host unless `OS_AUTH_URL` says otherwise). */
  readonly endpointOverridden: boolean;
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
  readonly resendWindowMs: number;
}

/** Resolves and checks the settings; every problem is reported at once. */
export function resolveExecSettings(operation: OperationId, args: ExecArguments, env: NodeJS.ProcessEnv): ExecSettings {
  const problems: string[] = [];
  const cloud = args.cloud;
  if (!isCloudName(cloud)) problems.push(`--cloud '${cloud}' is not a supported cloud (otc or huaweicloud)`);
  let endpoint: string | undefined;
  if (args.endpoint !== undefined) {
    endpoint = checkedOrigin('--endpoint', args.endpoint, problems);
  } else if (isCloudName(cloud)) {
    if (isKnownRegion(cloud, args.region)) endpoint = ecsEndpoint(cloud, args.region);
    else problems.push(`--region '${args.region}' is not a known ${cloud} region (${regionsOf(cloud).join(', ')}); pass --endpoint to use another`);
  }
  checkArguments(args, COMMON_ARGUMENTS, problems);
  const pollIntervalMs = seconds('--poll-interval', POLL_INTERVAL_VARIABLE, args.pollInterval, env, DEFAULT_POLL_INTERVAL_SECONDS, problems);
  const timeoutMs = seconds('--timeout', TIMEOUT_VARIABLE, args.timeout, env, DEFAULT_TIMEOUT_SECONDS[operation], problems);
  const resendWindowMs = seconds(undefined, RESEND_WINDOW_VARIABLE, undefined, env, DEFAULT_RESEND_WINDOW_SECONDS, problems);
  if (problems.length > 0) throw new InvalidArgumentError(problems);
  return {
    operation,
    constructPath: args.constructPath,
    cloud: cloud as CloudName,
    region: args.region,
    projectId: args.projectId,
    endpoint: endpoint!,
    endpointOverridden: args.endpoint !== undefined,
    pollIntervalMs,
    timeoutMs,
    resendWindowMs,
  };
}

/** The IAM endpoint for password authentication: `OS_AUTH_URL`, else the overridden endpoint, else the region's. */
export function resolveIamEndpoint(settings: ExecSettings, authUrl: string | undefined): string {
  if (authUrl !== undefined) {
    const problems: string[] = [];
    // OS_AUTH_URL usually ends in /v3; the client adds /v3/auth/tokens itself.
    const origin = checkedOrigin('OS_AUTH_URL', authUrl.replace(/\/+$/, '').replace(/\/v3$/, ''), problems);
    if (problems.length > 0) throw new InvalidArgumentError(problems);
    return origin!;
  }
  return settings.endpointOverridden ? settings.endpoint : iamEndpoint(settings.cloud, settings.region);
}

function checkedOrigin(name: string, value: string, problems: string[]): string | undefined {
  const result = endpointOrigin(value);
  if ('origin' in result) return result.origin;
  problems.push(flagProblem(name, result));
  return undefined;
}

function seconds(
  flag: string | undefined,
  variable: string,
  fromFlag: string | undefined,
  env: NodeJS.ProcessEnv,
  fallback: number,
  problems: string[],
): number {
  const [source, raw] = fromFlag !== undefined ? [flag!, fromFlag] : env[variable] ? [variable, env[variable]!] : [undefined, undefined];
  if (raw === undefined) return fallback * 1000;
  const result = secondsToMs(raw);
  if ('ms' in result) return result.ms;
  problems.push(flagProblem(source!, result));
  return fallback * 1000;
}
