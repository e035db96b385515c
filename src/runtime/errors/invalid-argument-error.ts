import { ExitCode } from '../exit-code';
import { EcsLifecycleError } from './ecs-lifecycle-error';

/** The command line or an environment variable it names is invalid. Nothing was sent to the cloud. */
export class InvalidArgumentError extends EcsLifecycleError {
  override readonly name = 'InvalidArgumentError';
  readonly exitCode = ExitCode.USAGE;

  constructor(
    readonly problems: readonly string[],
    fix?: string,
  ) {
    super(problems.join('; '), { fix });
  }
}
