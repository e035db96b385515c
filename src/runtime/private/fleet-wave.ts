/**
 * One wave of a fleet maintenance, in one process: every server of the wave goes through the steps together.
 * Start, stop and reboot go through the batch API (one call per step: a wave holds at most 1,000 servers); resize, change OS and reinstall OS
 * are per-server jobs sent with bounded concurrency. Each server is read once before; after that its state is known
 * from its own sub-job or job (or, when a lost response hid the job, from polling the server). Progress is one
 * aggregate line per change.
 */
import { describeFleetSteps, FLEET_STEP_ROWS, type FleetStep } from '../../cloud/fleet-steps';
import type { ServersTarget } from '../../operations/target';
import type { CommandContext, CommandResult } from '../command';
import { OperationFailedError } from '../errors/operation-failed-error';
import type { OperationInput } from '../operation-input';
import { rowPath } from './catalog-paths';
import { FLEET_CONCURRENCY, type FleetJob, mapBounded, type ServerOutcome, waitForJobs } from './fleet-jobs';
import { asRecord, asString } from './json';
import { afterStep, IS_BATCH, isComplete, refusalOf, stepHolds, WAVE_FIX } from './fleet-rules';
import { sendMutation } from './send-mutation';
import { describeState, isSettled, readServer, type ServerState } from './server-state';
import { decidingConflicts } from './task-conflict';
import { sleepOrTimeOut } from './wait';

/** Failures named in the error message; the rest go to progress lines, one per server. */
const MAX_FAILURES_LISTED = 20;

/** Why a server left the wave. */
interface Failure {
  readonly serverId: string;
  readonly step: string;
  readonly errorCode?: string;
  readonly reason: string;
}

/** Runs the wave; throws an OperationFailedError naming every server that failed, after the others finished. */
export async function runFleetWave(context: CommandContext<ServersTarget>, steps: readonly FleetStep[]): Promise<CommandResult> {
  // The shared serverIds rule checked them before the command ran: UUIDs, none twice, at most one batch call's worth.
  const ids = context.target.serverIds;
  const wave = new WaveProgress(context, context.input);
  const states = new Map<string, ServerState>();
  const failures: Failure[] = [];
  // Every server once, waiting for those with a task under way to settle.
  for (const state of await readSettled(context, ids, failures, 'read')) states.set(state.id, state);
  const pending = ids.filter((id) => states.has(id) && !isComplete(steps, states.get(id)!));
  // A server that could not be read has failed already, and counts as neither pending nor done.
  const alreadyDone = states.size - pending.length;
  wave.line(`${servers(ids.length)}, ${alreadyDone} already done; steps ${describeFleetSteps(steps)}`);
  let active = pending;
  for (const step of steps) {
    const stepName = describeFleetSteps([step]);
    const needing: string[] = [];
    for (const id of active) {
      const state = states.get(id)!;
      if (stepHolds(step, state)) continue;
      const refusal = refusalOf(step, state);
      if (refusal) failures.push({ serverId: id, step: stepName, ...refusal });
      else needing.push(id);
    }
    const send = (ids: readonly string[]) => (IS_BATCH(step) ? batchStep(context, step, ids, wave) : jobStep(context, step, ids, wave));
    // A race with another task (an identical wave) ends like a native one: the end state holding is success.
    const decision = {
      holds: (state: ServerState) => stepHolds(step, state) || isComplete(steps, state),
      refusal: (state: ServerState) => refusalOf(step, state),
    };
    const outcomes = needing.length === 0 ? new Map<string, ServerOutcome>() : await decidingConflicts(context, needing, send, decision);
    for (const id of needing) {
      const outcome = outcomes.get(id);
      if (outcome === undefined) {
        failures.push({ serverId: id, step: stepName, reason: 'no outcome' });
      } else if (outcome.ok) {
        states.set(id, outcome.state ?? afterStep(step, states.get(id)!));
      } else {
        failures.push({ serverId: id, step: stepName, errorCode: outcome.errorCode, reason: `job ${outcome.jobId}: ${outcome.reason}` });
      }
    }
    const failed = new Set(failures.map((f) => f.serverId));
    active = active.filter((id) => !failed.has(id));
  }
  wave.summary(`${servers(ids.length)}: ${active.length} changed, ${alreadyDone} already done, ${failures.length} failed`);
  if (failures.length > 0) {
    const listed = failures.slice(0, MAX_FAILURES_LISTED).map(describeFailure).join('; ');
    const more = failures.length > MAX_FAILURES_LISTED ? `; and ${failures.length - MAX_FAILURES_LISTED} more (the progress lines name them)` : '';
    for (const failure of failures.slice(MAX_FAILURES_LISTED)) wave.line(`failed: ${describeFailure(failure)}`);
    throw new OperationFailedError(`${failures.length} of ${servers(ids.length)} failed: ${listed}${more}`, { fix: WAVE_FIX });
  }
  const end = `at the end of ${describeFleetSteps(steps)}`;
  return pending.length > 0
    ? { changed: true, summary: `${wave.label}: ${servers(ids.length)} ${end}` }
    : { changed: false, summary: `${wave.label}: ${ids.length === 1 ? 'the server is' : `all ${ids.length} servers are`} already ${end}` };
}

const servers = (n: number) => `${n} server${n === 1 ? '' : 's'}`;

/** The cloud refused a request about one server (not authorization, which concerns them all). */
function isServerError(error: unknown): error is { readonly code?: string; readonly message: string } {
  return (error as { name?: string }).name === 'ApiError';
}

function describeFailure(f: Failure): string {
  return `server ${f.serverId} (${f.step})${f.errorCode ? ` ${f.errorCode}` : ''}: ${f.reason}`;
}

/** Aggregate progress lines for the wave, each written only when it changed. */
class WaveProgress {
  readonly label: string;

  constructor(
    private readonly context: CommandContext,
    input: OperationInput,
  ) {
    this.label = input.wave ? `wave ${input.wave}` : 'wave';
  }

  line(text: string): void {
    this.context.progress.line(`${this.label}: ${text}`);
  }

  state(text: string): void {
    this.context.progress.state(`${this.label}:`, text);
  }

  summary(text: string): void {
    this.line(`summary: ${text}`);
  }
}

/**
 * Whether a server shows that the step was applied: its end state, or a task under way. The state known from the
 * steps before is not compared with, as it lacks what they changed on the cloud's side (e.g. the update time).
 */
function showsStep(step: FleetStep, state: ServerState): boolean {
  return stepHolds(step, state) || !isSettled(state);
}

/** Reads each server, polling those with a task under way until they settle; a server that cannot be read fails. */
async function readSettled(context: CommandContext, ids: readonly string[], failures: Failure[], step: string): Promise<ServerState[]> {
  const settled: ServerState[] = [];
  let waiting = ids;
  for (let round = 0; waiting.length > 0; round += 1) {
    if (round > 0) await sleepOrTimeOut(context, `${waiting.length} servers to settle`, `${waiting.length} with a task under way`);
    const reads = await mapBounded(waiting, FLEET_CONCURRENCY, async (id) => {
      try {
        return await readServer({ ...context, target: { kind: 'server', serverId: id } });
      } catch (error) {
        // A server the cloud refuses to show (e.g. gone) fails alone; an authorization failure or a timeout ends the wave.
        if (!isServerError(error)) throw error;
        failures.push({ serverId: id, step, errorCode: error.code, reason: error.message });
        return undefined;
      }
    });
    const unsettled: string[] = [];
    for (const state of reads) {
      if (state === undefined) continue;
      if (isSettled(state) || state.status === 'ERROR') settled.push(state);
      else unsettled.push(state.id);
    }
    waiting = unsettled;
  }
  return settled;
}

/**
 * The outcome of servers whose job id was lost with the response (the re-read showed the step under way): each
 * server is polled until it settles, and its own state tells whether the step reached its end.
 */
async function followServers(context: CommandContext, step: FleetStep, ids: readonly string[]): Promise<Map<string, ServerOutcome>> {
  const outcomes = new Map<string, ServerOutcome>();
  if (ids.length === 0) return outcomes;
  context.progress.line(`${ids.length} job id(s) lost with the response; following those servers' state instead`);
  const failures: Failure[] = [];
  for (const state of await readSettled(context, ids, failures, describeFleetSteps([step]))) {
    const reached = step.kind === 'reboot' || step.kind.startsWith('reinstall') ? state.status !== 'ERROR' : stepHolds(step, state);
    outcomes.set(
      state.id,
      reached
        ? { ok: true }
        : { ok: false, jobId: '(id lost)', reason: `settled at ${describeState(state)}${state.fault ? `, fault ${JSON.stringify(state.fault)}` : ''}` },
    );
  }
  for (const f of failures) outcomes.set(f.serverId, { ok: false, jobId: '(id lost)', errorCode: f.errorCode, reason: f.reason });
  return outcomes;
}

/** One batch call for the wave's servers (a wave holds at most one call's worth), then its job. */
async function batchStep(context: CommandContext, step: FleetStep, ids: readonly string[], wave: WaveProgress): Promise<Map<string, ServerOutcome>> {
  const action = step.kind === 'stop' ? 'os-stop' : step.kind === 'start' ? 'os-start' : 'reboot';
  const type = step.kind === 'start' ? {} : { type: (step as { type: string }).type };
  const path = rowPath(FLEET_STEP_ROWS[step.kind], { project_id: context.client.projectId });
  // A queued job leaves the servers untouched for a while: look for the resend window before sending it again.
  const response = await sendMutation(
    context,
    { method: 'POST', path, body: { [action]: { ...type, servers: ids.map((id) => ({ id })) } } },
    {
      applied: async () => showsStep(step, await readServer({ ...context, target: { kind: 'server', serverId: ids[0] } })),
      windowMs: context.resendWindowMs,
    },
  );
  const jobId = asString(asRecord(response?.body)?.job_id);
  const jobs: FleetJob[] = jobId ? [{ jobId, serverIds: ids }] : [];
  const lost = jobId ? [] : ids;
  wave.line(`${describeFleetSteps([step])}: ${jobId ? `batch job ${jobId}` : 'a batch job whose id was lost'} for ${servers(ids.length)}`);
  const outcomes = await waitForJobs(context, jobs, (round) => wave.state(describeRound(step, round, ids.length)));
  for (const [id, outcome] of await followServers(context, step, lost)) outcomes.set(id, outcome);
  return outcomes;
}

/** One job per server, sent with bounded concurrency, then one poll loop over all of them. */
async function jobStep(context: CommandContext, step: FleetStep, ids: readonly string[], wave: WaveProgress): Promise<Map<string, ServerOutcome>> {
  const body = jobBody(step, context.input);
  const outcomes = new Map<string, ServerOutcome>();
  const lost: string[] = [];
  const jobs = (
    await mapBounded(ids, FLEET_CONCURRENCY, async (id): Promise<FleetJob | undefined> => {
      const serverContext = { ...context, target: { kind: 'server' as const, serverId: id } };
      const path = rowPath(FLEET_STEP_ROWS[step.kind], { project_id: context.client.projectId, server_id: id });
      try {
        const response = await sendMutation(
          serverContext,
          { method: 'POST', path, body },
          {
            applied: async () => showsStep(step, await readServer(serverContext)),
            windowMs: context.resendWindowMs,
          },
        );
        const jobId = asString(asRecord(response?.body)?.job_id);
        if (jobId) return { jobId, serverIds: [id] };
        lost.push(id);
      } catch (error) {
        if (!isServerError(error)) throw error;
        outcomes.set(id, { ok: false, jobId: '(not created)', errorCode: error.code, reason: error.message });
      }
      return undefined;
    })
  ).filter((job): job is FleetJob => job !== undefined);
  wave.line(`${describeFleetSteps([step])}: ${jobs.length} job(s) accepted`);
  for (const [id, outcome] of await waitForJobs(context, jobs, (round) => wave.state(describeRound(step, round, ids.length)))) outcomes.set(id, outcome);
  for (const [id, outcome] of await followServers(context, step, lost)) outcomes.set(id, outcome);
  return outcomes;
}

function jobBody(step: FleetStep, input: OperationInput): unknown {
  const login = {
    ...(input.keyName !== undefined ? { keyname: input.keyName } : {}),
    ...(input.userId !== undefined ? { userid: input.userId } : {}),
    ...(input.adminPassword !== undefined ? { adminpass: input.adminPassword } : {}),
    ...(input.userData !== undefined ? { metadata: { user_data: input.userData } } : {}),
  };
  switch (step.kind) {
    case 'resize':
      return { resize: { flavorRef: step.flavorRef } };
    case 'change-os-v1':
    case 'change-os-v2':
      return { 'os-change': { imageid: step.imageId, ...login } };
    default:
      return { 'os-reinstall': login };
  }
}

/** `stop: 38/50 SHUTOFF, 12 under way, 0 failed`. */
function describeRound(step: FleetStep, round: { ended: ReadonlyMap<string, ServerOutcome>; running: number }, total: number): string {
  const failed = [...round.ended.values()].filter((o) => !o.ok).length;
  const ok = round.ended.size - failed;
  const reached = step.kind === 'stop' ? 'SHUTOFF' : step.kind === 'start' || step.kind === 'reboot' ? 'ACTIVE' : 'done';
  return `${describeFleetSteps([step])}: ${ok}/${total} ${reached}, ${round.running} under way${failed ? `, ${failed} failed` : ''}`;
}
