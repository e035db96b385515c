/**
 * What a fleet wave does to one server, step by step: whether the server is already at the end of the steps, whether a
 * step's end state holds, why the cloud would refuse a step, and the state a step leaves. Pure: the `fleet-wave`
 * command decides with these rules, and `preview` predicts with the same ones.
 */
import { type FleetStep, showsCompletion } from '../../cloud/fleet-steps';
import { UNLOCK_FIRST } from './preconditions';
import { describeState, isSettled, type ServerState } from './server-state';

/** What to do when servers of a wave failed. */
export const WAVE_FIX = 'repair or unlock the servers named, then run terraform apply again: it retries only the servers not yet at the end state';

/** Start, stop and reboot: the steps sent through the batch API. */
export const IS_BATCH = (step: FleetStep) => step.kind === 'stop' || step.kind === 'start' || step.kind === 'reboot';

/** The status a power step leaves, for the end-state check. */
function powerAfter(steps: readonly FleetStep[]): string | undefined {
  const last = [...steps].reverse().find(IS_BATCH);
  return last === undefined ? undefined : last.kind === 'stop' ? 'SHUTOFF' : 'ACTIVE';
}

/**
 * Whether the server is already at the end of the steps, so a re-run leaves it alone. A reboot or a reinstall
 * leaves nothing to observe, so steps made only of those (and power changes) are never complete before they ran.
 */
export function isComplete(steps: readonly FleetStep[], state: ServerState): boolean {
  return showsCompletion(steps) && isObservablyComplete(steps, state);
}

/** Whether every end state the cloud shows holds (power, flavor, image); reboot and reinstall show none. */
export function isObservablyComplete(steps: readonly FleetStep[], state: ServerState): boolean {
  if (!isSettled(state)) return false;
  const power = powerAfter(steps);
  if (power !== undefined && state.status !== power) return false;
  return steps.every((s) => (s.kind === 'resize' || s.kind.startsWith('change-os') ? stepHolds(s, state) : true));
}

/** Whether the step's end state already holds, so the server skips it. */
export function stepHolds(step: FleetStep, state: ServerState): boolean {
  switch (step.kind) {
    case 'stop':
      return state.status === 'SHUTOFF';
    case 'start':
      return state.status === 'ACTIVE';
    case 'resize':
      return state.flavorId === step.flavorRef;
    case 'change-os-v1':
    case 'change-os-v2':
      return state.imageId === step.imageId;
    default:
      return false;
  }
}

/** Why the cloud would refuse the step on this server, found before anything is sent. */
export function refusalOf(step: FleetStep, state: ServerState): { errorCode: string; reason: string } | undefined {
  if (state.locked) return { errorCode: 'locked', reason: UNLOCK_FIRST };
  const needs = (statuses: readonly string[], what: string) =>
    statuses.includes(state.status) ? undefined : { errorCode: 'state', reason: `is ${describeState(state)}; the step needs ${what}` };
  switch (step.kind) {
    case 'stop':
      return needs(['ACTIVE'], 'a running server (ACTIVE)');
    case 'start':
      return needs(['SHUTOFF'], 'a stopped server (SHUTOFF)');
    case 'reboot':
      return needs(step.type === 'HARD' ? ['ACTIVE', 'SHUTOFF'] : ['ACTIVE'], 'a running server (ACTIVE)');
    case 'resize':
      return needs(['SHUTOFF'], 'a stopped server (SHUTOFF): put a stop step before it');
    default:
      return needs(['SHUTOFF', 'ERROR'], 'a stopped server (SHUTOFF): put a stop step before it');
  }
}

/** The state a successful step leaves (known from its job, not read again). */
export function afterStep(step: FleetStep, state: ServerState): ServerState {
  switch (step.kind) {
    case 'stop':
      return { ...state, status: 'SHUTOFF' };
    case 'start':
    case 'reboot':
      return { ...state, status: 'ACTIVE' };
    case 'resize':
      return { ...state, flavorId: step.flavorRef };
    case 'change-os-v1':
    case 'change-os-v2':
      return { ...state, status: 'SHUTOFF', imageId: step.imageId };
    default:
      return { ...state, status: 'SHUTOFF' };
  }
}
