import type { Construct } from 'constructs';
import { osLoginArguments } from './private/os-arguments';
import { checkChoice } from './private/validate';
import type { OsInstallProps } from './os-install-props';
import { ServerOperation } from './server-operation';

/** Properties of a {@link ServerReinstallOs}. */
export interface ServerReinstallOsProps extends OsInstallProps {}

/**
 * Reinstalls a stopped server's current OS image at apply time, and waits for the job. Destructive: the
 * system disk is rewritten. Synth fails when the server was started just before it; add a ServerStop first.
 */
export class ServerReinstallOs extends ServerOperation {
  constructor(scope: Construct, id: string, props: ServerReinstallOsProps) {
    super(scope, id, props, {
      construct: 'ServerReinstallOs',
      plan: (subject) => {
        const apiVersion = checkChoice(subject, 'apiVersion', props.apiVersion, ['v1', 'v2'] as const, 'v2');
        return {
          operation: apiVersion === 'v1' ? 'server-reinstall-os-v1' : 'server-reinstall-os-v2',
          effect: {},
          args: osLoginArguments(subject, props, 'reinstall', apiVersion),
        };
      },
    });
  }
}
