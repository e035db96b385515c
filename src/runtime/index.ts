/**
 * `cdktf-ecs-lifecycle/runtime`: the apply-time CLI as a library. `runExec` runs `exec` with its arguments,
 * environment and output passed in, and resolves to the exit code; the error classes are what it reports
 * (each carries its exit code and advice); the retry options and the environment variables are those the
 * CLI documents (docs/cli.md).
 */
export { runExec } from './exec-command';
export { ExitCode } from './exit-code';
export {
  DEFAULT_POLL_INTERVAL_SECONDS,
  DEFAULT_RESEND_WINDOW_SECONDS,
  POLL_INTERVAL_VARIABLE,
  RESEND_WINDOW_VARIABLE,
  TIMEOUT_VARIABLE,
} from './exec-settings';
export { DEFAULT_RETRY_OPTIONS, ResolvedRetryOptions, RetryOptions } from './client/retry';
export { SECRET_VARIABLES } from './client/credentials';
export { ApiError, RequestLine, ResponseSummary } from './errors/api-error';
export { AuthError } from './errors/auth-error';
export { CloudErrorBody } from './errors/cloud-error-body';
export { CredentialsError } from './errors/credentials-error';
export { EcsLifecycleError, EcsLifecycleErrorOptions } from './errors/ecs-lifecycle-error';
export { InvalidArgumentError } from './errors/invalid-argument-error';
export { InvalidResponseError } from './errors/invalid-response-error';
export { FailedJob, FailedSubJob, JobFailedError } from './errors/job-failed-error';
export { NetworkError } from './errors/network-error';
export { OperationFailedError } from './errors/operation-failed-error';
export { PreconditionError } from './errors/precondition-error';
export { TimeoutError } from './errors/timeout-error';
