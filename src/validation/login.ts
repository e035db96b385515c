/**
 * How a server can be logged in to after an OS change or reinstall, and the user data it gets: the rules the
 * cloud enforces, checked at synth (on the props) and at apply (on the flags) with the same words.
 */
import type { Problem } from './validators';

/** The cloud's limit on user data before base64 encoding (ecs-api.md §1.2). */
export const MAX_USER_DATA_BYTES = 32 * 1024;

/** The login values of an OS change or reinstall, as far as they are known. */
export interface LoginValues {
  readonly keyName?: string;
  readonly userId?: string;
  readonly adminPasswordEnv?: string;
  /** The user data's size in bytes before encoding, when given. */
  readonly userDataBytes?: number;
}

/** Which API the values go to. */
export interface LoginTarget {
  /** A reinstall (the cloud requires the key pair's user) or an OS change. */
  readonly reinstall: boolean;
  readonly apiVersion: 'v1' | 'v2';
}

/** A broken login rule: the argument at fault, what is wrong and how to fix it. */
export interface LoginProblem extends Problem {
  readonly argument: 'keyName' | 'userId' | 'adminPasswordEnv' | 'userData';
}

/** Every login rule the values break, in a fixed order. */
export function loginProblems(values: LoginValues, target: LoginTarget): LoginProblem[] {
  const problems: LoginProblem[] = [];
  if (values.keyName !== undefined && values.userId === undefined && target.reinstall) {
    problems.push({
      argument: 'userId',
      problem: 'is missing, and the cloud requires it with keyName for a reinstall',
      fix: 'set userId to the ID of the IAM user who owns the key pair (32 hex characters)',
    });
  }
  if (values.keyName !== undefined && values.adminPasswordEnv !== undefined) {
    problems.push({
      argument: 'adminPasswordEnv',
      problem: 'is set together with keyName, which the cloud refuses',
      fix: 'log in either with a key pair (keyName) or with a password (adminPasswordEnv), not both',
    });
  }
  if (values.userDataBytes !== undefined && target.apiVersion === 'v1') {
    problems.push({
      argument: 'userData',
      problem: "is set with apiVersion 'v1', whose API (images without Cloud-Init) takes no user data",
      fix: "use apiVersion 'v2' with an image that has Cloud-Init, or leave userData out",
    });
  } else if (values.userDataBytes !== undefined && (values.userDataBytes === 0 || values.userDataBytes > MAX_USER_DATA_BYTES)) {
    problems.push({
      argument: 'userData',
      problem: `is ${values.userDataBytes} bytes`,
      fix: `give 1 to ${MAX_USER_DATA_BYTES} bytes of user data before encoding`,
    });
  }
  if (values.keyName === undefined && values.adminPasswordEnv === undefined && values.userDataBytes === undefined) {
    problems.push({
      argument: 'keyName',
      problem: 'is missing, and so are adminPasswordEnv and userData: nobody could log in',
      fix: 'set keyName (a key pair), adminPasswordEnv (the name of an environment variable holding the password at apply time) or userData',
    });
  }
  return problems;
}
