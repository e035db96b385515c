import { ExitCode } from '../exit-code';
import { EcsLifecycleError, type EcsLifecycleErrorOptions } from './ecs-lifecycle-error';

/** The end state was not reached within the operation's timeout. */
export class TimeoutError extends EcsLifecycleError {
  override readonly name = 'TimeoutError';
  readonly exitCode = ExitCode.TIMEOUT;

  /**
   * @param awaited what was awaited, e.g. `server 1111 to be SHUTOFF with no task state`
   * @param timeoutMs the timeout that passed
   * @param lastSeen the last state observed @default - none was observed
   */
  constructor(
    readonly awaited: string,
    readonly timeoutMs: number,
    readonly lastSeen?: string,
    options?: EcsLifecycleErrorOptions,
  ) {
    super(`timed out after ${formatSeconds(timeoutMs)} waiting for ${awaited}${lastSeen ? `; last seen: ${lastSeen}` : ''}`, options);
  }
}

/** `2.5 s`, `30 s`. */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
