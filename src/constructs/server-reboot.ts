import { Construct } from 'constructs';
import { checkChoice } from './private/validate';
import { ServerOperation, ServerOperationProps } from './server-operation';

/** Properties of a {@link ServerReboot}. */
export interface ServerRebootProps extends ServerOperationProps {
  /**
   * `SOFT` restarts through the guest OS; `HARD` resets the server.
   * @default 'SOFT'
   */
  readonly rebootType?: 'SOFT' | 'HARD';
}

/** Reboots a running server at apply time (native `reboot`) and waits until it is ACTIVE with no task state. */
export class ServerReboot extends ServerOperation {
  constructor(scope: Construct, id: string, props: ServerRebootProps) {
    super(scope, id, props, {
      construct: 'ServerReboot',
      plan: (subject) => ({
        operation: 'server-reboot',
        effect: { requires: 'running', powerAfter: 'running', refusedWhenLocked: true },
        args: { rebootType: checkChoice(subject, 'rebootType', props.rebootType, ['SOFT', 'HARD'] as const, 'SOFT') },
      }),
    });
  }
}
