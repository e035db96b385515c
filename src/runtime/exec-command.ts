/**
 * `ecs-lifecycle exec <operation> …`: the command Terraform's provisioners run at apply (and destroy) time.
 * Parses the command line with the same contract the constructs build it with, reads credentials from the
 * environment, runs the operation's command and reports on stderr: one progress line per state change, then
 * either a final line or one failure message with advice. Everything written is redacted.
 */
import { COMMON_ARGUMENTS, deriveOperationArguments, EXEC_FLAGS, type ExecArguments, OPTIONAL_COMMON_ARGUMENTS, parseExecArgv } from '../cloud/exec-arguments';
import { OPERATION_DEFINITIONS, type OperationDefinition, OPERATIONS, type TargetOf } from '../operations';
import { isOperationId, type OperationId } from '../permissions/operation';
import { adviceFor } from './advice';
import { ApiClient, type RetryEvent } from './client/api-client';
import { type Credentials, credentialsFromEnv, SECRET_VARIABLES } from './client/credentials';
import type { Command, CommandContext, CommandResult } from './command';
import { commandOf } from './commands';
import { Deadline } from './deadline';
import { EcsLifecycleError } from './errors/ecs-lifecycle-error';
import { InvalidArgumentError } from './errors/invalid-argument-error';
import {
  DEFAULT_POLL_INTERVAL_SECONDS,
  DEFAULT_RESEND_WINDOW_SECONDS,
  type ExecSettings,
  POLL_INTERVAL_VARIABLE,
  RESEND_WINDOW_VARIABLE,
  resolveExecSettings,
  resolveIamEndpoint,
  TIMEOUT_VARIABLE,
} from './exec-settings';
import { ExitCode } from './exit-code';
import { resolveOperationInput } from './operation-input';
import { describeTarget, resolveTarget } from './private/resolve-target';
import { retryingTaskConflicts } from './private/task-conflict';
import { printableLine } from '../validation/printable';
import { Progress } from './progress';
import { Redactor } from './redact';
import { quoted } from '../validation';

/** Runs `exec` with the arguments after it; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  return runExec(
    argv,
    process.env,
    (text) => process.stderr.write(text),
    (text) => process.stdout.write(text),
  );
}

/**
 * `main` with its environment and output passed in.
 * @param stderr receives progress lines and the failure message
 * @param stdout receives `--help`
 */
export async function runExec(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  writeStderr: (text: string) => void,
  stdout: (text: string) => void,
): Promise<number> {
  // Every line to the terminal carries values from the plan or the cloud: none reaches it raw.
  const stderr = (text: string) => writeStderr(printableLine(text));
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    stdout(`${execUsage()}\n`);
    return argv.length === 0 ? ExitCode.USAGE : ExitCode.OK;
  }
  const redactor = new Redactor().add(...SECRET_VARIABLES.map((name) => env[name]));
  const parsed = parseExecArgv(argv, isOperationId);
  if (!parsed.ok) {
    stderr(redactor.redact(`ecs-lifecycle exec: ${parsed.problems.join('; ')}. Run 'ecs-lifecycle exec --help' for the options.\n`));
    return ExitCode.USAGE;
  }
  const { operation, args } = parsed;
  let settings: ExecSettings | undefined;
  let credentials: Credentials | undefined;
  let client: ApiClient | undefined;
  let progress: Progress | undefined;
  try {
    const [resolved, input] = bothChecked(
      () => resolveExecSettings(operation, args, env),
      () => resolveOperationInput(operation, args, env, redactor),
    );
    settings = resolved;
    credentials = credentialsFromEnv(env);
    const deadline = new Deadline(settings.timeoutMs);
    const events = env.ECS_LIFECYCLE_EVENTS ? { file: env.ECS_LIFECYCLE_EVENTS, operation, constructPath: args.constructPath } : undefined;
    const runProgress = new Progress(`${operation} ${args.constructPath}`, stderr, redactor, deadline, events);
    progress = runProgress;
    client = new ApiClient({
      endpoint: settings.endpoint,
      iamEndpoint: credentials.kind === 'password' ? resolveIamEndpoint(settings, credentials.authUrl) : settings.endpoint,
      projectId: settings.projectId,
      credentials,
      redactor,
      deadline,
      onRetry: (event) => runProgress.line(describeRetry(event)),
    });
    const result = await runCommand(operation, args, {
      input,
      client,
      progress: runProgress,
      deadline,
      pollIntervalMs: settings.pollIntervalMs,
      resendWindowMs: settings.resendWindowMs,
    });
    runProgress.line(result.changed ? `done: ${result.summary}` : `${result.summary}; nothing to do`);
    runProgress.event({ type: 'summary', ok: true, changed: result.changed, summary: result.summary });
    return ExitCode.OK;
  } catch (error) {
    const failure = describeFailure(operation, args, error, settings, credentials);
    progress?.event({ type: 'summary', ok: false, exitCode: error instanceof EcsLifecycleError ? error.exitCode : ExitCode.FAILED, error: failure });
    stderr(`${redactor.redact(failure)}\n`);
    return error instanceof EcsLifecycleError ? error.exitCode : ExitCode.FAILED;
  } finally {
    client?.close();
  }
}

// Runs the operation's command with the target its definition declares.
function runCommand<K extends OperationId>(operation: K, args: ExecArguments, context: Omit<CommandContext, 'target'>): Promise<CommandResult> {
  const command: Command<TargetOf<K>> = commandOf(operation);
  // resolveTarget builds the kind OPERATIONS[operation] declares, the kind its command is typed for;
  // the compiler cannot follow a generic key through the definition's property, hence the assertion.
  const target = resolveTarget(OPERATIONS[operation].target, args) as TargetOf<K>;
  return retryingTaskConflicts(command, { ...context, target });
}

// Runs both checks, so that every problem of the command line is reported at once.
function bothChecked<A, B>(a: () => A, b: () => B): [A, B] {
  const problems: string[] = [];
  const run = <T>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof InvalidArgumentError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const results = [run(a), run(b)] as [A, B];
  if (problems.length > 0) throw new InvalidArgumentError(problems);
  return results;
}

/** `ecs-lifecycle exec server-stop failed for prod/stop-web1 (server 1111): <what>. Fix: <advice>` */
function describeFailure(
  operation: OperationId,
  args: ExecArguments,
  error: unknown,
  settings: ExecSettings | undefined,
  credentials: Credentials | undefined,
): string {
  // The parser has required the target's argument; a list the shared rule refused is shown as given.
  const target = targetOrAsGiven(operation, args);
  const head = `ecs-lifecycle exec ${operation} failed for ${args.constructPath} (${target})`;
  if (!(error instanceof EcsLifecycleError)) {
    return `${head}: unexpected ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
  const fix = adviceFor(error, {
    operation,
    ...(args.cloud === 'huaweicloud' ? { cloud: args.cloud } : {}),
    projectId: args.projectId,
    endpoint: settings?.endpoint,
    serverId: args.serverId,
    credentialsSource: credentials?.source,
  });
  return `${head}: ${error.message}.${fix ? ` Fix: ${fix}.` : ''}`;
}

function targetOrAsGiven(operation: OperationId, args: ExecArguments): string {
  try {
    return describeTarget(resolveTarget(OPERATIONS[operation].target, args));
  } catch {
    return `servers ${quoted(args.serverIds)}`;
  }
}

function describeRetry(event: RetryEvent): string {
  const wait = `${(event.waitMs / 1000).toFixed(1)}s${event.retryAfter ? ' (Retry-After)' : ''}`;
  return `${event.request.method} ${event.request.path} → ${event.reason}; retry ${event.attempt} of ${event.limit} in ${wait}`;
}

/**
 * The help text, generated from the command-line contract and the operation definitions.
 * @param definitions the operations to list (all of them unless a test passes others)
 */
export function execUsage(definitions: readonly OperationDefinition[] = OPERATION_DEFINITIONS): string {
  const flag = (name: keyof ExecArguments) => `${EXEC_FLAGS[name]} <${name}>`;
  const argumentsOf = deriveOperationArguments(definitions);
  const operations = definitions.map(({ id, summary, defaultTimeoutSeconds }) => {
    const spec = argumentsOf[id];
    const flags = [...spec.required.map(flag), ...spec.optional.map((name) => `[${flag(name)}]`)].join(' ');
    return `  ${id.padEnd(27)} ${flags}\n  ${''.padEnd(27)} ${summary} (default timeout ${defaultTimeoutSeconds} s)`;
  });
  return [
    `Usage: ecs-lifecycle exec <operation> ${COMMON_ARGUMENTS.map(flag).join(' ')} ${OPTIONAL_COMMON_ARGUMENTS.map((n) => `[${flag(n)}]`).join(' ')} <operation options>`,
    '',
    'Operations:',
    ...operations,
    '',
    `--poll-interval and --timeout are seconds, 0.001 to 2147483.647 (whole milliseconds); defaults ${DEFAULT_POLL_INTERVAL_SECONDS} s and per operation as above,`,
    `overridable with ${POLL_INTERVAL_VARIABLE} and ${TIMEOUT_VARIABLE} (the flag wins). --user-data is base64.`,
    '--admin-password-env names the environment variable that holds the admin password.',
    `${RESEND_WINDOW_VARIABLE} (seconds, default ${DEFAULT_RESEND_WINDOW_SECONDS}): how long a queued job's lost request is looked for before it is sent again.`,
    '',
    'Credentials (environment): OS_ACCESS_KEY + OS_SECRET_KEY (or HW_ACCESS_KEY + HW_SECRET_KEY) [+ OS_SECURITY_TOKEN],',
    '  or OS_AUTH_TOKEN, or OS_USERNAME + OS_PASSWORD + OS_DOMAIN_NAME [+ OS_PROJECT_NAME, OS_AUTH_URL].',
    '',
    `Exit codes: ${ExitCode.OK} done (or nothing to do), ${ExitCode.FAILED} operation failed, ${ExitCode.USAGE} invalid arguments, ` +
      `${ExitCode.AUTH} authentication or permission, ${ExitCode.TIMEOUT} timeout.`,
  ].join('\n');
}
