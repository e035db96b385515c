/**
 * A fleet wave's health check: the user's command (argv, no shell, in the apply's working directory) with the
 * wave's servers in `ECS_LIFECYCLE_SERVER_IDS` (comma-separated) and their IPv4 addresses in
 * `ECS_LIFECYCLE_SERVER_ADDRESSES` (a JSON object from id to a list), run until it exits 0, every interval, until
 * its timeout. Its output is kept only for the message of an unhealthy wave: the last part of it, bounded (and
 * redacted with everything else the command prints). It does not get the cloud credentials of the apply.
 */
import { spawn } from 'node:child_process';
import type { CommandContext } from '../command';
import { SECRET_VARIABLES } from '../client/credentials';

/** The health check as the wave runs it. */
export interface HealthCheck {
  readonly command: readonly string[];
  readonly timeoutMs: number;
  readonly intervalMs: number;
}

/** At most this much of the command's last output is kept for the message. */
const MAX_OUTPUT = 2000;

/** How the check ended. */
export type HealthResult =
  | { readonly healthy: true; readonly attempts: number }
  | { readonly healthy: false; readonly attempts: number; readonly exit: string; readonly output: string };

/** Runs the check until it passes or its time is up (never past the wave's deadline). */
export async function runHealthCheck(
  context: CommandContext,
  check: HealthCheck,
  addresses: ReadonlyMap<string, readonly string[]>,
  onAttempt: (attempt: number, exit: string) => void,
): Promise<HealthResult> {
  // The check gets the apply's environment without the cloud credentials: it has no business calling the cloud as us.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !SECRET_VARIABLES.includes(name)));
  const env = {
    ...inherited,
    ECS_LIFECYCLE_SERVER_IDS: [...addresses.keys()].join(','),
    ECS_LIFECYCLE_SERVER_ADDRESSES: JSON.stringify(Object.fromEntries(addresses)),
  };
  const endsAt = Date.now() + Math.min(check.timeoutMs, context.deadline.remainingMs());
  // The output of the last attempt that wrote any: an attempt cut short by the timeout usually wrote nothing.
  let output = '';
  for (let attempt = 1; ; attempt += 1) {
    const run = await runOnce(check.command, env, Math.max(1, endsAt - Date.now()));
    onAttempt(attempt, run.exit);
    if (run.exit === 'exit 0') return { healthy: true, attempts: attempt };
    if (run.output.trim() !== '') output = run.output;
    if (Date.now() + check.intervalMs >= endsAt) return { healthy: false, attempts: attempt, exit: run.exit, output };
    await new Promise((resolve) => setTimeout(resolve, check.intervalMs));
  }
}

function runOnce(command: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ exit: string; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT);
    };
    const child = spawn(command[0], command.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ exit: `could not start: ${error.message}`, output });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exit: code !== null ? `exit ${code}` : `killed by ${signal} (timed out)`, output });
    });
  });
}
