import type { Construct } from 'constructs';
import { checkChoice, checkRequired } from './private/validate';
import { ServerOperation, type ServerOperationProps } from './server-operation';

/** Properties of a {@link ServerResize}. */
export interface ServerResizeProps extends ServerOperationProps {
  /** The target flavor ID, e.g. `s3.large.2`. */
  readonly flavorRef: string;
  /**
   * `native`: the OpenStack resize, then confirm (works on a running server; its IAM action brings 13
   * dependencies; no enterprise-project support). `cloudservers`: the pay-per-use
   * `POST /v1/{project_id}/cloudservers/{server_id}/resize` job (the server must be stopped; supports
   * enterprise projects).
   * @default 'native'
   */
  readonly api?: 'native' | 'cloudservers';
}

/**
 * Changes a server's flavor at apply time and waits for the end state. A server that already has the
 * flavor is left alone.
 */
export class ServerResize extends ServerOperation {
  /** The target flavor. */
  readonly flavorRef: string;

  constructor(scope: Construct, id: string, props: ServerResizeProps) {
    super(scope, id, props, {
      construct: 'ServerResize',
      plan: (subject) => {
        const api = checkChoice(subject, 'api', props.api, ['native', 'cloudservers'] as const, 'native');
        return {
          operation: api === 'native' ? 'server-resize' : 'server-resize-cloudservers',
          // Its precondition (a stopped server for the cloudservers resize) is the definition's; the native one
          // migrates a running server and brings it back to its previous power state.
          effect: {},
          args: { flavorRef: checkRequired(subject, 'flavorRef', props.flavorRef, 'flavorRef') },
        };
      },
    });
    this.flavorRef = props.flavorRef;
  }
}
