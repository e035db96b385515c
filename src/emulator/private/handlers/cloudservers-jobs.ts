/**
 * The cloudservers APIs that run as jobs ([OTC-ECS] apis_recommended/status_management): change OS
 * (`/v1` and `/v2` …/changeos), reinstall OS (…/reinstallos) and resize (`/v1` …/resize). Each answers
 * `{"job_id"}` and moves the server through the job; refusals use the cloud's `Ecs.xxxx` codes.
 */
import { type HandlerContext, type HandlerResult, isObject, reply } from '../handler-context';
import { type JobStep, startJob } from '../job-runner';
import { CLOUD_CODES, cloudCodeError, type EmulatorResponse } from '../responses';
import type { ServerRecord } from '../server-record';
import type { World } from '../world';

// OTC: "OS changes are only supported on stopped ECSs" (changeos / reinstallos) and "You can modify the ECS
// specifications only when the ECS is stopped." Huawei's `mode: "withStopServer"` (changeos, reinstallos and the
// pay-per-use resize) stops a running one first.
const WITH_STOP_SERVER = 'withStopServer';
const MAX_USER_DATA_BYTES = 32 * 1024;

export function changeOs(ctx: HandlerContext, version: 'v1' | 'v2'): HandlerResult {
  return osJob(ctx, version, 'os-change');
}

export function reinstallOs(ctx: HandlerContext, version: 'v1' | 'v2'): HandlerResult {
  return osJob(ctx, version, 'os-reinstall');
}

export function resizeCloudServer(ctx: HandlerContext): HandlerResult {
  const { world } = ctx;
  const server = findServer(ctx);
  if (!server) return reply(serverNotFound());
  const body = ctx.body;
  const resize = isObject(body) ? body.resize : undefined;
  if (!isObject(body) || !isObject(resize) || typeof resize.flavorRef !== 'string' || resize.flavorRef === '') {
    return reply(cloudCodeError(400, CLOUD_CODES.invalidParameter, 'resize.flavorRef is required.'));
  }
  if (body.dry_run !== undefined && typeof body.dry_run !== 'boolean') {
    return reply(cloudCodeError(400, CLOUD_CODES.invalidParameter, 'dry_run must be a boolean.'));
  }
  // Huawei's ResizePostPaidServerOption has `mode` inside `resize`, as os-change has it inside `os-change`.
  if (resize.mode !== undefined && resize.mode !== WITH_STOP_SERVER) {
    return reply(cloudCodeError(400, CLOUD_CODES.invalidParameter, `resize.mode must be "${WITH_STOP_SERVER}".`));
  }
  const refusal = lockOrStateRefusal(server, resize.mode === WITH_STOP_SERVER);
  if (refusal) return reply(refusal);
  const flavorRef = resize.flavorRef;
  if (!world.flavors.has(flavorRef)) return reply(cloudCodeError(400, CLOUD_CODES.flavorMissing));
  if (flavorRef === server.flavorRef) return reply(cloudCodeError(400, CLOUD_CODES.sameFlavor));
  // dry_run: the request is checked only, and "returns status code 202".
  if (body.dry_run === true) return reply({ status: 202 });
  const previous = server.flavorRef;
  const job = startJob(world, {
    jobType: 'resizeServer',
    tracks: [
      {
        server,
        steps: stoppedFirst(world, server, {
          jobType: 'resizeServer',
          begin: (s) => world.update(s, { taskState: 'resize_prep' }),
          end: { flavorRef },
        }),
        fault: ctx.takeJobFault(server.id),
        defaultErrorCode: 'Ecs.0207',
        // A failed resize keeps the old flavor; a server stopped for it stays stopped.
        restore: (s) => world.update(s, { taskState: null, flavorRef: previous }),
      },
    ],
  });
  return { response: { status: 200, body: { job_id: job.jobId } }, mutated: server.id };
}

function osJob(ctx: HandlerContext, version: 'v1' | 'v2', key: 'os-change' | 'os-reinstall'): HandlerResult {
  const { world } = ctx;
  const server = findServer(ctx);
  if (!server) return reply(serverNotFound());
  const option = isObject(ctx.body) ? ctx.body[key] : undefined;
  if (!isObject(option)) return reply(cloudCodeError(400, CLOUD_CODES.invalidParameter, `${key} is required.`));
  const invalid = invalidOsOption(option, version, key);
  if (invalid) return reply(invalid);
  const withStop = option.mode === WITH_STOP_SERVER;
  const refusal = lockOrStateRefusal(server, withStop);
  if (refusal) return reply(refusal);
  const imageId = key === 'os-change' ? (option.imageid as string) : server.imageId;
  const keyName = typeof option.keyname === 'string' ? option.keyname : undefined;
  const jobType = key === 'os-change' ? 'changeOS' : 'reinstallOS';
  const job = startJob(world, {
    jobType,
    tracks: [
      {
        server,
        steps: stoppedFirst(world, server, {
          jobType,
          begin: (s) => world.update(s, { taskState: 'rebuilding' }),
          end: { imageId, ...(keyName !== undefined ? { keyName } : {}) },
        }),
        fault: ctx.takeJobFault(server.id),
        defaultErrorCode: 'Ecs.1000',
        // A failed OS change leaves the server stopped with its old image; OTC allows a retry in that state.
        restore: (s) => world.update(s, { taskState: null, vmState: 'stopped', powerState: 4 }),
      },
    ],
  });
  return { response: { status: 200, body: { job_id: job.jobId } }, mutated: server.id };
}

/** The work of a job that needs a stopped server, and what it changes when it succeeds. */
interface StoppedWork {
  readonly jobType: string;
  readonly begin: (server: ServerRecord) => void;
  readonly end: Partial<ServerRecord>;
}

/**
 * The sub-jobs for work on a stopped server. A running one (allowed only with `mode: "withStopServer"`) is
 * stopped by a `stopServer` sub-job first and, an assumption no source contradicts, started again after it.
 */
function stoppedFirst(world: World, server: ServerRecord, work: StoppedWork): JobStep[] {
  const wasRunning = server.vmState === 'active';
  const restart = wasRunning ? { vmState: 'active' as const, powerState: 1 as const } : {};
  const main: JobStep = { jobType: work.jobType, begin: work.begin, succeed: (s) => world.update(s, { taskState: null, ...work.end, ...restart }) };
  if (!wasRunning) return [main];
  return [
    {
      jobType: 'stopServer',
      begin: (s) => world.update(s, { taskState: 'powering-off' }),
      succeed: (s) => world.update(s, { taskState: null, vmState: 'stopped', powerState: 4 }),
    },
    main,
  ];
}

/** Field checks from the OTC field tables and Huawei's SDK models (ecs-api.md §1.2, §1.3). */
function invalidOsOption(option: Record<string, unknown>, version: 'v1' | 'v2', key: 'os-change' | 'os-reinstall'): EmulatorResponse | undefined {
  const bad = (detail: string) => cloudCodeError(400, CLOUD_CODES.invalidParameter, detail);
  if (key === 'os-change' && (typeof option.imageid !== 'string' || option.imageid === '')) return bad('os-change.imageid is required.');
  for (const field of ['keyname', 'userid', 'adminpass'] as const) {
    if (option[field] !== undefined && (typeof option[field] !== 'string' || option[field] === '')) return bad(`${key}.${field} must be a non-empty string.`);
  }
  if (option.keyname !== undefined && option.adminpass !== undefined) return bad(`${key}.keyname and ${key}.adminpass must not be set together.`);
  if (key === 'os-reinstall' && option.keyname !== undefined && option.userid === undefined)
    return bad('os-reinstall.userid is required when keyname is used.');
  if (option.mode !== undefined && option.mode !== WITH_STOP_SERVER) return bad(`${key}.mode must be "${WITH_STOP_SERVER}".`);
  const metadata = option.metadata;
  if (metadata !== undefined && !isObject(metadata)) return bad(`${key}.metadata must be an object.`);
  const userData = isObject(metadata) ? metadata.user_data : undefined;
  if (userData !== undefined) {
    // /v1 is the "without Cloud-Init" variant: its metadata has no user_data.
    if (version === 'v1') return bad(`${key}.metadata.user_data is not supported by the /v1 API (no Cloud-Init); use /v2.`);
    if (typeof userData !== 'string' || !isBase64(userData)) return bad(`${key}.metadata.user_data must be base64.`);
    if (Buffer.from(userData, 'base64').length > MAX_USER_DATA_BYTES) return bad(`${key}.metadata.user_data must not exceed 32 KB before encoding.`);
  }
  if (option.keyname === undefined && option.adminpass === undefined && userData === undefined) {
    return bad(version === 'v1' ? `${key} needs keyname or adminpass.` : `${key} needs keyname, adminpass or metadata.user_data.`);
  }
  if (typeof option.adminpass === 'string' && !isComplexPassword(option.adminpass)) return cloudCodeError(400, CLOUD_CODES.passwordComplexity);
  return undefined;
}

function lockOrStateRefusal(server: ServerRecord, allowRunning: boolean): EmulatorResponse | undefined {
  if (server.locked) return cloudCodeError(400, CLOUD_CODES.locked);
  const stopped = server.vmState === 'stopped' && server.taskState === null;
  const running = server.vmState === 'active' && server.taskState === null;
  if (stopped || (allowRunning && running)) return undefined;
  return cloudCodeError(400, CLOUD_CODES.badStatus, allowRunning ? 'The ECS must be stopped or running with no task in progress.' : 'The ECS must be stopped.');
}

function findServer(ctx: HandlerContext): ServerRecord | undefined {
  return ctx.world.servers.get(ctx.params.serverId ?? '');
}

function serverNotFound(): EmulatorResponse {
  return cloudCodeError(404, CLOUD_CODES.serverMissing);
}

// 8 to 26 characters from at least three of: upper case, lower case, digits, special characters (Huawei adminpass).
function isComplexPassword(password: string): boolean {
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  return password.length >= 8 && password.length <= 26 && classes >= 3;
}

function isBase64(value: string): boolean {
  return value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
}
