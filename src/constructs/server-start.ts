import type { Construct } from 'constructs';
import { checkChoice } from './private/validate';
import { ServerOperation, type ServerOperationProps } from './server-operation';

/** Properties of a {@link ServerStart}. */
export interface ServerStartProps extends ServerOperationProps {
  /**
   * `native`: the OpenStack `os-start` action (the permission tables mark it "Enterprise Project: Not supported").
   * `cloudservers`: the batch start API (`POST /v1/{project_id}/cloudservers/action`, `ecs:cloudServers:start`) with
   * this one server, then its job; it supports enterprise projects, so use it under `authorization: 'enterprise-project'`.
   * @default 'native'
   */
  readonly api?: 'native' | 'cloudservers';
}

/**
 * Starts a stopped server at apply time (native `os-start`, or the batch API) and waits until it is ACTIVE with no
 * task state. A server that is already running is left alone.
 */
export class ServerStart extends ServerOperation {
  constructor(scope: Construct, id: string, props: ServerStartProps) {
    super(scope, id, props, {
      construct: 'ServerStart',
      plan: (subject) => ({
        operation:
          checkChoice(subject, 'api', props.api, ['native', 'cloudservers'] as const, 'native') === 'native' ? 'server-start' : 'server-start-cloudservers',
        effect: { powerAfter: 'running' },
        args: {},
      }),
    });
  }
}
