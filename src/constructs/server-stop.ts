import type { Construct } from 'constructs';
import { checkChoice } from './private/validate';
import { ServerOperation, type ServerOperationProps } from './server-operation';

/** Properties of a {@link ServerStop}. */
export interface ServerStopProps extends ServerOperationProps {
  /**
   * `SOFT` asks the guest OS to shut down; `HARD` powers the server off.
   * @default 'SOFT'
   */
  readonly stopType?: 'SOFT' | 'HARD';
  /**
   * `native`: the OpenStack `os-stop` action (the permission tables mark it "Enterprise Project: Not supported").
   * `cloudservers`: the batch stop API (`POST /v1/{project_id}/cloudservers/action`, `ecs:cloudServers:stop`) with
   * this one server, then its job; it supports enterprise projects, so use it under `authorization: 'enterprise-project'`.
   * @default 'native'
   */
  readonly api?: 'native' | 'cloudservers';
}

/**
 * Stops a running server at apply time (native `os-stop`, or the batch API) and waits until it is SHUTOFF with no
 * task state. A server that is already stopped is left alone.
 */
export class ServerStop extends ServerOperation {
  /** `SOFT` or `HARD`, as planned (rule ECSL2002 warns about `HARD`). */
  readonly stopType: 'SOFT' | 'HARD';

  constructor(scope: Construct, id: string, props: ServerStopProps) {
    super(scope, id, props, {
      construct: 'ServerStop',
      plan: (subject) => ({
        operation:
          checkChoice(subject, 'api', props.api, ['native', 'cloudservers'] as const, 'native') === 'native' ? 'server-stop' : 'server-stop-cloudservers',
        effect: { powerAfter: 'stopped' },
        args: { stopType: checkChoice(subject, 'stopType', props.stopType, ['SOFT', 'HARD'] as const, 'SOFT') },
      }),
    });
    this.stopType = props?.stopType === 'HARD' ? 'HARD' : 'SOFT';
  }
}
