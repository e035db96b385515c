/**
 * The steps of a fleet wave on the command line: one argv value, comma-separated, each `<kind>[:<value>]`,
 * written by the ServerFleetMaintenance construct and parsed by the `fleet-wave` command:
 *
 *   stop:SOFT,resize:s3.large.2,start
 *
 * Values are checked on both sides (the same patterns), so a hostile value is refused at synth and at apply.
 */
import type { PermissionRowId } from '../permissions/permission-rows';

/** One step of a wave, as the command runs it. */
export type FleetStep =
  | { readonly kind: 'stop'; readonly type: 'SOFT' | 'HARD' }
  | { readonly kind: 'start' }
  | { readonly kind: 'reboot'; readonly type: 'SOFT' | 'HARD' }
  | { readonly kind: 'resize'; readonly flavorRef: string }
  | { readonly kind: 'change-os-v1' | 'change-os-v2'; readonly imageId: string }
  | { readonly kind: 'reinstall-os-v1' | 'reinstall-os-v2' };

export type FleetStepKind = FleetStep['kind'];

/** The permission row each kind of step calls. */
export const FLEET_STEP_ROWS: Readonly<Record<FleetStepKind, PermissionRowId>> = {
  stop: 'batch-stop',
  start: 'batch-start',
  reboot: 'batch-reboot',
  resize: 'resize-cloudservers',
  'change-os-v1': 'change-os-v1',
  'change-os-v2': 'change-os-v2',
  'reinstall-os-v1': 'reinstall-os-v1',
  'reinstall-os-v2': 'reinstall-os-v2',
};

/** At most this many steps in one wave. */
export const MAX_FLEET_STEPS = 16;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const FLAVOR = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Writes the steps as one argv value. */
export function encodeFleetSteps(steps: readonly FleetStep[]): string {
  return steps
    .map((step) => {
      switch (step.kind) {
        case 'stop':
        case 'reboot':
          return `${step.kind}:${step.type}`;
        case 'resize':
          return `resize:${step.flavorRef}`;
        case 'change-os-v1':
        case 'change-os-v2':
          return `${step.kind}:${step.imageId}`;
        default:
          return step.kind;
      }
    })
    .join(',');
}

/** Parses the argv value; every problem is reported, and nothing is returned unless all steps are valid. */
export function parseFleetSteps(text: string): { readonly steps: readonly FleetStep[] } | { readonly problems: readonly string[] } {
  const problems: string[] = [];
  const steps: FleetStep[] = [];
  const parts = text.split(',');
  if (text === '' || parts.length > MAX_FLEET_STEPS) return { problems: [`--steps must list 1 to ${MAX_FLEET_STEPS} steps, comma-separated`] };
  for (const part of parts) {
    const colon = part.indexOf(':');
    const [kind, value] = colon < 0 ? [part, undefined] : [part.slice(0, colon), part.slice(colon + 1)];
    const step = stepOf(kind, value);
    if (step) steps.push(step);
    else
      problems.push(
        `--steps: ${JSON.stringify(part)} is not a step (stop:SOFT|HARD, start, reboot:SOFT|HARD, resize:<flavor>, change-os-v1|v2:<image UUID>, reinstall-os-v1|v2)`,
      );
  }
  return problems.length ? { problems } : { steps };
}

function stepOf(kind: string, value: string | undefined): FleetStep | undefined {
  const power = value === 'SOFT' || value === 'HARD' ? value : undefined;
  switch (kind) {
    case 'stop':
    case 'reboot':
      return power ? { kind, type: power } : undefined;
    case 'start':
      return value === undefined ? { kind } : undefined;
    case 'resize':
      return value !== undefined && FLAVOR.test(value) ? { kind, flavorRef: value } : undefined;
    case 'change-os-v1':
    case 'change-os-v2':
      return value !== undefined && UUID.test(value) ? { kind, imageId: value } : undefined;
    case 'reinstall-os-v1':
    case 'reinstall-os-v2':
      return value === undefined ? { kind } : undefined;
    default:
      return undefined;
  }
}

/** `stop → resize s3.large.2 → start`. */
export function describeFleetSteps(steps: readonly FleetStep[]): string {
  return encodeFleetSteps(steps)
    .split(',')
    .map((s) => s.replace(':', ' '))
    .join(' → ');
}

/**
 * Whether the cloud shows that a server is at the end of the steps, so a wave run again can tell a finished server
 * from one still to do. A resize or a change of OS leaves a flavor or an image to compare, and power steps a power
 * state; a reboot or a reinstall leaves nothing, so steps holding one of them and neither a resize nor a change of OS
 * show nothing. The construct writes member records (which remember when each server joined) exactly for the steps
 * that show nothing, and the command's end-state rule (`isComplete`) uses the same split.
 */
export function showsCompletion(steps: readonly FleetStep[]): boolean {
  const leavesState = steps.some((s) => s.kind === 'resize' || s.kind.startsWith('change-os'));
  return leavesState || !steps.some((s) => s.kind === 'reboot' || s.kind.startsWith('reinstall'));
}

/** A health check's argv at most holds this many words. */
export const MAX_HEALTH_ARGS = 64;
/** How long a health check may keep failing before the wave fails, unless the fleet says otherwise. */
export const DEFAULT_HEALTH_TIMEOUT_SECONDS = 300;
/** Seconds between two attempts of a health check, unless the fleet says otherwise. */
export const DEFAULT_HEALTH_INTERVAL_SECONDS = 10;

/**
 * Whether `value` is a health check's argv: 1 to 64 strings of at most 4,096 characters, the first not empty, none
 * holding a NUL (which no argv word can carry). The same check at synth and at apply.
 */
export function isHealthCommand(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length >= 1 &&
    value.length <= MAX_HEALTH_ARGS &&
    value.every((word) => typeof word === 'string' && word.length <= 4096 && !word.includes('\u0000')) &&
    value[0] !== ''
  );
}
