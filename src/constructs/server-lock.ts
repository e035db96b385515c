import type { Construct } from 'constructs';
import { ServerOperation, type ServerOperationProps } from './server-operation';

/** Properties of a {@link ServerLock}. */
export interface ServerLockProps extends ServerOperationProps {}

/**
 * Locks a server at apply time (native `lock`), so that management operations are refused until it is
 * unlocked. A server that is already locked is left alone. Synth fails if a later operation on the same
 * server would be refused because of the lock.
 */
export class ServerLock extends ServerOperation {
  constructor(scope: Construct, id: string, props: ServerLockProps) {
    super(scope, id, props, {
      construct: 'ServerLock',
      plan: () => ({
        operation: 'server-lock',
        effect: { lockAfter: 'locked' },
        args: {},
      }),
    });
  }
}
