/** Checks the login and user-data properties shared by ServerChangeOs and ServerReinstallOs. */
import { ExecArguments } from '../../cloud/exec-arguments';
import { invalidProperty } from '../../errors';
import { OsInstallProps } from '../os-install-props';
import { checkOptional, RULES, Subject } from './validate';

// The cloud's limit on user data before base64 encoding (ecs-api.md §1.2).
const MAX_USER_DATA_BYTES = 32 * 1024;

/** Validates the login properties and returns them as command arguments (user data base64-encoded). */
export function osLoginArguments(subject: Subject, props: OsInstallProps, userIdWithKey: 'required' | 'optional', apiVersion: 'v1' | 'v2'): Partial<ExecArguments> {
  const keyName = checkOptional(subject, 'keyName', props.keyName, RULES.keyName);
  const userId = checkOptional(subject, 'userId', props.userId, RULES.userId);
  if (keyName !== undefined && userId === undefined && userIdWithKey === 'required') {
    throw invalidProperty(subject.path, subject.construct, 'userId', 'is missing, and the cloud requires it with keyName for a reinstall',
      'set userId to the ID of the IAM user who owns the key pair (32 hex characters)');
  }
  const adminPasswordEnv = checkOptional(subject, 'adminPasswordEnv', props.adminPasswordEnv, RULES.envName);
  if (keyName !== undefined && adminPasswordEnv !== undefined) {
    throw invalidProperty(subject.path, subject.construct, 'adminPasswordEnv', 'is set together with keyName, which the cloud refuses',
      'log in either with a key pair (keyName) or with a password (adminPasswordEnv), not both');
  }
  let userData: string | undefined;
  if (props.userData !== undefined && apiVersion === 'v1') {
    throw invalidProperty(subject.path, subject.construct, 'userData', "is set with apiVersion 'v1', whose API (images without Cloud-Init) takes no user data",
      "use apiVersion 'v2' with an image that has Cloud-Init, or leave userData out");
  }
  if (props.userData !== undefined) {
    if (typeof props.userData !== 'string' || props.userData.length === 0) {
      throw invalidProperty(subject.path, subject.construct, 'userData', 'is empty or not a string', 'pass the user data script as text, or leave it out');
    }
    const bytes = Buffer.byteLength(props.userData, 'utf8');
    if (bytes > MAX_USER_DATA_BYTES) {
      throw invalidProperty(subject.path, subject.construct, 'userData', `is ${bytes} bytes`, `keep it within ${MAX_USER_DATA_BYTES} bytes before encoding`);
    }
    userData = Buffer.from(props.userData, 'utf8').toString('base64');
  }
  if (keyName === undefined && adminPasswordEnv === undefined && userData === undefined) {
    throw invalidProperty(subject.path, subject.construct, 'keyName', 'is missing, and so are adminPasswordEnv and userData: nobody could log in',
      "set keyName (a key pair), adminPasswordEnv (the name of an environment variable holding the password at apply time) or userData");
  }
  return { keyName, userId, adminPasswordEnv, userData };
}
