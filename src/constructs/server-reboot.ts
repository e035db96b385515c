import type { Construct } from 'constructs';
import { checkChoice } from './private/validate';
import { ServerOperation, type ServerOperationProps } from './server-operation';

/** Properties of a {@link ServerReboot}. */
export interface ServerRebootProps extends ServerOperationProps {
  /**
   * `SOFT` restarts through the guest OS; `HARD` resets the server.
   * @default 'SOFT'
   */
  readonly rebootType?: 'SOFT' | 'HARD';
  /**
   * `native`: the OpenStack `reboot` action (the permission tables mark it "Enterprise Project: Not supported").
   * `cloudservers`: the batch reboot API (`POST /v1/{project_id}/cloudservers/action`, `ecs:cloudServers:reboot`) with
   * this one server, then its job; it supports enterprise projects, so use it under `authorization: 'enterprise-project'`.
   * @default 'native'
   */
  readonly api?: 'native' | 'cloudservers';
}

/**
 * Reboots a running server at apply time (native `reboot`, or the batch API) and waits until it is ACTIVE with no
 * task state.
 */
export class ServerReboot extends ServerOperation {
  /** `SOFT` or `HARD`, as planned (rule ECSL2002 warns about `HARD`). */
  readonly rebootType: 'SOFT' | 'HARD';

  constructor(scope: Construct, id: string, props: ServerRebootProps) {
    super(scope, id, props, {
      construct: 'ServerReboot',
      plan: (subject) => ({
        operation:
          checkChoice(subject, 'api', props.api, ['native', 'cloudservers'] as const, 'native') === 'native' ? 'server-reboot' : 'server-reboot-cloudservers',
        effect: { powerAfter: 'running' },
        args: { rebootType: checkChoice(subject, 'rebootType', props.rebootType, ['SOFT', 'HARD'] as const, 'SOFT') },
      }),
    });
    this.rebootType = props?.rebootType === 'HARD' ? 'HARD' : 'SOFT';
  }
}
