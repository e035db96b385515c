import { Construct } from 'constructs';
import { checkChoice } from './private/validate';
import { ServerOperation, ServerOperationProps } from './server-operation';

/** Properties of a {@link ServerStop}. */
export interface ServerStopProps extends ServerOperationProps {
  /**
   * `SOFT` asks the guest OS to shut down; `HARD` powers the server off.
   * @default 'SOFT'
   */
  readonly stopType?: 'SOFT' | 'HARD';
}

/**
 * Stops a running server at apply time (native `os-stop`) and waits until it is SHUTOFF with no task
 * state. A server that is already stopped is left alone.
 */
export class ServerStop extends ServerOperation {
  constructor(scope: Construct, id: string, props: ServerStopProps) {
    super(scope, id, props, {
      construct: 'ServerStop',
      plan: (subject) => ({
        operation: 'server-stop',
        effect: { powerAfter: 'stopped', refusedWhenLocked: true },
        args: { stopType: checkChoice(subject, 'stopType', props.stopType, ['SOFT', 'HARD'] as const, 'SOFT') },
      }),
    });
  }
}
