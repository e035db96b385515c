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
import { afterStep, IS_BATCH, isComplete, isObservablyComplete, refusalOf, stepHolds, WAVE_FIX } from './fleet-rules';
import { sendMutation } from './send-mutation';
import { describeState, isSettled, readServer, type ServerState } from './server-state';
import { decidingConflicts } from './task-conflict';
import { sleepOrTimeOut } from './wait';
import { FleetLedger } from './fleet-ledger';
import { type HealthCheck, runHealthCheck } from './health-check';
import * as events from './events';

/** Failures named in the error message; the rest go to progress lines, one per server. */
const MAX_FAILURES_LISTED = 20;

/** Why a server left the wave. */
interface Failure {
  readonly serverId: string;
  readonly step: string;
  readonly errorCode?: string;
  readonly reason: string;
}

/** How the wave runs within its rollout (flags written by the ServerFleetMaintenance construct). */
export interface FleetWaveOptions {
  /** When each server joined the fleet, one per server (`--joined`). */
  readonly joined?: readonly string[];
  /** The plan time of this apply, the same for every wave of it (`--rollout`). */
  readonly rollout?: string;
  /** Failed servers the rollout tolerates in this apply, all waves together (`--max-failures`); none without it. */
  readonly maxFailures?: number;
  /** `report`: the check after the last wave, which names this wave's failures, or retries them in a later apply. */
  readonly phase: 'wave' | 'report';
  readonly healthCheck?: HealthCheck;
  /** Milliseconds to wait after a healthy wave (`--bake`). */
  readonly bakeMs?: number;
  /** Start again the servers this wave stopped whose later step failed (`--on-failure restore-power`). */
  readonly restorePower: boolean;
  /** The wave after which the rollout pauses (`--pause-after`). */
  readonly pauseAfter?: number;
}

/** Runs the wave (or its report); throws an OperationFailedError naming every server that failed, after the others finished. */
export async function runFleetWave(context: CommandContext<ServersTarget>, steps: readonly FleetStep[], options: FleetWaveOptions): Promise<CommandResult> {
  // The shared serverIds rule checked them before the command ran: UUIDs, none twice, at most one batch call's worth.
  const ids = context.target.serverIds;
  const wave = new WaveProgress(context, context.input);
  const ledger = new FleetLedger(context.input.constructPath);
  const place = wavePlace(context.input.wave);
  if (options.phase === 'report') return reportWave(context, steps, options, ledger, place.n, wave);
  // Without a budget every server of the wave goes on to the end, and any failure then fails the wave (and so the rollout).
  const budget = options.maxFailures === undefined ? Number.POSITIVE_INFINITY : options.maxFailures - ledger.failuresOf(options.rollout ?? '', place.n);
  const run = await driveServers(context, steps, ids, latestJoined(ids, options.joined), budget, options.restorePower, wave);
  const { failures } = run;
  if (options.maxFailures !== undefined && options.rollout !== undefined) ledger.record(place.n, { rollout: options.rollout, failures });
  events.emit(context, {
    type: 'wave-end',
    wave: place.n,
    waves: place.of,
    changed: run.changed,
    alreadyDone: run.alreadyDone,
    failed: failures.map((f) => f.serverId),
  });
  if (failures.length > 0 && (options.maxFailures === undefined || run.exceeded)) {
    throw failedServers(
      failures,
      ids.length,
      run.exceeded ? `the failure budget of ${options.maxFailures} is spent: the rollout stops at this wave` : undefined,
      run.restored,
    );
  }
  if (failures.length > 0)
    wave.line(`${failures.length} failed, within the failure budget: the rollout goes on; the apply fails after the last wave, naming them`);
  // A wave whose every server failed (within the budget) has nothing to check.
  if (options.healthCheck && failures.length < ids.length)
    await checkHealth(
      context,
      options.healthCheck,
      run.states,
      ids.filter((id) => !failures.some((f) => f.serverId === id)),
      wave,
      place.n,
    );
  const last = place.n === (options.pauseAfter ?? place.of);
  if (options.bakeMs && !last) {
    wave.line(`healthy; baking ${options.bakeMs / 1000}s before the next wave`);
    await new Promise((resolve) => setTimeout(resolve, options.bakeMs));
  }
  if (options.pauseAfter === place.n && place.n < place.of)
    wave.line(`the rollout is paused after wave ${place.n} of ${place.of}: raise or remove pauseAfterWave and apply again to go on`);
  const end = `at the end of ${describeFleetSteps(steps)}`;
  const paused = options.pauseAfter === place.n && place.n < place.of ? `; the rollout is paused after wave ${place.n} of ${place.of}` : '';
  return run.changed > 0
    ? { changed: true, summary: `${wave.label}: ${servers(ids.length - failures.length)} ${end}${paused}` }
    : { changed: false, summary: `${wave.label}: ${ids.length === 1 ? 'the server is' : `all ${ids.length} servers are`} already ${end}${paused}` };
}

/**
 * The check after the last wave: in the apply that ran the wave, it fails naming the servers the wave left failed
 * (within the budget); in a later apply (it failed, so Terraform creates it again), it retries exactly those servers,
 * or, with no record in this working directory, the wave's servers not at the end state.
 */
async function reportWave(
  context: CommandContext<ServersTarget>,
  steps: readonly FleetStep[],
  options: FleetWaveOptions,
  ledger: FleetLedger,
  n: number,
  wave: WaveProgress,
): Promise<CommandResult> {
  const ids = context.target.serverIds;
  const recorded = ledger.read()[n];
  if (recorded !== undefined && recorded.rollout === options.rollout) {
    if (recorded.failures.length === 0) return { changed: false, summary: `${wave.label}: no server failed` };
    throw failedServers(recorded.failures, ids.length, 'within the failure budget, so the rollout went on', undefined);
  }
  // Only servers of this wave are ever retried, whatever the file says. Without the file, only what the cloud shows
  // tells a failed server from a finished one: a reboot or reinstall is not run again on a server that may have
  // finished (the earlier apply named the failures; docs/fleets.md).
  const retry = recorded === undefined ? ids : ids.filter((id) => recorded.failures.some((f) => f.serverId.toLowerCase() === id.toLowerCase()));
  wave.line(
    recorded === undefined
      ? 'no record of the last run in this working directory: retrying the servers whose end state does not show (a failed reboot or reinstall cannot be seen)'
      : `retrying the ${servers(retry.length)} that failed`,
  );
  const latest = recorded === undefined ? new Set<string>() : new Set(retry);
  const run = await driveServers(
    { ...context, target: { ...context.target, serverIds: retry } },
    steps,
    retry,
    latest,
    Number.POSITIVE_INFINITY,
    options.restorePower,
    wave,
  );
  if (options.rollout !== undefined) ledger.record(n, { rollout: options.rollout, failures: run.failures });
  if (run.failures.length > 0) throw failedServers(run.failures, retry.length, undefined, run.restored);
  return { changed: run.changed > 0, summary: `${wave.label}: ${servers(retry.length)} retried, at the end of ${describeFleetSteps(steps)}` };
}

/** `<n>/<of>` of `--wave` (1/1 without it). */
function wavePlace(label: string | undefined): { n: number; of: number } {
  const [n, of] = (label ?? '1/1').split('/').map(Number);
  return { n, of };
}

function failedServers(
  failures: readonly Failure[],
  total: number,
  context: string | undefined,
  restored: readonly string[] | undefined,
): OperationFailedError {
  const listed = failures.slice(0, MAX_FAILURES_LISTED).map(describeFailure).join('; ');
  const more = failures.length > MAX_FAILURES_LISTED ? `; and ${failures.length - MAX_FAILURES_LISTED} more (the progress lines name them)` : '';
  const restoredText = restored?.length ? `; started again as onFailure says: ${restored.join(', ')}` : '';
  return new OperationFailedError(`${failures.length} of ${servers(total)} failed${context ? ` (${context})` : ''}: ${listed}${more}${restoredText}`, {
    fix: WAVE_FIX,
  });
}

/** What driving a wave's servers through the steps left. */
interface WaveRun {
  readonly failures: Failure[];
  readonly changed: number;
  readonly alreadyDone: number;
  /** The failure budget was spent: the steps after the one that spent it were not started. */
  readonly exceeded: boolean;
  readonly states: ReadonlyMap<string, ServerState>;
  /** Servers started again after a failure (`restore-power`). */
  readonly restored: readonly string[];
}

/** Drives the servers through the steps: every server once read, then each step for all that need it. */
async function driveServers(
  context: CommandContext<ServersTarget>,
  steps: readonly FleetStep[],
  ids: readonly string[],
  latest: ReadonlySet<string>,
  budget: number,
  restorePower: boolean,
  wave: WaveProgress,
): Promise<WaveRun> {
  const states = new Map<string, ServerState>();
  const failures: Failure[] = [];
  // Every server once, waiting for those with a task under way to settle.
  for (const state of await readSettled(context, ids, failures, 'read')) states.set(state.id, state);
  // A server that joined before the latest finished with an earlier run of a wave: it runs again only when what
  // can be seen of the end state (power, flavor, image) does not hold.
  const pending = ids.filter((id) => {
    const state = states.get(id);
    if (state === undefined) return false;
    return latest.has(id) ? !isComplete(steps, state) : !isObservablyComplete(steps, state);
  });
  // A server that could not be read has failed already, and counts as neither pending nor done.
  const alreadyDone = states.size - pending.length;
  wave.line(`${servers(ids.length)}, ${alreadyDone} already done; steps ${describeFleetSteps(steps)}`);
  events.emit(context, { type: 'wave-start', wave: wavePlace(context.input.wave).n, servers: ids.length, alreadyDone });
  const stoppedHere = new Set<string>();
  let active = pending;
  let exceeded = failures.length > budget;
  for (const step of steps) {
    if (exceeded) break;
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
        if (step.kind === 'stop') stoppedHere.add(id);
      } else {
        failures.push({ serverId: id, step: stepName, errorCode: outcome.errorCode, reason: `job ${outcome.jobId}: ${outcome.reason}` });
      }
    }
    events.emit(context, { type: 'step', wave: wavePlace(context.input.wave).n, step: stepName, servers: needing.length, failed: failures.length });
    const failed = new Set(failures.map((f) => f.serverId));
    active = active.filter((id) => !failed.has(id));
    exceeded = failures.length > budget;
  }
  for (const failure of failures) events.emit(context, { type: 'server-failed', wave: wavePlace(context.input.wave).n, ...failure });
  const restored = restorePower ? await restoreStopped(context, failures, stoppedHere, states, wave) : [];
  const changed = exceeded ? 0 : active.length;
  wave.summary(
    `${servers(ids.length)}: ${changed} changed, ${alreadyDone} already done, ${failures.length} failed${exceeded ? ' (failure budget spent: later steps not started)' : ''}`,
  );
  return { failures, changed, alreadyDone, exceeded, states, restored };
}

/** `restore-power`: starts again (one batch call) the servers this wave stopped whose later step failed. */
async function restoreStopped(
  context: CommandContext<ServersTarget>,
  failures: readonly Failure[],
  stoppedHere: ReadonlySet<string>,
  states: ReadonlyMap<string, ServerState>,
  wave: WaveProgress,
): Promise<string[]> {
  const toStart = failures.map((f) => f.serverId).filter((id) => stoppedHere.has(id));
  if (toStart.length === 0) return [];
  const now = await readSettled(context, toStart, [], 'restore power');
  const stopped = now.filter((state) => state.status === 'SHUTOFF' && !state.locked).map((state) => state.id);
  if (stopped.length === 0) return [];
  wave.line(`onFailure restore-power: starting again ${servers(stopped.length)} this wave stopped`);
  const outcomes = await batchStep(context, { kind: 'start' }, stopped, wave);
  const started = stopped.filter((id) => outcomes.get(id)?.ok);
  for (const id of started) wave.line(`server ${id} started again (onFailure restore-power), state was ${describeState(states.get(id)!)}`);
  return started;
}

/** Runs the health check on the wave's servers (their addresses as the cloud reports them); an unhealthy wave fails. */
async function checkHealth(
  context: CommandContext<ServersTarget>,
  check: HealthCheck,
  states: ReadonlyMap<string, ServerState>,
  ids: readonly string[],
  wave: WaveProgress,
  n: number,
): Promise<void> {
  // Read again: a server's addresses may change with a reinstall or a start.
  const addresses = new Map<string, readonly string[]>();
  for (const state of await readSettled(context, ids, [], 'health check')) addresses.set(state.id, state.addresses);
  for (const id of ids) if (!addresses.has(id)) addresses.set(id, states.get(id)?.addresses ?? []);
  const result = await runHealthCheck(context, check, addresses, (attempt, exit) => wave.line(`health check attempt ${attempt}: ${exit}`));
  events.emit(context, { type: 'health-check', wave: n, healthy: result.healthy, attempts: result.attempts });
  if (result.healthy) {
    wave.line(`health check passed (attempt ${result.attempts})`);
    return;
  }
  throw new OperationFailedError(
    `the health check ${JSON.stringify(check.command)} still failed after ${result.attempts} attempt(s) (${result.exit}); no later wave starts. Its last output: ${JSON.stringify(result.output.trim())}`,
    { fix: 'find why the servers of this wave do not serve, repair them, then run terraform apply again: the wave checks them again' },
  );
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
 * The servers that joined the fleet last (all of them without `joined`): the wave was replaced for them, or, when
 * all joined together, for a first run, a retry after a failure, or changed steps.
 */
function latestJoined(ids: readonly string[], joined: readonly string[] | undefined): ReadonlySet<string> {
  if (joined === undefined) return new Set(ids);
  const times = joined.map((t) => Date.parse(t));
  const last = Math.max(...times);
  return new Set(ids.filter((_, i) => times[i] === last));
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
