/**
 * The exit codes of `ecs-lifecycle exec`. Terraform treats any non-zero code as a failed provisioner
 * and prints the command's stderr; the distinct codes let wrappers tell the causes apart.
 */
export const ExitCode = {
  /** The end state was reached (by a mutation, or because it already held). */
  OK: 0,
  /** The operation failed: the cloud refused it, a job failed, the server is in the wrong state, the network failed. */
  FAILED: 1,
  /** The command line or its environment is invalid (unknown option, bad value, unset password variable). */
  USAGE: 2,
  /** Authentication or authorization failed: missing credentials, HTTP 401, HTTP 403. Never retried. */
  AUTH: 3,
  /** The end state was not reached within `--timeout`. */
  TIMEOUT: 4,
} as const;

/** One of the exit codes above. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
