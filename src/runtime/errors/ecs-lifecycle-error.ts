import type { ExitCode } from '../exit-code';

/** Options every runtime error takes. */
export interface EcsLifecycleErrorOptions {
  /** What to do about it, in one sentence; printed after `Fix:`. @default - no advice */
  readonly fix?: string;
  /** The underlying error. Never an axios error: those carry request headers, so callers pass a redacted copy. */
  readonly cause?: Error;
}

/**
 * The base of every error `ecs-lifecycle exec` reports. The message says what failed; `fix` says what to do;
 * `exitCode` is the process exit code. Errors are told apart with `instanceof`, most specific class first
 * (`AuthError` and `InvalidResponseError` are `ApiError`s too).
 */
export abstract class EcsLifecycleError extends Error {
  abstract override readonly name: string;
  abstract readonly exitCode: ExitCode;
  readonly fix?: string;

  constructor(message: string, options: EcsLifecycleErrorOptions = {}) {
    super(message, options.cause ? { cause: options.cause } : undefined);
    this.fix = options.fix;
  }
}
