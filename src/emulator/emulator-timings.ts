/**
 * How long each transition takes, in milliseconds. The defaults look like a real cloud but stay short
 * enough for a demo; tests pass tens of milliseconds.
 */
export interface EmulatorTimings {
  /**
   * `os-start`: task_state `powering-on` (status still SHUTOFF) until ACTIVE.
   * @default 800
   */
  readonly start?: number;
  /**
   * `os-stop`: task_state `powering-off` (status still ACTIVE) until SHUTOFF.
   * @default 800
   */
  readonly stop?: number;
  /**
   * `reboot`: REBOOT / HARD_REBOOT until ACTIVE, split over its two task states.
   * @default 1000
   */
  readonly reboot?: number;
  /**
   * Native `resize`: RESIZE until VERIFY_RESIZE, split over resize_prep, resize_migrating, resize_migrated, resize_finish.
   * @default 1500
   */
  readonly resize?: number;
  /**
   * Native `revertResize`: REVERT_RESIZE until the old flavor is back.
   * @default 600
   */
  readonly revertResize?: number;
  /**
   * A cloudservers job stays INIT this long before it is RUNNING.
   * @default 300
   */
  readonly jobQueued?: number;
  /**
   * A RUNNING cloudservers job (changeos, reinstallos, resize) takes this long per sub-job.
   * @default 1200
   */
  readonly jobRunning?: number;
}

/** The default timings. */
export const DEFAULT_TIMINGS: Required<EmulatorTimings> = {
  start: 800,
  stop: 800,
  reboot: 1000,
  resize: 1500,
  revertResize: 600,
  jobQueued: 300,
  jobRunning: 1200,
};

/** Fills in the defaults and refuses negative or non-finite values. */
export function resolveTimings(timings: EmulatorTimings | undefined): Required<EmulatorTimings> {
  const resolved = { ...DEFAULT_TIMINGS, ...dropUndefined(timings ?? {}) };
  for (const [name, value] of Object.entries(resolved)) {
    if (!(name in DEFAULT_TIMINGS)) throw new Error(`Unknown emulator timing "${name}" (known: ${Object.keys(DEFAULT_TIMINGS).join(', ')})`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(`Emulator timing "${name}" must be a number of milliseconds >= 0, found ${JSON.stringify(value)}`);
    }
  }
  return resolved;
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
