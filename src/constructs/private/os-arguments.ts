/** Checks the login and user-data properties shared by ServerChangeOs and ServerReinstallOs. */
import { Token } from '../../private/cdk-core';
import type { ExecArguments } from '../../cloud/exec-arguments';
import { invalidProperty } from '../../errors';
import { loginProblems } from '../../validation';
import type { OsInstallProps } from '../os-install-props';
import { checkOptional, refuse, type Subject } from './validate';

/** Validates the login properties and returns them as command arguments (user data base64-encoded). */
export function osLoginArguments(subject: Subject, props: OsInstallProps, operation: 'reinstall' | 'change', apiVersion: 'v1' | 'v2'): Partial<ExecArguments> {
  const keyName = checkOptional(subject, 'keyName', props.keyName, 'keyName');
  const userId = checkOptional(subject, 'userId', props.userId, 'userId');
  const adminPasswordEnv = checkOptional(subject, 'adminPasswordEnv', props.adminPasswordEnv, 'envName');
  if (props.userData !== undefined && typeof props.userData !== 'string') {
    throw invalidProperty(subject.path, subject.construct, 'userData', 'is not a string', 'pass the user data script as text, or leave it out');
  }
  if (props.userData !== undefined && Token.isUnresolved(props.userData)) {
    throw invalidProperty(
      subject.path,
      subject.construct,
      'userData',
      'holds a token, but user data is encoded at synth',
      'pass the user data script as literal text',
    );
  }
  const userDataBytes = props.userData === undefined ? undefined : Buffer.byteLength(props.userData, 'utf8');
  const [problem] = loginProblems({ keyName, userId, adminPasswordEnv, userDataBytes }, { reinstall: operation === 'reinstall', apiVersion });
  if (problem) refuse(subject, problem.argument, problem);
  const userData = props.userData === undefined ? undefined : Buffer.from(props.userData, 'utf8').toString('base64');
  return { keyName, userId, adminPasswordEnv, userData };
}
