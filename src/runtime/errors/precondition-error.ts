import { ExitCode } from '../exit-code';
import { EcsLifecycleError } from './ecs-lifecycle-error';

/**
 * The resource is in a state that refuses the operation (a locked server, a running server for a change of OS,
 * a group of the same name with other policies). Found by reading the state first, so nothing was changed.
 */
export class PreconditionError extends EcsLifecycleError {
  override readonly name = 'PreconditionError';
  readonly exitCode = ExitCode.FAILED;
}
