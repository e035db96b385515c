import type { Construct } from 'constructs';
import { osLoginArguments } from './private/os-arguments';
import { checkChoice, checkRequired } from './private/validate';
import type { OsInstallProps } from './os-install-props';
import { ServerOperation } from './server-operation';

/** Properties of a {@link ServerChangeOs}. */
export interface ServerChangeOsProps extends OsInstallProps {
  /** The image to install (a UUID). */
  readonly imageId: string;
}

/**
 * Replaces a stopped server's OS with another image at apply time, and waits for the job. Destructive:
 * the system disk is rewritten. Synth fails when the server was started just before it; add a
 * ServerStop first.
 */
export class ServerChangeOs extends ServerOperation {
  readonly imageId: string;

  constructor(scope: Construct, id: string, props: ServerChangeOsProps) {
    super(scope, id, props, {
      construct: 'ServerChangeOs',
      plan: (subject) => {
        const apiVersion = checkChoice(subject, 'apiVersion', props.apiVersion, ['v1', 'v2'] as const, 'v2');
        return {
          operation: apiVersion === 'v1' ? 'server-change-os-v1' : 'server-change-os-v2',
          effect: {},
          args: { imageId: checkRequired(subject, 'imageId', props.imageId, 'imageId'), ...osLoginArguments(subject, props, 'change', apiVersion) },
        };
      },
    });
    this.imageId = props.imageId;
  }
}
