import { ExitCode } from '../exit-code';
import { EcsLifecycleError } from './ecs-lifecycle-error';

/**
 * The cloud accepted the operation but it did not reach its end state: the server went to ERROR, or its task
 * ended in another state than the operation's.
 */
export class OperationFailedError extends EcsLifecycleError {
  override readonly name = 'OperationFailedError';
  readonly exitCode = ExitCode.FAILED;
}
