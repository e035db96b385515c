/**
 * Where and how patiently an `exec` run works: the cloud, region, project and endpoints, the poll interval
 * and the timeout, resolved from the parsed command line and the environment (the flag wins over the variable).
 */
import { CloudName, ecsEndpoint, ExecArguments, iamEndpoint, isCloudName, isKnownRegion, regionsOf } from '../cloud';
import { OPERATION_DEFINITIONS, OperationId, tableOf } from '../operations';
import { InvalidArgumentError } from './errors/invalid-argument-error';

/** Seconds between status polls when neither `--poll-interval` nor `ECS_LIFECYCLE_POLL_INTERVAL` is set. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 2;

/** Seconds an operation may take when neither `--timeout` nor `ECS_LIFECYCLE_TIMEOUT` is set (from its definition). */
export const DEFAULT_TIMEOUT_SECONDS: Readonly<Record<OperationId, number>> = tableOf(OPERATION_DEFINITIONS, (d) => d.defaultTimeoutSeconds);

/** Environment variables that override the defaults (a flag on the command line wins). */
export const POLL_INTERVAL_VARIABLE = 'ECS_LIFECYCLE_POLL_INTERVAL';
export const TIMEOUT_VARIABLE = 'ECS_LIFECYCLE_TIMEOUT';

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
  if (!/^[A-Za-z0-9_-]+$/.test(args.projectId)) problems.push(`--project-id '${args.projectId}' is not a project id (letters, digits, '-' and '_')`);
  const pollIntervalMs = seconds('--poll-interval', POLL_INTERVAL_VARIABLE, args.pollInterval, env, DEFAULT_POLL_INTERVAL_SECONDS, problems);
  const timeoutMs = seconds('--timeout', TIMEOUT_VARIABLE, args.timeout, env, DEFAULT_TIMEOUT_SECONDS[operation], problems);
  if (problems.length > 0) throw new InvalidArgumentError(problems);
  return {
    operation, constructPath: args.constructPath, cloud: cloud as CloudName, region: args.region, projectId: args.projectId,
    endpoint: endpoint!, endpointOverridden: args.endpoint !== undefined, pollIntervalMs, timeoutMs,
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

// An endpoint is a scheme and host (and port) only. Credentials travel over HTTPS; plain HTTP is accepted
// only for a loopback address (an emulator on this machine).
function checkedOrigin(name: string, value: string, problems: string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name} '${value}' is not a URL`);
    return undefined;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    problems.push(`${name} '${value}' must use https (http only for localhost, 127.0.0.1 or [::1])`);
    return undefined;
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    problems.push(`${name} '${value}' must be a scheme and host only, e.g. https://ecs.eu-de.otc.t-systems.com`);
    return undefined;
  }
  return url.origin;
}

function seconds(
  flag: string, variable: string, fromFlag: string | undefined, env: NodeJS.ProcessEnv, fallback: number, problems: string[],
): number {
  const [source, raw] = fromFlag !== undefined ? [flag, fromFlag] : env[variable] ? [variable, env[variable]!] : [undefined, undefined];
  if (raw === undefined) return fallback * 1000;
  const value = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(value > 0)) {
    problems.push(`${source} '${raw}' must be a number of seconds greater than 0 (decimals allowed)`);
    return fallback * 1000;
  }
  return value * 1000;
}
