/**
 * Batch start, stop and reboot, `POST /v1/{project_id}/cloudservers/action` ([OTC-ECS] apis_recommended/
 * batch_operations, fleet-apis.md): `{"os-start" | "os-stop" | "reboot": {"servers": [{"id"}], "type"?}}`,
 * at most 1,000 servers. The answer is one job with one sub-job per server, all running side by side.
 *
 * The whole request is refused only when it is malformed (400 `Ecs.0005`, `Ecs.0118` over 1,000 servers) or
 * names a server that does not exist (404 `Ecs.0114`). A server whose state does not allow the action fails
 * its own sub-job when the job runs (`Ecs.0605` locked, `Ecs.0100` wrong state) and the others go on: the
 * documentation promises no all-or-nothing.
 */
import type { BatchAction } from '../../route-table';
import { type HandlerContext, type HandlerResult, isObject, reply } from '../handler-context';
import { type JobStep, type JobTrack, type StepRefusal, startJob } from '../job-runner';
import { CLOUD_CODES, cloudCodeError, type EmulatorResponse } from '../responses';
import { type ServerRecord, statusOf, type VmState } from '../server-record';
import type { World } from '../world';

const MAX_SERVERS = 1000;

/** The job and sub-job types the emulator reports, and the error of an injected sub-job failure. */
const KINDS: Readonly<Record<BatchAction, { readonly jobType: string; readonly subJobType: string; readonly errorCode: string; readonly verb: string }>> = {
  'os-start': { jobType: 'batchStartServers', subJobType: 'startServer', errorCode: CLOUD_CODES.startFailed.code, verb: 'start' },
  'os-stop': { jobType: 'batchStopServers', subJobType: 'stopServer', errorCode: CLOUD_CODES.batchFailed.code, verb: 'stop' },
  reboot: { jobType: 'batchRebootServers', subJobType: 'rebootServer', errorCode: CLOUD_CODES.rebootFailed.code, verb: 'reboot' },
};

interface BatchRequest {
  readonly serverIds: readonly string[];
  readonly hard: boolean;
}

export function batchAction(ctx: HandlerContext, action: BatchAction): HandlerResult {
  const { world } = ctx;
  const request = parseBatch(action, isObject(ctx.body) ? ctx.body[action] : undefined);
  if ('status' in request) return reply(request);
  const missing = request.serverIds.find((id) => !world.servers.has(id));
  if (missing !== undefined)
    return reply(cloudCodeError(404, CLOUD_CODES.serverMissing, `Server ${missing} does not exist; no server of the batch was changed.`));
  // The cloud finds servers without regard to case and answers with their own ids.
  const servers = request.serverIds.map((id) => world.servers.get(id)!);
  const tracks = servers.map((server) => batchTrack(world, action, request.hard, server, ctx.takeJobFault(server.id)));
  const job = startJob(world, { jobType: KINDS[action].jobType, tracks });
  return { response: { status: 200, body: { job_id: job.jobId } }, mutated: servers.map((server) => server.id) };
}

/** The option's fields as the OTC pages define them: `servers` for all three, `type` SOFT/HARD (mandatory for reboot). */
function parseBatch(action: BatchAction, option: unknown): BatchRequest | EmulatorResponse {
  const bad = (detail: string) => cloudCodeError(400, CLOUD_CODES.invalidParameter, `${action}: ${detail}`);
  if (!isObject(option)) return bad('must be an object with servers.');
  const { servers, type } = option;
  // os-start has no type; stop defaults to SOFT; reboot must say which.
  if (action === 'reboot' && type === undefined) return bad('type is mandatory: SOFT or HARD.');
  if (action !== 'os-start' && type !== undefined && type !== 'SOFT' && type !== 'HARD') return bad('type must be SOFT or HARD.');
  if (!Array.isArray(servers) || servers.length === 0) return bad('servers must be a non-empty list of {"id": "<server id>"}.');
  if (servers.length > MAX_SERVERS) return cloudCodeError(400, CLOUD_CODES.tooManyServers, `At most ${MAX_SERVERS} ECSs per request; found ${servers.length}.`);
  const serverIds: string[] = [];
  for (const [i, entry] of servers.entries()) {
    if (!isObject(entry) || typeof entry.id !== 'string' || entry.id === '') return bad(`servers[${i}].id must be a non-empty string.`);
    const id = entry.id;
    if (serverIds.some((other) => other.toLowerCase() === id.toLowerCase())) return bad(`servers[${i}]: server ${id} appears twice.`);
    serverIds.push(id);
  }
  return { serverIds, hard: action !== 'os-start' && type === 'HARD' };
}

/** One server's sub-job: the same states and timings as the native action, then the server's end state. */
function batchTrack(world: World, action: BatchAction, hard: boolean, server: ServerRecord, fault: JobTrack['fault']): JobTrack {
  const kind = KINDS[action];
  const plan = planOf(action, hard, world.config.timings);
  const end = action === 'os-stop' ? { vmState: 'stopped' as const, powerState: 4 as const } : { vmState: 'active' as const, powerState: 1 as const };
  let before: { vmState: VmState; powerState: 1 | 4 } = { vmState: server.vmState, powerState: server.powerState };
  const step: JobStep = {
    jobType: kind.subJobType,
    durationMs: plan.durationMs,
    begin: (s): StepRefusal | void => {
      if (s.locked) return { errorCode: CLOUD_CODES.locked.code, failReason: CLOUD_CODES.locked.message };
      if (s.taskState !== null || !plan.from.includes(s.vmState)) {
        return {
          errorCode: CLOUD_CODES.badStatus.code,
          failReason: `${CLOUD_CODES.badStatus.message} Cannot ${hard ? 'hard ' : ''}${kind.verb} server ${s.id} while it is ${statusOf(s.vmState, s.taskState)}${s.taskState ? ` (task_state ${s.taskState})` : ''}.`,
        };
      }
      before = { vmState: s.vmState, powerState: s.powerState };
      world.update(s, { taskState: plan.taskState });
    },
    succeed: (s) => world.update(s, { taskState: null, ...end }),
  };
  return {
    server,
    steps: [step],
    fault,
    defaultErrorCode: kind.errorCode,
    // An injected failure leaves the server as it was before its sub-job.
    restore: (s) => world.update(s, { taskState: null, ...before }),
  };
}

/** Which states the action starts from, the task it shows meanwhile, and how long it takes. */
interface BatchPlan {
  readonly from: readonly VmState[];
  readonly taskState: string;
  readonly durationMs: number;
}

function planOf(action: BatchAction, hard: boolean, timings: World['config']['timings']): BatchPlan {
  switch (action) {
    case 'os-start':
      return { from: ['stopped'], taskState: 'powering-on', durationMs: timings.start };
    case 'os-stop':
      return { from: ['active'], taskState: 'powering-off', durationMs: timings.stop };
    // A hard reboot may start a stopped server; a soft one needs a running one (as the native reboot).
    case 'reboot':
      return { from: hard ? ['active', 'stopped'] : ['active'], taskState: hard ? 'rebooting_hard' : 'rebooting', durationMs: timings.reboot };
  }
}
