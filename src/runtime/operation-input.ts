/**
 * The operation-specific values of an `exec` run, checked before anything is sent. The admin password is
 * read here, from the environment variable the plan names, and registered with the redactor at once.
 */
import { ExecArguments } from '../cloud/exec-arguments';
import { OperationId } from '../permissions/operation';
import { InvalidArgumentError } from './errors/invalid-argument-error';
import { Redactor } from './redact';

/** SOFT or HARD, for a stop or a reboot. */
export type PowerActionType = 'SOFT' | 'HARD';

/** The checked values; each is present when the operation takes it and it was given. */
export interface OperationInput {
  readonly serverId?: string;
  /** Server group name. */
  readonly name?: string;
  /** Server group policy. */
  readonly policy?: string;
  readonly stopType?: PowerActionType;
  readonly rebootType?: PowerActionType;
  readonly flavorRef?: string;
  readonly imageId?: string;
  readonly keyName?: string;
  /** The id of the user who owns the key pair. */
  readonly userId?: string;
  /** The admin password, read at apply time; sent only in the request body. */
  readonly adminPassword?: string;
  /** User data, base64, as the API takes it. */
  readonly userData?: string;
  /** A fleet wave's steps, as given (parsed by the fleet-wave command). */
  readonly steps?: string;
  /** A fleet wave's place in the rollout, `<n>/<waves>`. */
  readonly wave?: string;
}

/** The cloud's limit on user data, before base64 encoding (ecs-api.md §1.2). */
export const MAX_USER_DATA_BYTES = 32 * 1024;

/** Checks the operation's values and reads the admin password; every problem is reported at once. */
export function resolveOperationInput(operation: OperationId, args: ExecArguments, env: NodeJS.ProcessEnv, redactor: Redactor): OperationInput {
  const problems: string[] = [];
  if (args.serverId !== undefined && !/^[A-Za-z0-9-]+$/.test(args.serverId)) {
    problems.push(`--server-id '${args.serverId}' is not a server id (letters, digits and '-')`);
  }
  if (args.name !== undefined && args.name.length > 255) problems.push('--name must be at most 255 characters');
  const stopType = powerType('--stop-type', args.stopType, problems);
  const rebootType = powerType('--reboot-type', args.rebootType, problems);
  let adminPassword: string | undefined;
  if (args.adminPasswordEnv !== undefined) {
    const variable = args.adminPasswordEnv;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) problems.push(`--admin-password-env '${variable}' is not an environment variable name`);
    else if (!env[variable]) problems.push(`the environment variable ${variable} (named by --admin-password-env) is not set or is empty; set it to the new admin password in the environment of terraform apply`);
    else adminPassword = env[variable];
    redactor.add(adminPassword);
    if (args.keyName !== undefined) problems.push('give either --key-name or --admin-password-env, not both (the cloud accepts one way to log in)');
  }
  if (args.keyName !== undefined && args.userId === undefined && operation.startsWith('server-reinstall-os')) {
    problems.push('--key-name for a reinstall needs --user-id as well (the cloud requires the id of the user who owns the key pair)');
  }
  if (args.userData !== undefined) {
    if (operation.endsWith('-v1')) {
      problems.push(`--user-data needs Cloud-Init: use the v2 API of ${operation.replace(/-v1$/, '')} (v1 is for images without Cloud-Init)`);
    } else if (!/^[A-Za-z0-9+/]*={0,2}$/.test(args.userData) || args.userData.length % 4 !== 0 || args.userData.length === 0) {
      problems.push('--user-data must be base64-encoded');
    } else if (Buffer.from(args.userData, 'base64').length > MAX_USER_DATA_BYTES) {
      problems.push(`--user-data decodes to more than ${MAX_USER_DATA_BYTES} bytes, the cloud's limit`);
    }
  }
  if (problems.length > 0) throw new InvalidArgumentError(problems);
  return {
    serverId: args.serverId, name: args.name, policy: args.policy, stopType, rebootType, flavorRef: args.flavorRef,
    imageId: args.imageId, keyName: args.keyName, userId: args.userId, adminPassword, userData: args.userData,
    steps: args.steps, wave: args.wave,
  };
}

function powerType(flag: string, value: string | undefined, problems: string[]): PowerActionType | undefined {
  if (value === undefined) return undefined;
  if (value === 'SOFT' || value === 'HARD') return value;
  problems.push(`${flag} '${value}' must be SOFT or HARD`);
  return undefined;
}
