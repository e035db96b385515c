import { ExitCode } from '../exit-code';
import { EcsLifecycleError } from './ecs-lifecycle-error';

/** The environment holds no usable credentials (none at all, or half of a pair). */
export class CredentialsError extends EcsLifecycleError {
  override readonly name = 'CredentialsError';
  readonly exitCode = ExitCode.AUTH;
}
