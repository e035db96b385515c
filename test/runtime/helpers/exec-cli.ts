/**
 * Runs the real bin, `node lib/cli.js exec <operation> …`, against an emulator on 127.0.0.1, with the command
 * line the constructs build (`execArgv`). Every run is checked for leaked secrets.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { type ExecArguments, execArgv } from '../../../src/cloud/exec-arguments';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../../src/emulator';
import type { OperationId } from '../../../src/permissions/operation';
import { SECRET_VARIABLES } from '../../../src/runtime';

const CLI = path.resolve(__dirname, '../../../lib/cli.js');

/** Canary secrets: they must never appear in any output. */
export const CANARY = {
  accessKey: 'CANARYACCESSKEY00001',
  secretKey: 'canary-secret-key-8d1f0c2b7e6a',
  securityToken: 'canary-security-token-41b7',
  adminPassword: 'Canary-Passw0rd!',
  userPassword: 'canary-user-password-77',
  token: 'canary-auth-token-2f9e',
} as const;

export const SERVER = '11111111-2222-4333-8444-555555555555';
export const GROUP = 'web-anti-affinity';
export const ADMIN_PASSWORD_VARIABLE = 'ECS_TEST_ADMIN_PASSWORD';

/** Transitions in tens of milliseconds. */
export const FAST_TIMINGS = { start: 30, stop: 30, reboot: 40, resize: 60, revertResize: 30, jobQueued: 20, jobRunning: 30 } as const;

/** An emulator with one server and canary credentials. */
export function emulatorOptions(overrides: EmulatorOptions = {}): EmulatorOptions {
  return {
    credentials: [{ accessKey: CANARY.accessKey, secretKey: CANARY.secretKey }],
    users: [{ name: 'deployer', password: CANARY.userPassword, domain: 'acme' }],
    tokens: [CANARY.token],
    timings: FAST_TIMINGS,
    servers: [{ id: SERVER, name: 'web-1', flavorRef: 's3.medium.2', imageId: 'aaaaaaaa-0000-4000-8000-000000000001', status: 'ACTIVE' }],
    ...overrides,
  };
}

/** Starts an emulator, runs `fn`, and always closes it. */
export async function withEmulator<T>(options: EmulatorOptions, fn: (emulator: Emulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator(options);
  try {
    return await fn(emulator);
  } finally {
    await emulator.close();
  }
}

/** The result of one CLI run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** What a run may change besides the operation's own arguments. */
export interface RunOptions {
  /** The environment; replaces the default access key pair (only PATH is inherited). */
  readonly env?: Readonly<Record<string, string>>;
  /** Added after the generated arguments. */
  readonly extraArgs?: readonly string[];
}

/** The access key pair the emulator accepts. */
export const ACCESS_KEY_ENV = { OS_ACCESS_KEY: CANARY.accessKey, OS_SECRET_KEY: CANARY.secretKey };

/** Where the CLI is pointed: an emulator, or any loopback server posing as the cloud. */
export type CliTarget = Pick<Emulator, 'url' | 'projectId'>;

/** Runs `ecs-lifecycle exec` as a child process and checks that no secret leaked into its output. */
export function execCli(emulator: CliTarget, operation: OperationId, args: Partial<ExecArguments>, options: RunOptions = {}): Promise<CliRun> {
  const argv = execArgv(operation, {
    constructPath: `prod/${operation}`,
    cloud: 'otc',
    region: 'eu-de',
    projectId: emulator.projectId,
    endpoint: emulator.url,
    pollInterval: '0.01',
    timeout: '20',
    ...args,
  });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...(process.env.ECS_LIFECYCLE_UNSUPPORTED_NODE ? { ECS_LIFECYCLE_UNSUPPORTED_NODE: process.env.ECS_LIFECYCLE_UNSUPPORTED_NODE } : {}),
    [ADMIN_PASSWORD_VARIABLE]: CANARY.adminPassword,
    ...(options.env ?? ACCESS_KEY_ENV),
  };
  const secrets = [...Object.values(CANARY), ...[...SECRET_VARIABLES, ADMIN_PASSWORD_VARIABLE].map((name) => env[name]).filter((v): v is string => !!v)];
  return new Promise((resolve, reject) => {
    // The time limit only keeps a broken run from hanging the suite; no test asserts on durations.
    execFile(process.execPath, [CLI, 'exec', ...argv, ...(options.extraArgs ?? [])], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      const output = stdout + stderr;
      if (secrets.some((secret) => output.includes(secret)) || /Signature=[0-9a-f]{16}/.test(output)) {
        reject(new Error(`a secret leaked into the output of ${operation}:\n${output}`));
      } else {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      }
    });
  });
}

/** A policy granting exactly these actions. */
export function allowOnly(actions: readonly string[]) {
  return { Version: '1.1' as const, Statement: [{ Effect: 'Allow' as const, Action: [...actions] }] };
}
