/**
 * The operation-specific values of an `exec` run, checked before anything is sent. The admin password is
 * read here, from the environment variable the plan names, and registered with the redactor at once.
 */
import {
  ARGUMENT_RULES,
  COMMON_ARGUMENTS,
  EXEC_ARGUMENTS,
  EXEC_FLAGS,
  type ExecArgumentEntry,
  type ExecArgumentName,
  type ExecArguments,
  type ExecInputValues,
} from '../cloud/exec-arguments';
import type { OperationId } from '../permissions/operation';
import { InvalidArgumentError } from './errors/invalid-argument-error';
import type { Redactor } from './redact';
import { checkArguments, flagProblem } from './private/check-flag';
import { type LoginTarget, loginProblems, type POWER_ACTION_TYPES } from '../validation';

/** SOFT or HARD, for a stop or a reboot. */
export type PowerActionType = (typeof POWER_ACTION_TYPES)[number];

/**
 * The checked values; each is present when the operation takes it and it was given. Every argument with an
 * `input` mapping in `EXEC_ARGUMENTS` (src/cloud/exec-arguments.ts) appears under its own name, typed by the mapping.
 */
export type OperationInput = ExecInputValues & {
  /** The construct path the command runs for (`--construct-path`, which every operation requires). */
  readonly constructPath: string;
  /** The admin password, read at apply time from the variable `--admin-password-env` names; sent only in the request body. */
  readonly adminPassword?: string;
};

/** The cloud's limit on user data, before base64 encoding (ecs-api.md §1.2). */
export { MAX_USER_DATA_BYTES } from '../validation';

/** Checks the operation's values and reads the admin password; every problem is reported at once. */
export function resolveOperationInput(operation: OperationId, args: ExecArguments, env: NodeJS.ProcessEnv, redactor: Redactor): OperationInput {
  const problems: string[] = [];
  const passed = checkArguments(args, OPERATION_RULES, problems);
  let adminPassword: string | undefined;
  const variable = args.adminPasswordEnv;
  if (variable !== undefined && passed.has('adminPasswordEnv')) {
    if (!env[variable])
      problems.push(
        `the environment variable ${variable} (named by --admin-password-env) is not set or is empty; set it to the new admin password in the environment of terraform apply`,
      );
    else adminPassword = env[variable];
    redactor.add(adminPassword);
  }
  let userDataBytes: number | undefined;
  if (args.userData !== undefined) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(args.userData) || args.userData.length % 4 !== 0) problems.push('--user-data must be base64-encoded');
    else userDataBytes = Buffer.from(args.userData, 'base64').length;
  }
  const login = LOGIN_TARGETS[operation];
  if (login) {
    const values = { keyName: args.keyName, userId: args.userId, adminPasswordEnv: args.adminPasswordEnv, userDataBytes };
    for (const problem of loginProblems(values, login)) problems.push(flagProblem(EXEC_FLAGS[problem.argument], problem));
  }
  if (problems.length > 0) throw new InvalidArgumentError(problems);
  const values: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(EXEC_ARGUMENTS) as [ExecArgumentName, ExecArgumentEntry][]) {
    const value = args[name];
    // A value its rule refused never reaches the command (the run stops above with every problem).
    if (entry.input && value !== undefined) values[name] = entry.input(value);
  }
  return { ...(values as ExecInputValues), constructPath: args.constructPath, adminPassword };
}

// The operation's own arguments that have a rule (the common ones are checked with the settings).
const OPERATION_RULES = (Object.keys(ARGUMENT_RULES) as ExecArgumentName[]).filter((name) => !(COMMON_ARGUMENTS as readonly string[]).includes(name));

// The operations that install an OS, and the login rules they follow.
const LOGIN_TARGETS: Partial<Record<OperationId, LoginTarget>> = {
  'server-change-os-v1': { reinstall: false, apiVersion: 'v1' },
  'server-change-os-v2': { reinstall: false, apiVersion: 'v2' },
  'server-reinstall-os-v1': { reinstall: true, apiVersion: 'v1' },
  'server-reinstall-os-v2': { reinstall: true, apiVersion: 'v2' },
};
