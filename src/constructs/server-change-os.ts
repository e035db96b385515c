import { Construct } from 'constructs';
import { osLoginArguments } from './private/os-arguments';
import { checkChoice, checkRequired, RULES } from './private/validate';
import { ServerOperation, ServerOperationProps } from './server-operation';

/** Properties of a {@link ServerChangeOs}. */
export interface ServerChangeOsProps extends ServerOperationProps {
  /** The image to install (a UUID). */
  readonly imageId: string;
  /**
   * The key pair to log in with. Not together with `adminPasswordEnv`.
   * @default - no key pair
   */
  readonly keyName?: string;
  /**
   * The *name* of an environment variable that holds the new admin password at apply time. The
   * password itself never enters the plan, the state or the policy.
   * @default - no password
   */
  readonly adminPasswordEnv?: string;
  /**
   * User data (a cloud-init script) as plain text, at most 32 KB; it is base64-encoded into the plan.
   * @default - no user data
   */
  readonly userData?: string;
  /**
   * `v2`: `POST /v2/{project_id}/cloudservers/{server_id}/changeos` (images with Cloud-Init);
   * `v1`: `POST /v1/...` (images without Cloud-Init).
   * @default 'v2'
   */
  readonly apiVersion?: 'v1' | 'v2';
}

/**
 * Replaces a stopped server's OS with another image at apply time, and waits for the job. Destructive:
 * the system disk is rewritten. Synth fails when the server was started just before it; add a
 * ServerStop first.
 */
export class ServerChangeOs extends ServerOperation {
  readonly imageId: string;

  constructor(scope: Construct, id: string, props: ServerChangeOsProps) {
    const apiVersion = checkChoice({ path: `${scope.node.path}/${id}`, construct: 'ServerChangeOs' }, 'apiVersion', props?.apiVersion, ['v1', 'v2'] as const, 'v2');
    super(scope, id, props, {
      construct: 'ServerChangeOs',
      operation: apiVersion === 'v1' ? 'server-change-os-v1' : 'server-change-os-v2',
      effect: { requires: 'stopped', refusedWhenLocked: true },
      args: (subject) => ({ imageId: checkRequired(subject, 'imageId', props.imageId, RULES.imageId), ...osLoginArguments(subject, props) }),
    });
    this.imageId = props.imageId;
  }
}
