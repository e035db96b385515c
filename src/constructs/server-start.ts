import { Construct } from 'constructs';
import { ServerOperation, ServerOperationProps } from './server-operation';

/** Properties of a {@link ServerStart}. */
export interface ServerStartProps extends ServerOperationProps {}

/**
 * Starts a stopped server at apply time (native `os-start`) and waits until it is ACTIVE with no task
 * state. A server that is already running is left alone.
 */
export class ServerStart extends ServerOperation {
  constructor(scope: Construct, id: string, props: ServerStartProps) {
    super(scope, id, props, {
      construct: 'ServerStart',
      plan: () => ({
        operation: 'server-start',
        effect: { powerAfter: 'running', refusedWhenLocked: true },
        args: {},
      }),
    });
  }
}
