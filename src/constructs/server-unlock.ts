import type { Construct } from 'constructs';
import { ServerOperation, type ServerOperationProps } from './server-operation';

/** Properties of a {@link ServerUnlock}. */
export interface ServerUnlockProps extends ServerOperationProps {}

/** Unlocks a locked server at apply time (native `unlock`). A server that is not locked is left alone. */
export class ServerUnlock extends ServerOperation {
  constructor(scope: Construct, id: string, props: ServerUnlockProps) {
    super(scope, id, props, {
      construct: 'ServerUnlock',
      plan: () => ({
        operation: 'server-unlock',
        effect: { lockAfter: 'unlocked' },
        args: {},
      }),
    });
  }
}
